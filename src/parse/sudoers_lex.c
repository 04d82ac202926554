/*
 * sudoers(5) lexical layer (see parse/sudoers_lex.h). The rules follow
 * sudo's own lexer (plugins/sudoers/toke.l) closely enough that what sudo
 * grants is what we report:
 *  - a comment ('#' not followed by a digit or "-digit") runs to the end of
 *    its physical line and is never continued by a trailing backslash;
 *  - a backslash before the newline joins two physical lines as one blank;
 *  - command arguments end at an unescaped ',', ':', '#' or a lone '='.
 * Scanning works on a cursor over the input, so nothing but the tokens is
 * copied; the cursor stops at cur.limit (PARSE_MAX_LINE bytes past the start
 * of the statement) and sets cur.too_long.
 */
#include "parse/sudoers_lex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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

/* Character classes only the lexer uses (the shared ones are in sudoers_lex.h). */
static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_upper(int ch)
{
	return ch >= 'A' && ch <= 'Z';
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

int slex_fail(struct sp *s, const char *why)
{
	if (!s->why)
		s->why = why;
	return -1;
}

/* ---- cursor ---------------------------------------------------------- */

/* Length of a line continuation (backslash, blanks, newline or end of input) at pos; 0 if none. */
size_t slex_cont_len(const struct cur *c, size_t pos)
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

bool slex_raw_eol(const struct cur *c, size_t pos)
{
	return pos >= c->len || c->p[pos] == '\n' ||
	       (c->p[pos] == '\r' && (pos + 1 == c->len || c->p[pos + 1] == '\n'));
}

/* The character at the cursor: a continuation reads as ' ', the line end as CEOL. */
int slex_peek(struct cur *c)
{
	if (c->pos >= c->limit) {
		c->too_long = true;
		return CEOL;
	}
	if (slex_raw_eol(c, c->pos))
		return CEOL;
	if (slex_cont_len(c, c->pos))
		return ' ';
	return (unsigned char)c->p[c->pos];
}

/* The byte after a (non-continuation) backslash at the cursor; slex_peek() made sure it exists. */
int slex_escaped(const struct cur *c)
{
	return (unsigned char)c->p[c->pos + 1];
}

void slex_adv(struct cur *c)
{
	size_t n;

	if (slex_raw_eol(c, c->pos))
		return;
	n = slex_cont_len(c, c->pos);
	if (!n) {
		c->pos++;
		return;
	}
	if (c->p[c->pos + n - 1] == '\n')
		c->lineno++;
	c->pos += n;
}

bool slex_skip_blanks(struct cur *c)
{
	bool any = false;

	while (is_blank(slex_peek(c))) {
		slex_adv(c);
		any = true;
	}
	return any;
}

/* A '#' at pos starts a comment unless a uid/gid ("#123", "#-1") follows. */
bool slex_comment_at(const struct cur *c, size_t pos)
{
	if (pos + 1 < c->len && is_digit(c->p[pos + 1]))
		return false;
	if (pos + 2 < c->len && c->p[pos + 1] == '-' && is_digit(c->p[pos + 2]))
		return false;
	return true;
}

/* Comments end at the physical newline: no continuation, no length cap. */
void slex_skip_comment(struct cur *c)
{
	const char *nl = memchr(c->p + c->pos, '\n', c->len - c->pos);

	c->pos = nl ? (size_t)(nl - c->p) : c->len;
	if (c->pos > 0 && c->pos < c->len && c->p[c->pos - 1] == '\r')
		c->pos--;
}

/* Blanks, then an optional comment, then the end of the line. */
bool slex_at_end(struct cur *c)
{
	slex_skip_blanks(c);
	if (slex_peek(c) == '#' && slex_comment_at(c, c->pos))
		slex_skip_comment(c);
	return slex_peek(c) == CEOL;
}

/* Skips what is left of the logical line, then its newline. */
void slex_skip_rest(struct cur *c)
{
	bool quoted = false;
	int ch;

	c->limit = SIZE_MAX;
	while ((ch = slex_peek(c)) != CEOL) {
		if (ch == '"') {
			quoted = !quoted;
		} else if (ch == '#' && !quoted && slex_comment_at(c, c->pos)) {
			slex_skip_comment(c);
			break;
		} else if (ch == '\\') {
			c->pos += 2;
			continue;
		}
		slex_adv(c);
	}
	if (c->pos < c->len && c->p[c->pos] == '\r')
		c->pos++;
	if (c->pos < c->len && c->p[c->pos] == '\n') {
		c->pos++;
		c->lineno++;
	}
}

bool slex_raw_starts(const struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	return c->len - c->pos >= n && memcmp(c->p + c->pos, lit, n) == 0;
}

/* An uppercase identifier [A-Z][A-Z0-9_]* at the cursor, not followed by more word characters. */
struct span slex_ident_at(const struct cur *c)
{
	size_t i = c->pos;

	if (i >= c->len || !is_upper(c->p[i]))
		return SPAN(c->p + c->pos, 0);
	while (i < c->len && i < c->limit &&
	       (is_upper(c->p[i]) || is_digit(c->p[i]) || c->p[i] == '_'))
		i++;
	if (i < c->len && is_word_ch((unsigned char)c->p[i]) && !slex_raw_eol(c, i))
		return SPAN(c->p + c->pos, 0);
	return SPAN(c->p + c->pos, i - c->pos);
}

/* A run of WORD characters (no escapes) at the cursor. */
static struct span word_at(const struct cur *c)
{
	size_t i = c->pos;

	while (i < c->len && i < c->limit && !slex_raw_eol(c, i) && is_word_ch((unsigned char)c->p[i]))
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

void slex_strvec_push(struct strvec *sv, char *s)
{
	ALLOC_GROW(sv->v, sv->n + 1, sv->alloc);
	sv->v[sv->n++] = s;
}

void slex_free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void slex_strvec_clear(struct strvec *sv)
{
	slex_free_strs(sv->v, sv->n);
	memset(sv, 0, sizeof(*sv));
}

char **slex_strs_dup(const struct strvec *sv)
{
	char **v = xcalloc(sv->n, sizeof(*v));
	size_t i;

	for (i = 0; i < sv->n; i++)
		v[i] = xstrdup(sv->v[i]);
	return v;
}

int slex_addc(struct sp *s, int ch)
{
	if (ch == '\0')
		return slex_fail(s, "NUL byte");
	if (strbuf_addch(&s->tok, ch) < 0)
		return slex_fail(s, "line too long");
	return 0;
}

char *slex_tok_dup(const struct sp *s)
{
	return xstrndup(s->tok.buf, s->tok.len);
}

/* Bytes [from, to) of the input with continuations as one blank, trimmed; NULL if empty. */
char *slex_raw_text(struct sp *s, size_t from, size_t to)
{
	struct span t;
	size_t i = from, n;

	strbuf_reset(&s->tok);
	while (i < to) {
		n = slex_cont_len(&s->c, i);
		if (n) {
			if (slex_addc(s, ' ') < 0)
				return NULL;
			i += n;
			continue;
		}
		if (slex_addc(s, (unsigned char)s->c.p[i]) < 0)
			return NULL;
		i++;
	}
	t = span_trim(SPAN(s->tok.buf, s->tok.len));
	return xstrndup(t.p, t.len);
}

/* ---- tokens ---------------------------------------------------------- */

/* A "quoted string" at the cursor, appended without the quotes; \" is a quote. */
int slex_read_quoted(struct sp *s)
{
	struct cur *c = &s->c;
	size_t start = s->tok.len;
	int ch;

	slex_adv(c);
	for (;;) {
		ch = slex_peek(c);
		if (ch == CEOL)
			return slex_fail(s, "unterminated string");
		if (slex_cont_len(c, c->pos)) {
			/* sudo drops the continuation and the next line's indentation */
			slex_adv(c);
			while (c->pos < c->len && c->pos < c->limit && is_blank(c->p[c->pos]))
				c->pos++;
			continue;
		}
		slex_adv(c);
		if (ch == '"')
			break;
		if (ch == '\\' && slex_peek(c) == '"') {
			slex_adv(c);
			ch = '"';
		}
		if (slex_addc(s, ch) < 0)
			return -1;
	}
	if (s->tok.len == start)
		return slex_fail(s, "empty string");
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
	int ch = slex_peek(c);
	bool v6;

	if (ch == '"')
		return slex_read_quoted(s);
	if (ctx != NC_CMND && (ch == '%' || ch == '+')) {
		if (slex_addc(s, ch) < 0)
			return -1;
		slex_adv(c);
		if (ch == '%' && slex_peek(c) == ':') {
			if (slex_addc(s, ':') < 0)
				return -1;
			slex_adv(c);
		}
		start = s->tok.len;
		ch = slex_peek(c);
		if (ch == '"')
			return slex_read_quoted(s);
	}
	if (ch == '#' && ctx != NC_CMND) {
		if (slex_addc(s, '#') < 0)
			return -1;
		slex_adv(c);
		if (slex_peek(c) == '-') {
			if (slex_addc(s, '-') < 0)
				return -1;
			slex_adv(c);
		}
		if (!is_digit(slex_peek(c)))
			return slex_fail(s, "bad uid or gid");
		while (is_digit(ch = slex_peek(c))) {
			if (slex_addc(s, ch) < 0)
				return -1;
			slex_adv(c);
		}
		return 0;
	}
	for (v6 = ctx == NC_HOST;; v6 = v6 && (is_xdigit(ch) || ch == ':' || ch == '.')) {
		ch = slex_peek(c);
		if (ch == '\\') {
			ch = slex_escaped(c);
			if (ch == '\t' || ch == '\r' || slex_addc(s, ch) < 0)
				return slex_fail(s, "bad escape");
			c->pos += 2;
			v6 = false;
			continue;
		}
		/* a host made of hex digits, ':' and '.' so far may go on with ':' */
		if (!is_word_ch(ch) && !(ch == ':' && v6 && ipv6_colon(c)))
			break;
		if (slex_addc(s, ch) < 0)
			return -1;
		slex_adv(c);
	}
	if (s->tok.len == start)
		return slex_fail(s, "missing name");
	return 0;
}

/* An item of a list: '!'s (odd count kept as one '!') then a name. */
static int read_item(struct sp *s, enum nctx ctx, char **out)
{
	struct cur *c = &s->c;
	unsigned neg = 0;

	strbuf_reset(&s->tok);
	slex_skip_blanks(c);
	while (slex_peek(c) == '!') {
		neg++;
		slex_adv(c);
		slex_skip_blanks(c);
	}
	if ((neg & 1) && slex_addc(s, '!') < 0)
		return -1;
	if (read_name(s, ctx) < 0)
		return -1;
	*out = slex_tok_dup(s);
	return 0;
}

int slex_read_list(struct sp *s, enum nctx ctx, struct strvec *sv)
{
	struct cur *c = &s->c;
	char *item;

	for (;;) {
		if (sv->n >= PARSE_MAX_LIST)
			return slex_fail(s, "list too long");
		if (read_item(s, ctx, &item) < 0)
			return -1;
		slex_strvec_push(sv, item);
		slex_skip_blanks(c);
		if (slex_peek(c) != ',')
			return 0;
		slex_adv(c);
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
		if (slex_raw_starts(&s->c, algs[i].name))
			dlen = algs[i].len;
	if (!dlen || word_at(&s->c).len != 6)
		return 0;
	s->c.pos += 6;
	slex_skip_blanks(&s->c);
	if (slex_peek(&s->c) != ':')
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
	slex_skip_blanks(c);
	slex_adv(c);		/* ':' */
	slex_skip_blanks(c);
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
	return slex_fail(s, "bad digest");
}

/* A regular expression "^...$" (command or first argument), kept as written. */
static int read_regex(struct sp *s)
{
	struct cur *c = &s->c;
	int ch;

	for (;;) {
		ch = slex_peek(c);
		if (ch == CEOL || ch == '#')
			return slex_fail(s, "unterminated regular expression");
		if (ch == '\\') {
			if (slex_addc(s, '\\') < 0 || slex_addc(s, slex_escaped(c)) < 0)
				return -1;
			c->pos += 2;
			continue;
		}
		if (slex_addc(s, ch) < 0)
			return -1;
		slex_adv(c);
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
		ch = slex_peek(c);
		if (ch == '\\') {
			ch = slex_escaped(c);
			if (in_set(ch, "*?[]!^")) {
				if (slex_addc(s, '\\') < 0)
					return -1;
			} else if (!in_set(ch, ",:= \t#")) {
				return slex_fail(s, "bad escape in command");
			}
			if (slex_addc(s, ch) < 0)
				return -1;
			c->pos += 2;
			continue;
		}
		if (ch == CEOL || is_blank(ch) || in_set(ch, ",:=#\r") || ch == '\0')
			return 0;
		if (slex_addc(s, ch) < 0)
			return -1;
		slex_adv(c);
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
		space = slex_skip_blanks(c);
		ch = slex_peek(c);
		if (ch == CEOL || in_set(ch, "#:,") || (ch == '=' && lone_equals(c)))
			return 0;
		if (ch == '\0' || ch == '\r')
			return slex_fail(s, "bad character in arguments");
		if (space && slex_addc(s, ' ') < 0)
			return -1;
		if (first && ch == '^')
			return read_regex(s);	/* sudo allows nothing after a regex */
		first = false;
		for (;;) {
			ch = slex_peek(c);
			if (ch == '\\') {
				ch = slex_escaped(c);
				if (in_set(ch, "*?[]!^")) {
					if (slex_addc(s, '\\') < 0)
						return -1;
				} else if (!in_set(ch, ":\\,= \t#")) {
					return slex_fail(s, "bad escape in arguments");
				}
				if (slex_addc(s, ch) < 0)
					return -1;
				c->pos += 2;
				continue;
			}
			if (ch == CEOL || is_blank(ch) || in_set(ch, "#:,\r") || ch == '\0')
				break;
			if (slex_addc(s, ch) < 0)
				return -1;
			slex_adv(c);
		}
	}
}

bool slex_is_alias_name(struct span w)
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
int slex_read_cmnd(struct sp *s, bool *neg_out, bool *all_out)
{
	struct cur *c = &s->c;
	struct span w;
	unsigned neg = 0;
	bool args = false, all = false;
	size_t dlen;
	int ch;

	strbuf_reset(&s->tok);
	slex_skip_blanks(c);
	while ((dlen = digest_at(s))) {
		if (read_digest(s, dlen) < 0)
			return -1;
		slex_skip_blanks(c);
		if (slex_peek(c) != ',')
			break;
		slex_adv(c);
		slex_skip_blanks(c);
		if (!digest_at(s))
			return slex_fail(s, "expected a digest after ','");
	}
	while (slex_peek(c) == '!') {
		neg++;
		slex_adv(c);
		slex_skip_blanks(c);
	}
	if ((neg & 1) && slex_addc(s, '!') < 0)
		return -1;
	ch = slex_peek(c);
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
		else if (!span_eq(w, "list") && !slex_is_alias_name(w))
			return slex_fail(s, w.len ? "bad command" : "missing command");
		if (strbuf_add(&s->tok, w.p, w.len) < 0)
			return slex_fail(s, "line too long");
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
	slex_skip_blanks(c);
	if (slex_peek(c) == '"')
		return slex_read_quoted(s);
	start = c->pos;
	for (;;) {
		ch = slex_peek(c);
		if (ch == '\\') {
			if (slex_escaped(c) == '\0')
				return slex_fail(s, "NUL byte");
			c->pos += 2;
			continue;
		}
		if (ch == CEOL || is_blank(ch) || in_set(ch, ",:=#\"\r") || ch == '\0')
			break;
		slex_adv(c);
	}
	return c->pos == start ? slex_fail(s, "missing option value") : 0;
}

/* ---- before a command: Runas and tags -------------------------------- */

/* "(runas)": the raw text between the parentheses, trimmed. */
int slex_read_runas(struct sp *s, char **out)
{
	struct cur *c = &s->c;
	size_t from;
	int ch;

	slex_adv(c);
	from = c->pos;
	for (;;) {
		ch = slex_peek(c);
		if (ch == ')')
			break;
		if (ch == CEOL || ch == '(' || ch == '\0' || (ch == '#' && slex_comment_at(c, c->pos)))
			return slex_fail(s, "unterminated runas list");
		if (ch == '"') {
			strbuf_reset(&s->tok);
			if (slex_read_quoted(s) < 0)
				return -1;
			continue;
		}
		if (ch == '\\') {
			if (slex_escaped(c) == '\0')
				return slex_fail(s, "NUL byte");
			c->pos += 2;
			continue;
		}
		slex_adv(c);
	}
	*out = slex_raw_text(s, from, c->pos);
	slex_adv(c);
	return *out ? 0 : -1;
}

/* Tags ("NOPASSWD:") and options ("CWD=/x") before a command; updates *nopasswd and *passwd (PASSWD: given). */
int slex_read_tags(struct sp *s, bool *nopasswd, bool *passwd)
{
	struct cur *c = &s->c;
	struct cur save;
	struct span id;

	for (;;) {
		slex_skip_blanks(c);
		id = slex_ident_at(c);
		if (!id.len)
			return 0;
		save = *c;
		c->pos += id.len;
		slex_skip_blanks(c);
		if (slex_peek(c) == ':' && in_table(id, cmnd_tags, ARRAY_SIZE(cmnd_tags))) {
			slex_adv(c);
			if (span_eq(id, "NOPASSWD")) {
				*nopasswd = true;
				*passwd = false;
			} else if (span_eq(id, "PASSWD")) {
				*nopasswd = false;
				*passwd = true;
			}
			continue;
		}
		if (slex_peek(c) == '=' && in_table(id, cmnd_options, ARRAY_SIZE(cmnd_options))) {
			slex_adv(c);
			if (read_optval(s) < 0)
				return -1;
			continue;
		}
		*c = save;
		return 0;
	}
}
