/*
 * The YAML layer of kyuka.yaml: the byte scan, libfyaml's events into a
 * bounded tree with lines, the scalar decoders, and the messages.
 */
#include "parse/yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>
#include <libintl.h>

#include "parse/limits.h"
#include "util/num.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ */
/* Messages */

const char *cfg_quote_n(char *out, size_t size, const char *s, size_t len, size_t max)
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

const char *cfg_quote(char *out, size_t size, const char *s, size_t len)
{
	return cfg_quote_n(out, size, s, len, QUOTE_MAX);
}

int cfg_errc(struct pctx *c, int code, size_t line, const char *fmt, ...)
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

int yaml_prescan(struct pctx *c, const char *buf, size_t len)
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

void yaml_free(struct ytree *t)
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

bool yaml_is_null(const struct ynode *y)
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
	const char *buf;	/* the input, for quoted and block scalars */
	size_t len;
	struct ytree *t;
	struct ynode *stack[CONFIG_MAX_DEPTH];
	size_t col[CONFIG_MAX_DEPTH];	/* the column of each open collection (its indentation) */
	size_t depth;
	size_t pos;		/* input consumed by the events so far: a block scalar's header is after it */
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
 * already checked their syntax). Block scalars (| and >) too: libfyaml
 * leaks decoding some of them (fuzz: a literal scalar followed by
 * mis-indented lines). Plain scalars use libfyaml's text.
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

/* ---- block scalars ----
 *
 * libfyaml has checked the syntax and gives the span of the content lines
 * (from the line after the header; it may end with the next line's
 * indentation). The header (| or >, an indentation digit, a chomping + or -)
 * is read from the bytes between the previous token and the span.
 */

enum chomp { CHOMP_CLIP, CHOMP_STRIP, CHOMP_KEEP };

struct bheader {
	bool folded;
	enum chomp chomp;
	size_t indent;		/* the indentation indicator, 0: detected from the first non-empty line */
};

/*
 * From pos, skips what may stand between the previous token and a block
 * scalar's indicator: blanks, line breaks, comments, anchors, the - ? :
 * indicators, closing quotes and brackets. Reads the header at the indicator.
 */
static int block_header(const char *s, size_t pos, size_t end, struct bheader *h)
{
	size_t i = pos, k;

	while (i < end) {
		char ch = s[i];

		if (ch == '|' || ch == '>')
			break;
		if (is_blank(ch) || is_break(ch) || ch == '"' || ch == '\'' || ch == ']' || ch == '}') {
			i++;
		} else if (ch == '#' && (i == pos || is_blank(s[i - 1]) || is_break(s[i - 1]))) {
			while (i < end && !is_break(s[i]))
				i++;
		} else if (ch == '&') {
			while (i < end && !is_blank(s[i]) && !is_break(s[i]))
				i++;
		} else if ((ch == '-' || ch == '?' || ch == ':') && (i + 1 >= end || is_blank(s[i + 1]) || is_break(s[i + 1]))) {
			i++;
		} else {
			return -EINVAL;
		}
	}
	if (i >= end)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	h->folded = s[i] == '>';
	for (k = i + 1; k < end && k < i + 3; k++) {
		if (s[k] >= '1' && s[k] <= '9' && !h->indent)
			h->indent = (size_t)(s[k] - '0');
		else if (s[k] == '-' && h->chomp == CHOMP_CLIP)
			h->chomp = CHOMP_STRIP;
		else if (s[k] == '+' && h->chomp == CHOMP_CLIP)
			h->chomp = CHOMP_KEEP;
		else
			break;
	}
	return 0;
}

/* Leading spaces of the line [s, e). */
static size_t line_indent(const char *s, size_t e)
{
	size_t i = 0;

	while (i < e && s[i] == ' ')
		i++;
	return i;
}

/*
 * The value of a block scalar from its content lines s[0..len) (YAML 1.2):
 * the first m columns are indentation (m: the header's indicator plus the
 * parent's indentation, else the indentation of the first non-empty line).
 * Literal: the lines as they are. Folded: a line break between two lines
 * that do not start with a blank becomes a space, or is dropped when empty
 * lines follow; other breaks are kept. Chomping: the final line break is
 * kept (clip), dropped (strip), or kept with the empty lines after it
 * (keep); at the end of the file (at_eof) the last line may have no break.
 * o holds len + 2 bytes. Returns 0 or -EINVAL.
 */
static int decode_block(const char *s, size_t len, bool at_eof, const struct bheader *h, size_t parent_indent,
			char *o, size_t *olen)
{
	size_t i = 0, n = 0, m = 0, pending = 0, k;
	bool have_m = false, have_content = false, prev_spaced = false, last_break = false, final_blank = false;

	if (h->indent) {
		m = parent_indent + h->indent;
		have_m = true;
	}
	while (i < len) {
		size_t e = i, next, ind;
		bool spaced;

		while (e < len && s[e] != '\n')
			e++;
		next = e < len ? e + 1 : e;
		if (e > i && s[e - 1] == '\r' && e < len)
			e--;
		ind = line_indent(s + i, e - i);
		if (e == len && !at_eof && ind == e - i) {	/* the next line's indentation */
			i = next;
			continue;
		}
		if (ind == e - i && (!have_m || ind <= m)) {	/* an empty line */
			if (next > e)
				pending++;
			else
				final_blank = true;	/* at the end of the file, without a line break */
			i = next;
			continue;
		}
		if (!have_m) {
			m = ind;
			have_m = true;
		}
		if (ind < m && ind < e - i)
			return -EINVAL;
		spaced = h->folded && (s[i + m] == ' ' || s[i + m] == '\t');
		if (!have_content) {
			for (k = 0; k < pending; k++)
				o[n++] = '\n';
		} else if (h->folded && !spaced && !prev_spaced) {
			if (!pending)
				o[n++] = ' ';
			for (k = 0; k < pending; k++)
				o[n++] = '\n';
		} else {
			for (k = 0; k <= pending; k++)
				o[n++] = '\n';
		}
		memcpy(o + n, s + i + m, e - i - m);
		n += e - i - m;
		pending = 0;
		have_content = true;
		prev_spaced = spaced;
		last_break = next > e;
		i = next;
	}
	/* as libfyaml 0.7.12 has it at the end of the file: clip adds the line break even when the
	 * file has none; keep adds the breaks the file has, and one for an empty scalar there */
	if (h->chomp == CHOMP_CLIP && have_content)
		o[n++] = '\n';
	if (h->chomp == CHOMP_KEEP) {
		if (have_content && last_break)
			o[n++] = '\n';
		if (!have_content && !pending && final_blank)
			pending = 1;
		for (k = 0; k < pending; k++)
			o[n++] = '\n';
	}
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

static int scalar_block(struct builder *b, struct fy_token *tok, bool folded, struct ynode *y)
{
	size_t from = 0, to = 0, n = 0, parent;
	struct bheader h;
	char *out;
	int r = token_span(b, tok, &from, &to);

	if (r < 0)
		return r;
	if (block_header(b->buf, b->pos, from, &h) < 0 || h.folded != folded)
		return cfg_err(b->c, b->line, "cannot locate a value in the file");
	out = xmalloc(st_add(to - from, 2));
	/* the parent collection's indentation, for an indentation indicator */
	parent = b->depth ? b->col[b->depth - 1] : 0;
	if (decode_block(b->buf + from, to - from, to == b->len, &h, parent, out, &n) < 0) {
		free(out);
		return cfg_err(b->c, b->line, "cannot decode a value");
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
			r = scalar_raw(b, e->scalar.value, y);
		else if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED)
			r = scalar_quoted(b, e->scalar.value, style == FYSS_DOUBLE_QUOTED, y);
		else if (style == FYSS_LITERAL || style == FYSS_FOLDED)
			r = scalar_block(b, e->scalar.value, style == FYSS_FOLDED, y);
		else
			r = scalar_text(b, e->scalar.value, y);
		mk = fy_token_end_mark(e->scalar.value);
		if (mk && mk->input_pos <= b->len && mk->input_pos > b->pos)
			b->pos = mk->input_pos;
		return r;
	}
	if (b->depth >= CONFIG_MAX_DEPTH)
		return cfg_err(b->c, b->line, "nested deeper than %d levels", CONFIG_MAX_DEPTH);
	r = add_node(b, e->type == FYET_MAPPING_START ? YN_MAP : YN_SEQ, &y);
	if (r < 0)
		return r;
	if (mk && mk->input_pos <= b->len && mk->input_pos > b->pos)
		b->pos = mk->input_pos;
	b->col[b->depth] = mk && mk->column > 0 ? (size_t)mk->column : 0;
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
			       cfg_quote_n(q, sizeof(q), de->msg, strlen(de->msg), 200));
	}
	return cfg_err(c, 0, "invalid YAML");
}

int yaml_build(struct pctx *c, const char *buf, size_t len, struct ytree *t)
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

