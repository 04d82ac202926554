/*
 * sudoers(5) parser (see parse/sudoers.h): the grammar, over the lexical
 * layer of parse/sudoers_lex.c (which follows sudo's own lexer). A statement
 * sudo would reject is a bad line and nothing of it is kept (sudo's error
 * recovery drops the whole line too); a statement longer than PARSE_MAX_LINE
 * bytes is a bad line.
 */
#include "parse/sudoers.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sudoers_lex.h"
#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * Each rule of a line gets its own copy of the line's users and hosts; this
 * caps the names copied for one line, so that a 64 KiB line cannot ask for
 * gigabytes ("u1,...,u9999 ALL = (a) /x, (b) /x, (a) /x, ...").
 */
#define SUDO_MAX_LINE_NAMES	PARSE_MAX_LIST

/* ---- output ---------------------------------------------------------- */

static struct sudo_rule *new_rule(struct sp *s, const struct strvec *users,
				  const struct strvec *hosts, const char *runas)
{
	struct sudoers *o = s->out;
	struct sudo_rule *r;

	if (o->n_rules >= PARSE_MAX_ENTRIES) {
		s->fatal = -E2BIG;
		slex_fail(s, "too many rules");
		return NULL;
	}
	s->names += users->n + hosts->n;
	if (s->names > SUDO_MAX_LINE_NAMES) {
		slex_fail(s, "too many rules on one line");
		return NULL;
	}
	ALLOC_GROW(o->rules, o->n_rules + 1, s->a_rules);
	r = &o->rules[o->n_rules++];
	memset(r, 0, sizeof(*r));
	r->users = slex_strs_dup(users);
	r->n_users = users->n;
	r->hosts = slex_strs_dup(hosts);
	r->n_hosts = hosts->n;
	r->runas = runas ? xstrdup(runas) : NULL;
	r->line = s->line;
	return r;
}

static void rule_free(struct sudo_rule *r)
{
	size_t i;

	slex_free_strs(r->users, r->n_users);
	slex_free_strs(r->hosts, r->n_hosts);
	free(r->runas);
	for (i = 0; i < r->n_cmnds; i++)
		free(r->cmnds[i].cmnd);
	free(r->cmnds);
}

static void alias_free(struct sudo_alias *a)
{
	free(a->name);
	slex_free_strs(a->members, a->n_members);
}

/* ---- statements ------------------------------------------------------ */

/*
 * One "Host_List = Cmnd_Spec_List" group. Runas and tags carry over to the
 * following commands of the group (not to the next group); a new Runas_Spec
 * starts a new rule, so each rule has one runas.
 */
static int parse_cmndspecs(struct sp *s, const struct strvec *users, const struct strvec *hosts)
{
	struct cur *c = &s->c;
	struct sudo_rule *r;
	struct sudo_cmnd *cm;
	size_t ri = SIZE_MAX, alloc = 0;
	char *runas = NULL, *ra;
	bool nopasswd = false, passwd = false, neg, all;
	int rc = -1;

	for (;;) {
		slex_skip_blanks(c);
		if (slex_peek(c) == '(') {
			if (slex_read_runas(s, &ra) < 0)
				goto out;
			if (ri != SIZE_MAX && (!s->out->rules[ri].runas ||
					       strcmp(s->out->rules[ri].runas, ra)))
				ri = SIZE_MAX;
			free(runas);
			runas = ra;
		}
		if (slex_read_tags(s, &nopasswd, &passwd) < 0 || slex_read_cmnd(s, &neg, &all) < 0)
			goto out;
		if (ri == SIZE_MAX) {
			if (!new_rule(s, users, hosts, runas))
				goto out;
			ri = s->out->n_rules - 1;
			alloc = 0;
		}
		r = &s->out->rules[ri];
		if (r->n_cmnds >= PARSE_MAX_LIST) {
			slex_fail(s, "list too long");
			goto out;
		}
		ALLOC_GROW(r->cmnds, r->n_cmnds + 1, alloc);
		cm = &r->cmnds[r->n_cmnds++];
		cm->cmnd = slex_tok_dup(s);
		cm->negated = neg;
		cm->nopasswd = nopasswd;
		cm->passwd = passwd;
		cm->all = all;
		slex_skip_blanks(c);
		if (slex_peek(c) != ',')
			break;
		slex_adv(c);
	}
	rc = 0;
out:
	free(runas);
	return rc;
}

static int parse_userspec(struct sp *s)
{
	struct cur *c = &s->c;
	struct strvec users = { 0 }, hosts = { 0 };
	int rc = -1;

	if (slex_read_list(s, NC_USER, &users) < 0)
		goto out;
	for (;;) {
		slex_strvec_clear(&hosts);
		if (slex_read_list(s, NC_HOST, &hosts) < 0)
			goto out;
		slex_skip_blanks(c);
		if (slex_peek(c) != '=') {
			slex_fail(s, "expected '='");
			goto out;
		}
		slex_adv(c);
		if (parse_cmndspecs(s, &users, &hosts) < 0)
			goto out;
		slex_skip_blanks(c);
		if (slex_peek(c) != ':')
			break;
		slex_adv(c);
	}
	rc = slex_at_end(c) ? 0 : slex_fail(s, "unexpected text after command");
out:
	slex_strvec_clear(&users);
	slex_strvec_clear(&hosts);
	return rc;
}

static int parse_alias(struct sp *s, enum sudo_alias_kind kind)
{
	static const enum nctx ctx[] = {
		[SUDO_ALIAS_USER] = NC_USER, [SUDO_ALIAS_RUNAS] = NC_USER,
		[SUDO_ALIAS_HOST] = NC_HOST, [SUDO_ALIAS_CMND] = NC_CMND,
	};
	struct cur *c = &s->c;
	struct sudoers *o = s->out;
	struct strvec members = { 0 };
	struct sudo_alias *a;
	struct span id;
	bool neg, all;

	for (;;) {
		slex_skip_blanks(c);
		id = slex_ident_at(c);
		if (!slex_is_alias_name(id))
			return slex_fail(s, "bad alias name");
		c->pos += id.len;
		slex_skip_blanks(c);
		if (slex_peek(c) != '=')
			return slex_fail(s, "expected '='");
		slex_adv(c);
		if (kind != SUDO_ALIAS_CMND) {
			if (slex_read_list(s, ctx[kind], &members) < 0)
				goto bad;
		} else {
			for (;;) {
				if (members.n >= PARSE_MAX_LIST) {
					slex_fail(s, "list too long");
					goto bad;
				}
				if (slex_read_cmnd(s, &neg, &all) < 0)
					goto bad;
				slex_strvec_push(&members, slex_tok_dup(s));
				slex_skip_blanks(c);
				if (slex_peek(c) != ',')
					break;
				slex_adv(c);
			}
		}
		if (o->n_aliases >= PARSE_MAX_ENTRIES) {
			s->fatal = -E2BIG;
			slex_fail(s, "too many aliases");
			goto bad;
		}
		ALLOC_GROW(o->aliases, o->n_aliases + 1, s->a_aliases);
		a = &o->aliases[o->n_aliases++];
		a->kind = kind;
		a->name = xstrndup(id.p, id.len);
		a->members = members.v;
		a->n_members = members.n;
		a->line = s->line;
		memset(&members, 0, sizeof(members));
		slex_skip_blanks(c);
		if (slex_peek(c) != ':')
			break;
		slex_adv(c);
	}
	return slex_at_end(c) ? 0 : slex_fail(s, "unexpected text after alias");
bad:
	slex_strvec_clear(&members);
	return -1;
}

/* The parameter list of a Defaults line; *auth_off follows the last (!)authenticate. */
static int read_params(struct sp *s, size_t *end, bool *auth_off)
{
	struct cur *c = &s->c;
	struct span name;
	unsigned neg;
	bool value;
	int ch;

	for (;;) {
		slex_skip_blanks(c);
		neg = 0;
		while (slex_peek(c) == '!') {
			neg++;
			slex_adv(c);
			slex_skip_blanks(c);
		}
		name = SPAN(c->p + c->pos, 0);
		while (c->pos + name.len < c->limit && c->pos + name.len < c->len &&
		       (is_lower(name.p[name.len]) || name.p[name.len] == '_'))
			name.len++;
		if (!name.len)
			return slex_fail(s, "bad Defaults parameter");
		c->pos += name.len;
		slex_skip_blanks(c);
		ch = slex_peek(c);
		value = false;
		if (ch == '=') {
			slex_adv(c);
			value = true;
		} else if ((ch == '+' || ch == '-') && c->pos + 1 < c->len && c->p[c->pos + 1] == '=') {
			c->pos += 2;
			value = true;
		}
		if (value) {
			if (neg & 1)
				return slex_fail(s, "negated Defaults parameter with a value");
			slex_skip_blanks(c);
			strbuf_reset(&s->tok);
			if (slex_peek(c) == '"') {
				if (slex_read_quoted(s) < 0)
					return -1;
			} else {
				size_t start = c->pos;
				while ((ch = slex_peek(c)) != CEOL && !is_blank(ch) && !in_set(ch, "#=,\"\r") && ch != '\0' &&
				       !(ch == '!' && c->pos == start)) {
					if (ch == '\\')
						c->pos++;
					slex_adv(c);
				}
				if (c->pos == start)
					return slex_fail(s, "missing Defaults value");
			}
		} else if (span_eq(name, "authenticate")) {
			*auth_off = neg & 1;
		}
		*end = c->pos;
		slex_skip_blanks(c);
		if (slex_peek(c) != ',')
			return 0;
		slex_adv(c);
	}
}

static int parse_defaults(struct sp *s)
{
	struct cur *c = &s->c;
	struct sudoers *o = s->out;
	struct sudo_default *d;
	struct strvec bind = { 0 };
	char *binding = NULL, *text;
	size_t from, end = 0, i;
	bool auth_off = false;
	int sep = slex_peek(c);

	if (in_set(sep, ":@>!")) {
		slex_adv(c);
		slex_skip_blanks(c);
		if (slex_read_list(s, sep == '@' ? NC_HOST : sep == '!' ? NC_CMND : NC_USER, &bind) < 0)
			goto bad;
		strbuf_reset(&s->tok);
		if (slex_addc(s, sep) < 0)
			goto bad;
		for (i = 0; i < bind.n; i++)
			if ((i && slex_addc(s, ',') < 0) || strbuf_adds(&s->tok, bind.v[i]) < 0)
				goto bad;
		binding = slex_tok_dup(s);
	} else if (!is_blank(sep)) {
		slex_fail(s, "missing Defaults parameters");
		goto bad;
	}
	slex_skip_blanks(c);
	from = c->pos;
	if (read_params(s, &end, &auth_off) < 0)
		goto bad;
	if (!slex_at_end(c)) {
		slex_fail(s, "unexpected text after Defaults");
		goto bad;
	}
	text = slex_raw_text(s, from, end);
	if (!text)
		goto bad;
	if (o->n_defaults >= PARSE_MAX_ENTRIES) {
		free(text);
		s->fatal = -E2BIG;
		slex_fail(s, "too many Defaults");
		goto bad;
	}
	ALLOC_GROW(o->defaults, o->n_defaults + 1, s->a_defaults);
	d = &o->defaults[o->n_defaults++];
	d->binding = binding;
	d->text = text;
	d->authenticate_off = auth_off;
	d->line = s->line;
	slex_strvec_clear(&bind);
	return 0;
bad:
	free(binding);
	slex_strvec_clear(&bind);
	return -1;
}

static int parse_include(struct sp *s, bool is_dir)
{
	struct cur *c = &s->c;
	struct sudoers *o = s->out;
	struct sudo_include *inc;
	int ch;

	strbuf_reset(&s->tok);
	if (!slex_skip_blanks(c) && slex_peek(c) != '"')
		return slex_fail(s, "expected a path after include");
	if (slex_peek(c) == '"') {
		if (slex_read_quoted(s) < 0)
			return -1;
	} else {
		while ((ch = slex_peek(c)) != CEOL && !is_blank(ch) && ch != '\r') {
			if (ch == '\\' && is_blank(slex_escaped(c))) {
				ch = slex_escaped(c);	/* "\ " is a blank inside the path */
				c->pos += 2;
			} else {
				slex_adv(c);
			}
			if (slex_addc(s, ch) < 0)
				return -1;
		}
		if (!s->tok.len)
			return slex_fail(s, "expected a path after include");
	}
	if (!slex_at_end(c))
		return slex_fail(s, "unexpected text after include");
	if (o->n_includes >= PARSE_MAX_ENTRIES) {
		s->fatal = -E2BIG;
		return slex_fail(s, "too many includes");
	}
	ALLOC_GROW(o->includes, o->n_includes + 1, s->a_includes);
	inc = &o->includes[o->n_includes++];
	inc->path = slex_tok_dup(s);
	inc->is_dir = is_dir;
	inc->line = s->line;
	return 0;
}

/* Is the keyword at the cursor followed by what makes it one (not a longer word)? */
static bool keyword(struct cur *c, const char *kw, const char *after)
{
	size_t n = strlen(kw), i = c->pos + n;

	if (!slex_raw_starts(c, kw))
		return false;
	if (slex_raw_eol(c, i) || slex_cont_len(c, i))
		return true;
	return is_blank(c->p[i]) || in_set(c->p[i], after);
}

static int parse_stmt(struct sp *s)
{
	static const struct { const char *kw; enum sudo_alias_kind kind; } aliases[] = {
		{ "User_Alias", SUDO_ALIAS_USER }, { "Runas_Alias", SUDO_ALIAS_RUNAS },
		{ "Host_Alias", SUDO_ALIAS_HOST }, { "Cmnd_Alias", SUDO_ALIAS_CMND },
		{ "Cmd_Alias", SUDO_ALIAS_CMND },
	};
	struct cur *c = &s->c;
	size_t i;
	int ch;

	/* "#include" and "#includedir" count only at the very start of a line */
	if (keyword(c, "#includedir", "") && !slex_raw_eol(c, c->pos + 11)) {
		c->pos += 11;
		return parse_include(s, true);
	}
	if (keyword(c, "#include", "") && !slex_raw_eol(c, c->pos + 8)) {
		c->pos += 8;
		return parse_include(s, false);
	}
	slex_skip_blanks(c);
	ch = slex_peek(c);
	if (ch == CEOL)
		return 0;
	if (ch == '#' && slex_comment_at(c, c->pos)) {
		slex_skip_comment(c);
		return 0;
	}
	if (slex_raw_starts(c, "@includedir")) {
		c->pos += 11;
		return parse_include(s, true);
	}
	if (slex_raw_starts(c, "@include")) {
		c->pos += 8;
		return parse_include(s, false);
	}
	if (keyword(c, "Defaults", ":@>!")) {
		c->pos += 8;
		return parse_defaults(s);
	}
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (keyword(c, aliases[i].kw, "")) {
			c->pos += strlen(aliases[i].kw);
			if (!slex_skip_blanks(c))
				return slex_fail(s, "expected an alias definition");
			return parse_alias(s, aliases[i].kind);
		}
	}
	return parse_userspec(s);
}

/* ---- duplicate aliases ----------------------------------------------- */

static size_t alias_hash(enum sudo_alias_kind kind, const char *name)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)kind;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return (size_t)h;
}

/* Adds alias idx to the table; false if (kind, name) is already there. */
static bool ahash_add(struct sp *s, size_t idx)
{
	const struct sudo_alias *a = &s->out->aliases[idx], *b;
	size_t i, j;

	if (2 * (idx + 1) > s->ahash_cap) {
		size_t cap = s->ahash_cap ? st_mult(s->ahash_cap, 2) : 64;
		size_t *t = xcalloc(cap, sizeof(*t));

		for (i = 0; i < s->ahash_cap; i++) {
			if (!s->ahash[i])
				continue;
			b = &s->out->aliases[s->ahash[i] - 1];
			for (j = alias_hash(b->kind, b->name) & (cap - 1); t[j]; j = (j + 1) & (cap - 1))
				;
			t[j] = s->ahash[i];
		}
		free(s->ahash);
		s->ahash = t;
		s->ahash_cap = cap;
	}
	for (j = alias_hash(a->kind, a->name) & (s->ahash_cap - 1); s->ahash[j];
	     j = (j + 1) & (s->ahash_cap - 1)) {
		b = &s->out->aliases[s->ahash[j] - 1];
		if (b->kind == a->kind && !strcmp(b->name, a->name))
			return false;
	}
	s->ahash[j] = idx + 1;
	return true;
}

/* sudo refuses an alias defined twice: it and the rest of its line are dropped. */
static void commit_aliases(struct sp *s, size_t first)
{
	struct sudoers *o = s->out;
	size_t i, j;

	for (i = first; i < o->n_aliases; i++) {
		if (ahash_add(s, i))
			continue;
		for (j = i; j < o->n_aliases; j++)
			alias_free(&o->aliases[j]);
		o->n_aliases = i;
		parse_bad_add(&o->bad, s->line, "duplicate alias");
		return;
	}
}

/* ---- compact storage -------------------------------------------------- */

/*
 * A statement is parsed into separately allocated pieces, so that a line
 * sudo would reject can be dropped piece by piece. Once it is accepted, its
 * strings and lists move into the arena, packed and sized to what they
 * hold, and the pieces are freed; a list or string equal to the one of the
 * rule before is shared (a line's rules each got a copy of its users and
 * hosts; most rules name the same hosts and Runas). The model then costs
 * about what the input does, not a malloc per token and a preallocated
 * array per rule.
 */
#define PACK_CHUNK ((size_t)8192)

/* n bytes aligned to align (1 or 8) from the current chunk of the arena. */
static void *pack(struct sp *s, size_t n, size_t align)
{
	size_t pad = (align - ((uintptr_t)s->pack_cur & (align - 1))) & (align - 1);
	char *p;

	if (n > PACK_CHUNK / 4)
		return arena_zalloc(&s->out->mem, n);
	if (!s->pack_cur || pad + n > s->pack_left) {
		s->pack_cur = arena_zalloc(&s->out->mem, PACK_CHUNK);
		s->pack_left = PACK_CHUNK;
		pad = 0;
	}
	p = s->pack_cur + pad;
	s->pack_cur += pad + n;
	s->pack_left -= pad + n;
	return p;
}

static char *keep_str(struct sp *s, char *p, const char *same)
{
	size_t n;
	char *q;

	if (!p)
		return NULL;
	if (same && strcmp(p, same) == 0) {
		free(p);
		return (char *)same;
	}
	n = strlen(p) + 1;
	q = memcpy(pack(s, n, 1), p, n);
	free(p);
	return q;
}

/* Equal lists of strings? */
static bool same_strs(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (!a || !b || na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/* v (n strings) in the arena, or the list same when it is equal; frees v. */
static char **keep_strs(struct sp *s, char **v, size_t n, char **same, size_t n_same)
{
	char **w;
	size_t i;

	if (!v)
		return NULL;
	if (same_strs(v, n, same, n_same)) {
		slex_free_strs(v, n);
		return same;
	}
	w = pack(s, st_mult(n, sizeof(*w)), sizeof(*w));
	for (i = 0; i < n; i++)
		w[i] = keep_str(s, v[i], NULL);
	free(v);
	return w;
}

static void keep_stmt(struct sp *s, size_t nr, size_t na, size_t nd, size_t ni)
{
	struct sudoers *o = s->out;
	size_t i, j;

	for (i = nr; i < o->n_rules; i++) {
		struct sudo_rule *r = &o->rules[i];
		const struct sudo_rule *prev = i ? &o->rules[i - 1] : NULL;
		struct sudo_cmnd *cm;

		r->users = keep_strs(s, r->users, r->n_users, prev ? prev->users : NULL, prev ? prev->n_users : 0);
		r->hosts = keep_strs(s, r->hosts, r->n_hosts, prev ? prev->hosts : NULL, prev ? prev->n_hosts : 0);
		r->runas = keep_str(s, r->runas, prev ? prev->runas : NULL);
		cm = pack(s, st_mult(r->n_cmnds, sizeof(*cm)), sizeof(void *));
		for (j = 0; j < r->n_cmnds; j++) {
			cm[j] = r->cmnds[j];
			cm[j].cmnd = keep_str(s, r->cmnds[j].cmnd, prev && j < prev->n_cmnds ? prev->cmnds[j].cmnd : NULL);
		}
		free(r->cmnds);
		r->cmnds = cm;
	}
	for (i = na; i < o->n_aliases; i++) {
		o->aliases[i].name = keep_str(s, o->aliases[i].name, NULL);
		o->aliases[i].members = keep_strs(s, o->aliases[i].members, o->aliases[i].n_members, NULL, 0);
	}
	for (i = nd; i < o->n_defaults; i++) {
		o->defaults[i].binding = keep_str(s, o->defaults[i].binding, NULL);
		o->defaults[i].text = keep_str(s, o->defaults[i].text, NULL);
	}
	for (i = ni; i < o->n_includes; i++)
		o->includes[i].path = keep_str(s, o->includes[i].path, NULL);
}

/* The tables sized to their entries. */
static void *fit(void *v, size_t n, size_t size)
{
	return n ? xrealloc(v, st_mult(n, size)) : v;
}

/* ---- entry points ---------------------------------------------------- */

/* Drops what a failed statement added. */
static void rollback(struct sudoers *o, size_t nr, size_t na, size_t nd, size_t ni)
{
	while (o->n_rules > nr)
		rule_free(&o->rules[--o->n_rules]);
	while (o->n_aliases > na)
		alias_free(&o->aliases[--o->n_aliases]);
	while (o->n_defaults > nd) {
		o->n_defaults--;
		free(o->defaults[o->n_defaults].binding);
		free(o->defaults[o->n_defaults].text);
	}
	while (o->n_includes > ni)
		free(o->includes[--o->n_includes].path);
}

int sudoers_parse(const char *buf, size_t len, struct sudoers *out, struct err *err)
{
	struct sudoers res = { 0 };
	struct sp s = { 0 };
	size_t nr, na, nd, ni;
	int rc = 0;

	if (!buf && len)
		return err_set(err, -EINVAL, "sudoers: no input buffer");
	s.c.p = buf;
	s.c.len = len;
	s.c.lineno = 1;
	s.out = &res;
	strbuf_init(&s.tok, 2 * PARSE_MAX_LINE);

	while (s.c.pos < s.c.len) {
		nr = res.n_rules;
		na = res.n_aliases;
		nd = res.n_defaults;
		ni = res.n_includes;
		s.line = s.c.lineno;
		s.why = NULL;
		s.names = 0;
		s.c.too_long = false;
		s.c.limit = len - s.c.pos > PARSE_MAX_LINE ? s.c.pos + PARSE_MAX_LINE : SIZE_MAX;
		rc = parse_stmt(&s);
		if (s.c.too_long) {
			rc = -1;
			s.why = "line too long";
		}
		if (s.fatal) {
			rollback(&res, nr, na, nd, ni);
			rc = err_set(err, s.fatal, "sudoers: line %zu: %s", s.line, s.why);
			goto out;
		}
		if (rc < 0) {
			rollback(&res, nr, na, nd, ni);
			parse_bad_add(&res.bad, s.line, s.why ? s.why : "syntax error");
		} else {
			commit_aliases(&s, na);
			keep_stmt(&s, nr, na, nd, ni);
		}
		rc = 0;
		slex_skip_rest(&s.c);
	}
out:
	strbuf_release(&s.tok);
	free(s.ahash);
	if (rc < 0) {
		sudoers_free(&res);
		return rc;
	}
	res.rules = fit(res.rules, res.n_rules, sizeof(*res.rules));
	res.aliases = fit(res.aliases, res.n_aliases, sizeof(*res.aliases));
	res.defaults = fit(res.defaults, res.n_defaults, sizeof(*res.defaults));
	res.includes = fit(res.includes, res.n_includes, sizeof(*res.includes));
	*out = res;
	return 0;
}

void sudoers_free(struct sudoers *s)
{
	if (!s)
		return;
	/* Everything a statement kept is in the arena (what a failed one held was freed on the spot). */
	arena_release(&s->mem);
	free(s->rules);
	free(s->aliases);
	free(s->defaults);
	free(s->includes);
	memset(s, 0, sizeof(*s));
}

const struct sudo_alias *sudoers_alias(const struct sudoers *s, enum sudo_alias_kind kind, const char *name)
{
	size_t i;

	if (!s || !name)
		return NULL;
	for (i = 0; i < s->n_aliases; i++)
		if (s->aliases[i].kind == kind && !strcmp(s->aliases[i].name, name))
			return &s->aliases[i];
	return NULL;
}
