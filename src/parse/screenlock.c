/* Screen lock settings of XFCE (xfconf, through libxml2's reader), xscreensaver and XDG autostart entries. */
#include "parse/screenlock.h"
#include "parse/xmlread.h"
#include "util/lazyxml.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The next line of buf from *pos: its start and length (without the line feed or a CR before it). */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **l, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*l = buf + *pos;
	nl = memchr(*l, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *l) : len - *pos;
	*pos += *n + 1;
	if (*n && (*l)[*n - 1] == '\r')
		(*n)--;
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int xfconf_bool(const uint8_t *p, size_t n, const char *path, bool *value)
{
	/* the names of the open <property> elements, and whether each was empty (no end tag) */
	char stack[SCREENLOCK_XFCONF_DEPTH][64];
	int xml_depth[SCREENLOCK_XFCONF_DEPTH];
	size_t depth = 0, nodes = 0;
	const struct kxml2 *x;
	xmlTextReaderPtr r;
	int rc, ret = -ENOENT;

	bool capped = false;

	if (!(r = xml_reader_open(p, n, &x)))
		return -EINVAL;
	while ((rc = xml_reader_next(x, r, &nodes, SCREENLOCK_XFCONF_NODES, &capped)) == 1) {
		int type = x->TextReaderNodeType(r), d = x->TextReaderDepth(r);
		const char *ln = (const char *)x->TextReaderConstLocalName(r);
		char full[SCREENLOCK_XFCONF_DEPTH * 65 + 1];
		xmlChar *name, *ty, *val;
		size_t i, k = 0;

		if (type == XML_READER_TYPE_END_ELEMENT && ln && strcmp(ln, "property") == 0 && depth &&
		    xml_depth[depth - 1] == d) {
			depth--;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT || !ln || strcmp(ln, "property") != 0)
			continue;
		name = x->TextReaderGetAttribute(r, (const xmlChar *)"name");
		if (!name || depth == SCREENLOCK_XFCONF_DEPTH || strlen((const char *)name) >= sizeof(stack[0]) ||
		    strchr((const char *)name, '/')) {
			(*x->Free)(name);
			if (!x->TextReaderIsEmptyElement(r))
				x->TextReaderNext(r);	/* past this subtree: its paths cannot be named */
			continue;
		}
		memcpy(stack[depth], name, strlen((const char *)name) + 1);
		(*x->Free)(name);
		for (i = 0; i <= depth; i++) {
			full[k++] = '/';
			memcpy(full + k, stack[i], strlen(stack[i]));
			k += strlen(stack[i]);
		}
		full[k] = '\0';
		if (strcmp(full, path) == 0) {
			ty = x->TextReaderGetAttribute(r, (const xmlChar *)"type");
			val = x->TextReaderGetAttribute(r, (const xmlChar *)"value");
			if (ty && strcmp((const char *)ty, "bool") == 0 && val &&
			    (strcmp((const char *)val, "true") == 0 || strcmp((const char *)val, "false") == 0)) {
				*value = strcmp((const char *)val, "true") == 0;
				ret = 0;
			} else {
				ret = -EINVAL;
			}
			(*x->Free)(ty);
			(*x->Free)(val);
		}
		if (!x->TextReaderIsEmptyElement(r))
			xml_depth[depth++] = d;
	}
	x->FreeTextReader(r);
	return rc < 0 ? -EINVAL : ret;
}

int xfconf_group_enabled(const char *buf, size_t len, const char *group)
{
	char path[SCREENLOCK_MAX_NAME + 16];
	bool v;

	if (strlen(group) > SCREENLOCK_MAX_NAME || strchr(group, '/'))
		return -1;
	snprintf(path, sizeof(path), "/%s/enabled", group);
	if (xfconf_bool((const uint8_t *)buf, len, path, &v) < 0)
		return -1;
	return v ? 1 : 0;
}

int xscreensaver_lock(const char *buf, size_t len, bool *mode_off)
{
	size_t pos = 0, n;
	const char *l;
	int lock = -1;

	*mode_off = false;
	while (next_line(buf, len, &pos, &l, &n)) {
		const char *v;
		size_t k;

		trim(&l, &n);
		if (n && *l == '*') {
			l++;
			n--;
		}
		if (n < 5 || l[4] != ':')
			continue;
		v = l + 5;
		k = n - 5;
		trim(&v, &k);
		if (!strncmp(l, "lock:", 5))
			lock = k == 4 && !strncasecmp(v, "true", 4) ? 1 : k == 5 && !strncasecmp(v, "false", 5) ? 0 : -1;
		else if (!strncmp(l, "mode:", 5))
			*mode_off = k == 3 && !strncmp(v, "off", 3);
	}
	return lock;
}

bool autostart_entry_off(const char *buf, size_t len)
{
	size_t pos = 0, n;
	const char *l;
	bool in_entry = false, off = false;

	while (next_line(buf, len, &pos, &l, &n)) {
		trim(&l, &n);
		if (n && *l == '[') {
			in_entry = n == 15 && !memcmp(l, "[Desktop Entry]", 15);
			continue;
		}
		if (!in_entry)
			continue;
		if (n >= 7 && !memcmp(l, "Hidden=", 7)) {
			const char *v = l + 7;
			size_t k = n - 7;

			trim(&v, &k);
			off = k == 4 && !memcmp(v, "true", 4);
		} else if (n >= 26 && !memcmp(l, "X-GNOME-Autostart-enabled=", 26)) {
			const char *v = l + 26;
			size_t k = n - 26;

			trim(&v, &k);
			if (k == 5 && !memcmp(v, "false", 5))
				off = true;
		}
	}
	return off;
}
