#include "parse/apt_sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"
#include "util/span.h"
#include "util/xalloc.h"

#define APT_MAX_ORIGINS 1024	/* bytes of the origin list */

static bool version_ok(struct span v)
{
	struct dpkg_version dv;
	const char *why;

	return dpkg_version_parse(v.p, v.len, &dv, &why) >= 0;
}

static bool printable(struct span s)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] < 0x20 || (unsigned char)s.p[i] >= 0x7f)
			return false;
	return true;
}

/* "Debian-Security:12/stable-security" */
bool apt_origin_is_security(struct span o)
{
	const char *slash = memchr(o.p, '/', o.len);
	const char *colon = memchr(o.p, ':', o.len);
	struct span suite, label;

	if (slash) {
		suite = SPAN(slash + 1, o.len - (size_t)(slash + 1 - o.p));
		if (suite.len >= 9 && !memcmp(suite.p + suite.len - 9, "-security", 9))
			return true;
	}
	label = SPAN(o.p, colon ? (size_t)(colon - o.p) : o.len);
	return label.len >= 8 && !memcmp(label.p + label.len - 8, "Security", 8);
}

/* "libssl3" or, for another architecture, "libssl3:i386" */
static bool name_ok(struct span n)
{
	const char *colon = memchr(n.p, ':', n.len);
	struct span arch;

	if (!colon)
		return dpkg_name_valid(n.p, n.len);
	arch = SPAN(colon + 1, n.len - (size_t)(colon + 1 - n.p));
	return dpkg_name_valid(n.p, (size_t)(colon - n.p)) && arch.len && arch.len <= 32 && printable(arch) &&
	       !memchr(arch.p, ':', arch.len);
}

static const char *inst_line(struct span rest, struct apt_upgrade *u)
{
	struct span name, cur = SPAN("", 0), cand, origins, arch, w;
	const char *close, *lb;
	size_t i;

	if (!span_next_word(&rest, &name) || !name_ok(name))
		return "bad package name";
	rest = span_trim(rest);
	if (rest.len && rest.p[0] == '[') {
		close = memchr(rest.p, ']', rest.len);
		if (!close)
			return "bad current version";
		cur = SPAN(rest.p + 1, (size_t)(close - rest.p - 1));
		if (!version_ok(cur))
			return "bad current version";
		rest = span_trim(SPAN(close + 1, rest.len - cur.len - 2));
	}
	if (!rest.len || rest.p[0] != '(')
		return "no candidate";
	close = NULL;
	for (i = rest.len; i > 0; i--)
		if (rest.p[i - 1] == ')') {
			close = rest.p + i - 1;
			break;
		}
	if (!close)
		return "no candidate";
	rest = SPAN(rest.p + 1, (size_t)(close - rest.p - 1));
	if (!span_next_word(&rest, &cand) || !version_ok(cand))
		return "bad candidate version";
	rest = span_trim(rest);
	lb = NULL;
	for (i = rest.len; i > 0; i--)
		if (rest.p[i - 1] == '[') {
			lb = rest.p + i - 1;
			break;
		}
	if (!lb || rest.p[rest.len - 1] != ']')
		return "no architecture";
	arch = SPAN(lb + 1, rest.len - (size_t)(lb - rest.p) - 2);
	origins = span_trim(SPAN(rest.p, (size_t)(lb - rest.p)));
	if (!arch.len || arch.len > 64 || !printable(arch) || memchr(arch.p, ' ', arch.len) ||
	    origins.len > APT_MAX_ORIGINS || !printable(origins))
		return "bad origin or architecture";
	memset(u, 0, sizeof(*u));
	rest = origins;
	while (span_split(&rest, ',', &w) || w.len) {
		w = span_trim(w);
		if (w.len && apt_origin_is_security(w))
			u->security = true;
		if (!rest.len)
			break;
	}
	u->package = xstrndup(name.p, name.len);
	u->current = xstrndup(cur.p, cur.len);
	u->candidate = xstrndup(cand.p, cand.len);
	u->origins = xstrndup(origins.p, origins.len);
	u->arch = xstrndup(arch.p, arch.len);
	return NULL;
}

int apt_sim_parse(const char *buf, size_t len, struct apt_sim *out, struct err *err)
{
	struct apt_sim res = { 0 };
	struct span rest = SPAN(buf ? buf : "", buf ? len : 0), line;
	size_t lineno = 0;

	while (span_next_line(&rest, &line)) {
		struct apt_upgrade u;
		const char *why;

		lineno++;
		if (span_starts_with(line, "Remv ")) {
			res.n_remove++;
			continue;
		}
		if (!span_starts_with(line, "Inst "))
			continue;	/* Conf lines, messages */
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&res.bad, lineno, line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte");
			continue;
		}
		why = inst_line(SPAN(line.p + 5, line.len - 5), &u);
		if (why) {
			parse_bad_add(&res.bad, lineno, why);
			continue;
		}
		if (res.n >= PARSE_MAX_ENTRIES) {
			apt_sim_free(&res);
			free(u.package);
			free(u.current);
			free(u.candidate);
			free(u.origins);
			free(u.arch);
			return err_set(err, -E2BIG, "more than %zu upgrades", PARSE_MAX_ENTRIES);
		}
		ALLOC_GROW(res.v, res.n + 1, res.alloc);
		res.v[res.n++] = u;
		res.n_security += u.security;
	}
	*out = res;
	return 0;
}

void apt_sim_free(struct apt_sim *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].package);
		free(s->v[i].current);
		free(s->v[i].candidate);
		free(s->v[i].origins);
		free(s->v[i].arch);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
