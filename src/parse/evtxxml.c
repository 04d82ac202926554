/* TimeCreated from a Windows event record's XML, through libxml2 (see evtxxml.h). */
#include "parse/evtxxml.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "util/lazyxml.h"
#include "util/timeutil.h"

#define EVTXXML_MAX_TIME 64	/* bytes of a SystemTime value */

static bool named(const xmlNode *n, const char *name)
{
	/* the schema's elements have no prefix; the namespace is the document's default */
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

int evtxxml_time_created(const char *xml, size_t len, int64_t *t, struct err *err)
{
	const struct kxml2 *x = kxml2_load(err);
	const xmlNode *root, *tc;
	unsigned char *v;
	xmlDoc *doc;
	time_t tt;
	int ret = -ENOENT;

	if (!x)
		return -ENOSYS;
	if (len > EVTXXML_MAX)
		return err_set(err, -EINVAL, "the record's XML is larger than %zu bytes", EVTXXML_MAX);
	x->InitParser();
	/* no network, no entities substituted, no DTD loaded (the defaults), no messages on stderr */
	doc = x->ReadMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return err_set(err, -EINVAL, "the record's XML cannot be read");
	root = x->DocGetRootElement(doc);
	if (!root || !named(root, "Event"))
		goto out;
	tc = child(child(root, "System"), "TimeCreated");
	if (!tc)
		goto out;
	v = x->GetProp(tc, (const unsigned char *)"SystemTime");
	if (v) {
		size_t n = strnlen((const char *)v, EVTXXML_MAX_TIME + 1);

		if (n <= EVTXXML_MAX_TIME && time_parse_iso8601((const char *)v, n, &tt) == 0) {
			*t = (int64_t)tt;
			ret = 0;
		}
		(*x->Free)(v);
	}
out:
	x->FreeDoc(doc);
	return ret;
}
