/* libxml2's reader, quiet and bounded (see xmlread.h). */
#include "parse/xmlread.h"

#include <libxml/parser.h>

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

xmlTextReaderPtr xml_reader_open(const uint8_t *p, size_t n)
{
	xmlTextReaderPtr r;

	if (n > (size_t)1 << 30)
		return NULL;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(NULL, NULL);
	r = xmlReaderForMemory((const char *)p, (int)n, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r)
		xmlTextReaderSetErrorHandler(r, quiet_reader, NULL);
	return r;
}

int xml_reader_next(xmlTextReaderPtr r, size_t *nodes, size_t max, bool *capped)
{
	if (++*nodes > max) {
		*capped = true;
		return 0;
	}
	return xmlTextReaderRead(r);
}
