/* Escaping of hostile strings for the terminal, HTML and JSON (see escape.h). */
#include "report/escape.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

static const char hexdig[] = "0123456789abcdef";

/*
 * Decodes one UTF-8 sequence at p (len >= 1 bytes) after Unicode's table of
 * well-formed byte sequences (3-7). Returns its length with the code point
 * in *cp, or -k when the first k bytes (k >= 1) are a maximal ill-formed
 * subsequence: the bytes to replace before decoding resumes.
 */
static int utf8_next(const unsigned char *p, size_t len, uint32_t *cp)
{
	unsigned char b = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t need, i;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b < 0xc2) {
		return -1;
	} else if (b < 0xe0) {
		need = 1;
		c = b & 0x1f;
	} else if (b < 0xf0) {
		need = 2;
		c = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (b == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (b < 0xf5) {
		need = 3;
		c = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;	/* overlong */
		else if (b == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	} else {
		return -1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || p[i] < lo || p[i] > hi)
			return -(int)i;
		c = (c << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return (int)need + 1;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_next(p + i, len - i, &cp);
		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/*
 * Code points that reorder or break displayed text, or show nothing at all
 * (Unicode's format characters, Cf: "root" + U+200B reads as "root"), so a
 * name that holds one is told from a name that does not.
 */
static bool is_hidden_or_reordering(uint32_t cp)
{
	if (cp < 0x00ad)
		return false;
	return cp == 0x00ad || (cp >= 0x0600 && cp <= 0x0605) || cp == 0x061c || cp == 0x06dd || cp == 0x070f ||
	       cp == 0x0890 || cp == 0x0891 || cp == 0x08e2 || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
	       cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0x110bd || cp == 0x110cd ||
	       (cp >= 0x13430 && cp <= 0x1343f) || (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	       (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
}

static int add_byte_esc(struct strbuf *out, unsigned char b)
{
	char e[4] = { '\\', 'x', hexdig[b >> 4], hexdig[b & 0xf] };

	return strbuf_add(out, e, sizeof(e));
}

/* \uXXXX; above the BMP \UXXXXXXXX for a reader, or a surrogate pair in JSON (utf16) */
static int add_cp_esc16(struct strbuf *out, uint32_t cp, bool utf16)
{
	char e[10];

	if (cp > 0xffff && utf16) {
		int r = add_cp_esc16(out, 0xd800 + ((cp - 0x10000) >> 10), true);

		return r ? r : add_cp_esc16(out, 0xdc00 + ((cp - 0x10000) & 0x3ff), true);
	}
	if (cp > 0xffff) {
		e[0] = '\\';
		e[1] = 'U';
		for (int k = 0; k < 8; k++)
			e[2 + k] = hexdig[(cp >> (28 - 4 * k)) & 0xf];
		return strbuf_add(out, e, 10);
	}
	e[0] = '\\';
	e[1] = 'u';
	for (int k = 0; k < 4; k++)
		e[2 + k] = hexdig[(cp >> (12 - 4 * k)) & 0xf];
	return strbuf_add(out, e, 6);
}

static int add_cp_esc(struct strbuf *out, uint32_t cp)
{
	return add_cp_esc16(out, cp, false);
}

static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* The shared rule of escape.h; html adds the entities. */
static int esc_visible(struct strbuf *out, const char *s, size_t len, bool html)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len;
	size_t i = 0, run = 0;	/* p[run..i) is text to copy as is */
	int r = 0;

	if (!s)
		return 0;
	while (i < len) {
		const char *ent = NULL;
		uint32_t cp = 0;
		int n;

		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\' && !(html && html_entity(p[i]))) {
			i++;
			continue;
		}
		n = p[i] < 0x80 ? 1 : utf8_next(p + i, len - i, &cp);
		if (n > 1 && cp > 0x9f && !is_hidden_or_reordering(cp)) {
			i += (size_t)n;
			continue;
		}
		r = strbuf_add(out, p + run, i - run);
		if (r < 0)
			goto out;
		if (n < 0) {
			for (int k = 0; k < -n && r == 0; k++)
				r = add_byte_esc(out, p[i + (size_t)k]);
			n = -n;
		} else if (n > 1) {
			r = add_cp_esc(out, cp);	/* C1 control, bidi, separator or format character */
		} else if (p[i] == '\\') {
			r = strbuf_add(out, "\\\\", 2);
		} else if (html && (ent = html_entity(p[i]))) {
			r = strbuf_adds(out, ent);
		} else {
			r = add_byte_esc(out, p[i]);	/* C0 control or DEL */
		}
		if (r < 0)
			goto out;
		i += (size_t)n;
		run = i;
	}
	r = strbuf_add(out, p + run, i - run);
out:
	if (r < 0)
		strbuf_setlen(out, start);
	return r;
}

int esc_terminal_mem(struct strbuf *out, const char *s, size_t len)
{
	return esc_visible(out, s, len, false);
}

int esc_terminal(struct strbuf *out, const char *s)
{
	return s ? esc_visible(out, s, strlen(s), false) : 0;
}

int esc_html_mem(struct strbuf *out, const char *s, size_t len)
{
	return esc_visible(out, s, len, true);
}

int esc_html(struct strbuf *out, const char *s)
{
	return s ? esc_visible(out, s, strlen(s), true) : 0;
}

int esc_utf8_valid(struct strbuf *out, const char *s, size_t len)
{
	static const char fffd[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len;
	size_t i = 0, run = 0;
	int r = 0;

	if (!s)
		return 0;
	while (i < len) {
		uint32_t cp;
		int n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_next(p + i, len - i, &cp);
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		r = strbuf_add(out, p + run, i - run);
		if (r == 0)
			r = strbuf_add(out, fffd, 3);
		if (r < 0)
			goto out;
		i += (size_t)-n;
		run = i;
	}
	r = strbuf_add(out, p + run, i - run);
out:
	if (r < 0)
		strbuf_setlen(out, start);
	return r;
}

int esc_json_text(struct strbuf *out, const char *json, size_t len)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t start = out->len;
	size_t i = 0, run = 0;
	int r = 0;

	while (i < len) {
		uint32_t cp = 0;
		int n;

		if (p[i] < 0x7f) {
			i++;
			continue;
		}
		n = p[i] == 0x7f ? 1 : utf8_next(p + i, len - i, &cp);
		if (n > 1 && cp > 0x9f && !is_hidden_or_reordering(cp)) {
			i += (size_t)n;
			continue;
		}
		r = strbuf_add(out, p + run, i - run);
		if (r < 0)
			goto out;
		if (n < 0) {
			for (int k = 0; k < -n && r == 0; k++)
				r = add_cp_esc(out, 0xfffd);
			n = -n;
		} else {
			r = add_cp_esc16(out, n == 1 ? 0x7f : cp, true);
		}
		if (r < 0)
			goto out;
		i += (size_t)n;
		run = i;
	}
	r = strbuf_add(out, p + run, i - run);
out:
	if (r < 0)
		strbuf_setlen(out, start);
	return r;
}

/* A JSON string of len bytes at s, made valid UTF-8. */
int esc_json_string(const char *s, size_t len, struct json_object **out)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	r = esc_utf8_valid(&sb, s, len);
	if (r < 0)
		goto out;
	if (sb.len > INT_MAX) {
		r = -E2BIG;
		goto out;
	}
	*out = json_object_new_string_len(sb.buf, (int)sb.len);
	r = *out ? 0 : -ENOMEM;
out:
	strbuf_release(&sb);
	return r;
}

struct json_object *esc_json_str(const char *s)
{
	struct json_object *o = NULL;

	if (s && esc_json_string(s, strlen(s), &o) < 0)
		return NULL;
	return o;
}
