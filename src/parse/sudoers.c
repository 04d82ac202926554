/*
 * sudoers(5) parser (see parse/sudoers.h). The lexical rules follow sudo's
 * own lexer (plugins/sudoers/toke.l) closely enough that what sudo grants
 * is what we report:
 *  - a comment ('#' not followed by a digit or "-digit") runs to the end of
 *    its physical line and is never continued by a trailing backslash;
 *  - a backslash before the newline joins two physical lines as one blank;
 *  - command arguments end at an unescaped ',', ':', '#' or a lone '=';
 *  - a statement sudo would reject is a bad line and nothing of it is kept
 *    (sudo's error recovery drops the whole line too).
 * Scanning works on a cursor over the input, so nothing but the tokens is
 * copied; a statement longer than PARSE_MAX_LINE bytes is a bad line.
 */
#include "parse/sudoers.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CEOL (-1)	/* end of the logical line (or of the input) */

/*
 * Each rule of a line gets its own copy of the line's users and hosts; this
 * caps the names copied for one line, so that a 64 KiB line cannot ask for
 * gigabytes ("u1,...,u9999 ALL = (a) /x, (b) /x, (a) /x, ...").
 */
#define SUDO_MAX_LINE_NAMES	PARSE_MAX_LIST

/* The tag and option words that may precede a command (sudoers(5) Tag_Spec, Option_Spec). */
static const char *const cmnd_tags[] = {
	"EXEC", "NOEXEC", "FOLLOW", "NOFOLLOW", "LOG_INPUT", "NOLOG_INPUT",
	"LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL", "INTERCEPT", "NOINTERCEPT",
	"PASSWD", "NOPASSWD", "SETENV", "NOSETENV",
};
static const char *const cmnd_options[] = {
	"CWD", "CHROOT", "TIMEOUT", "NOTBEFORE", "NOTAFTER", "ROLE", "TYPE",
	"APPARMOR_PROFILE", "PRIVS", "LIMITPRIVS",
};

/* Where a name is read: decides '%'/'+' prefixes, IPv6 colons, path characters. */
enum nctx { NC_USER, NC_HOST, NC_CMND };

struct cur {
	const char *p;
	size_t len;
	size_t pos;
	size_t lineno;		/* physical line of pos, from 1 */
	size_t limit;		/* the statement may not read at or past this offset */
	bool too_long;
};

struct strvec {
	char **v;
	size_t n;
	size_t alloc;
};

struct sp {
	struct cur c;
	struct strbuf tok;	/* scratch for the token being read */
	struct sudoers *out;
	size_t a_rules, a_aliases, a_defaults, a_includes;
	size_t *ahash;		/* (kind, name) of committed aliases: index + 1, 0 = free */
	size_t ahash_cap;
	size_t line;		/* first physical line of the statement */
	size_t names;		/* user and host names copied into the statement's rules */
	const char *why;	/* reason of the first syntax error in the statement */
	int fatal;		/* a cap on the whole file was hit */
};

static bool is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_upper(int ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static bool is_lower(int ch)
{
	return ch >= 'a' && ch <= 'z';
}

static bool is_xdigit(int ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* sudo's WORD characters: anything but # > ! = : , ( ) " \ blanks, line ends and NUL. */
static bool is_word_ch(int ch)
{
	switch (ch) {
	case CEOL: case '\0': case '#': case '>': case '!': case '=': case ':': case ',':
	case '(': case ')': case '"': case '\\': case ' ': case '\t': case '\r': case '\n':
		return false;
	default:
		return true;
	}
}

static bool in_set(int ch, const char *set)
{
	return ch > 0 && strchr(set, ch) != NULL;
}

static int fail(struct sp *s, const char *why)
{
	if (!s->why)
		s->why = why;
	return -1;
}

/* ---- cursor ---------------------------------------------------------- */

/* Length of a line continuation (backslash, blanks, newline or end of input) at pos; 0 if none. */
static size_t cont_len(const struct cur *c, size_t pos)
{
	size_t i;

	if (pos >= c->len || c->p[pos] != '\\')
		return 0;
	for (i = pos + 1; i < c->len && is_blank(c->p[i]); i++)
		;
	if (i == c->len)
		return i - pos;
	if (c->p[i] == '\n')
		return i + 1 - pos;
	if (c->p[i] == '\r' && i + 1 < c->len && c->p[i + 1] == '\n')
		return i + 2 - pos;
	return 0;
}

static bool raw_eol(const struct cur *c, size_t pos)
{
	return pos >= c->len || c->p[pos] == '\n' ||
	       (c->p[pos] == '\r' && (pos + 1 == c->len || c->p[pos + 1] == '\n'));
}

/* The character at the cursor: a continuation reads as ' ', the line end as CEOL. */
static int peek(struct cur *c)
{
	if (c->pos >= c->limit) {
		c->too_long = true;
		return CEOL;
	}
	if (raw_eol(c, c->pos))
		return CEOL;
	if (cont_len(c, c->pos))
		return ' ';
	return (unsigned char)c->p[c->pos];
}

/* The byte after a (non-continuation) backslash at the cursor; peek() made sure it exists. */
static int escaped(const struct cur *c)
{
	return (unsigned char)c->p[c->pos + 1];
}

static void adv(struct cur *c)
{
	size_t n;

	if (raw_eol(c, c->pos))
		return;
	n = cont_len(c, c->pos);
	if (!n) {
		c->pos++;
		return;
	}
	if (c->p[c->pos + n - 1] == '\n')
		c->lineno++;
	c->pos += n;
}

static bool skip_blanks(struct cur *c)
{
	bool any = false;

	while (is_blank(peek(c))) {
		adv(c);
		any = true;
	}
	return any;
}

/* A '#' at pos starts a comment unless a uid/gid ("#123", "#-1") follows. */
static bool comment_at(const struct cur *c, size_t pos)
{
	if (pos + 1 < c->len && is_digit(c->p[pos + 1]))
		return false;
	if (pos + 2 < c->len && c->p[pos + 1] == '-' && is_digit(c->p[pos + 2]))
		return false;
	return true;
}

/* Comments end at the physical newline: no continuation, no length cap. */
static void skip_comment(struct cur *c)
{
	const char *nl = memchr(c->p + c->pos, '\n', c->len - c->pos);

	c->pos = nl ? (size_t)(nl - c->p) : c->len;
	if (c->pos > 0 && c->pos < c->len && c->p[c->pos - 1] == '\r')
		c->pos--;
}

/* Blanks, then an optional comment, then the end of the line. */
static bool at_end(struct cur *c)
{
	skip_blanks(c);
	if (peek(c) == '#' && comment_at(c, c->pos))
		skip_comment(c);
	return peek(c) == CEOL;
}

/* Skips what is left of the logical line, then its newline. */
static void skip_rest(struct cur *c)
{
	bool quoted = false;
	int ch;

	c->limit = SIZE_MAX;
	while ((ch = peek(c)) != CEOL) {
		if (ch == '"') {
			quoted = !quoted;
		} else if (ch == '#' && !quoted && comment_at(c, c->pos)) {
			skip_comment(c);
			break;
		} else if (ch == '\\') {
			c->pos += 2;
			continue;
		}
		adv(c);
	}
	if (c->pos < c->len && c->p[c->pos] == '\r')
		c->pos++;
	if (c->pos < c->len && c->p[c->pos] == '\n') {
		c->pos++;
		c->lineno++;
	}
}

static bool raw_starts(const struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	return c->len - c->pos >= n && memcmp(c->p + c->pos, lit, n) == 0;
}

/* An uppercase identifier [A-Z][A-Z0-9_]* at the cursor, not followed by more word characters. */
static struct span ident_at(const struct cur *c)
{
	size_t i = c->pos;

	if (i >= c->len || !is_upper(c->p[i]))
		return SPAN(c->p + c->pos, 0);
	while (i < c->len && i < c->limit &&
	       (is_upper(c->p[i]) || is_digit(c->p[i]) || c->p[i] == '_'))
		i++;
	if (i < c->len && is_word_ch((unsigned char)c->p[i]) && !raw_eol(c, i))
		return SPAN(c->p + c->pos, 0);
	return SPAN(c->p + c->pos, i - c->pos);
}

/* A run of WORD characters (no escapes) at the cursor. */
static struct span word_at(const struct cur *c)
{
	size_t i = c->pos;

	while (i < c->len && i < c->limit && !raw_eol(c, i) && is_word_ch((unsigned char)c->p[i]))
		i++;
	return SPAN(c->p + c->pos, i - c->pos);
}

static bool in_table(struct span w, const char *const *tab, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (span_eq(w, tab[i]))
			return true;
	return false;
}

/* ---- small containers ------------------------------------------------ */

static void strvec_push(struct strvec *sv, char *s)
{
	ALLOC_GROW(sv->v, sv->n + 1, sv->alloc);
	sv->v[sv->n++] = s;
}

static void free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void strvec_clear(struct strvec *sv)
{
	free_strs(sv->v, sv->n);
	memset(sv, 0, sizeof(*sv));
}

static char **strs_dup(const struct strvec *sv)
{
	char **v = xcalloc(sv->n, sizeof(*v));
	size_t i;

	for (i = 0; i < sv->n; i++)
		v[i] = xstrdup(sv->v[i]);
	return v;
}

static int addc(struct sp *s, int ch)
{
	if (ch == '\0')
		return fail(s, "NUL byte");
	if (strbuf_addch(&s->tok, ch) < 0)
		return fail(s, "line too long");
	return 0;
}

static char *tok_dup(const struct sp *s)
{
	return xstrndup(s->tok.buf, s->tok.len);
}

/* Bytes [from, to) of the input with continuations as one blank, trimmed; NULL if empty. */
static char *raw_text(struct sp *s, size_t from, size_t to)
{
	struct span t;
	size_t i = from, n;

	strbuf_reset(&s->tok);
	while (i < to) {
		n = cont_len(&s->c, i);
		if (n) {
			if (addc(s, ' ') < 0)
				return NULL;
			i += n;
			continue;
		}
		if (addc(s, (unsigned char)s->c.p[i]) < 0)
			return NULL;
		i++;
	}
	t = span_trim(SPAN(s->tok.buf, s->tok.len));
	return xstrndup(t.p, t.len);
}

/* ---- tokens ---------------------------------------------------------- */

/* A "quoted string" at the cursor, appended without the quotes; \" is a quote. */
static int read_quoted(struct sp *s)
{
	struct cur *c = &s->c;
	size_t start = s->tok.len;
	int ch;

	adv(c);
	for (;;) {
		ch = peek(c);
		if (ch == CEOL)
			return fail(s, "unterminated string");
		if (cont_len(c, c->pos)) {
			/* sudo drops the continuation and the next line's indentation */
			adv(c);
			while (c->pos < c->len && c->pos < c->limit && is_blank(c->p[c->pos]))
				c->pos++;
			continue;
		}
		adv(c);
		if (ch == '"')
			break;
		if (ch == '\\' && peek(c) == '"') {
			adv(c);
			ch = '"';
		}
		if (addc(s, ch) < 0)
			return -1;
	}
	if (s->tok.len == start)
		return fail(s, "empty string");
	return 0;
}

/* May the ':' at the cursor continue an IPv6 address (fe80::1, ::1)? */
static bool ipv6_colon(const struct cur *c)
{
	int next;

	if (c->pos + 1 >= c->len)
		return false;
	next = (unsigned char)c->p[c->pos + 1];
	return is_xdigit(next) || next == ':';
}

/* One user, host, runas or command-binding name: "quoted", %group, %:group, +netgroup, #uid, word. */
static int read_name(struct sp *s, enum nctx ctx)
{
	struct cur *c = &s->c;
	size_t start = s->tok.len;
	int ch = peek(c);
	bool v6;

	if (ch == '"')
		return read_quoted(s);
	if (ctx != NC_CMND && (ch == '%' || ch == '+')) {
		if (addc(s, ch) < 0)
			return -1;
		adv(c);
		if (ch == '%' && peek(c) == ':') {
			if (addc(s, ':') < 0)
				return -1;
			adv(c);
		}
		start = s->tok.len;
		ch = peek(c);
		if (ch == '"')
			return read_quoted(s);
	}
	if (ch == '#' && ctx != NC_CMND) {
		if (addc(s, '#') < 0)
			return -1;
		adv(c);
		if (peek(c) == '-') {
			if (addc(s, '-') < 0)
				return -1;
			adv(c);
		}
		if (!is_digit(peek(c)))
			return fail(s, "bad uid or gid");
		while (is_digit(ch = peek(c))) {
			if (addc(s, ch) < 0)
				return -1;
			adv(c);
		}
		return 0;
	}
	for (v6 = ctx == NC_HOST;; v6 = v6 && (is_xdigit(ch) || ch == ':' || ch == '.')) {
		ch = peek(c);
		if (ch == '\\') {
			ch = escaped(c);
			if (ch == '\t' || ch == '\r' || addc(s, ch) < 0)
				return fail(s, "bad escape");
			c->pos += 2;
			v6 = false;
			continue;
		}
		/* a host made of hex digits, ':' and '.' so far may go on with ':' */
		if (!is_word_ch(ch) && !(ch == ':' && v6 && ipv6_colon(c)))
			break;
		if (addc(s, ch) < 0)
			return -1;
		adv(c);
	}
	if (s->tok.len == start)
		return fail(s, "missing name");
	return 0;
}

/* An item of a list: '!'s (odd count kept as one '!') then a name. */
static int read_item(struct sp *s, enum nctx ctx, char **out)
{
	struct cur *c = &s->c;
	unsigned neg = 0;

	strbuf_reset(&s->tok);
	skip_blanks(c);
	while (peek(c) == '!') {
		neg++;
		adv(c);
		skip_blanks(c);
	}
	if ((neg & 1) && addc(s, '!') < 0)
		return -1;
	if (read_name(s, ctx) < 0)
		return -1;
	*out = tok_dup(s);
	return 0;
}

static int read_list(struct sp *s, enum nctx ctx, struct strvec *sv)
{
	struct cur *c = &s->c;
	char *item;

	for (;;) {
		if (sv->n >= PARSE_MAX_LIST)
			return fail(s, "list too long");
		if (read_item(s, ctx, &item) < 0)
			return -1;
		strvec_push(sv, item);
		skip_blanks(c);
		if (peek(c) != ',')
			return 0;
		adv(c);
	}
}

/* "sha224" .. "sha512" then ':' (blanks allowed): the start of a Digest_Spec. */
static size_t digest_at(struct sp *s)
{
	static const struct { const char *name; size_t len; } algs[] = {
		{ "sha224", 28 }, { "sha256", 32 }, { "sha384", 48 }, { "sha512", 64 },
	};
	struct cur save = s->c;
	size_t i, dlen = 0;

	for (i = 0; i < ARRAY_SIZE(algs); i++)
		if (raw_starts(&s->c, algs[i].name))
			dlen = algs[i].len;
	if (!dlen || word_at(&s->c).len != 6)
		return 0;
	s->c.pos += 6;
	skip_blanks(&s->c);
	if (peek(&s->c) != ':')
		dlen = 0;
	s->c = save;
	return dlen;
}

/* A digest (hex or base64 of the algorithm's length); only checked, not kept. */
static int read_digest(struct sp *s, size_t dlen)
{
	struct cur *c = &s->c;
	size_t i, n;
	bool hex = true;

	c->pos += 6;
	skip_blanks(c);
	adv(c);		/* ':' */
	skip_blanks(c);
	for (n = 0, i = c->pos; i < c->len && i < c->limit; i++, n++) {
		int ch = (unsigned char)c->p[i];
		if (!is_xdigit(ch) && !is_upper(ch) && !is_lower(ch) && ch != '+' && ch != '/' && ch != '=')
			break;
		if (!is_xdigit(ch))
			hex = false;
	}
	c->pos = i;
	if (hex && n == dlen * 2)
		return 0;
	if (!hex && n && (n == 4 * ((dlen + 2) / 3) || n == (4 * dlen + 2) / 3))
		return 0;
	return fail(s, "bad digest");
}

/* A regular expression "^...$" (command or first argument), kept as written. */
static int read_regex(struct sp *s)
{
	struct cur *c = &s->c;
	int ch;

	for (;;) {
		ch = peek(c);
		if (ch == CEOL || ch == '#')
			return fail(s, "unterminated regular expression");
		if (ch == '\\') {
			if (addc(s, '\\') < 0 || addc(s, escaped(c)) < 0)
				return -1;
			c->pos += 2;
			continue;
		}
		if (addc(s, ch) < 0)
			return -1;
		adv(c);
		if (ch == '$')
			return 0;
	}
}

/* A command path: ends at a blank, ',', ':', '=', '#'; "\," and friends are literal. */
static int read_path(struct sp *s)
{
	struct cur *c = &s->c;
	int ch;

	for (;;) {
		ch = peek(c);
		if (ch == '\\') {
			ch = escaped(c);
			if (in_set(ch, "*?[]!^")) {
				if (addc(s, '\\') < 0)
					return -1;
			} else if (!in_set(ch, ",:= \t#")) {
				return fail(s, "bad escape in command");
			}
			if (addc(s, ch) < 0)
				return -1;
			c->pos += 2;
			continue;
		}
		if (ch == CEOL || is_blank(ch) || in_set(ch, ",:=#\r") || ch == '\0')
			return 0;
		if (addc(s, ch) < 0)
			return -1;
		adv(c);
	}
}

/* Is the '=' at the cursor a token of its own (it ends the arguments)? */
static bool lone_equals(const struct cur *c)
{
	size_t i = c->pos + 1;

	return i >= c->len || in_set(c->p[i], "#\\:, \t\r\n") || c->p[i] == '\0';
}

/* Command arguments, joined by single blanks; end at '#', ':', ',', a lone '=' or the line end. */
static int read_args(struct sp *s)
{
	struct cur *c = &s->c;
	bool first = true, space;
	int ch;

	for (;;) {
		space = skip_blanks(c);
		ch = peek(c);
		if (ch == CEOL || in_set(ch, "#:,") || (ch == '=' && lone_equals(c)))
			return 0;
		if (ch == '\0' || ch == '\r')
			return fail(s, "bad character in arguments");
		if (space && addc(s, ' ') < 0)
			return -1;
		if (first && ch == '^')
			return read_regex(s);	/* sudo allows nothing after a regex */
		first = false;
		for (;;) {
			ch = peek(c);
			if (ch == '\\') {
				ch = escaped(c);
				if (in_set(ch, "*?[]!^")) {
					if (addc(s, '\\') < 0)
						return -1;
				} else if (!in_set(ch, ":\\,= \t#")) {
					return fail(s, "bad escape in arguments");
				}
				if (addc(s, ch) < 0)
					return -1;
				c->pos += 2;
				continue;
			}
			if (ch == CEOL || is_blank(ch) || in_set(ch, "#:,\r") || ch == '\0')
				break;
			if (addc(s, ch) < 0)
				return -1;
			adv(c);
		}
	}
}

static bool is_alias_name(struct span w)
{
	size_t i;

	if (!w.len || !is_upper(w.p[0]) || span_eq(w, "ALL"))
		return false;
	for (i = 1; i < w.len; i++)
		if (!is_upper(w.p[i]) && !is_digit(w.p[i]) && w.p[i] != '_')
			return false;
	return true;
}

/*
 * A command with its digests and negations: leaves the canonical text in
 * s->tok ("!" when negated, the command, " args"); digests are checked and dropped.
 */
static int read_cmnd(struct sp *s, bool *neg_out, bool *all_out)
{
	struct cur *c = &s->c;
	struct span w;
	unsigned neg = 0;
	bool args = false, all = false;
	size_t dlen;
	int ch;

	strbuf_reset(&s->tok);
	skip_blanks(c);
	while ((dlen = digest_at(s))) {
		if (read_digest(s, dlen) < 0)
			return -1;
		skip_blanks(c);
		if (peek(c) != ',')
			break;
		adv(c);
		skip_blanks(c);
		if (!digest_at(s))
			return fail(s, "expected a digest after ','");
	}
	while (peek(c) == '!') {
		neg++;
		adv(c);
		skip_blanks(c);
	}
	if ((neg & 1) && addc(s, '!') < 0)
		return -1;
	ch = peek(c);
	if (ch == '/') {
		if (read_path(s) < 0)
			return -1;
		args = s->tok.buf[s->tok.len - 1] != '/';	/* a directory takes no arguments */
	} else if (ch == '^') {
		if (read_regex(s) < 0)
			return -1;
		args = true;
	} else {
		w = word_at(c);
		if (span_eq(w, "ALL"))
			all = !(neg & 1);
		else if (span_eq(w, "sudoedit"))
			args = true;
		else if (!span_eq(w, "list") && !is_alias_name(w))
			return fail(s, w.len ? "bad command" : "missing command");
		if (strbuf_add(&s->tok, w.p, w.len) < 0)
			return fail(s, "line too long");
		c->pos += w.len;
	}
	if (args && read_args(s) < 0)
		return -1;
	*neg_out = neg & 1;
	*all_out = all;
	return 0;
}

/* The value of CWD=, TIMEOUT=, ...: a quoted string or a word; checked, not kept. */
static int read_optval(struct sp *s)
{
	struct cur *c = &s->c;
	size_t start;
	int ch;

	strbuf_reset(&s->tok);
	skip_blanks(c);
	if (peek(c) == '"')
		return read_quoted(s);
	start = c->pos;
	for (;;) {
		ch = peek(c);
		if (ch == '\\') {
			if (escaped(c) == '\0')
				return fail(s, "NUL byte");
			c->pos += 2;
			continue;
		}
		if (ch == CEOL || is_blank(ch) || in_set(ch, ",:=#\"\r") || ch == '\0')
			break;
		adv(c);
	}
	return c->pos == start ? fail(s, "missing option value") : 0;
}

/* ---- output ---------------------------------------------------------- */

static struct sudo_rule *new_rule(struct sp *s, const struct strvec *users,
				  const struct strvec *hosts, const char *runas)
{
	struct sudoers *o = s->out;
	struct sudo_rule *r;

	if (o->n_rules >= PARSE_MAX_ENTRIES) {
		s->fatal = -E2BIG;
		fail(s, "too many rules");
		return NULL;
	}
	s->names += users->n + hosts->n;
	if (s->names > SUDO_MAX_LINE_NAMES) {
		fail(s, "too many rules on one line");
		return NULL;
	}
	ALLOC_GROW(o->rules, o->n_rules + 1, s->a_rules);
	r = &o->rules[o->n_rules++];
	memset(r, 0, sizeof(*r));
	r->users = strs_dup(users);
	r->n_users = users->n;
	r->hosts = strs_dup(hosts);
	r->n_hosts = hosts->n;
	r->runas = runas ? xstrdup(runas) : NULL;
	r->line = s->line;
	return r;
}

static void rule_free(struct sudo_rule *r)
{
	size_t i;

	free_strs(r->users, r->n_users);
	free_strs(r->hosts, r->n_hosts);
	free(r->runas);
	for (i = 0; i < r->n_cmnds; i++)
		free(r->cmnds[i].cmnd);
	free(r->cmnds);
}

static void alias_free(struct sudo_alias *a)
{
	free(a->name);
	free_strs(a->members, a->n_members);
}

/* ---- statements ------------------------------------------------------ */

/* "(runas)": the raw text between the parentheses, trimmed. */
static int read_runas(struct sp *s, char **out)
{
	struct cur *c = &s->c;
	size_t from;
	int ch;

	adv(c);
	from = c->pos;
	for (;;) {
		ch = peek(c);
		if (ch == ')')
			break;
		if (ch == CEOL || ch == '(' || ch == '\0' || (ch == '#' && comment_at(c, c->pos)))
			return fail(s, "unterminated runas list");
		if (ch == '"') {
			strbuf_reset(&s->tok);
			if (read_quoted(s) < 0)
				return -1;
			continue;
		}
		if (ch == '\\') {
			if (escaped(c) == '\0')
				return fail(s, "NUL byte");
			c->pos += 2;
			continue;
		}
		adv(c);
	}
	*out = raw_text(s, from, c->pos);
	adv(c);
	return *out ? 0 : -1;
}

/* Tags ("NOPASSWD:") and options ("CWD=/x") before a command; updates *nopasswd. */
static int read_tags(struct sp *s, bool *nopasswd)
{
	struct cur *c = &s->c;
	struct cur save;
	struct span id;

	for (;;) {
		skip_blanks(c);
		id = ident_at(c);
		if (!id.len)
			return 0;
		save = *c;
		c->pos += id.len;
		skip_blanks(c);
		if (peek(c) == ':' && in_table(id, cmnd_tags, ARRAY_SIZE(cmnd_tags))) {
			adv(c);
			if (span_eq(id, "NOPASSWD"))
				*nopasswd = true;
			else if (span_eq(id, "PASSWD"))
				*nopasswd = false;
			continue;
		}
		if (peek(c) == '=' && in_table(id, cmnd_options, ARRAY_SIZE(cmnd_options))) {
			adv(c);
			if (read_optval(s) < 0)
				return -1;
			continue;
		}
		*c = save;
		return 0;
	}
}

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
	bool nopasswd = false, neg, all;
	int rc = -1;

	for (;;) {
		skip_blanks(c);
		if (peek(c) == '(') {
			if (read_runas(s, &ra) < 0)
				goto out;
			if (ri != SIZE_MAX && (!s->out->rules[ri].runas ||
					       strcmp(s->out->rules[ri].runas, ra)))
				ri = SIZE_MAX;
			free(runas);
			runas = ra;
		}
		if (read_tags(s, &nopasswd) < 0 || read_cmnd(s, &neg, &all) < 0)
			goto out;
		if (ri == SIZE_MAX) {
			if (!new_rule(s, users, hosts, runas))
				goto out;
			ri = s->out->n_rules - 1;
			alloc = 0;
		}
		r = &s->out->rules[ri];
		if (r->n_cmnds >= PARSE_MAX_LIST) {
			fail(s, "list too long");
			goto out;
		}
		ALLOC_GROW(r->cmnds, r->n_cmnds + 1, alloc);
		cm = &r->cmnds[r->n_cmnds++];
		cm->cmnd = tok_dup(s);
		cm->negated = neg;
		cm->nopasswd = nopasswd;
		cm->all = all;
		skip_blanks(c);
		if (peek(c) != ',')
			break;
		adv(c);
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

	if (read_list(s, NC_USER, &users) < 0)
		goto out;
	for (;;) {
		strvec_clear(&hosts);
		if (read_list(s, NC_HOST, &hosts) < 0)
			goto out;
		skip_blanks(c);
		if (peek(c) != '=') {
			fail(s, "expected '='");
			goto out;
		}
		adv(c);
		if (parse_cmndspecs(s, &users, &hosts) < 0)
			goto out;
		skip_blanks(c);
		if (peek(c) != ':')
			break;
		adv(c);
	}
	rc = at_end(c) ? 0 : fail(s, "unexpected text after command");
out:
	strvec_clear(&users);
	strvec_clear(&hosts);
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
		skip_blanks(c);
		id = ident_at(c);
		if (!is_alias_name(id))
			return fail(s, "bad alias name");
		c->pos += id.len;
		skip_blanks(c);
		if (peek(c) != '=')
			return fail(s, "expected '='");
		adv(c);
		if (kind != SUDO_ALIAS_CMND) {
			if (read_list(s, ctx[kind], &members) < 0)
				goto bad;
		} else {
			for (;;) {
				if (members.n >= PARSE_MAX_LIST) {
					fail(s, "list too long");
					goto bad;
				}
				if (read_cmnd(s, &neg, &all) < 0)
					goto bad;
				strvec_push(&members, tok_dup(s));
				skip_blanks(c);
				if (peek(c) != ',')
					break;
				adv(c);
			}
		}
		if (o->n_aliases >= PARSE_MAX_ENTRIES) {
			s->fatal = -E2BIG;
			fail(s, "too many aliases");
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
		skip_blanks(c);
		if (peek(c) != ':')
			break;
		adv(c);
	}
	return at_end(c) ? 0 : fail(s, "unexpected text after alias");
bad:
	strvec_clear(&members);
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
		skip_blanks(c);
		neg = 0;
		while (peek(c) == '!') {
			neg++;
			adv(c);
			skip_blanks(c);
		}
		name = SPAN(c->p + c->pos, 0);
		while (c->pos + name.len < c->limit && c->pos + name.len < c->len &&
		       (is_lower(name.p[name.len]) || name.p[name.len] == '_'))
			name.len++;
		if (!name.len)
			return fail(s, "bad Defaults parameter");
		c->pos += name.len;
		skip_blanks(c);
		ch = peek(c);
		value = false;
		if (ch == '=') {
			adv(c);
			value = true;
		} else if ((ch == '+' || ch == '-') && c->pos + 1 < c->len && c->p[c->pos + 1] == '=') {
			c->pos += 2;
			value = true;
		}
		if (value) {
			if (neg & 1)
				return fail(s, "negated Defaults parameter with a value");
			skip_blanks(c);
			strbuf_reset(&s->tok);
			if (peek(c) == '"') {
				if (read_quoted(s) < 0)
					return -1;
			} else {
				size_t start = c->pos;
				while ((ch = peek(c)) != CEOL && !is_blank(ch) && !in_set(ch, "#=,\"\r") && ch != '\0' &&
				       !(ch == '!' && c->pos == start)) {
					if (ch == '\\')
						c->pos++;
					adv(c);
				}
				if (c->pos == start)
					return fail(s, "missing Defaults value");
			}
		} else if (span_eq(name, "authenticate")) {
			*auth_off = neg & 1;
		}
		*end = c->pos;
		skip_blanks(c);
		if (peek(c) != ',')
			return 0;
		adv(c);
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
	int sep = peek(c);

	if (in_set(sep, ":@>!")) {
		adv(c);
		skip_blanks(c);
		if (read_list(s, sep == '@' ? NC_HOST : sep == '!' ? NC_CMND : NC_USER, &bind) < 0)
			goto bad;
		strbuf_reset(&s->tok);
		if (addc(s, sep) < 0)
			goto bad;
		for (i = 0; i < bind.n; i++)
			if ((i && addc(s, ',') < 0) || strbuf_adds(&s->tok, bind.v[i]) < 0)
				goto bad;
		binding = tok_dup(s);
	} else if (!is_blank(sep)) {
		fail(s, "missing Defaults parameters");
		goto bad;
	}
	skip_blanks(c);
	from = c->pos;
	if (read_params(s, &end, &auth_off) < 0)
		goto bad;
	if (!at_end(c)) {
		fail(s, "unexpected text after Defaults");
		goto bad;
	}
	text = raw_text(s, from, end);
	if (!text)
		goto bad;
	if (o->n_defaults >= PARSE_MAX_ENTRIES) {
		free(text);
		s->fatal = -E2BIG;
		fail(s, "too many Defaults");
		goto bad;
	}
	ALLOC_GROW(o->defaults, o->n_defaults + 1, s->a_defaults);
	d = &o->defaults[o->n_defaults++];
	d->binding = binding;
	d->text = text;
	d->authenticate_off = auth_off;
	d->line = s->line;
	strvec_clear(&bind);
	return 0;
bad:
	free(binding);
	strvec_clear(&bind);
	return -1;
}

static int parse_include(struct sp *s, bool is_dir)
{
	struct cur *c = &s->c;
	struct sudoers *o = s->out;
	struct sudo_include *inc;
	int ch;

	strbuf_reset(&s->tok);
	if (!skip_blanks(c) && peek(c) != '"')
		return fail(s, "expected a path after include");
	if (peek(c) == '"') {
		if (read_quoted(s) < 0)
			return -1;
	} else {
		while ((ch = peek(c)) != CEOL && !is_blank(ch) && ch != '\r') {
			if (ch == '\\' && is_blank(escaped(c))) {
				ch = escaped(c);	/* "\ " is a blank inside the path */
				c->pos += 2;
			} else {
				adv(c);
			}
			if (addc(s, ch) < 0)
				return -1;
		}
		if (!s->tok.len)
			return fail(s, "expected a path after include");
	}
	if (!at_end(c))
		return fail(s, "unexpected text after include");
	if (o->n_includes >= PARSE_MAX_ENTRIES) {
		s->fatal = -E2BIG;
		return fail(s, "too many includes");
	}
	ALLOC_GROW(o->includes, o->n_includes + 1, s->a_includes);
	inc = &o->includes[o->n_includes++];
	inc->path = tok_dup(s);
	inc->is_dir = is_dir;
	inc->line = s->line;
	return 0;
}

/* Is the keyword at the cursor followed by what makes it one (not a longer word)? */
static bool keyword(struct cur *c, const char *kw, const char *after)
{
	size_t n = strlen(kw), i = c->pos + n;

	if (!raw_starts(c, kw))
		return false;
	if (raw_eol(c, i) || cont_len(c, i))
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
	if (keyword(c, "#includedir", "") && !raw_eol(c, c->pos + 11)) {
		c->pos += 11;
		return parse_include(s, true);
	}
	if (keyword(c, "#include", "") && !raw_eol(c, c->pos + 8)) {
		c->pos += 8;
		return parse_include(s, false);
	}
	skip_blanks(c);
	ch = peek(c);
	if (ch == CEOL)
		return 0;
	if (ch == '#' && comment_at(c, c->pos)) {
		skip_comment(c);
		return 0;
	}
	if (raw_starts(c, "@includedir")) {
		c->pos += 11;
		return parse_include(s, true);
	}
	if (raw_starts(c, "@include")) {
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
			if (!skip_blanks(c))
				return fail(s, "expected an alias definition");
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
			rc = err_set(err, s.fatal, "sudoers: line %zu: %s", s.line, s.why);
			goto out;
		}
		if (rc < 0) {
			rollback(&res, nr, na, nd, ni);
			parse_bad_add(&res.bad, s.line, s.why ? s.why : "syntax error");
		} else {
			commit_aliases(&s, na);
		}
		rc = 0;
		skip_rest(&s.c);
	}
out:
	strbuf_release(&s.tok);
	free(s.ahash);
	if (rc < 0) {
		sudoers_free(&res);
		return rc;
	}
	*out = res;
	return 0;
}

void sudoers_free(struct sudoers *s)
{
	if (!s)
		return;
	rollback(s, 0, 0, 0, 0);
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
