#include "parse/colonfile.h"

#include <errno.h>

static bool c_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

struct span colonfile_skip_space(struct span s)
{
	while (s.len && c_isspace(s.p[0])) {
		s.p++;
		s.len--;
	}
	return s;
}

/*
 * Checks one raw line and splits it at ':' into f[0..nfields-1]. Returns 1
 * for a data line, 0 for a line to skip, or -1 with *why set for a
 * malformed one.
 */
static int colonfile_line(struct span line, struct span *f, size_t min_fields, size_t nfields, const char **why)
{
	struct span head;
	size_t n = 0;
	bool more;

	if (line.len > PARSE_MAX_LINE) {
		*why = "line too long";
		return -1;
	}
	if (span_has_nul(line)) {
		*why = "nul byte";
		return -1;
	}
	line = colonfile_skip_space(line);
	if (!line.len || line.p[0] == '#')
		return 0;
	if (line.p[0] == '+' || line.p[0] == '-') {
		*why = "nis compat entry";
		return -1;
	}
	do {
		more = span_split(&line, ':', &head);
		if (n == nfields) {
			*why = "too many fields";
			return -1;
		}
		f[n++] = head;
	} while (more);
	if (n < min_fields) {
		*why = "too few fields";
		return -1;
	}
	if (!f[0].len) {
		*why = "empty name";
		return -1;
	}
	for (; n < nfields; n++)
		f[n] = SPAN(NULL, 0);
	return 1;
}

int colonfile_walk(const char *buf, size_t len, size_t nfields, colonfile_line_fn *fn,
		   void *ctx, struct parse_bad *bad, struct err *err)
{
	return colonfile_walk_range(buf, len, nfields, nfields, fn, ctx, bad, err);
}

int colonfile_walk_range(const char *buf, size_t len, size_t min_fields, size_t nfields,
			 colonfile_line_fn *fn, void *ctx, struct parse_bad *bad, struct err *err)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct span f[COLONFILE_MAX_FIELDS];
	size_t lineno = 0, kept = 0;

	if (!min_fields || min_fields > nfields || nfields > COLONFILE_MAX_FIELDS)
		return err_set(err, -EINVAL, "bad field count %zu", nfields);
	while (span_next_line(&rest, &line)) {
		const char *why = NULL;
		int kind = colonfile_line(line, f, min_fields, nfields, &why);

		lineno++;
		if (!kind)
			continue;
		if (kind > 0)
			why = fn(ctx, f, lineno);
		if (why) {
			parse_bad_add(bad, lineno, why);
			continue;
		}
		if (++kept > PARSE_MAX_ENTRIES)
			return err_set(err, -E2BIG, "more than %zu entries", PARSE_MAX_ENTRIES);
	}
	return 0;
}
