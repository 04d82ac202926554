#include "parse/deb822.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static bool blank_line(struct span l)
{
	size_t i;

	for (i = 0; i < l.len; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t')
			return false;
	return true;
}

/* Skips to the end of the current stanza (after a refused line). */
static void skip_stanza(struct span *rest, size_t *lineno)
{
	struct span line;

	while (span_next_line(rest, &line)) {
		(*lineno)++;
		if (blank_line(line))
			return;
	}
}

int deb822_next(struct span *rest, size_t *lineno, struct deb822_stanza *st, const char **why)
{
	struct span line;
	const char *start = NULL;

	st->n = 0;
	st->line = 0;
	st->raw = SPAN(rest->p, 0);
	for (;;) {
		const char *lp = rest->p;

		if (!span_next_line(rest, &line))
			break;
		(*lineno)++;
		if (line.len > DEB822_MAX_LINE || memchr(line.p, '\0', line.len)) {
			*why = line.len > DEB822_MAX_LINE ? "line too long" : "NUL byte";
			if (!st->line)
				st->line = *lineno;
			skip_stanza(rest, lineno);
			return -EBADMSG;
		}
		if (blank_line(line)) {
			if (st->n)
				break;
			continue;
		}
		if (line.p[0] == '#')
			continue;
		if (!start) {
			start = lp;
			st->line = *lineno;
		}
		if ((size_t)(line.p + line.len - start) > DEB822_MAX_STANZA) {
			*why = "stanza too long";
			skip_stanza(rest, lineno);
			return -EBADMSG;
		}
		if (line.p[0] == ' ' || line.p[0] == '\t') {
			if (!st->n) {
				*why = "continuation line without a field";
				skip_stanza(rest, lineno);
				return -EBADMSG;
			}
			st->f[st->n - 1].value.len = (size_t)(line.p + line.len - st->f[st->n - 1].value.p);
		} else {
			const char *colon = memchr(line.p, ':', line.len);
			struct span v;

			if (!colon || colon == line.p) {
				*why = "line without a field name";
				skip_stanza(rest, lineno);
				return -EBADMSG;
			}
			if (st->n >= DEB822_MAX_FIELDS) {
				*why = "too many fields";
				skip_stanza(rest, lineno);
				return -EBADMSG;
			}
			v = span_trim(SPAN(colon + 1, line.len - (size_t)(colon + 1 - line.p)));
			if (!v.len)
				v = SPAN(line.p + line.len, 0);
			st->f[st->n].name = span_trim(SPAN(line.p, (size_t)(colon - line.p)));
			if (!st->f[st->n].name.len) {
				*why = "line without a field name";
				skip_stanza(rest, lineno);
				return -EBADMSG;
			}
			st->f[st->n].value = v;
			st->n++;
		}
		st->raw = SPAN(start, (size_t)(line.p + line.len - start));
	}
	return st->n ? 1 : 0;
}

struct span deb822_get(const struct deb822_stanza *st, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < st->n; i++)
		if (st->f[i].name.len == len && !strncasecmp(st->f[i].name.p, name, len))
			return st->f[i].value;
	return SPAN(NULL, 0);
}

struct span deb822_unarmor(struct span in)
{
	static const char head[] = "-----BEGIN PGP SIGNED MESSAGE-----";
	static const char sig[] = "\n-----BEGIN PGP SIGNATURE-----";
	struct span rest = in, line;
	const char *body;
	size_t i;

	if (!span_starts_with(in, head))
		return in;
	span_next_line(&rest, &line);
	while (span_next_line(&rest, &line))	/* armour headers ("Hash: SHA512") up to a blank line */
		if (!line.len)
			break;
	body = rest.p;
	for (i = 0; i + sizeof(sig) - 1 <= rest.len; i++)
		if (!memcmp(rest.p + i, sig, sizeof(sig) - 1))
			return SPAN(body, i + 1);
	return SPAN(body, 0);	/* no signature: nothing signed */
}
