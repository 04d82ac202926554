/* xfconf channels and X resources: the screen-lock switches (see desktoplock.h). */
#include "parse/desktoplock.h"
#include "parse/xmlread.h"

#include <errno.h>
#include <string.h>
#include <strings.h>


int xfconf_bool(const uint8_t *p, size_t n, const char *path, bool *value)
{
	/* the names of the open <property> elements, and whether each was empty (no end tag) */
	char stack[XFCONF_MAX_DEPTH][64];
	int xml_depth[XFCONF_MAX_DEPTH];
	size_t depth = 0, nodes = 0;
	xmlTextReaderPtr r;
	int rc, ret = -ENOENT;

	bool capped = false;

	if (!(r = xml_reader_open(p, n)))
		return -EINVAL;
	while ((rc = xml_reader_next(r, &nodes, XFCONF_MAX_NODES, &capped)) == 1) {
		int type = xmlTextReaderNodeType(r), d = xmlTextReaderDepth(r);
		const char *ln = (const char *)xmlTextReaderConstLocalName(r);
		char full[XFCONF_MAX_DEPTH * 65 + 1];
		xmlChar *name, *ty, *val;
		size_t i, k = 0;

		if (type == XML_READER_TYPE_END_ELEMENT && ln && strcmp(ln, "property") == 0 && depth &&
		    xml_depth[depth - 1] == d) {
			depth--;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT || !ln || strcmp(ln, "property") != 0)
			continue;
		name = xmlTextReaderGetAttribute(r, (const xmlChar *)"name");
		if (!name || depth == XFCONF_MAX_DEPTH || strlen((const char *)name) >= sizeof(stack[0]) ||
		    strchr((const char *)name, '/')) {
			xmlFree(name);
			if (!xmlTextReaderIsEmptyElement(r))
				xmlTextReaderNext(r);	/* past this subtree: its paths cannot be named */
			continue;
		}
		memcpy(stack[depth], name, strlen((const char *)name) + 1);
		xmlFree(name);
		for (i = 0; i <= depth; i++) {
			full[k++] = '/';
			memcpy(full + k, stack[i], strlen(stack[i]));
			k += strlen(stack[i]);
		}
		full[k] = '\0';
		if (strcmp(full, path) == 0) {
			ty = xmlTextReaderGetAttribute(r, (const xmlChar *)"type");
			val = xmlTextReaderGetAttribute(r, (const xmlChar *)"value");
			if (ty && strcmp((const char *)ty, "bool") == 0 && val &&
			    (strcmp((const char *)val, "true") == 0 || strcmp((const char *)val, "false") == 0)) {
				*value = strcmp((const char *)val, "true") == 0;
				ret = 0;
			} else {
				ret = -EINVAL;
			}
			xmlFree(ty);
			xmlFree(val);
		}
		if (!xmlTextReaderIsEmptyElement(r))
			xml_depth[depth++] = d;
	}
	xmlFreeTextReader(r);
	return rc < 0 ? -EINVAL : ret;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

int xres_bool(const char *p, size_t n, const char *name, bool *value, size_t *line)
{
	size_t pos = 0, ln = 0, nl = strlen(name);
	int ret = -ENOENT;

	while (pos < n) {
		const char *l = p + pos, *e = memchr(l, '\n', n - pos);
		size_t len = e ? (size_t)(e - l) : n - pos, i = 0, j, v, ve;

		pos += len + 1;
		ln++;
		if (len > XRES_MAX_LINE)
			continue;
		while (i < len && (l[i] == ' ' || l[i] == '\t'))
			i++;
		if (i < len && (l[i] == '!' || l[i] == '#'))
			continue;
		/* [xscreensaver]. or *, then the name, then blanks and a colon */
		if (len - i >= 13 && strncasecmp(l + i, "xscreensaver.", 13) == 0)
			i += 13;
		else if (i < len && l[i] == '*')
			i++;
		if (len - i < nl || strncmp(l + i, name, nl) != 0)
			continue;
		j = i + nl;
		while (j < len && (l[j] == ' ' || l[j] == '\t'))
			j++;
		if (j >= len || l[j] != ':')
			continue;
		v = j + 1;
		while (v < len && (l[v] == ' ' || l[v] == '\t'))
			v++;
		ve = len;
		while (ve > v && (l[ve - 1] == ' ' || l[ve - 1] == '\t' || l[ve - 1] == '\r'))
			ve--;
		if (word_is(l + v, ve - v, "true") || word_is(l + v, ve - v, "yes") || word_is(l + v, ve - v, "on") ||
		    word_is(l + v, ve - v, "1")) {
			*value = true;
			ret = 0;
		} else if (word_is(l + v, ve - v, "false") || word_is(l + v, ve - v, "no") ||
			   word_is(l + v, ve - v, "off") || word_is(l + v, ve - v, "0")) {
			*value = false;
			ret = 0;
		} else {
			ret = -EINVAL;
		}
		if (line)
			*line = ln;
	}
	return ret;
}
