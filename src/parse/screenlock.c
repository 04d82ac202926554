/* Screen lock settings of XFCE (xfconf), xscreensaver and XDG autostart entries: scanners, no allocation. */
#include "parse/screenlock.h"

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

int xfconf_group_enabled(const char *buf, size_t len, const char *group)
{
	char open[SCREENLOCK_MAX_NAME + 32];
	const char *p, *end = buf + len, *close, *q, *v, *vend;
	int l;

	if (strlen(group) > SCREENLOCK_MAX_NAME)
		return -1;
	l = snprintf(open, sizeof(open), "<property name=\"%s\"", group);
	if (l <= 0 || !(p = memmem(buf, len, open, (size_t)l)))
		return -1;
	p += l;
	/* the group's first child's end: enabled comes before any nested group here */
	close = memmem(p, (size_t)(end - p), "</property>", 11);
	if (!close)
		close = end;
	if (!(q = memmem(p, (size_t)(close - p), "name=\"enabled\"", 14)))
		return -1;
	if (!(vend = memchr(q, '>', (size_t)(close - q))))
		vend = close;
	if (!(v = memmem(q, (size_t)(vend - q), "value=\"", 7)))
		return -1;
	v += 7;
	if ((size_t)(vend - v) >= 5 && !memcmp(v, "true\"", 5))
		return 1;
	if ((size_t)(vend - v) >= 6 && !memcmp(v, "false\"", 6))
		return 0;
	return -1;
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
