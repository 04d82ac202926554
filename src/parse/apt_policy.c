#include "parse/apt_policy.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/deb822.h"
#include "parse/dpkg_version.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define APT_MAX_DEPTH 64	/* new packages pulled in by new packages, at most this deep */
#define STATUS_PRIO 100
#define NO_PRIO INT32_MIN

static void field_into(const struct deb822_stanza *st, const char *name, char *out)
{
	struct span v = deb822_get(st, name);
	size_t i;

	out[0] = '\0';
	if (!v.p || v.len >= APT_FIELD_MAX)
		return;
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] < 0x20 || v.p[i] == 0x7f)
			return;
	memcpy(out, v.p, v.len);
	out[v.len] = '\0';
}

int apt_release_parse(const char *buf, size_t len, struct apt_release *out, struct err *err)
{
	struct span rest = deb822_unarmor(SPAN(buf ? buf : "", buf ? len : 0));
	struct deb822_stanza *st = xmalloc(sizeof(*st));
	struct apt_release r;
	size_t lineno = 0;
	const char *why = "";
	int ret;

	memset(&r, 0, sizeof(r));
	while ((ret = deb822_next(&rest, &lineno, st, &why)) < 0)
		;
	if (ret == 0) {
		free(st);
		return err_set(err, -EBADMSG, "no Release stanza (%s)", why);
	}
	field_into(st, "Origin", r.origin);
	field_into(st, "Label", r.label);
	field_into(st, "Suite", r.suite);
	field_into(st, "Codename", r.codename);
	field_into(st, "Version", r.version);
	r.not_automatic = span_eq_icase(deb822_get(st, "NotAutomatic"), "yes");
	r.but_automatic_upgrades = span_eq_icase(deb822_get(st, "ButAutomaticUpgrades"), "yes");
	free(st);
	*out = r;
	return 0;
}

/* ---- the packages ---- */

struct ent {
	struct span name, arch_key, arch, ver, raw;
	uint32_t file;		/* index into in->idx; UINT32_MAX for dpkg's status */
};

struct inst {
	struct span name, arch_key, ver, raw;
	bool hold;
};

struct ctx {
	const struct apt_policy_in *in;
	struct ent *e;
	size_t n, alloc;
	struct inst *i;
	size_t ni, alloci;
	struct span *prov;	/* names provided by installed packages, sorted */
	size_t nprov, allocprov;
	struct span *added;	/* names (and what they provide) upgraded or newly installed */
	size_t nadded, allocadded;
	int *file_prio;
	struct apt_sim *out;
	struct apt_policy_stats *stats;
	struct deb822_stanza st;
};

static int span_cmp(struct span a, struct span b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.p, b.p, n) : 0;

	return c ? c : (a.len > b.len) - (a.len < b.len);
}

static int ver_cmp(struct span a, struct span b)
{
	struct dpkg_version x, y;
	const char *why;
	bool okx = dpkg_version_parse(a.p, a.len, &x, &why) >= 0;
	bool oky = dpkg_version_parse(b.p, b.len, &y, &why) >= 0;

	if (!okx || !oky)
		return okx - oky;
	return dpkg_version_cmp(&x, &y);
}

/* name, architecture, then newest version first, then apt's file order */
static int ent_cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	int c = span_cmp(a->name, b->name);

	if (!c)
		c = span_cmp(a->arch_key, b->arch_key);
	if (!c)
		c = -ver_cmp(a->ver, b->ver);
	if (!c)
		c = (a->file > b->file) - (a->file < b->file);
	return c;
}

static int inst_cmp(const void *pa, const void *pb)
{
	const struct inst *a = pa, *b = pb;
	int c = span_cmp(a->name, b->name);

	return c ? c : span_cmp(a->arch_key, b->arch_key);
}

static int spanp_cmp(const void *a, const void *b)
{
	return span_cmp(*(const struct span *)a, *(const struct span *)b);
}

/* The range of entries for (name, arch). */
static size_t find_ents(const struct ctx *c, struct span name, struct span arch, size_t *end)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = span_cmp(c->e[mid].name, name);

		if (!r)
			r = span_cmp(c->e[mid].arch_key, arch);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*end = lo;
	while (*end < c->n && !span_cmp(c->e[*end].name, name) && !span_cmp(c->e[*end].arch_key, arch))
		(*end)++;
	return lo;
}

static bool installed_any_arch(const struct ctx *c, struct span name)
{
	size_t lo = 0, hi = c->ni;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (span_cmp(c->i[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ni && !span_cmp(c->i[lo].name, name);
}

/* The package name of one alternative: "libc6 (>= 2.36)", "perl:any", "foo [amd64]" */
static struct span dep_name(struct span alt)
{
	size_t k = 0;

	alt = span_trim(alt);
	while (k < alt.len && alt.p[k] != ' ' && alt.p[k] != '(' && alt.p[k] != ':' && alt.p[k] != '[' &&
	       alt.p[k] != '\t' && alt.p[k] != '\n' && alt.p[k] != '<')
		k++;
	return SPAN(alt.p, k);
}

static void add_names(struct span **v, size_t *n, size_t *alloc, struct span provides)
{
	struct span rest = provides, item;

	if (!provides.p)
		return;
	for (;;) {
		bool more = span_split(&rest, ',', &item);
		struct span nm = dep_name(item);

		if (nm.len && *n < PARSE_MAX_ENTRIES) {
			ALLOC_GROW(*v, *n + 1, *alloc);
			(*v)[(*n)++] = nm;
		}
		if (!more)
			break;
	}
}

static bool satisfied(const struct ctx *c, struct span name)
{
	size_t k;

	if (installed_any_arch(c, name))
		return true;
	if (c->nprov && bsearch(&name, c->prov, c->nprov, sizeof(*c->prov), spanp_cmp))
		return true;
	for (k = 0; k < c->nadded; k++)
		if (!span_cmp(c->added[k], name))
			return true;
	return false;
}

/* ---- pins ---- */

static void cstr(struct span s, char *buf, size_t size)
{
	size_t n = s.len < size - 1 ? s.len : size - 1;

	memcpy(buf, s.p, n);
	buf[n] = '\0';
}

static bool pin_names_match(const struct apt_pin *p, struct span name)
{
	char nm[DPKG_NAME_MAX + 1];
	size_t k;

	if (name.len > DPKG_NAME_MAX)
		return false;
	cstr(name, nm, sizeof(nm));
	for (k = 0; k < p->n_packages; k++)
		if (apt_glob_match(p->packages[k], nm))
			return true;
	return false;
}

/* Does a release or origin pin match index file f (UINT32_MAX: dpkg's status)? */
static bool pin_file_match(const struct ctx *c, const struct apt_pin *p, uint32_t f)
{
	const struct apt_index *ix = f == UINT32_MAX ? NULL : &c->in->idx[f];
	const struct apt_release *r = ix ? ix->release : NULL;
	size_t k;

	if (p->type == APT_PIN_ORIGIN)
		return ix && apt_glob_match(p->value, ix->site);
	if (p->type != APT_PIN_RELEASE || !ix)
		return false;
	if (!r)
		return false;	/* apt matches a release pin only against a Release file's fields */
	for (k = 0; k < p->n_keys; k++) {
		const char *have = "";

		switch (p->keys[k].key) {
		case 'a': have = r->suite; break;
		case 'n': have = r->codename; break;
		case 'v': have = r->version; break;
		case 'o': have = r->origin; break;
		case 'l': have = r->label; break;
		case 'c': have = ix->component; break;
		case 'b': have = ix->arch; break;
		default: return false;
		}
		if (!have[0] || !apt_glob_match(p->keys[k].value, have))
			return false;
	}
	return true;
}

/*
 * The priority of version ver of package name, found in entries e[lo..hi)
 * (none for a version only dpkg's status has), installed or not.
 */
static int version_prio(const struct ctx *c, struct span name, struct span ver, size_t lo, size_t hi,
			bool installed)
{
	const struct apt_prefs *pr = c->in->prefs;
	int best = installed ? STATUS_PRIO : NO_PRIO;
	size_t k, j;

	for (k = 0; pr && k < pr->n; k++) {
		const struct apt_pin *p = &pr->v[k];
		bool m = false;

		if (p->generic || !pin_names_match(p, name))
			continue;
		if (p->type == APT_PIN_VERSION) {
			char vb[DPKG_VERSION_MAX + 1];

			cstr(ver, vb, sizeof(vb));
			m = apt_glob_match(p->value, vb);
		} else {
			for (j = lo; j < hi && !m; j++)
				m = pin_file_match(c, p, c->e[j].file);
		}
		if (m)
			return p->priority;
	}
	for (j = lo; j < hi; j++)
		if (c->file_prio[c->e[j].file] > best)
			best = c->file_prio[c->e[j].file];
	return best == NO_PRIO ? 0 : best;
}

/* "Debian:12.15/oldstable, Debian-Security:12/oldstable-security": apt's VerIterator::RelStr(). */
static char *rel_str(const struct ctx *c, const struct ent *e, size_t lo, size_t hi, bool *security)
{
	struct strbuf sb = STRBUF_INIT, one = STRBUF_INIT;
	size_t j;

	*security = false;
	for (j = lo; j < hi; j++) {
		const struct apt_index *ix;
		const struct apt_release *r;

		if (e[j].file == UINT32_MAX)
			continue;
		ix = &c->in->idx[e[j].file];
		r = ix->release;
		strbuf_reset(&one);
		if (r && r->label[0])
			strbuf_addf(&one, "%s:", r->label);
		if (r && r->suite[0]) {
			if (r->version[0])
				strbuf_addf(&one, "%s/%s", r->version, r->suite);
			else
				strbuf_adds(&one, r->suite);
		} else {
			strbuf_adds(&one, ix->site && ix->site[0] ? ix->site : "localhost");
		}
		if (sb.len) {
			/* apt lists each origin once */
			struct span rest = SPAN(sb.buf, sb.len), item;
			bool dup = false;

			for (;;) {
				bool more = span_split(&rest, ',', &item);

				if (span_eq(span_trim(item), one.buf))
					dup = true;
				if (!more)
					break;
			}
			if (dup)
				continue;
			strbuf_adds(&sb, ", ");
		}
		strbuf_adds(&sb, one.buf);
		if (apt_origin_is_security(SPAN(one.buf, one.len)))
			*security = true;
	}
	strbuf_release(&one);
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

static void emit(struct ctx *c, struct span name, struct span arch_key, struct span cur, const struct ent *e,
		 size_t lo, size_t hi)
{
	struct apt_upgrade u;
	bool native = !span_cmp(arch_key, SPAN(c->in->native_arch, strlen(c->in->native_arch)));

	memset(&u, 0, sizeof(u));
	u.package = native ? xstrndup(name.p, name.len)
			   : xasprintf("%.*s:%.*s", (int)name.len, name.p, (int)arch_key.len, arch_key.p);
	u.current = xstrndup(cur.p, cur.len);
	u.candidate = xstrndup(e[lo].ver.p, e[lo].ver.len);
	u.arch = xstrndup(e[lo].arch.p, e[lo].arch.len);
	u.origins = rel_str(c, e, lo, hi, &u.security);
	ALLOC_GROW(c->out->v, c->out->n + 1, c->out->alloc);
	c->out->v[c->out->n++] = u;
	c->out->n_security += u.security;
}

/*
 * The candidate among entries e[lo..hi) (one package, newest first) with
 * the installed version cur (NULL when not installed), as
 * pkgPolicy::GetCandidateVer chooses it: sets [*clo, *chi) to its entries
 * and returns true, or false when apt keeps the installed version (or has
 * no candidate).
 */
static bool candidate(const struct ctx *c, size_t lo, size_t hi, const struct span *cur, size_t *clo, size_t *chi)
{
	struct span name = lo < hi ? c->e[lo].name : SPAN("", 0);
	int max = 0;
	bool have = false, pref_cur = false, cur_seen = cur == NULL;
	size_t j = lo, pl = 0, ph = 0;

	for (;;) {
		size_t k = j;
		bool is_cur;
		int prio;

		if (!cur_seen && (j >= hi || ver_cmp(*cur, c->e[j].ver) > 0)) {
			/* the installed version, which no index has: only dpkg's status */
			is_cur = true;
			prio = version_prio(c, name, *cur, j, j, true);
		} else if (j < hi) {
			while (k < hi && !span_cmp(c->e[k].ver, c->e[j].ver))
				k++;
			is_cur = !cur_seen && !span_cmp(*cur, c->e[j].ver);
			prio = version_prio(c, name, c->e[j].ver, j, k, is_cur);
		} else {
			break;
		}
		if (prio > max) {
			have = true;
			pref_cur = is_cur;
			pl = j;
			ph = k;
			max = prio;
		}
		if (is_cur) {
			cur_seen = true;
			if (max < 1000) {
				if (!have)
					pref_cur = have = true;
				max = 1000;
			}
		}
		if (k == j && j >= hi)
			break;
		j = k;
	}
	if (!have || pref_cur || ph == pl)
		return false;
	*clo = pl;
	*chi = ph;
	return true;
}

static void pull_deps(struct ctx *c, const struct ent *e, unsigned depth);

static void install_new(struct ctx *c, struct span name, struct span arch, unsigned depth)
{
	size_t lo, hi, clo, chi;

	lo = find_ents(c, name, arch, &hi);
	if (lo == hi)
		return;
	if (!candidate(c, lo, hi, NULL, &clo, &chi))
		return;
	ALLOC_GROW(c->added, c->nadded + 1, c->allocadded);
	c->added[c->nadded++] = name;
	emit(c, name, arch, SPAN("", 0), c->e, clo, chi);
	pull_deps(c, &c->e[clo], depth + 1);
}

static void pull_field(struct ctx *c, struct span field, struct span arch, unsigned depth)
{
	struct span rest = field, clause;

	if (!field.p)
		return;
	for (;;) {
		bool more = span_split(&rest, ',', &clause);
		struct span alts = clause, alt, nm;
		bool ok = false, any = false;

		/* satisfied by one alternative? */
		for (;;) {
			bool m2 = span_split(&alts, '|', &alt);

			nm = dep_name(alt);
			if (nm.len) {
				any = true;
				if (satisfied(c, nm))
					ok = true;
			}
			if (!m2 || ok)
				break;
		}
		if (any && !ok) {
			alts = clause;
			for (;;) {
				bool m2 = span_split(&alts, '|', &alt);
				size_t hi, lo;

				nm = dep_name(alt);
				lo = find_ents(c, nm, arch, &hi);
				if (nm.len && lo < hi) {
					install_new(c, nm, arch, depth);
					break;
				}
				if (!m2)
					break;
			}
		}
		if (!more)
			break;
	}
}

static void pull_deps(struct ctx *c, const struct ent *e, unsigned depth)
{
	struct span rest = e->raw, pre, dep, prov;
	size_t lineno = 0;
	const char *why;
	struct span arch = e->arch_key;

	if (depth > APT_MAX_DEPTH || deb822_next(&rest, &lineno, &c->st, &why) != 1)
		return;
	pre = deb822_get(&c->st, "Pre-Depends");
	dep = deb822_get(&c->st, "Depends");
	prov = deb822_get(&c->st, "Provides");
	add_names(&c->added, &c->nadded, &c->allocadded, prov);
	pull_field(c, pre, arch, depth);
	pull_field(c, dep, arch, depth);
}

/* ---- what apt's resolver keeps back ---- */

struct upg {
	size_t inst;		/* index into c->i */
	size_t clo, chi;	/* the candidate's entries */
	bool kept;
};

struct keep {
	struct upg *u;
	size_t n;
	long *of;		/* per installed package: index into u, or -1 */
};

/* "libc6 (>= 2.36)" -> name, op, version (op empty when unversioned) */
static void dep_parts(struct span alt, struct span *name, struct span *op, struct span *ver)
{
	const char *lp, *rp;
	size_t k;

	*name = dep_name(alt);
	*op = *ver = SPAN("", 0);
	lp = memchr(alt.p, '(', alt.len);
	rp = lp ? memchr(lp, ')', alt.len - (size_t)(lp - alt.p)) : NULL;
	if (!rp)
		return;
	alt = span_trim(SPAN(lp + 1, (size_t)(rp - lp - 1)));
	for (k = 0; k < alt.len && strchr("<=>", alt.p[k]); k++)
		;
	*op = SPAN(alt.p, k);
	*ver = span_trim(SPAN(alt.p + k, alt.len - k));
}

static bool rel_holds(struct span have, struct span op, struct span ver)
{
	int c;

	if (!op.len)
		return true;
	c = ver_cmp(have, ver);
	if (span_eq(op, "<<"))
		return c < 0;
	if (span_eq(op, "<=") || span_eq(op, "<"))
		return c <= 0;
	if (span_eq(op, "="))
		return c == 0;
	if (span_eq(op, ">=") || span_eq(op, ">"))
		return c >= 0;
	if (span_eq(op, ">>"))
		return c > 0;
	return true;
}

/* An installed package of that name (any architecture), or SIZE_MAX. */
static size_t inst_index(const struct ctx *c, struct span name)
{
	size_t lo = 0, hi = c->ni;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (span_cmp(c->i[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ni && !span_cmp(c->i[lo].name, name) ? lo : SIZE_MAX;
}

/* The version a package has after the upgrade: its candidate unless kept back, else the installed one. */
static struct span final_ver(const struct ctx *c, const struct keep *kp, size_t idx)
{
	long u = kp->of[idx];

	return u >= 0 && !kp->u[u].kept ? c->e[kp->u[u].clo].ver : c->i[idx].ver;
}

static bool alt_ok(const struct ctx *c, const struct keep *kp, struct span alt)
{
	struct span nm, op, ver;
	size_t idx, lo, hi, clo, chi;

	dep_parts(alt, &nm, &op, &ver);
	if (!nm.len)
		return true;
	idx = inst_index(c, nm);
	if (idx != SIZE_MAX)
		return rel_holds(final_ver(c, kp, idx), op, ver);
	if (!op.len && c->nprov && bsearch(&nm, c->prov, c->nprov, sizeof(*c->prov), spanp_cmp))
		return true;
	lo = find_ents(c, nm, SPAN(c->in->native_arch, strlen(c->in->native_arch)), &hi);
	if (lo < hi && candidate(c, lo, hi, NULL, &clo, &chi))
		return rel_holds(c->e[clo].ver, op, ver);
	return !op.len;	/* a virtual package some list may provide: not judged */
}

/*
 * Checks a Depends/Pre-Depends field (breaks = false) or a Breaks field of
 * the final state; on a failed clause marks the upgrades it names kept back
 * (and self, when given). Returns true when it changed something.
 */
static bool check_field(const struct ctx *c, struct keep *kp, struct span field, bool breaks, long self)
{
	struct span rest = field, clause;
	bool changed = false;

	if (!field.p)
		return false;
	for (;;) {
		bool more = span_split(&rest, ',', &clause), ok = false;
		struct span alts = clause, alt;

		if (breaks) {
			struct span nm, op, ver;
			size_t idx;

			dep_parts(clause, &nm, &op, &ver);
			idx = nm.len ? inst_index(c, nm) : SIZE_MAX;
			ok = idx == SIZE_MAX || !op.len || !rel_holds(final_ver(c, kp, idx), op, ver);
		} else {
			for (;;) {
				bool m2 = span_split(&alts, '|', &alt);

				if (alt_ok(c, kp, alt))
					ok = true;
				if (!m2 || ok)
					break;
			}
		}
		if (!ok && self < 0) {
			/* a package that stays needs the old version: the upgrade it names waits */
			alts = clause;
			for (;;) {
				bool m2 = span_split(&alts, '|', &alt);
				struct span nm = dep_name(alt);
				size_t idx = nm.len ? inst_index(c, nm) : SIZE_MAX;

				if (idx != SIZE_MAX && kp->of[idx] >= 0 && !kp->u[kp->of[idx]].kept) {
					kp->u[kp->of[idx]].kept = true;
					changed = true;
				}
				if (!m2)
					break;
			}
		} else if (!ok && !kp->u[self].kept) {
			kp->u[self].kept = true;	/* the candidate cannot be installed as things will be */
			changed = true;
		}
		if (!more)
			break;
	}
	return changed;
}

/*
 * Keeps back the upgrades apt's resolver would keep: one whose candidate
 * needs a version nothing will have, breaks what stays, or that a package
 * staying at its version (held, pinned, kept) depends on at the old version.
 */
static void keep_back(struct ctx *c, struct keep *kp)
{
	bool changed = true;
	unsigned round;
	size_t k;

	for (round = 0; changed && round < 64; round++) {
		changed = false;
		for (k = 0; k < kp->n; k++) {
			struct span rest = c->e[kp->u[k].clo].raw;
			size_t lineno = 0;
			const char *why;

			if (kp->u[k].kept || deb822_next(&rest, &lineno, &c->st, &why) != 1)
				continue;
			changed |= check_field(c, kp, deb822_get(&c->st, "Pre-Depends"), false, (long)k);
			changed |= check_field(c, kp, deb822_get(&c->st, "Depends"), false, (long)k);
			changed |= check_field(c, kp, deb822_get(&c->st, "Breaks"), true, (long)k);
		}
		for (k = 0; k < c->ni; k++) {
			struct span rest = c->i[k].raw;
			size_t lineno = 0;
			const char *why;

			if ((kp->of[k] >= 0 && !kp->u[kp->of[k]].kept) || deb822_next(&rest, &lineno, &c->st, &why) != 1)
				continue;
			changed |= check_field(c, kp, deb822_get(&c->st, "Pre-Depends"), false, -1);
			changed |= check_field(c, kp, deb822_get(&c->st, "Depends"), false, -1);
			changed |= check_field(c, kp, deb822_get(&c->st, "Breaks"), true, -1);
		}
	}
}

/* ---- reading ---- */

static bool state_installed(struct span status, bool *hold)
{
	struct span rest = status, want, flag, state;

	if (!status.p || !span_next_word(&rest, &want) || !span_next_word(&rest, &flag) || !span_next_word(&rest, &state))
		return false;
	*hold = span_eq(want, "hold");
	return !span_eq(state, "not-installed") && !span_eq(state, "config-files");
}

static int read_status(struct ctx *c)
{
	struct span rest = SPAN(c->in->status ? c->in->status : "", c->in->status ? c->in->status_len : 0);
	size_t lineno = 0;
	const char *why;
	int r;

	while ((r = deb822_next(&rest, &lineno, &c->st, &why)) != 0) {
		struct inst in;
		struct span arch;

		if (r < 0) {
			c->stats->bad++;
			continue;
		}
		memset(&in, 0, sizeof(in));
		in.name = deb822_get(&c->st, "Package");
		in.ver = deb822_get(&c->st, "Version");
		arch = deb822_get(&c->st, "Architecture");
		if (!in.name.p || !dpkg_name_valid(in.name.p, in.name.len) || !in.ver.p ||
		    !state_installed(deb822_get(&c->st, "Status"), &in.hold))
			continue;
		if (!arch.p || !arch.len || span_eq(arch, "all"))
			arch = SPAN(c->in->native_arch, strlen(c->in->native_arch));
		in.arch_key = arch;
		in.raw = c->st.raw;
		if (c->ni >= PARSE_MAX_ENTRIES)
			return -E2BIG;
		ALLOC_GROW(c->i, c->ni + 1, c->alloci);
		c->i[c->ni++] = in;
		add_names(&c->prov, &c->nprov, &c->allocprov, deb822_get(&c->st, "Provides"));
	}
	return 0;
}

static int read_index(struct ctx *c, uint32_t f)
{
	const struct apt_index *ix = &c->in->idx[f];
	struct span rest = SPAN(ix->data ? ix->data : "", ix->data ? ix->len : 0);
	size_t lineno = 0;
	const char *why;
	int r;

	while ((r = deb822_next(&rest, &lineno, &c->st, &why)) != 0) {
		struct ent e;

		if (r < 0) {
			c->stats->bad++;
			continue;
		}
		e.name = deb822_get(&c->st, "Package");
		e.ver = deb822_get(&c->st, "Version");
		e.arch = deb822_get(&c->st, "Architecture");
		if (!e.name.p || !e.ver.p || !e.arch.p || !dpkg_name_valid(e.name.p, e.name.len) ||
		    !e.ver.len || e.ver.len > DPKG_VERSION_MAX || !e.arch.len || e.arch.len > 64) {
			c->stats->bad++;
			continue;
		}
		/* apt takes an "all" package as one of the native architecture, whichever list holds it */
		e.arch_key = span_eq(e.arch, "all") ? SPAN(c->in->native_arch, strlen(c->in->native_arch)) : e.arch;
		e.raw = c->st.raw;
		e.file = f;
		if (c->n >= PARSE_MAX_ENTRIES)
			return -E2BIG;
		ALLOC_GROW(c->e, c->n + 1, c->alloc);
		c->e[c->n++] = e;
	}
	return 0;
}

static void file_priorities(struct ctx *c)
{
	const struct apt_prefs *pr = c->in->prefs;
	bool *fixed = xcalloc(c->in->n_idx ? c->in->n_idx : 1, sizeof(*fixed));
	size_t f, k;

	c->file_prio = xmalloc(st_mult(c->in->n_idx ? c->in->n_idx : 1, sizeof(*c->file_prio)));
	for (f = 0; f < c->in->n_idx; f++) {
		const struct apt_release *r = c->in->idx[f].release;

		c->file_prio[f] = 500;
		if (r && r->not_automatic)
			c->file_prio[f] = r->but_automatic_upgrades ? 100 : 1;
	}
	for (k = 0; pr && k < pr->n; k++) {
		const struct apt_pin *p = &pr->v[k];

		if (!p->generic)
			continue;
		for (f = 0; f < c->in->n_idx; f++)
			if (!fixed[f] && pin_file_match(c, p, (uint32_t)f)) {	/* the first generic pin wins */
				c->file_prio[f] = p->priority;
				fixed[f] = true;
			}
	}
	free(fixed);
}

int apt_policy_upgrades(const struct apt_policy_in *in, struct apt_sim *out, struct apt_policy_stats *stats,
			struct err *err)
{
	struct apt_policy_stats dummy;
	struct apt_sim res = { 0 };
	struct keep kp = { 0 };
	struct ctx *c = xcalloc(1, sizeof(*c));
	size_t k, n_upg;
	int ret = 0;

	c->in = in;
	c->out = &res;
	c->stats = stats ? stats : &dummy;
	memset(c->stats, 0, sizeof(*c->stats));
	if (read_status(c) < 0)
		ret = -E2BIG;
	for (k = 0; ret == 0 && k < in->n_idx; k++)
		if (read_index(c, (uint32_t)k) < 0)
			ret = -E2BIG;
	if (ret < 0) {
		err_set(err, -E2BIG, "more than %zu packages", PARSE_MAX_ENTRIES);
		goto out;
	}
	c->stats->n_versions = c->n;
	c->stats->n_installed = c->ni;
	if (c->n)
		qsort(c->e, c->n, sizeof(*c->e), ent_cmp);
	if (c->ni)
		qsort(c->i, c->ni, sizeof(*c->i), inst_cmp);
	if (c->nprov)
		qsort(c->prov, c->nprov, sizeof(*c->prov), spanp_cmp);
	file_priorities(c);
	kp.of = xmalloc(st_mult(c->ni ? c->ni : 1, sizeof(*kp.of)));
	kp.u = xmalloc(st_mult(c->ni ? c->ni : 1, sizeof(*kp.u)));
	for (k = 0; k < c->ni; k++) {
		const struct inst *ip = &c->i[k];
		size_t lo, hi, clo, chi;

		kp.of[k] = -1;
		lo = find_ents(c, ip->name, ip->arch_key, &hi);
		if (lo == hi || !candidate(c, lo, hi, &ip->ver, &clo, &chi))
			continue;
		if (ip->hold) {
			c->stats->n_held++;
			continue;
		}
		kp.of[k] = (long)kp.n;
		kp.u[kp.n++] = (struct upg){ .inst = k, .clo = clo, .chi = chi };
	}
	keep_back(c, &kp);
	for (k = 0; k < kp.n; k++) {
		const struct inst *ip = &c->i[kp.u[k].inst];

		if (kp.u[k].kept) {
			c->stats->n_kept++;
			continue;
		}
		ALLOC_GROW(c->added, c->nadded + 1, c->allocadded);
		c->added[c->nadded++] = ip->name;
		emit(c, ip->name, ip->arch_key, ip->ver, c->e, kp.u[k].clo, kp.u[k].chi);
	}
	free(kp.of);
	free(kp.u);
	n_upg = res.n;
	for (k = 0; k < n_upg; k++) {
		struct span name = SPAN(res.v[k].package, strcspn(res.v[k].package, ":"));
		const char *colon = strchr(res.v[k].package, ':');
		struct span arch = colon ? SPAN(colon + 1, strlen(colon + 1))
					 : SPAN(in->native_arch, strlen(in->native_arch));
		size_t lo, hi, j;

		lo = find_ents(c, name, arch, &hi);
		for (j = lo; j < hi; j++)
			if (!strncmp(c->e[j].ver.p, res.v[k].candidate, c->e[j].ver.len) &&
			    !res.v[k].candidate[c->e[j].ver.len]) {
				pull_deps(c, &c->e[j], 0);
				break;
			}
	}
out:
	if (ret == 0)
		*out = res;
	else
		apt_sim_free(&res);
	free(c->e);
	free(c->i);
	free(c->prov);
	free(c->added);
	free(c->file_prio);
	free(c);
	return ret;
}
