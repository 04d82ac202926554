/* libxml2's reader, quiet and bounded (see xmlread.h). */
#include "parse/xmlread.h"

#include "util/lazyxml.h"

static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_reader(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	(void)arg;
	(void)msg;
	(void)sev;
	(void)loc;
}

xmlTextReaderPtr xml_reader_open(const uint8_t *p, size_t n, const struct kxml2 **x)
{
	xmlTextReaderPtr r;

	*x = kxml2_load(NULL);
	if (!*x || n > (size_t)1 << 30)
		return NULL;
	(*x)->InitParser();
	(*x)->SetGenericErrorFunc(NULL, quiet_generic);
	(*x)->SetStructuredErrorFunc(NULL, NULL);
	r = (*x)->ReaderForMemory((const char *)p, (int)n, NULL, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r)
		(*x)->TextReaderSetErrorHandler(r, quiet_reader, NULL);
	return r;
}

int xml_reader_next(const struct kxml2 *x, xmlTextReaderPtr r, size_t *nodes, size_t max, bool *capped)
{
	if (++*nodes > max) {
		*capped = true;
		return 0;
	}
	return x->TextReaderRead(r);
}
