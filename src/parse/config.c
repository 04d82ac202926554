/*
 * kyuka.yaml: bytes in, struct config out.
 *
 * Three passes over the input:
 *   1. a byte scan (size, line length, NUL, control characters, lone CR,
 *      UTF-8), so every later message can trust the text it quotes;
 *   2. libfyaml's event parser builds a small tree of our own, with a line
 *      for every node; aliases and tags are refused and the node count,
 *      depth and list lengths are capped while events arrive, so nothing
 *      can expand (no billion laughs). Quoted scalars are decoded here, not
 *      by libfyaml 0.7.12, which gets some of them wrong (see below);
 *   3. the tree is checked against tables of keys (struct ckey). A new
 *      section is a new table plus a line in its parent's table; parsing
 *      and freeing are both driven by the tables.
 *
 * Every error names the file, the 1-based line and the key.
 */
#include "parse/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>
#include <libintl.h>

#include "parse/limits.h"
#include "model/finding.h"	/* enum severity (values only; nothing is linked) */
#include "util/num.h"
#include "util/xalloc.h"

#define CONFIG_MAX_NODES	100000	/* scalars, lists and mappings in one file */
#define CONFIG_MAX_STRING	4096	/* bytes of one string value */
#define CONFIG_SECTION_MAX_KEYS	32	/* keys of one table */
#define QUOTE_MAX		48	/* bytes of user text quoted in a message */
#define PATH_MAX_LEN		128	/* "allow[4095].expires" */

/* ------------------------------------------------------------------ */
/* Messages */

struct pctx {
	const char *fname;
	struct err *err;
};

/*
 * User text for a message: printable ASCII as is, anything else as \xNN,
 * at most max input bytes (then "...").
 */
static const char *quote_n(char *out, size_t size, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len && i < max && o + 5 < size; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b >= 0x20 && b < 0x7f && b != '\\') {
			out[o++] = (char)b;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[b >> 4];
			out[o++] = hex[b & 15];
		}
	}
	if (i < len && o + 4 <= size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

#define QBUF_SIZE (QUOTE_MAX * 4 + 8)

static const char *quote(char *out, size_t size, const char *s, size_t len)
{
	return quote_n(out, size, s, len, QUOTE_MAX);
}

/* "FILE:LINE: message" (or "FILE: message" when line is 0); returns -EINVAL. */
static int cfg_errc(struct pctx *c, int code, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int cfg_errc(struct pctx *c, int code, size_t line, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	/* the user reads it: the format goes through the catalogue (update-po.sh extracts cfg_err formats) */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), gettext(fmt), ap);
	va_end(ap);
	if (line)
		return err_set(c->err, code, "%s:%zu: %s", c->fname, line, msg);
	return err_set(c->err, code, "%s: %s", c->fname, msg);
}

#define cfg_err(c, line, ...) cfg_errc((c), -EINVAL, (line), __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Dates */

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int date_parse(const char *s, size_t len, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2))
		return -EINVAL;
	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (yy < 1970 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(yy, mm))
		return -EINVAL;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

/* Both dates already valid; YYYY-MM-DD compares as text. */
static int holiday_order(const char *start, const char *end, struct err *err)
{
	if (strcmp(end, start) < 0)
		return err_set(err, -EINVAL, "holiday ends on %s, before it starts on %s", end, start);
	return 0;
}

int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err)
{
	char q[QBUF_SIZE];
	char a[11], b[11];
	int y, m, d, r;

	if (!s || len != 22 || s[10] != '.' || s[11] != '.')
		return err_set(err, -EINVAL, "invalid holiday '%s': expected YYYY-MM-DD..YYYY-MM-DD",
			       quote(q, sizeof(q), s ? s : "", s ? len : 0));
	if (date_parse(s, 10, &y, &m, &d) < 0)
		return err_set(err, -EINVAL, "invalid date '%s' in holiday", quote(q, sizeof(q), s, 10));
	if (date_parse(s + 12, 10, &y, &m, &d) < 0)
		return err_set(err, -EINVAL, "invalid date '%s' in holiday", quote(q, sizeof(q), s + 12, 10));
	memcpy(a, s, 10);
	a[10] = '\0';
	memcpy(b, s + 12, 10);
	b[10] = '\0';
	r = holiday_order(a, b, err);
	if (r < 0)
		return r;
	memcpy(start, a, 11);
	memcpy(end, b, 11);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Pass 1: bytes */

/* Length of a valid UTF-8 sequence at s (1..4) and its code point, or 0. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* C0 (but tab, LF, CR), DEL and C1 are not YAML text and could drive a terminal. */
static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp <= 0x9f);
}

static int prescan(struct pctx *c, const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, line = 1, col = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		if (s[i] == '\n') {
			line++;
			col = 0;
			i++;
			continue;
		}
		/* libfyaml would count a lone CR as a line break; we count lines by LF */
		if (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))
			return cfg_err(c, line, "carriage return without a line feed");
		n = utf8_decode(s + i, len - i, &cp);
		if (!n)
			return cfg_err(c, line, "invalid UTF-8");
		if (cp == 0)
			return cfg_err(c, line, "NUL byte in the file");
		if (is_control(cp))
			return cfg_err(c, line, "control character U+%04X in the file", (unsigned)cp);
		col += n;
		if (col > PARSE_MAX_LINE)
			return cfg_err(c, line, "line longer than %zu bytes", PARSE_MAX_LINE);
		i += n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Pass 2: YAML events into a tree with lines */

enum ykind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ykind kind;
	bool plain;		/* plain scalar: may be a null or a number */
	size_t line;		/* 1-based, never 0 */
	char *text;		/* scalar text, terminated; may hold NUL bytes ("\0" escapes) */
	size_t len;
	struct ynode **kids;	/* SEQ: items; MAP: key, value, key, value, ... */
	size_t n, alloc;
};

struct ytree {
	struct ynode *root;
	struct ynode **all;	/* every node, for freeing without recursion */
	size_t n_all, alloc_all;
};

static void tree_free(struct ytree *t)
{
	size_t i;

	for (i = 0; i < t->n_all; i++) {
		free(t->all[i]->text);
		free(t->all[i]->kids);
		free(t->all[i]);
	}
	free(t->all);
	memset(t, 0, sizeof(*t));
}

static size_t items(const struct ynode *y)
{
	return y->kind == YN_MAP ? y->n / 2 : y->n;
}

static bool is_null(const struct ynode *y)
{
	if (!y)
		return true;
	if (y->kind != YN_SCALAR || !y->plain)
		return false;
	return y->len == 0 || !strcmp(y->text, "~") || !strcmp(y->text, "null") || !strcmp(y->text, "Null") ||
	       !strcmp(y->text, "NULL");
}

struct builder {
	struct pctx *c;
	const char *buf;	/* the input, for quoted scalars */
	size_t len;
	struct ytree *t;
	struct ynode *stack[CONFIG_MAX_DEPTH];
	size_t depth;
	size_t line;		/* of the last event that had a position */
	int docs;
};

static int attach(struct builder *b, struct ynode *y)
{
	struct ynode *parent;

	if (!b->depth) {
		b->t->root = y;
		return 0;
	}
	parent = b->stack[b->depth - 1];
	if (items(parent) >= CONFIG_MAX_LIST)
		return cfg_err(b->c, parent->line, "more than %d entries in one list or mapping", CONFIG_MAX_LIST);
	ALLOC_GROW(parent->kids, parent->n + 1, parent->alloc);
	parent->kids[parent->n++] = y;
	return 0;
}

static int add_node(struct builder *b, enum ykind kind, struct ynode **out)
{
	struct ynode *y;

	if (b->t->n_all >= CONFIG_MAX_NODES)
		return cfg_err(b->c, b->line, "more than %d values in the file", CONFIG_MAX_NODES);
	y = xcalloc(1, sizeof(*y));
	y->kind = kind;
	y->line = b->line;
	ALLOC_GROW(b->t->all, b->t->n_all + 1, b->t->alloc_all);
	b->t->all[b->t->n_all++] = y;
	*out = y;
	return attach(b, y);
}

/* ---- scalar text ----
 *
 * libfyaml 0.7.12 (Debian 12) decodes some quoted scalars wrongly: runs of
 * '' escapes in single quotes, and escaped blanks or line breaks before a
 * fold in double quotes, come back with bytes missing, repeated or
 * uninitialised, and the first case leaks memory. Quoted scalars are
 * therefore decoded here from the bytes between the quotes (libfyaml has
 * already checked their syntax); plain and block scalars use libfyaml's text.
 */

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_break(char ch)
{
	return ch == '\n' || ch == '\r';
}

/* Index after the line break at i ("\n", "\r\n" or "\r"). */
static size_t skip_break(const char *s, size_t len, size_t i)
{
	if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
		return i + 2;
	return i + 1;
}

/*
 * From just after a line break: counts the empty lines that follow and
 * skips the next line's leading blanks. Returns the index of its content.
 */
static size_t skip_empty_lines(const char *s, size_t len, size_t i, size_t *n_empty)
{
	size_t j;

	*n_empty = 0;
	for (;;) {
		for (j = i; j < len && is_blank(s[j]); j++)
			;
		if (j < len && is_break(s[j])) {
			(*n_empty)++;
			i = skip_break(s, len, j);
			continue;
		}
		return j;
	}
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int hex_value(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char h = s[i];

		v <<= 4;
		if (h >= '0' && h <= '9')
			v |= (uint32_t)(h - '0');
		else if (h >= 'a' && h <= 'f')
			v |= (uint32_t)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			v |= (uint32_t)(h - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

/*
 * One double-quoted escape at s[i] == '\\' into o; returns the bytes
 * consumed (0: invalid). *olen gets the bytes written.
 */
static size_t dq_escape(const char *s, size_t len, size_t i, char *o, size_t *olen)
{
	static const char simple_in[] = "0abt\tnvfre \"/\\";
	static const char simple_out[] = "\0\a\b\t\t\n\v\f\r\x1b \"/\\";
	const char *p;
	uint32_t cp;
	size_t n;

	if (i + 1 >= len)
		return 0;
	p = s[i + 1] ? strchr(simple_in, s[i + 1]) : NULL;
	if (p) {
		o[0] = simple_out[p - simple_in];
		*olen = 1;
		return 2;
	}
	switch (s[i + 1]) {
	case 'N':
		cp = 0x85;
		break;
	case '_':
		cp = 0xa0;
		break;
	case 'L':
		cp = 0x2028;
		break;
	case 'P':
		cp = 0x2029;
		break;
	case 'x':
	case 'u':
	case 'U':
		n = s[i + 1] == 'x' ? 2 : s[i + 1] == 'u' ? 4 : 8;
		if (len - i - 2 < n || hex_value(s + i + 2, n, &cp) < 0 || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		*olen = put_utf8(o, cp);
		return 2 + n;
	default:
		return 0;
	}
	*olen = put_utf8(o, cp);
	return 2;
}

/*
 * The value of a quoted scalar from the bytes between its quotes (YAML 1.2
 * flow folding): blanks before a line break are dropped, as are the next
 * line's leading blanks; one break becomes a space, n + 1 breaks become n
 * line feeds. In double quotes, escapes are decoded and an escaped line
 * break joins the lines. Returns the length, or -EINVAL.
 */
static int decode_quoted(const char *s, size_t len, bool dq, char *o, size_t *olen)
{
	size_t i = 0, n = 0, blank_at = 0, n_blank = 0, k, w, n_empty;

	while (i < len) {
		char ch = s[i];

		if (is_blank(ch)) {
			for (blank_at = i; i < len && is_blank(s[i]); i++)
				;
			n_blank = i - blank_at;
			continue;
		}
		if (is_break(ch)) {
			n_blank = 0;	/* trailing blanks are dropped */
			i = skip_empty_lines(s, len, skip_break(s, len, i), &n_empty);
			if (!n_empty)
				o[n++] = ' ';
			for (k = 0; k < n_empty; k++)
				o[n++] = '\n';
			continue;
		}
		memcpy(o + n, s + blank_at, n_blank);
		n += n_blank;
		n_blank = 0;
		if (!dq && ch == '\'') {
			if (i + 1 >= len || s[i + 1] != '\'')
				return -EINVAL;
			o[n++] = '\'';
			i += 2;
		} else if (dq && ch == '\\' && i + 1 < len && is_break(s[i + 1])) {
			i = skip_empty_lines(s, len, skip_break(s, len, i + 1), &n_empty);
			for (k = 0; k < n_empty; k++)
				o[n++] = '\n';
		} else if (dq && ch == '\\') {
			k = dq_escape(s, len, i, o + n, &w);
			if (!k)
				return -EINVAL;
			n += w;
			i += k;
		} else {
			o[n++] = ch;
			i++;
		}
	}
	memcpy(o + n, s + blank_at, n_blank);
	n += n_blank;
	*olen = n;
	return 0;
}

/* The bytes of a scalar's token in the input (between the quotes, if any). */
static int token_span(struct builder *b, struct fy_token *tok, size_t *from, size_t *to)
{
	const struct fy_mark *start = fy_token_start_mark(tok);
	const struct fy_mark *end = fy_token_end_mark(tok);

	if (!start || !end || start->input_pos > end->input_pos || end->input_pos > b->len)
		return cfg_err(b->c, b->line, "cannot locate a value in the file");
	*from = start->input_pos;
	*to = end->input_pos;
	return 0;
}

/*
 * Only whether a top-level scalar is null matters, and libfyaml 0.7.12
 * leaks decoding some top-level block scalars: keep the raw bytes.
 */
static int scalar_raw(struct builder *b, struct fy_token *tok, struct ynode *y)
{
	const struct fy_mark *start = fy_token_start_mark(tok);
	const struct fy_mark *end = fy_token_end_mark(tok);
	size_t from = 0, to = 0;

	/* an empty scalar ("---" alone) has no position */
	if (start && end && start->input_pos <= end->input_pos && end->input_pos <= b->len) {
		from = start->input_pos;
		to = end->input_pos;
	}
	y->text = xstrndup(b->buf + from, to - from);
	y->len = to - from;
	return 0;
}

static int scalar_quoted(struct builder *b, struct fy_token *tok, bool dq, struct ynode *y)
{
	size_t from = 0, to = 0, n = 0;
	char *out;
	int r = token_span(b, tok, &from, &to);

	if (r < 0)
		return r;
	/* escapes grow at most 2 bytes into 3 (\\L, \\P) */
	out = xmalloc(st_add(st_mult(to - from, 2), 1));
	if (decode_quoted(b->buf + from, to - from, dq, out, &n) < 0) {
		free(out);
		return cfg_err(b->c, b->line, "cannot decode a quoted string");
	}
	out[n] = '\0';
	y->text = out;
	y->len = n;
	return 0;
}

static int scalar_text(struct builder *b, struct fy_token *tok, struct ynode *y)
{
	size_t len = 0;
	const char *text = fy_token_get_text(tok, &len);

	if (!text && fy_token_get_text_length(tok))
		return cfg_err(b->c, b->line, "cannot decode a value");
	y->text = xstrndup(text ? text : "", text ? len : 0);
	y->len = text ? len : 0;
	return 0;
}

static int on_event(struct builder *b, struct fy_event *e)
{
	const struct fy_mark *mk = fy_event_start_mark(e);
	struct fy_token *tag = NULL;
	struct ynode *y;
	int r;

	if (mk && mk->line >= 0)
		b->line = (size_t)mk->line + 1;
	switch (e->type) {
	case FYET_DOCUMENT_START:
		if (++b->docs > 1)
			return cfg_err(b->c, b->line, "more than one YAML document in the file");
		return 0;
	case FYET_ALIAS:
		return cfg_err(b->c, b->line, "YAML aliases (*name) are not supported");
	case FYET_SCALAR:
		tag = e->scalar.tag;
		break;
	case FYET_SEQUENCE_START:
		tag = e->sequence_start.tag;
		break;
	case FYET_MAPPING_START:
		tag = e->mapping_start.tag;
		break;
	case FYET_SEQUENCE_END:
	case FYET_MAPPING_END:
		if (b->depth)
			b->depth--;
		return 0;
	default:
		return 0;
	}
	if (tag)
		return cfg_err(b->c, b->line, "YAML tags (!name) are not supported");
	if (e->type == FYET_SCALAR) {
		enum fy_scalar_style style = fy_token_scalar_style(e->scalar.value);

		r = add_node(b, YN_SCALAR, &y);
		if (r < 0)
			return r;
		y->plain = style == FYSS_PLAIN;
		if (!b->depth)	/* a top-level scalar is an error unless null */
			return scalar_raw(b, e->scalar.value, y);
		if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED)
			return scalar_quoted(b, e->scalar.value, style == FYSS_DOUBLE_QUOTED, y);
		return scalar_text(b, e->scalar.value, y);
	}
	if (b->depth >= CONFIG_MAX_DEPTH)
		return cfg_err(b->c, b->line, "nested deeper than %d levels", CONFIG_MAX_DEPTH);
	r = add_node(b, e->type == FYET_MAPPING_START ? YN_MAP : YN_SEQ, &y);
	if (r < 0)
		return r;
	b->stack[b->depth++] = y;
	return 0;
}

static void diag_discard(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/* libfyaml's own complaint, with its line when it has one. */
static int yaml_error(struct pctx *c, struct fy_diag *diag)
{
	struct fy_diag_error *de;
	void *it = NULL;
	char q[ERR_MSG_MAX];

	while ((de = fy_diag_errors_iterate(diag, &it)) != NULL) {
		if (de->type != FYET_ERROR || !de->msg)
			continue;
		return cfg_err(c, de->line > 0 ? (size_t)de->line : 0, "invalid YAML: %s",
			       quote_n(q, sizeof(q), de->msg, strlen(de->msg), 200));
	}
	return cfg_err(c, 0, "invalid YAML");
}

static int build_tree(struct pctx *c, const char *buf, size_t len, struct ytree *t)
{
	struct builder b = { .c = c, .buf = buf, .len = len, .t = t, .line = 1 };
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg pcfg;
	struct fy_diag *diag = NULL;
	struct fy_parser *p = NULL;
	struct fy_event *e;
	int r = 0;

	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = diag_discard;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	if (!diag) {
		r = cfg_errc(c, -ENOMEM, 0, "cannot create the YAML parser");
		goto out;
	}
	fy_diag_set_collect_errors(diag, true);
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.flags = FYPCF_QUIET | FYPCF_JSON_NONE;
	pcfg.diag = diag;
	p = fy_parser_create(&pcfg);
	if (!p || fy_parser_set_string(p, buf, len) != 0) {
		r = cfg_errc(c, -ENOMEM, 0, "cannot create the YAML parser");
		goto out;
	}
	while ((e = fy_parser_parse(p)) != NULL) {
		r = on_event(&b, e);
		fy_parser_event_free(p, e);
		if (r < 0)
			goto out;
	}
	if (fy_parser_get_stream_error(p) || fy_diag_got_error(diag))
		r = yaml_error(c, diag);
out:
	if (p)
		fy_parser_destroy(p);
	if (diag)
		fy_diag_destroy(diag);
	return r;
}

/* ------------------------------------------------------------------ */
/* Pass 3: the schema, as tables */

enum ktype {
	KT_STRING,	/* char * */
	KT_UINT,	/* uint32_t (or int with KF_INT), min..max */
	KT_DATE,	/* char[11] */
	KT_SEVERITY,	/* int (enum severity) */
	KT_STRLIST,	/* char ** at off, size_t count at off2 */
	KT_HOLIDAY,	/* "A..B" or {start, end}: char[11] at off and off2 */
	KT_SECTION,	/* a nested mapping; its keys' offsets are relative to base + off */
	KT_LIST,	/* a list of mappings: array at off, size_t count at off2, elements per sub */
	KT_CHOICE,	/* char *: one of the words in choices (stored lower case) */
	KT_SECTION_OR_NONE,	/* a mapping as KT_SECTION, or the word "none": bool at off2 */
	KT_HOURS,	/* "22-6": two local hours 0..23, uint32_t at off and off2 */
	KT_BOOL,	/* bool: true or false */
	KT_ENUM,	/* int: the index of the value in names */
	KT_SAMPLE,	/* a count (uint32_t at off, min..max) or "N%" (uint32_t at off2, 1..100) */
};

enum {
	KF_REQUIRED = 1u << 0,
	KF_UPPER = 1u << 1,	/* uppercase ASCII letters */
	KF_WORD = 1u << 2,	/* no blanks or line breaks */
	KF_HAS = 1u << 3,	/* set the bool at off_has when given */
	KF_INT = 1u << 4,	/* KT_UINT stores an int */
	KF_ABSPATH = 1u << 5,	/* an absolute path; stored without trailing '/' */
};

struct csection;

struct ckey {
	const char *name;
	enum ktype type;
	unsigned flags;
	size_t off;
	size_t off2;
	size_t off_has;
	uint32_t min, max;
	const struct csection *sub;
	const char *const *choices;	/* KT_CHOICE, NULL-terminated */
	const char *const *names;	/* KT_ENUM, NULL-terminated */
};

struct csection {
	const struct ckey *keys;
	size_t n_keys;
	size_t elem_size;	/* KT_LIST elements */
	bool has_line;		/* KT_LIST elements and sections: store the mapping's line at off_line */
	size_t off_line;
};

#define FIELD(base, off, type) ((type *)(void *)((char *)(base) + (off)))

static const struct ckey audit_keys[] = {
	{ .name = "fail_on", .type = KT_SEVERITY, .flags = KF_HAS, .off = offsetof(struct config, fail_on),
	  .off_has = offsetof(struct config, has_fail_on) },
	{ .name = "skip", .type = KT_STRLIST, .flags = KF_UPPER | KF_WORD, .off = offsetof(struct config, skip),
	  .off2 = offsetof(struct config, n_skip) },
};

static const struct ckey accounts_keys[] = {
	{ .name = "dormant_days", .type = KT_UINT, .off = offsetof(struct config, accounts.dormant_days),
	  .min = 1, .max = 36500 },
	{ .name = "ignore", .type = KT_STRLIST, .flags = KF_WORD, .off = offsetof(struct config, accounts.ignore),
	  .off2 = offsetof(struct config, accounts.n_ignore) },
};

static const struct ckey ssh_keys[] = {
	{ .name = "min_rsa_bits", .type = KT_UINT, .off = offsetof(struct config, ssh.min_rsa_bits),
	  .min = 1024, .max = 16384 },
};

static const struct ckey vulns_keys[] = {
	{ .name = "max_feed_age_days", .type = KT_UINT, .off = offsetof(struct config, vulns.max_feed_age_days),
	  .min = 1, .max = 3650 },
	{ .name = "release", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, vulns.release) },
};

static const struct ckey feeds_keys[] = {
	{ .name = "dsa", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, feeds.dsa) },
	{ .name = "dla", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, feeds.dla) },
	{ .name = "kev", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, feeds.kev) },
	{ .name = "tracker", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, feeds.tracker) },
	{ .name = "osv", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, feeds.osv) },
};

static const struct ckey logs_keys[] = {
	{ .name = "baseline_days", .type = KT_UINT, .off = offsetof(struct config, logs.baseline_days),
	  .min = 1, .max = 365 },
	{ .name = "brute_force_failures", .type = KT_UINT, .off = offsetof(struct config, logs.brute_force_failures),
	  .min = 1, .max = 1000000 },
	{ .name = "spray_users", .type = KT_UINT, .off = offsetof(struct config, logs.spray_users), .min = 2, .max = 64 },
	{ .name = "success_after_failures", .type = KT_UINT,
	  .off = offsetof(struct config, logs.success_after_failures), .min = 1, .max = 1000000 },
	{ .name = "gap_hours", .type = KT_UINT, .off = offsetof(struct config, logs.gap_hours), .min = 1, .max = 720 },
	{ .name = "night", .type = KT_HOURS, .off = offsetof(struct config, logs.night_start),
	  .off2 = offsetof(struct config, logs.night_end) },
	{ .name = "backwards_seconds", .type = KT_UINT, .off = offsetof(struct config, logs.backwards_seconds),
	  .min = 0, .max = 86400 },
	{ .name = "timezone", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config, logs.timezone) },
};

static const struct ckey passwords_keys[] = {
	{ .name = "budget", .type = KT_UINT, .off = offsetof(struct config, passwords.budget), .min = 1,
	  .max = 86400 },
	{ .name = "audit_budget", .type = KT_UINT, .off = offsetof(struct config, passwords.audit_budget),
	  .min = 0, .max = 86400 },
	{ .name = "threads", .type = KT_UINT, .off = offsetof(struct config, passwords.threads), .min = 0,
	  .max = 1024 },
	{ .name = "wordlist", .type = KT_STRING, .off = offsetof(struct config, passwords.wordlist) },
	{ .name = "words", .type = KT_STRLIST, .flags = KF_WORD, .off = offsetof(struct config, passwords.words),
	  .off2 = offsetof(struct config, passwords.n_words) },
	{ .name = "min_length", .type = KT_UINT, .off = offsetof(struct config, passwords.min_length), .min = 6,
	  .max = 64 },
};

static const struct ckey allow_keys[] = {
	{ .name = "check", .type = KT_STRING, .flags = KF_REQUIRED | KF_UPPER | KF_WORD,
	  .off = offsetof(struct config_allow, check) },
	{ .name = "subject", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct config_allow, subject) },
	{ .name = "reason", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct config_allow, reason) },
	{ .name = "expires", .type = KT_DATE, .off = offsetof(struct config_allow, expires) },
};

static const struct csection backup_job_section;

static const char *const backup_kinds[] = { "restic", "borg", "archive", "directory", NULL };

const char *backup_kind_name(int kind)
{
	return kind >= 0 && kind < (int)ARRAY_SIZE(backup_kinds) - 1 ? backup_kinds[kind] : "?";
}

#define JOB(f) offsetof(struct config_backup_job, f)
static const struct ckey backup_job_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED | KF_WORD, .off = JOB(name) },
	{ .name = "kind", .type = KT_ENUM, .flags = KF_REQUIRED, .off = JOB(kind), .names = backup_kinds },
	{ .name = "repository", .type = KT_STRING, .flags = KF_REQUIRED, .off = JOB(repository) },
	{ .name = "password_file", .type = KT_STRING, .flags = KF_ABSPATH, .off = JOB(password_file) },
	{ .name = "password_env", .type = KT_STRING, .flags = KF_WORD, .off = JOB(password_env) },
	{ .name = "password_command", .type = KT_STRING, .off = JOB(password_command) },
	{ .name = "paths", .type = KT_STRLIST, .flags = KF_REQUIRED | KF_ABSPATH, .off = JOB(paths),
	  .off2 = JOB(n_paths) },
	{ .name = "max_age_hours", .type = KT_UINT, .off = JOB(max_age_hours), .min = 1, .max = 87600 },
	{ .name = "offline", .type = KT_BOOL, .off = JOB(offline) },
	{ .name = "sample", .type = KT_SAMPLE, .off = JOB(sample_files), .off2 = JOB(sample_percent), .min = 1,
	  .max = 100000 },
	{ .name = "check_percent", .type = KT_UINT, .flags = KF_HAS, .off = JOB(check_percent),
	  .off_has = JOB(has_check_percent), .min = 0, .max = 100 },
	{ .name = "timeout_minutes", .type = KT_UINT, .off = JOB(timeout_minutes), .min = 1, .max = 10080 },
};
#undef JOB

static const struct ckey backup_keys[] = {
	{ .name = "important", .type = KT_STRLIST, .flags = KF_ABSPATH, .off = offsetof(struct config, backup.important),
	  .off2 = offsetof(struct config, backup.n_important) },
	{ .name = "config", .type = KT_STRLIST, .flags = KF_ABSPATH, .off = offsetof(struct config, backup.config),
	  .off2 = offsetof(struct config, backup.n_config) },
	{ .name = "max_age_hours", .type = KT_UINT, .off = offsetof(struct config, backup.max_age_hours), .min = 1,
	  .max = 87600 },
	{ .name = "verify_max_age_days", .type = KT_UINT, .off = offsetof(struct config, backup.verify_max_age_days),
	  .min = 1, .max = 3650 },
	{ .name = "jobs", .type = KT_LIST, .off = offsetof(struct config, backup.jobs),
	  .off2 = offsetof(struct config, backup.n_jobs), .sub = &backup_job_section },
};

static const struct ckey port_allow_keys[] = {
	{ .name = "port", .type = KT_UINT, .flags = KF_REQUIRED, .off = offsetof(struct config_port_allow, port),
	  .min = 1, .max = 65535 },
	{ .name = "proto", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_port_allow, proto) },
	{ .name = "bind", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_port_allow, bind) },
	{ .name = "process", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_port_allow, process) },
	{ .name = "reason", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct config_port_allow, reason) },
	{ .name = "expires", .type = KT_DATE, .off = offsetof(struct config_port_allow, expires) },
};

static const struct csection port_allow_section = { .keys = port_allow_keys, .n_keys = ARRAY_SIZE(port_allow_keys),
						    .elem_size = sizeof(struct config_port_allow), .has_line = true,
						    .off_line = offsetof(struct config_port_allow, line) };

static const struct ckey ports_keys[] = {
	{ .name = "allow", .type = KT_LIST, .off = offsetof(struct config, ports.allow),
	  .off2 = offsetof(struct config, ports.n_allow), .sub = &port_allow_section },
};

static const struct ckey services_keys[] = {
	{ .name = "allow", .type = KT_STRLIST, .flags = KF_WORD, .off = offsetof(struct config, services.allow),
	  .off2 = offsetof(struct config, services.n_allow) },
};

/* The mapping form of holiday, parsed into this. */
struct holiday_map {
	char start[11];
	char end[11];
};

static const struct ckey holiday_keys[] = {
	{ .name = "start", .type = KT_DATE, .flags = KF_REQUIRED, .off = offsetof(struct holiday_map, start) },
	{ .name = "end", .type = KT_DATE, .flags = KF_REQUIRED, .off = offsetof(struct holiday_map, end) },
};

#define SECTION(k) .keys = (k), .n_keys = ARRAY_SIZE(k)

static const struct csection audit_section = { SECTION(audit_keys) };
static const struct csection accounts_section = { SECTION(accounts_keys) };
static const struct csection ssh_section = { SECTION(ssh_keys) };
static const struct csection vulns_section = { SECTION(vulns_keys) };
static const struct csection feeds_section = { SECTION(feeds_keys) };
static const struct csection logs_section = { SECTION(logs_keys) };
static const struct csection passwords_section = { SECTION(passwords_keys) };
static const struct csection allow_section = { SECTION(allow_keys), .elem_size = sizeof(struct config_allow),
					       .has_line = true, .off_line = offsetof(struct config_allow, line) };
static const struct csection holiday_section = { SECTION(holiday_keys) };
static const struct csection backup_job_section = { SECTION(backup_job_keys),
						    .elem_size = sizeof(struct config_backup_job), .has_line = true,
						    .off_line = offsetof(struct config_backup_job, line) };
static const struct csection backup_section = { SECTION(backup_keys) };

/* ---- plan, alert, monitoring ---- */

static const struct ckey person_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_person, name) },
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct plan_person, phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct plan_person, mail) },
	{ .name = "verified", .type = KT_DATE, .off = offsetof(struct plan_person, verified) },
};

static const struct csection person_section = { SECTION(person_keys), .has_line = true,
						.off_line = offsetof(struct plan_person, line) };

static const struct ckey role_keys[] = {
	{ .name = "role", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_role, role) },
	{ .name = "primary", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct plan_role, primary),
	  .off_has = offsetof(struct plan_role, has_primary), .sub = &person_section },
	{ .name = "backup", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct plan_role, backup),
	  .off_has = offsetof(struct plan_role, has_backup), .sub = &person_section },
};

static const struct ckey contact_keys[] = {
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct plan_contact, phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct plan_contact, mail) },
	{ .name = "url", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct plan_contact, url) },
};

static const struct csection contact_section = { SECTION(contact_keys) };

static const struct ckey vendor_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_vendor, name) },
	{ .name = "kind", .type = KT_STRING, .off = offsetof(struct plan_vendor, kind) },
	{ .name = "service", .type = KT_STRING, .off = offsetof(struct plan_vendor, service) },
	{ .name = "holiday_hours", .type = KT_STRING, .off = offsetof(struct plan_vendor, holiday_hours) },
	{ .name = "contact", .type = KT_SECTION, .off = offsetof(struct plan_vendor, contact), .sub = &contact_section },
	{ .name = "off_hours", .type = KT_SECTION_OR_NONE, .flags = KF_HAS, .off = offsetof(struct plan_vendor, off_hours),
	  .off2 = offsetof(struct plan_vendor, off_hours_none), .off_has = offsetof(struct plan_vendor, has_off_hours),
	  .sub = &contact_section },
	{ .name = "contract_id", .type = KT_STRING, .off = offsetof(struct plan_vendor, contract_id) },
	{ .name = "verified", .type = KT_DATE, .off = offsetof(struct plan_vendor, verified) },
};

static const struct ckey procedure_keys[] = {
	{ .name = "document", .type = KT_STRING, .flags = KF_REQUIRED,
	  .off = offsetof(struct config_plan, procedure.document) },
	{ .name = "reviewed", .type = KT_DATE, .off = offsetof(struct config_plan, procedure.reviewed) },
};

static const struct ckey reporting_keys[] = {
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.mail) },
	{ .name = "hours", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.hours) },
	{ .name = "note", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.note) },
};

static const struct csection role_section = { SECTION(role_keys), .elem_size = sizeof(struct plan_role),
					      .has_line = true, .off_line = offsetof(struct plan_role, line) };
static const struct csection vendor_section = { SECTION(vendor_keys), .elem_size = sizeof(struct plan_vendor),
						.has_line = true, .off_line = offsetof(struct plan_vendor, line) };
static const struct csection procedure_section = { SECTION(procedure_keys), .has_line = true,
						   .off_line = offsetof(struct config_plan, procedure.line) };
static const struct csection reporting_section = { SECTION(reporting_keys), .has_line = true,
						   .off_line = offsetof(struct config_plan, reporting.line) };

static const struct ckey plan_keys[] = {
	{ .name = "verify_days", .type = KT_UINT, .off = offsetof(struct config_plan, verify_days),
	  .min = 1, .max = 3650 },
	{ .name = "procedure", .type = KT_SECTION, .sub = &procedure_section },
	{ .name = "reporting", .type = KT_SECTION, .flags = KF_HAS,
	  .off_has = offsetof(struct config_plan, reporting.present), .sub = &reporting_section },
	{ .name = "roles", .type = KT_LIST, .off = offsetof(struct config_plan, roles),
	  .off2 = offsetof(struct config_plan, n_roles), .sub = &role_section },
	{ .name = "vendors", .type = KT_LIST, .off = offsetof(struct config_plan, vendors),
	  .off2 = offsetof(struct config_plan, n_vendors), .sub = &vendor_section },
};

static const struct csection plan_section = { SECTION(plan_keys), .has_line = true,
					      .off_line = offsetof(struct config_plan, line) };

static const char *const alert_channels[] = { "smtp", "webhook", "syslog", NULL };
static const char *const starttls_modes[] = { "try", "required", "never", NULL };

static const struct ckey alert_keys[] = {
	{ .name = "channel", .type = KT_CHOICE, .flags = KF_REQUIRED, .off = offsetof(struct config_alert, channel),
	  .choices = alert_channels },
	{ .name = "url", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_alert, url) },
	{ .name = "from", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_alert, from) },
	{ .name = "to", .type = KT_STRLIST, .flags = KF_WORD, .off = offsetof(struct config_alert, to),
	  .off2 = offsetof(struct config_alert, n_to) },
	{ .name = "username", .type = KT_STRING, .off = offsetof(struct config_alert, username) },
	{ .name = "password_file", .type = KT_STRING, .off = offsetof(struct config_alert, password_file) },
	{ .name = "starttls", .type = KT_CHOICE, .off = offsetof(struct config_alert, starttls),
	  .choices = starttls_modes },
	{ .name = "socket", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct config_alert, socket) },
	{ .name = "timeout", .type = KT_UINT, .off = offsetof(struct config_alert, timeout), .min = 1, .max = 300 },
	{ .name = "ca_file", .type = KT_STRING, .off = offsetof(struct config_alert, ca_file) },
};

static const struct csection alert_section = { SECTION(alert_keys), .has_line = true,
					       .off_line = offsetof(struct config_alert, line) };

static const struct ckey monitoring_keys[] = {
	{ .name = "margin_days", .type = KT_UINT, .off = offsetof(struct config, monitoring.margin_days),
	  .min = 0, .max = 3650 },
};

static const struct csection monitoring_section = { SECTION(monitoring_keys) };
static const struct csection ports_section = { SECTION(ports_keys) };
static const struct csection services_section = { SECTION(services_keys) };

/* antivirus (AV-1, AV-2) */
static const struct ckey av_keys[] = {
	{ .name = "max_age_hours", .type = KT_UINT, .off = offsetof(struct config, av.max_age_hours), .min = 1, .max = 87600 },
};
static const struct csection av_section = { SECTION(av_keys) };
static const struct ckey scan_keys[] = {
	{ .name = "yara_rules", .type = KT_STRING, .flags = KF_ABSPATH, .off = offsetof(struct config, scan.yara_rules) },
};
static const struct csection scan_section = { SECTION(scan_keys) };
#define AV_DEFAULT_MAX_AGE_HOURS 24
/* end of antivirus */

static const struct ckey top_keys[] = {
	{ .name = "version", .type = KT_UINT, .flags = KF_INT, .off = offsetof(struct config, version),
	  .min = 1, .max = 1 },
	{ .name = "organisation", .type = KT_STRING, .off = offsetof(struct config, organisation) },
	{ .name = "holiday", .type = KT_HOLIDAY, .flags = KF_HAS, .off = offsetof(struct config, holiday_start),
	  .off2 = offsetof(struct config, holiday_end), .off_has = offsetof(struct config, has_holiday) },
	{ .name = "audit", .type = KT_SECTION, .sub = &audit_section },
	{ .name = "accounts", .type = KT_SECTION, .sub = &accounts_section },
	{ .name = "ssh", .type = KT_SECTION, .sub = &ssh_section },
	{ .name = "vulns", .type = KT_SECTION, .sub = &vulns_section },
	{ .name = "feeds", .type = KT_SECTION, .sub = &feeds_section },
	{ .name = "logs", .type = KT_SECTION, .sub = &logs_section },
	{ .name = "passwords", .type = KT_SECTION, .sub = &passwords_section },
	{ .name = "ports", .type = KT_SECTION, .sub = &ports_section },
	{ .name = "services", .type = KT_SECTION, .sub = &services_section },
	{ .name = "allow", .type = KT_LIST, .off = offsetof(struct config, allow),
	  .off2 = offsetof(struct config, n_allow), .sub = &allow_section },
	{ .name = "plan", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct config, plan),
	  .off_has = offsetof(struct config, plan.present), .sub = &plan_section },
	{ .name = "alert", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct config, alert),
	  .off_has = offsetof(struct config, alert.present), .sub = &alert_section },
	{ .name = "monitoring", .type = KT_SECTION, .sub = &monitoring_section },
	{ .name = "backup", .type = KT_SECTION, .sub = &backup_section },
	{ .name = "av", .type = KT_SECTION, .sub = &av_section },
	{ .name = "scan", .type = KT_SECTION, .sub = &scan_section },
};

static const struct csection top_section = { SECTION(top_keys) };

_Static_assert(ARRAY_SIZE(top_keys) <= CONFIG_SECTION_MAX_KEYS, "top_keys");
_Static_assert(ARRAY_SIZE(audit_keys) <= CONFIG_SECTION_MAX_KEYS, "audit_keys");
_Static_assert(ARRAY_SIZE(accounts_keys) <= CONFIG_SECTION_MAX_KEYS, "accounts_keys");
_Static_assert(ARRAY_SIZE(ssh_keys) <= CONFIG_SECTION_MAX_KEYS, "ssh_keys");
_Static_assert(ARRAY_SIZE(vulns_keys) <= CONFIG_SECTION_MAX_KEYS, "vulns_keys");
_Static_assert(ARRAY_SIZE(feeds_keys) <= CONFIG_SECTION_MAX_KEYS, "feeds_keys");
_Static_assert(ARRAY_SIZE(logs_keys) <= CONFIG_SECTION_MAX_KEYS, "logs_keys");
_Static_assert(ARRAY_SIZE(passwords_keys) <= CONFIG_SECTION_MAX_KEYS, "passwords_keys");
_Static_assert(ARRAY_SIZE(allow_keys) <= CONFIG_SECTION_MAX_KEYS, "allow_keys");
_Static_assert(ARRAY_SIZE(holiday_keys) <= CONFIG_SECTION_MAX_KEYS, "holiday_keys");
_Static_assert(ARRAY_SIZE(person_keys) <= CONFIG_SECTION_MAX_KEYS, "person_keys");
_Static_assert(ARRAY_SIZE(role_keys) <= CONFIG_SECTION_MAX_KEYS, "role_keys");
_Static_assert(ARRAY_SIZE(contact_keys) <= CONFIG_SECTION_MAX_KEYS, "contact_keys");
_Static_assert(ARRAY_SIZE(vendor_keys) <= CONFIG_SECTION_MAX_KEYS, "vendor_keys");
_Static_assert(ARRAY_SIZE(procedure_keys) <= CONFIG_SECTION_MAX_KEYS, "procedure_keys");
_Static_assert(ARRAY_SIZE(reporting_keys) <= CONFIG_SECTION_MAX_KEYS, "reporting_keys");
_Static_assert(ARRAY_SIZE(plan_keys) <= CONFIG_SECTION_MAX_KEYS, "plan_keys");
_Static_assert(ARRAY_SIZE(alert_keys) <= CONFIG_SECTION_MAX_KEYS, "alert_keys");
_Static_assert(ARRAY_SIZE(monitoring_keys) <= CONFIG_SECTION_MAX_KEYS, "monitoring_keys");
_Static_assert(ARRAY_SIZE(backup_keys) <= CONFIG_SECTION_MAX_KEYS, "backup_keys");
_Static_assert(ARRAY_SIZE(backup_job_keys) <= CONFIG_SECTION_MAX_KEYS, "backup_job_keys");
_Static_assert(ARRAY_SIZE(port_allow_keys) <= CONFIG_SECTION_MAX_KEYS, "port_allow_keys");

static const struct {
	const char *name;
	int sev;
} severities[] = {
	{ "info", SEV_INFO }, { "low", SEV_LOW }, { "medium", SEV_MEDIUM },
	{ "high", SEV_HIGH }, { "critical", SEV_CRITICAL },
};

static void free_section(const struct csection *sec, void *base)
{
	size_t i, j;

	for (i = 0; i < sec->n_keys; i++) {
		const struct ckey *k = &sec->keys[i];

		switch (k->type) {
		case KT_STRING:
		case KT_CHOICE:
			free(*FIELD(base, k->off, char *));
			*FIELD(base, k->off, char *) = NULL;
			break;
		case KT_STRLIST: {
			char **list = *FIELD(base, k->off, char **);
			size_t n = *FIELD(base, k->off2, size_t);

			for (j = 0; list && j < n; j++)
				free(list[j]);
			free(list);
			*FIELD(base, k->off, char **) = NULL;
			*FIELD(base, k->off2, size_t) = 0;
			break;
		}
		case KT_SECTION:
		case KT_SECTION_OR_NONE:
			free_section(k->sub, FIELD(base, k->off, char));
			break;
		case KT_LIST: {
			char *arr = *FIELD(base, k->off, char *);
			size_t n = *FIELD(base, k->off2, size_t);

			for (j = 0; arr && j < n; j++)
				free_section(k->sub, arr + j * k->sub->elem_size);
			free(arr);
			*FIELD(base, k->off, char *) = NULL;
			*FIELD(base, k->off2, size_t) = 0;
			break;
		}
		default:
			break;
		}
	}
}

/* "accounts" + "dormant_days" -> "accounts.dormant_days" (paths are short: tables are ours) */
static void join_path(char *out, size_t size, const char *path, const char *name)
{
	if (snprintf(out, size, "%s%s%s", path, *path ? "." : "", name) < 0)
		out[0] = '\0';
}

/* "allow" + 3 -> "allow[3]" */
static void index_path(char *out, size_t size, const char *path, size_t i)
{
	if (snprintf(out, size, "%s[%zu]", path, i) < 0)
		out[0] = '\0';
}

static const char *kind_name(const struct ynode *y)
{
	if (is_null(y))
		return gettext("nothing");
	return y->kind == YN_MAP ? gettext("a mapping") : y->kind == YN_SEQ ? gettext("a list") : gettext("a scalar");
}

/*
 * A string value: any scalar style, not null, not empty, no NUL or control
 * characters (tab and line feed allowed unless KF_WORD), at most
 * CONFIG_MAX_STRING bytes. Caller frees *out.
 */
/* No "." or ".." component and no empty one but a trailing slash ("/a//b" is refused). */
static bool abspath_clean(const char *s, size_t len)
{
	size_t i = 1;

	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != '/')
			j++;
		if ((j == i && j < len) || (j - i == 1 && s[i] == '.') || (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			return false;
		i = j + 1;
	}
	return true;
}

static int get_string(struct pctx *c, const char *path, const struct ynode *y, unsigned flags, char **out)
{
	char q[QBUF_SIZE];
	const unsigned char *s;
	char *copy;
	size_t i;

	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a string, got %s", path, kind_name(y));
	if (!y->len)
		return cfg_err(c, y->line, "%s: must not be empty", path);
	if (y->len > CONFIG_MAX_STRING)
		return cfg_err(c, y->line, "%s: longer than %d bytes", path, CONFIG_MAX_STRING);
	s = (const unsigned char *)y->text;
	for (i = 0; i < y->len; i++) {
		if (s[i] == 0)
			return cfg_err(c, y->line, "%s: contains a NUL byte", path);
		if ((flags & KF_WORD) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			return cfg_err(c, y->line, "%s: must be a single word without blanks", path);
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7f ||
		    (s[i] == 0xc2 && i + 1 < y->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f))
			return cfg_err(c, y->line, "%s: contains a control character", path);
	}
	if ((flags & KF_ABSPATH) && (y->text[0] != '/' || !abspath_clean(y->text, y->len)))
		return cfg_err(c, y->line, "%s: expected an absolute path without '.' or '..' components, got '%s'", path,
			       quote(q, sizeof(q), y->text, y->len));
	copy = xstrndup(y->text, y->len);
	if (flags & KF_ABSPATH)
		for (i = strlen(copy); i > 1 && copy[i - 1] == '/'; i--)
			copy[i - 1] = '\0';
	if (flags & KF_UPPER)
		for (i = 0; copy[i]; i++)
			if (copy[i] >= 'a' && copy[i] <= 'z')
				copy[i] = (char)(copy[i] - 'a' + 'A');
	*out = copy;
	return 0;
}

static int get_uint(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, uint32_t *out)
{
	char q[QBUF_SIZE];
	uint64_t v;
	int r;

	if (y->kind != YN_SCALAR || !y->plain || is_null(y))
		return cfg_err(c, y->line, "%s: expected a whole number, got %s", path,
			       y->kind == YN_SCALAR && !is_null(y) ? "a quoted string" : kind_name(y));
	if (y->len > 1 && y->text[0] == '-' && all_digits(y->text + 1, y->len - 1))
		goto range;
	if (y->len > 1 && y->text[0] == '0' && all_digits(y->text, y->len))
		return cfg_err(c, y->line, "%s: a whole number may not start with 0", path);
	r = parse_u64(y->text, y->len, UINT64_MAX, &v);
	if (r == -ERANGE)
		goto range;
	if (r < 0)
		return cfg_err(c, y->line, "%s: expected a whole number, got '%s'", path,
			       quote(q, sizeof(q), y->text, y->len));
	if (v < k->min || v > k->max)
		goto range;
	*out = (uint32_t)v;
	return 0;
range:
	if (k->min == k->max)
		return cfg_err(c, y->line, "%s must be %u", path, (unsigned)k->min);
	return cfg_err(c, y->line, "%s must be between %u and %u", path, (unsigned)k->min, (unsigned)k->max);
}

static int get_date(struct pctx *c, const char *path, const struct ynode *y, char out[11])
{
	char q[QBUF_SIZE];
	int yy, mm, dd;

	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a date (YYYY-MM-DD), got %s", path, kind_name(y));
	if (date_parse(y->text, y->len, &yy, &mm, &dd) < 0)
		return cfg_err(c, y->line, "%s: invalid date '%s' (expected YYYY-MM-DD, years 1970 to 9999)", path,
			       quote(q, sizeof(q), y->text, y->len));
	memcpy(out, y->text, 10);
	out[10] = '\0';
	return 0;
}

/* Case-insensitive for ASCII letters only (no locale). */
static bool ascii_eq_icase(const char *s, size_t len, const char *lit)
{
	size_t i;

	if (len != strlen(lit))
		return false;
	for (i = 0; i < len; i++) {
		char a = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];

		if (a != lit[i])
			return false;
	}
	return true;
}

static int get_severity(struct pctx *c, const char *path, const struct ynode *y, int *out)
{
	char q[QBUF_SIZE];
	size_t i;

	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a severity, got %s", path, kind_name(y));
	for (i = 0; i < ARRAY_SIZE(severities); i++) {
		if (ascii_eq_icase(y->text, y->len, severities[i].name)) {
			*out = severities[i].sev;
			return 0;
		}
	}
	return cfg_err(c, y->line, "%s: expected info, low, medium, high or critical, got '%s'", path,
		       quote(q, sizeof(q), y->text, y->len));
}

static int parse_section(struct pctx *c, const struct csection *sec, const char *path, const struct ynode *map,
			 void *base);

/* "22-6": from hour 22 to hour 6 (local, 0..23, the start and end differ). */
static int get_hours(struct pctx *c, const char *path, const struct ynode *y, uint32_t *from, uint32_t *to)
{
	char q[QBUF_SIZE];
	const char *dash;
	uint64_t a, b;

	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected hours like 22-6, got %s", path, kind_name(y));
	dash = memchr(y->text, '-', y->len);
	if (!dash || parse_u64(y->text, (size_t)(dash - y->text), 23, &a) < 0 ||
	    parse_u64(dash + 1, y->len - (size_t)(dash - y->text) - 1, 23, &b) < 0 || a == b)
		return cfg_err(c, y->line, "%s: expected two different hours 0-23 like 22-6, got '%s'", path,
			       quote(q, sizeof(q), y->text, y->len));
	*from = (uint32_t)a;
	*to = (uint32_t)b;
	return 0;
}

static int get_bool(struct pctx *c, const char *path, const struct ynode *y, bool *out)
{
	if (y->kind == YN_SCALAR && y->plain && ascii_eq_icase(y->text, y->len, "true")) {
		*out = true;
		return 0;
	}
	if (y->kind == YN_SCALAR && y->plain && ascii_eq_icase(y->text, y->len, "false")) {
		*out = false;
		return 0;
	}
	return cfg_err(c, y->line, "%s: expected true or false", path);
}

static int get_enum(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, int *out)
{
	char q[QBUF_SIZE];
	char list[256] = "";
	size_t i;

	if (!is_null(y) && y->kind == YN_SCALAR)
		for (i = 0; k->names[i]; i++)
			if (y->len == strlen(k->names[i]) && !memcmp(y->text, k->names[i], y->len)) {
				*out = (int)i;
				return 0;
			}
	for (i = 0; k->names[i]; i++) {
		size_t n = strlen(list);

		snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", k->names[i]);
	}
	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected one of %s, got %s", path, list, kind_name(y));
	return cfg_err(c, y->line, "%s: expected one of %s, got '%s'", path, list, quote(q, sizeof(q), y->text, y->len));
}

/* A count ("20", min..max) or a percentage ("5%", 1..100). */
static int get_sample(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	uint64_t v;
	uint32_t u;

	if (y->kind == YN_SCALAR && !is_null(y) && y->len >= 2 && y->text[y->len - 1] == '%') {
		if (y->text[0] == '0' || parse_u64(y->text, y->len - 1, 100, &v) < 0 || v < 1)
			return cfg_err(c, y->line, "%s: a percentage must be between 1%% and 100%%", path);
		*FIELD(base, k->off, uint32_t) = 0;
		*FIELD(base, k->off2, uint32_t) = (uint32_t)v;
		return 0;
	}
	if (y->kind != YN_SCALAR || !y->plain || is_null(y))
		return cfg_err(c, y->line, "%s: expected a number of files or a percentage (\"5%%\"), got %s", path,
			       y->kind == YN_SCALAR && !is_null(y) ? "a quoted string" : kind_name(y));
	if (get_uint(c, path, k, y, &u) < 0)
		return -EINVAL;
	*FIELD(base, k->off, uint32_t) = u;
	*FIELD(base, k->off2, uint32_t) = 0;
	return 0;
}

static int get_holiday(struct pctx *c, const char *path, const struct ynode *y, char start[11], char end[11])
{
	struct holiday_map h;
	struct err e;
	int r;

	memset(&h, 0, sizeof(h));
	if (y->kind == YN_MAP) {
		r = parse_section(c, &holiday_section, path, y, &h);
		if (r < 0)
			return r;
	} else if (y->kind == YN_SCALAR && !is_null(y)) {
		r = holiday_parse(y->text, y->len, h.start, h.end, &e);
		if (r < 0)	/* the message already says "holiday" */
			return cfg_err(c, y->line, "%s", e.msg);
	} else {
		return cfg_err(c, y->line, "%s: expected YYYY-MM-DD..YYYY-MM-DD or {start: ..., end: ...}, got %s",
			       path, kind_name(y));
	}
	r = holiday_order(h.start, h.end, &e);
	if (r < 0)
		return cfg_err(c, y->line, "%s", e.msg);
	memcpy(start, h.start, 11);
	memcpy(end, h.end, 11);
	return 0;
}

/* Lists are stored in base as soon as they are allocated, so free_section can clean up after an error. */
static int get_strlist(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	char item_path[PATH_MAX_LEN];
	char **list;
	size_t i;
	int r;

	if (is_null(y))
		return 0;
	if (y->kind != YN_SEQ)
		return cfg_err(c, y->line, "%s: expected a list, got %s", path, kind_name(y));
	if (y->n > CONFIG_MAX_LIST)
		return cfg_err(c, y->line, "%s: more than %d entries", path, CONFIG_MAX_LIST);
	list = xcalloc(y->n, sizeof(*list));
	*FIELD(base, k->off, char **) = list;
	*FIELD(base, k->off2, size_t) = y->n;
	for (i = 0; i < y->n; i++) {
		index_path(item_path, sizeof(item_path), path, i);
		r = get_string(c, item_path, y->kids[i], k->flags, &list[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int get_list(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	const struct csection *sub = k->sub;
	char item_path[PATH_MAX_LEN];
	char *arr;
	size_t i;
	int r;

	if (is_null(y))
		return 0;
	if (y->kind != YN_SEQ)
		return cfg_err(c, y->line, "%s: expected a list, got %s", path, kind_name(y));
	if (y->n > CONFIG_MAX_LIST)
		return cfg_err(c, y->line, "%s: more than %d entries", path, CONFIG_MAX_LIST);
	arr = xcalloc(y->n, sub->elem_size);
	*FIELD(base, k->off, char *) = arr;
	*FIELD(base, k->off2, size_t) = y->n;
	for (i = 0; i < y->n; i++) {
		void *elem = arr + i * sub->elem_size;

		index_path(item_path, sizeof(item_path), path, i);
		if (y->kids[i]->kind != YN_MAP)
			return cfg_err(c, y->kids[i]->line, "%s: expected a mapping, got %s", item_path,
				       kind_name(y->kids[i]));
		if (sub->has_line)
			*FIELD(elem, sub->off_line, size_t) = y->kids[i]->line;
		r = parse_section(c, sub, item_path, y->kids[i], elem);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A nested mapping at sub_base, with its line when the section keeps one. */
static int get_section(struct pctx *c, const struct csection *sub, const char *path, const struct ynode *y,
		       void *sub_base)
{
	if (sub->has_line)
		*FIELD(sub_base, sub->off_line, size_t) = y->line;
	return parse_section(c, sub, path, y, sub_base);
}

static int get_choice(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, char **out)
{
	char q[QBUF_SIZE];
	char list[256];
	size_t i, o = 0;

	if (is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a word, got %s", path, kind_name(y));
	for (i = 0; k->choices[i]; i++) {
		if (ascii_eq_icase(y->text, y->len, k->choices[i])) {
			*out = xstrdup(k->choices[i]);
			return 0;
		}
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", k->choices[i]);
		if (o >= sizeof(list))
			o = sizeof(list) - 1;
	}
	return cfg_err(c, y->line, "%s: expected one of %s, got '%s'", path, list,
		       quote(q, sizeof(q), y->text, y->len));
}

static int parse_value(struct pctx *c, const struct ckey *k, const char *path, const struct ynode *y, void *base)
{
	uint32_t u = 0;
	int r = 0;

	switch (k->type) {
	case KT_STRING:
		r = get_string(c, path, y, k->flags, FIELD(base, k->off, char *));
		break;
	case KT_UINT:
		r = get_uint(c, path, k, y, &u);
		if (r == 0 && (k->flags & KF_INT))
			*FIELD(base, k->off, int) = (int)u;
		else if (r == 0)
			*FIELD(base, k->off, uint32_t) = u;
		break;
	case KT_DATE:
		r = get_date(c, path, y, FIELD(base, k->off, char));
		break;
	case KT_SEVERITY:
		r = get_severity(c, path, y, FIELD(base, k->off, int));
		break;
	case KT_STRLIST:
		r = get_strlist(c, path, k, y, base);
		break;
	case KT_HOLIDAY:
		r = get_holiday(c, path, y, FIELD(base, k->off, char), FIELD(base, k->off2, char));
		break;
	case KT_SECTION:
		r = get_section(c, k->sub, path, y, FIELD(base, k->off, char));
		break;
	case KT_LIST:
		r = get_list(c, path, k, y, base);
		break;
	case KT_CHOICE:
		r = get_choice(c, path, k, y, FIELD(base, k->off, char *));
		break;
	case KT_SECTION_OR_NONE:
		if (y->kind == YN_SCALAR && !is_null(y) && ascii_eq_icase(y->text, y->len, "none")) {
			*FIELD(base, k->off2, bool) = true;
			break;
		}
		if (y->kind != YN_MAP) {
			r = cfg_err(c, y->line, "%s: expected a mapping or the word none, got %s", path, kind_name(y));
			break;
		}
		r = get_section(c, k->sub, path, y, FIELD(base, k->off, char));
		break;
	case KT_HOURS:
		r = get_hours(c, path, y, FIELD(base, k->off, uint32_t), FIELD(base, k->off2, uint32_t));
		break;
	case KT_BOOL:
		r = get_bool(c, path, y, FIELD(base, k->off, bool));
		break;
	case KT_ENUM:
		r = get_enum(c, path, k, y, FIELD(base, k->off, int));
		break;
	case KT_SAMPLE:
		r = get_sample(c, path, k, y, base);
		break;
	}
	if (r == 0 && (k->flags & KF_HAS))
		*FIELD(base, k->off_has, bool) = true;
	return r;
}

/* A mapping checked against sec; a null value is an empty mapping. */
static int parse_section(struct pctx *c, const struct csection *sec, const char *path, const struct ynode *map,
			 void *base)
{
	size_t seen[CONFIG_SECTION_MAX_KEYS] = { 0 };
	char q[QBUF_SIZE];
	char kpath[PATH_MAX_LEN];
	size_t i, j;
	int r;

	if (!is_null(map) && map->kind != YN_MAP) {
		if (!*path)
			return cfg_err(c, map->line, "the top level must be a mapping of keys, got %s",
				       kind_name(map));
		return cfg_err(c, map->line, "%s: expected a mapping, got %s", path, kind_name(map));
	}
	for (i = 0; map && map->kind == YN_MAP && i + 1 < map->n; i += 2) {
		const struct ynode *key = map->kids[i];
		const struct ynode *val = map->kids[i + 1];

		if (key->kind != YN_SCALAR || is_null(key))
			return cfg_err(c, key->line, "%s%skeys must be plain words, got %s", path, *path ? ": " : "",
				       kind_name(key));
		for (j = 0; j < sec->n_keys; j++)
			if (key->len == strlen(sec->keys[j].name) && !memcmp(key->text, sec->keys[j].name, key->len))
				break;
		if (j == sec->n_keys) {
			if (!*path)
				return cfg_err(c, key->line, "unknown key '%s'", quote(q, sizeof(q), key->text, key->len));
			return cfg_err(c, key->line, "unknown key '%s' in '%s'", quote(q, sizeof(q), key->text, key->len),
				       path);
		}
		join_path(kpath, sizeof(kpath), path, sec->keys[j].name);
		if (seen[j])
			return cfg_err(c, key->line, "duplicate key '%s' (first given on line %zu)", kpath, seen[j]);
		seen[j] = key->line;
		r = parse_value(c, &sec->keys[j], kpath, val, base);
		if (r < 0)
			return r;
	}
	for (j = 0; j < sec->n_keys; j++) {
		if ((sec->keys[j].flags & KF_REQUIRED) && !seen[j])
			return cfg_err(c, map ? map->line : 0, "%s: missing '%s'", *path ? path : "config",
				       sec->keys[j].name);
	}
	return 0;
}

/* ------------------------------------------------------------------ */

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version = 1;
	cfg->accounts.dormant_days = 90;
	cfg->ssh.min_rsa_bits = 2048;
	cfg->plan.verify_days = 90;
	cfg->alert.timeout = 20;
	cfg->monitoring.margin_days = 7;
	cfg->vulns.max_feed_age_days = 7;
	cfg->logs.baseline_days = 30;
	cfg->logs.brute_force_failures = 20;
	cfg->logs.spray_users = 5;
	cfg->logs.success_after_failures = 5;
	cfg->logs.gap_hours = 6;
	cfg->logs.night_start = 22;
	cfg->logs.night_end = 6;
	cfg->logs.backwards_seconds = 300;
	cfg->passwords.budget = 60;
	cfg->passwords.min_length = 8;
	cfg->backup.max_age_hours = BACKUP_DEFAULT_MAX_AGE_HOURS;
	cfg->backup.verify_max_age_days = BACKUP_DEFAULT_VERIFY_DAYS;
	cfg->av.max_age_hours = AV_DEFAULT_MAX_AGE_HOURS;
}

static bool env_name_ok(const char *s)
{
	size_t i;

	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return i <= 128;
}

/* What the tables cannot say: unique names, one password source, what each kind needs. */
static int validate_backup(struct pctx *c, const struct config *cfg)
{
	char q[QBUF_SIZE];
	size_t i, j;

	for (i = 0; i < cfg->backup.n_jobs; i++) {
		const struct config_backup_job *b = &cfg->backup.jobs[i];
		int n_pw = !!b->password_file + !!b->password_env + !!b->password_command;

		for (j = 0; j < i; j++)
			if (!strcmp(cfg->backup.jobs[j].name, b->name))
				return cfg_err(c, b->line, "backup.jobs[%zu]: the name '%s' is already used on line %zu", i,
					       quote(q, sizeof(q), b->name, strlen(b->name)), cfg->backup.jobs[j].line);
		if (n_pw > 1)
			return cfg_err(c, b->line,
				       "backup.jobs[%zu]: give only one of password_file, password_env and password_command", i);
		if (b->kind == BACKUP_RESTIC && n_pw == 0)
			return cfg_err(c, b->line,
				       "backup.jobs[%zu]: a restic job needs password_file, password_env or password_command", i);
		if ((b->kind == BACKUP_ARCHIVE || b->kind == BACKUP_DIRECTORY) && n_pw)
			return cfg_err(c, b->line, "backup.jobs[%zu]: a %s job takes no password", i,
				       backup_kind_name(b->kind));
		if ((b->kind == BACKUP_ARCHIVE || b->kind == BACKUP_DIRECTORY) &&
		    (b->repository[0] != '/' || !abspath_clean(b->repository, strlen(b->repository))))
			return cfg_err(c, b->line, "backup.jobs[%zu].repository: a %s job needs an absolute path", i,
				       backup_kind_name(b->kind));
		if (b->has_check_percent && b->kind != BACKUP_RESTIC && b->kind != BACKUP_BORG)
			return cfg_err(c, b->line, "backup.jobs[%zu].check_percent: only for restic and borg jobs", i);
		if (b->password_env && !env_name_ok(b->password_env))
			return cfg_err(c, b->line, "backup.jobs[%zu].password_env: not an environment variable name", i);
		if (b->n_paths == 0)
			return cfg_err(c, b->line, "backup.jobs[%zu].paths: name at least one path", i);
	}
	return 0;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free_section(&top_section, cfg);
	free(cfg->source);
	config_defaults(cfg);
}

int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err)
{
	struct pctx c = { .fname = fname ? fname : "config", .err = err };
	struct ytree t = { 0 };
	struct config tmp;
	int r;

	config_defaults(&tmp);
	if (!buf && len) {
		r = cfg_err(&c, 0, "no input");
		goto out;
	}
	if (len > CONFIG_MAX_BYTES) {
		r = cfg_errc(&c, -EFBIG, 0, "larger than %zu bytes", CONFIG_MAX_BYTES);
		goto out;
	}
	r = prescan(&c, buf, len);
	if (r < 0)
		goto out;
	if (len) {
		r = build_tree(&c, buf, len, &t);
		if (r < 0)
			goto out;
	}
	r = parse_section(&c, &top_section, "", t.root, &tmp);
	if (r < 0)
		goto out;
	r = validate_backup(&c, &tmp);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < tmp.ports.n_allow; i++) {
		const char *p = tmp.ports.allow[i].proto;
		if (p && strcmp(p, "tcp") && strcmp(p, "udp")) {
			r = cfg_err(&c, tmp.ports.allow[i].line, "ports.allow[%zu].proto: expected tcp or udp", i);
			goto out;
		}
	}
	tmp.source = fname ? xstrdup(fname) : NULL;
	*cfg = tmp;
out:
	tree_free(&t);
	if (r < 0) {
		config_free(&tmp);
		config_defaults(cfg);
	}
	return r;
}
