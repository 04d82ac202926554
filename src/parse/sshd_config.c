/*
 * sshd_config(5) parser. Splitting follows OpenSSH 9.x: servconf.c strips
 * trailing whitespace, takes the keyword with strdelim() (misc.c: split at
 * whitespace, a double quote, or one '=' optionally surrounded by blanks),
 * then splits the rest with argv_split(..., terminate_on_comment = 1).
 * Unlike sshd we never ignore a line silently: whatever sshd would reject
 * (or that we refuse to read) is counted in bad.
 */
#include "parse/sshd_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* OpenSSH's WHITESPACE set for strdelim(). */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* servconf.c strips trailing whitespace and form feeds before splitting. */
static struct span rstrip(struct span s)
{
	while (s.len && (is_ws(s.p[s.len - 1]) || s.p[s.len - 1] == '\f'))
		s.len--;
	return s;
}

static void span_skip(struct span *s, size_t n)
{
	s->p += n;
	s->len -= n;
}

/*
 * OpenSSH strdelim(): the next token of *s into tok (reset first). The token
 * ends at whitespace, at '=' (one '=' is skipped, with blanks around it), or
 * at a double quote, in which case the quoted text joins the token and ends
 * it. Returns 0, or -EINVAL for an unterminated quote.
 */
static int strdelim_span(struct span *s, struct strbuf *tok)
{
	size_t i = 0;
	bool eq;

	strbuf_reset(tok);
	while (i < s->len && !is_ws(s->p[i]) && s->p[i] != '"' && s->p[i] != '=')
		i++;
	if (strbuf_add(tok, s->p, i) < 0)
		return -E2BIG;
	if (i == s->len) {
		span_skip(s, i);
		return 0;
	}
	if (s->p[i] == '"') {
		const char *q = memchr(s->p + i + 1, '"', s->len - i - 1);

		if (!q)
			return -EINVAL;
		if (strbuf_add(tok, s->p + i + 1, (size_t)(q - (s->p + i + 1))) < 0)
			return -E2BIG;
		i = (size_t)(q - s->p) + 1;
		while (i < s->len && is_ws(s->p[i]))
			i++;
		span_skip(s, i);
		return 0;
	}
	eq = s->p[i] == '=';
	i++;
	while (i < s->len && is_ws(s->p[i]))
		i++;
	if (!eq && i < s->len && s->p[i] == '=') {
		i++;
		while (i < s->len && is_ws(s->p[i]))
			i++;
	}
	span_skip(s, i);
	return 0;
}

/*
 * The keyword of a line, as servconf.c finds it: one empty leading token
 * (leading whitespace or '=') is skipped. On return *rest holds the
 * arguments. Returns 0 with an empty kw for blank and comment lines.
 */
static int split_keyword(struct span *rest, struct strbuf *kw)
{
	int r = strdelim_span(rest, kw);

	if (r == 0 && kw->len == 0)
		r = strdelim_span(rest, kw);
	if (r < 0)
		return r;
	if (kw->len && kw->buf[0] == '#')
		strbuf_reset(kw);
	return 0;
}

static void free_args(char **argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/*
 * OpenSSH argv_split() with terminate_on_comment: tokens separated by
 * blanks; single or double quotes group; backslash escapes \' \" \\ and,
 * outside quotes, "\ "; any other backslash is kept; '#' at the start of
 * a token ends the line. *end gets the offset just past the last token.
 * tmp holds at least s.len bytes. Returns 0, -EINVAL (unterminated quote)
 * or -E2BIG (too many arguments); outputs are written only on success.
 */
static int argv_split_span(struct span s, char *tmp, char ***argvp, size_t *argcp, size_t *end)
{
	char **argv = NULL;
	size_t argc = 0, alloc = 0, i, j, last = 0;
	int ret = 0;

	for (i = 0; i < s.len; i++) {
		char quote = 0;

		if (span_is_blank(s.p[i]))
			continue;
		if (s.p[i] == '#')
			break;
		if (argc >= PARSE_MAX_LIST) {
			ret = -E2BIG;
			goto out;
		}
		for (j = 0; i < s.len; i++) {
			char c = s.p[i];
			char n = i + 1 < s.len ? s.p[i + 1] : '\0';

			if (c == '\\') {
				if (n == '\'' || n == '"' || n == '\\' || (!quote && n == ' '))
					i++;
				tmp[j++] = s.p[i];
			} else if (!quote && span_is_blank(c)) {
				break;
			} else if (!quote && (c == '"' || c == '\'')) {
				quote = c;
			} else if (quote && c == quote) {
				quote = 0;
			} else {
				tmp[j++] = c;
			}
		}
		if (quote) {
			ret = -EINVAL;
			goto out;
		}
		ALLOC_GROW(argv, argc + 1, alloc);
		argv[argc++] = xstrndup(tmp, j);
		last = i;
	}
	if (argc < alloc)
		argv = xrealloc(argv, argc * sizeof(*argv));	/* most lines have one or two */
	*argvp = argv;
	*argcp = argc;
	*end = last;
	argv = NULL;
	argc = 0;
out:
	free_args(argv, argc);
	return ret;
}

struct builder {
	struct sshd_config c;
	size_t alloc_v, alloc_m;
	int cur;		/* enclosing Match block, or -1 */
	struct strbuf kw;
	char *tmp;		/* PARSE_MAX_LINE bytes for argv_split_span() */
};

static int too_many(struct err *err)
{
	return err_set(err, -E2BIG, "more than %zu directives", PARSE_MAX_ENTRIES);
}

/*
 * Opens a Match block: a match entry plus a "match" directive (whose match
 * field is the new block's own index). argv is adopted.
 */
static int add_match(struct builder *b, struct span criteria, char **argv, size_t argc,
		     size_t line, struct err *err)
{
	struct sshd_match *m;
	struct sshd_directive *d;

	if (b->c.n >= PARSE_MAX_ENTRIES) {
		free_args(argv, argc);
		return too_many(err);
	}
	ALLOC_GROW(b->c.matches, b->c.n_matches + 1, b->alloc_m);
	m = &b->c.matches[b->c.n_matches];
	m->criteria = xstrndup(criteria.p, criteria.len);
	m->all = argc == 1 && span_eq_icase(SPAN(argv[0], strlen(argv[0])), "all");
	m->line = line;
	b->cur = (int)b->c.n_matches++;

	ALLOC_GROW(b->c.v, b->c.n + 1, b->alloc_v);
	d = &b->c.v[b->c.n++];
	d->keyword = xstrdup("match");
	d->args = argv;
	d->n_args = argc;
	d->match = b->cur;
	d->line = line;
	return 0;
}

static int add_directive(struct builder *b, char **argv, size_t argc, size_t line,
			 struct err *err)
{
	struct sshd_directive *d;

	if (b->c.n >= PARSE_MAX_ENTRIES) {
		free_args(argv, argc);
		return too_many(err);
	}
	ALLOC_GROW(b->c.v, b->c.n + 1, b->alloc_v);
	d = &b->c.v[b->c.n++];
	d->keyword = xstrndup(b->kw.buf, b->kw.len);
	for (size_t i = 0; i < b->kw.len; i++)
		d->keyword[i] = ascii_lower(d->keyword[i]);
	d->args = argv;
	d->n_args = argc;
	d->match = b->cur;
	d->line = line;
	return 0;
}

/*
 * A line we cannot use. If it still starts with "Match", the lines after
 * it must not be taken for part of the previous block (or for global
 * settings), so it opens a block with no arguments anyway.
 */
static int bad_line(struct builder *b, struct span line, size_t lineno, const char *why,
		    struct err *err)
{
	const char *nul = line.len ? memchr(line.p, '\0', line.len) : NULL;

	parse_bad_add(&b->c.bad, lineno, why);
	if (nul)
		line.len = (size_t)(nul - line.p);
	if (line.len > PARSE_MAX_LINE)
		line.len = PARSE_MAX_LINE;
	line = rstrip(line);
	if (split_keyword(&line, &b->kw) < 0 || !span_eq_icase(SPAN(b->kw.buf, b->kw.len), "match"))
		return 0;
	return add_match(b, line, NULL, 0, lineno, err);
}

static int parse_line(struct builder *b, struct span line, size_t lineno, struct err *err)
{
	struct span rest;
	char **argv = NULL;
	size_t argc = 0, end = 0;
	int r;

	if (line.len > PARSE_MAX_LINE)
		return bad_line(b, line, lineno, "line too long", err);
	if (span_has_nul(line))
		return bad_line(b, line, lineno, "NUL byte", err);
	rest = rstrip(line);
	if (split_keyword(&rest, &b->kw) < 0)
		return bad_line(b, line, lineno, "unterminated quote", err);
	if (!b->kw.len)
		return 0;
	r = argv_split_span(rest, b->tmp, &argv, &argc, &end);
	if (r == -EINVAL)
		return bad_line(b, line, lineno, "unterminated quote", err);
	if (r < 0)
		return bad_line(b, line, lineno, "too many arguments", err);
	if (!argc) {
		free(argv);
		return bad_line(b, line, lineno, "missing argument", err);
	}
	if (span_eq_icase(SPAN(b->kw.buf, b->kw.len), "match"))
		return add_match(b, span_trim(SPAN(rest.p, end)), argv, argc, lineno, err);
	return add_directive(b, argv, argc, lineno, err);
}

int sshd_config_parse(const char *buf, size_t len, struct sshd_config *out, struct err *err)
{
	struct builder b = { .cur = -1 };
	struct span rest = SPAN(buf, len), line;
	size_t lineno = 0;
	int ret = 0;

	if (!buf && len)
		return err_set(err, -EINVAL, "sshd_config: no buffer");
	strbuf_init(&b.kw, PARSE_MAX_LINE);
	b.tmp = xmalloc(PARSE_MAX_LINE);
	while (span_next_line(&rest, &line)) {
		ret = parse_line(&b, line, ++lineno, err);
		if (ret < 0)
			goto out;
	}
	*out = b.c;
	memset(&b.c, 0, sizeof(b.c));
out:
	sshd_config_free(&b.c);
	strbuf_release(&b.kw);
	free(b.tmp);
	return ret;
}

void sshd_config_free(struct sshd_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].keyword);
		free_args(c->v[i].args, c->v[i].n_args);
	}
	free(c->v);
	for (size_t i = 0; i < c->n_matches; i++)
		free(c->matches[i].criteria);
	free(c->matches);
	memset(c, 0, sizeof(*c));
}

/*
 * Match evaluation, after OpenSSH 9.x match.c, addrmatch.c and servconf.c
 * match_cfg_line(). Wildcards: '*' any run, '?' one character.
 */
static bool glob_match(const char *s, const char *p)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
		} else if (*p && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

int sshd_pattern_list(const char *s, const char *list, bool dolower)
{
	char sub[1024], low[1024];
	size_t i = 0, len = strlen(list), k;
	bool positive = false;

	if (dolower) {
		/* match_hostname() lowercases the name as well as the patterns */
		for (k = 0; s[k] && k < sizeof(low) - 1; k++)
			low[k] = ascii_lower(s[k]);
		low[k] = '\0';
		s = low;
	}
	while (i < len) {
		bool neg = list[i] == '!';
		size_t n = 0;

		if (neg)
			i++;
		while (i < len && n < sizeof(sub) - 1 && list[i] != ',') {
			sub[n++] = dolower ? ascii_lower(list[i]) : list[i];
			i++;
		}
		if (n >= sizeof(sub) - 1)
			return 0;	/* OpenSSH: a subpattern too long fails the list */
		if (i < len && list[i] == ',')
			i++;
		sub[n] = '\0';
		if (glob_match(s, sub)) {
			if (neg)
				return -1;
			positive = true;
		}
	}
	return positive;
}

struct xaddr {
	int af;			/* AF_INET or AF_INET6, 0 when not an address */
	unsigned char a[16];
};

/* addr_pton(): getaddrinfo(AI_NUMERICHOST) takes the inet_aton forms for IPv4. */
static bool xaddr_parse(const char *s, struct xaddr *x)
{
	struct in_addr in4;

	memset(x, 0, sizeof(*x));
	if (!*s || strchr(s, ' ') || strchr(s, '%'))
		return false;
	if (inet_pton(AF_INET6, s, x->a) == 1) {
		x->af = AF_INET6;
		return true;
	}
	if (inet_aton(s, &in4)) {
		memcpy(x->a, &in4, 4);
		x->af = AF_INET;
		return true;
	}
	return false;
}

/* addr_pton_cidr(): 0, -1 (not an address: try a wildcard), -2 (invalid). */
static int xaddr_cidr(const char *p, struct xaddr *net, unsigned *masklen)
{
	char buf[64];
	char *slash, *end;
	unsigned long ml = 0;
	size_t len = strlen(p), bits, i;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, p, len + 1);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (*slash < '0' || *slash > '9')
			return -1;
		errno = 0;
		ml = strtoul(slash, &end, 10);
		if (*end || errno || ml > 128)
			return -1;
	}
	if (!xaddr_parse(buf, net))
		return -1;
	bits = net->af == AF_INET ? 32 : 128;
	if (!slash)
		ml = bits;
	if (ml > bits)
		return -2;
	for (i = ml; i < bits; i++)
		if (net->a[i / 8] & (0x80 >> (i % 8)))
			return -2;	/* host bits set under the mask */
	*masklen = (unsigned)ml;
	return 0;
}

static bool xaddr_in(const struct xaddr *h, const struct xaddr *net, unsigned masklen)
{
	unsigned i;

	if (h->af != net->af)
		return false;
	for (i = 0; i < masklen; i++)
		if ((h->a[i / 8] ^ net->a[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

int sshd_addr_list(const char *addr, const char *list)
{
	struct xaddr host, net;
	char item[1024];
	const char *p = list;
	int ret = 0;

	if (addr && !xaddr_parse(addr, &host))
		return 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *cp = item;
		bool neg, hit = false;
		unsigned masklen;
		int r;

		if (n >= sizeof(item))
			n = sizeof(item) - 1;
		memcpy(item, p, n);
		item[n] = '\0';
		neg = *cp == '!';
		if (neg)
			cp++;
		if (!*cp)
			return -2;
		r = xaddr_cidr(cp, &net, &masklen);
		if (r == -2)
			return -2;
		if (r == 0)
			hit = addr && xaddr_in(&host, &net, masklen);
		else
			hit = addr && glob_match(addr, cp);
		if (hit) {
			if (neg)
				return -1;
			ret = 1;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return ret;
}

/* match_cfg_line_group(): a negated group of the user's refuses the block. */
static bool group_match(const struct sshd_conn *c, const char *list)
{
	bool found = false;

	if (!c->user || !c->user_exists)
		return false;
	for (size_t i = 0; i < c->n_groups; i++)
		switch (sshd_pattern_list(c->groups[i], list, false)) {
		case -1:
			return false;
		case 1:
			found = true;
		}
	return found;
}

/* a2port() */
static int parse_port(const char *s)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < 0 || v > 65535)
		return -1;
	return (int)v;
}

int sshd_match_eval(const char *criteria, const struct sshd_conn *c)
{
	struct span rest = SPAN(criteria, strlen(criteria));
	struct strbuf attr = STRBUF_INIT, arg = STRBUF_INIT;
	int result = 1, n = 0, ret;

	strbuf_init(&attr, PARSE_MAX_LINE);
	strbuf_init(&arg, PARSE_MAX_LINE);
	for (;;) {
		if (strdelim_span(&rest, &attr) < 0)
			goto bad;
		if (!attr.len || attr.buf[0] == '#')
			break;
		n++;
		if (span_eq_icase(SPAN(attr.buf, attr.len), "all")) {
			if (n > 1)
				goto bad;
			if (strdelim_span(&rest, &arg) < 0 || (arg.len && arg.buf[0] != '#'))
				goto bad;
			ret = 1;
			goto out;
		}
		if (strdelim_span(&rest, &arg) < 0 || !arg.len || arg.buf[0] == '#')
			goto bad;
		if (span_eq_icase(SPAN(attr.buf, attr.len), "user")) {
			if (!c->user || sshd_pattern_list(c->user, arg.buf, false) != 1)
				result = 0;
		} else if (span_eq_icase(SPAN(attr.buf, attr.len), "group")) {
			if (!group_match(c, arg.buf))
				result = 0;
		} else if (span_eq_icase(SPAN(attr.buf, attr.len), "host")) {
			if (!c->host || sshd_pattern_list(c->host, arg.buf, true) != 1)
				result = 0;
		} else if (span_eq_icase(SPAN(attr.buf, attr.len), "address") ||
			   span_eq_icase(SPAN(attr.buf, attr.len), "localaddress")) {
			const char *a = attr.buf[0] == 'a' || attr.buf[0] == 'A' ? c->addr : c->laddr;
			int r = sshd_addr_list(a, arg.buf);

			if (r == -2 || (!a && sshd_addr_list(NULL, arg.buf) != 0))
				goto bad;
			if (r != 1)
				result = 0;
		} else if (span_eq_icase(SPAN(attr.buf, attr.len), "localport")) {
			int port = parse_port(arg.buf);

			if (port < 0)
				goto bad;
			if (!c->lport || port != c->lport)
				result = 0;
		} else if (span_eq_icase(SPAN(attr.buf, attr.len), "rdomain")) {
			result = 0;	/* routing domains: not modelled, never taken to apply */
		} else {
			goto bad;
		}
	}
	ret = n ? result : -EINVAL;
	goto out;
bad:
	ret = -EINVAL;
out:
	strbuf_release(&attr);
	strbuf_release(&arg);
	return ret;
}

size_t sshd_match_args(const char *criteria, const char *attr, void (*fn)(const char *list, void *arg), void *arg)
{
	struct span rest = SPAN(criteria, strlen(criteria));
	struct strbuf a = STRBUF_INIT, v = STRBUF_INIT;
	size_t n = 0;

	strbuf_init(&a, PARSE_MAX_LINE);
	strbuf_init(&v, PARSE_MAX_LINE);
	while (strdelim_span(&rest, &a) == 0 && a.len && a.buf[0] != '#') {
		if (span_eq_icase(SPAN(a.buf, a.len), "all") || strdelim_span(&rest, &v) < 0 || !v.len)
			break;
		if (span_eq_icase(SPAN(a.buf, a.len), attr)) {
			fn(v.buf, arg);
			n++;
		}
	}
	strbuf_release(&a);
	strbuf_release(&v);
	return n;
}

int sshd_match_user(const char *user, const char *host, const char *addr, const char *pattern)
{
	const char *at = strchr(pattern, '@');
	char upat[256];
	int mip, mhost;

	if (!at)
		return glob_match(user, pattern);
	if ((size_t)(at - pattern) >= sizeof(upat))
		return 0;
	memcpy(upat, pattern, (size_t)(at - pattern));
	upat[at - pattern] = '\0';
	if (!glob_match(user, upat))
		return 0;
	/* match_host_and_ip() */
	mip = addr ? sshd_addr_list(addr, at + 1) : 0;
	if (mip == -2)
		return -1;
	mhost = host ? sshd_pattern_list(host, at + 1, true) : 0;
	if (mip == -1 || mhost == -1)
		return 0;
	return mhost == 1 || mip == 1;
}
