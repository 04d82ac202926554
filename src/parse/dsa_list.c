/* The tracker's DSA/DLA list format: one header line per advisory, indented body lines. */
#include "parse/dsa_list.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"
#include "parse/feedutil.h"
#include "util/span.h"
#include "util/xalloc.h"

/* DSA-123, DSA-123-1, DLA-3242-1, DTSA-12-1 */
static bool adv_id_valid(struct span s)
{
	struct span rest = s, head;

	if (s.len > DSA_MAX_ID || !span_split(&rest, '-', &head))
		return false;
	if (!span_eq(head, "DSA") && !span_eq(head, "DLA") && !span_eq(head, "DTSA"))
		return false;
	if (!span_split(&rest, '-', &head))
		return span_all_digits(head);
	return span_all_digits(head) && span_all_digits(rest);
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* "31 Dec 2022" -> "2022-12-31" */
static bool date_of(struct span s, char out[11])
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int d, m, y;

	if (s.len != 11 || s.p[2] != ' ' || s.p[6] != ' ' || !span_all_digits(SPAN(s.p, 2)) ||
	    !span_all_digits(SPAN(s.p + 7, 4)))
		return false;
	for (m = 0; m < 12; m++)
		if (!memcmp(s.p + 3, months + 3 * m, 3))
			break;
	if (m == 12)
		return false;
	d = (s.p[0] - '0') * 10 + (s.p[1] - '0');
	y = (s.p[7] - '0') * 1000 + (s.p[8] - '0') * 100 + (s.p[9] - '0') * 10 + (s.p[10] - '0');
	if (y < 1970 || d < 1 || d > days_in_month(y, m + 1))
		return false;
	out[0] = s.p[7];
	out[1] = s.p[8];
	out[2] = s.p[9];
	out[3] = s.p[10];
	out[4] = '-';
	out[5] = (char)('0' + (m + 1) / 10);
	out[6] = (char)('0' + (m + 1) % 10);
	out[7] = '-';
	out[8] = s.p[0];
	out[9] = s.p[1];
	out[10] = '\0';
	return true;
}

/* Printable ASCII without blanks. */
static bool word_ok(struct span s)
{
	size_t i;

	if (!s.len || s.len > DSA_MAX_WORD)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] <= ' ' || (unsigned char)s.p[i] >= 0x7f)
			return false;
	return true;
}

static void entry_free(struct dsa_entry *e)
{
	size_t i;

	free(e->id);
	free(e->source);
	free(e->title);
	for (i = 0; i < e->n_cves; i++)
		free(e->cves[i]);
	free(e->cves);
	for (i = 0; i < e->n_fixes; i++) {
		free(e->fixes[i].release);
		free(e->fixes[i].package);
		free(e->fixes[i].version);
		free(e->fixes[i].tag);
	}
	free(e->fixes);
}

/* "[31 Dec 2022] DSA-5308-1 webkit2gtk - security update" */
static const char *header(struct span line, size_t lineno, struct dsa_entry *e)
{
	struct span rest, id, src, title;
	char date[11];

	if (line.len < 14 || line.p[12] != ']' || !date_of(SPAN(line.p + 1, 11), date))
		return "bad date";
	rest = SPAN(line.p + 13, line.len - 13);
	if (!span_next_word(&rest, &id) || !adv_id_valid(id))
		return "bad advisory ID";
	/* "source - title", or an announcement ("jessie end-of-life", "Debian Security Team ...") */
	title = span_trim(rest);
	src = SPAN("", 0);
	if (span_next_word(&rest, &src) && dpkg_name_valid(src.p, src.len)) {
		title = span_trim(rest);
		if (title.len && title.p[0] == '-')
			title = span_trim(SPAN(title.p + 1, title.len - 1));
	} else {
		src = SPAN("", 0);
	}
	memset(e, 0, sizeof(*e));
	e->id = xstrndup(id.p, id.len);
	memcpy(e->date, date, sizeof(date));
	e->source = xstrndup(src.p, src.len);
	e->title = xstrndup(title.p, title.len);
	e->line = lineno;
	return NULL;
}

static const char *cve_line(struct span body, struct dsa_entry *e, bool *too_many)
{
	struct span in, w;
	size_t start = e->n_cves, alloc = e->n_cves;

	if (body.len < 2 || body.p[body.len - 1] != '}')
		return "unterminated CVE list";
	in = SPAN(body.p + 1, body.len - 2);
	while (span_next_word(&in, &w)) {
		if (!cve_id_valid(w.p, w.len)) {
			while (e->n_cves > start)
				free(e->cves[--e->n_cves]);
			return "bad CVE name";
		}
		if (e->n_cves >= DSA_MAX_CVES) {
			*too_many = true;
			return NULL;
		}
		ALLOC_GROW(e->cves, e->n_cves + 1, alloc);
		e->cves[e->n_cves++] = xstrndup(w.p, w.len);
	}
	return NULL;
}

/* "[bullseye] - webkit2gtk 2.38.3-1~deb11u1" or "... <not-affected> (note)" */
static const char *fix_line(struct span body, struct dsa_entry *e, bool *too_many)
{
	const char *close = memchr(body.p, ']', body.len);
	struct span release, rest, dash, pkg, ver;
	struct dsa_fix f = { 0 };
	struct dpkg_version dv;
	const char *why;

	if (!close)
		return "bad release line";
	release = SPAN(body.p + 1, (size_t)(close - body.p - 1));
	rest = SPAN(close + 1, body.len - release.len - 2);
	if (!word_ok(release) || !span_next_word(&rest, &dash) || !span_eq(dash, "-") ||
	    !span_next_word(&rest, &pkg) || !dpkg_name_valid(pkg.p, pkg.len) || !span_next_word(&rest, &ver))
		return "bad release line";
	rest = span_trim(rest);
	if (ver.p[0] == '<') {
		if (ver.len < 3 || ver.p[ver.len - 1] != '>' || !word_ok(ver))
			return "bad tag";
		if (rest.len && rest.p[0] != '(')
			return "bad release line";
	} else {
		if (rest.len && rest.p[0] != '(')
			return "bad release line";
		if (!word_ok(ver) || dpkg_version_parse(ver.p, ver.len, &dv, &why) < 0)
			return "bad version";
	}
	if (e->n_fixes >= DSA_MAX_FIXES) {
		*too_many = true;
		return NULL;
	}
	f.release = xstrndup(release.p, release.len);
	f.package = xstrndup(pkg.p, pkg.len);
	if (ver.p[0] == '<')
		f.tag = xstrndup(ver.p + 1, ver.len - 2);
	else
		f.version = xstrndup(ver.p, ver.len);
	e->fixes = xrealloc(e->fixes, st_mult(e->n_fixes + 1, sizeof(*e->fixes)));
	e->fixes[e->n_fixes++] = f;
	return NULL;
}

int dsa_list_parse(const char *buf, size_t len, struct dsa_list *out, struct err *err)
{
	struct dsa_list res = { 0 };
	struct span rest = SPAN(buf ? buf : "", buf ? len : 0), line;
	struct dsa_entry *cur = NULL;
	size_t lineno = 0;
	int r = 0;

	while (span_next_line(&rest, &line)) {
		struct span body;
		const char *why = NULL;
		bool too_many = false;

		lineno++;
		if (line.len > PARSE_MAX_LINE) {
			parse_bad_add(&res.bad, lineno, "line too long");
			continue;
		}
		if (span_has_nul(line)) {
			parse_bad_add(&res.bad, lineno, "NUL byte");
			continue;
		}
		body = span_trim(line);
		if (!body.len)
			continue;
		if (line.p[0] == '[') {
			struct dsa_entry e;

			why = header(line, lineno, &e);
			if (why) {
				cur = NULL;	/* its body lines are not attached to the previous advisory */
				parse_bad_add(&res.bad, lineno, why);
				continue;
			}
			if (res.n >= PARSE_MAX_ENTRIES) {
				entry_free(&e);
				r = err_set(err, -E2BIG, "more than %zu advisories", PARSE_MAX_ENTRIES);
				goto fail;
			}
			ALLOC_GROW(res.v, res.n + 1, res.alloc);
			res.v[res.n++] = e;
			cur = &res.v[res.n - 1];
			if (strcmp(e.date, res.newest) > 0)
				memcpy(res.newest, e.date, sizeof(res.newest));
			continue;
		}
		if (line.p[0] != ' ' && line.p[0] != '\t') {
			parse_bad_add(&res.bad, lineno, "unknown line");
			continue;
		}
		if (!cur) {
			parse_bad_add(&res.bad, lineno, "body line outside an advisory");
			continue;
		}
		if (span_starts_with(body, "NOTE:"))
			continue;
		if (body.p[0] == '{')
			why = cve_line(body, cur, &too_many);
		else if (body.p[0] == '[')
			why = fix_line(body, cur, &too_many);
		else
			why = "unknown line";
		if (too_many) {
			r = err_set(err, -E2BIG, "line %zu: advisory %s has more than %d CVEs or %d releases", lineno,
				    cur->id, DSA_MAX_CVES, DSA_MAX_FIXES);
			goto fail;
		}
		if (why)
			parse_bad_add(&res.bad, lineno, why);
	}
	*out = res;
	return 0;
fail:
	dsa_list_free(&res);
	return r;
}

void dsa_list_free(struct dsa_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		entry_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
