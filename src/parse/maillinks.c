/* Links in HTML and plain text: a forgiving scan, not an HTML parser (hostile mail is rarely valid HTML). */
#include "parse/maillinks.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool ci_prefix(const char *p, size_t n, const char *s)
{
	size_t l = strlen(s);

	return n >= l && strncasecmp(p, s, l) == 0;
}

static bool all_ip(const char *h)
{
	size_t dots = 0;

	if (h[0] == '[')
		return true;
	for (; *h; h++) {
		if (*h == '.')
			dots++;
		else if (!isdigit((unsigned char)*h))
			return false;
	}
	return dots == 3;
}

bool links_host(const char *url, size_t n, char *host, size_t size, bool *ip)
{
	const char *s = NULL, *e, *at;
	size_t i, k = 0;

	host[0] = '\0';
	if (ip)
		*ip = false;
	for (i = 0; i + 3 <= n && i < 16; i++)
		if (url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/') {
			s = url + i + 3;
			break;
		}
	if (!s) {
		/* "www.example.com/..." written without a scheme */
		if (ci_prefix(url, n, "www."))
			s = url;
		else
			return false;
	}
	e = s;
	while (e < url + n && *e != '/' && *e != '?' && *e != '#' && *e != '\\' && !isspace((unsigned char)*e) &&
	       *e != '"' && *e != '\'' && *e != '<' && *e != '>')
		e++;
	at = memrchr(s, '@', (size_t)(e - s));
	if (at)
		s = at + 1;
	if (s < e && *s == '[') {
		const char *rb = memchr(s, ']', (size_t)(e - s));

		if (rb)
			e = rb + 1;
	} else {
		const char *colon = memchr(s, ':', (size_t)(e - s));

		if (colon)
			e = colon;
	}
	while (e > s && e[-1] == '.')
		e--;
	for (; s < e && k + 1 < size; s++)
		host[k++] = (char)tolower((unsigned char)*s);
	host[k] = '\0';
	if (ip && k)
		*ip = all_ip(host);
	return k > 0;
}

static void last_segment(const char *url, char *out, size_t size)
{
	const char *s = strstr(url, "://"), *e, *slash;
	size_t k = 0;

	out[0] = '\0';
	s = s ? s + 3 : url;
	e = s + strcspn(s, "?#");
	slash = memrchr(s, '/', (size_t)(e - s));
	if (!slash)
		return;
	for (s = slash + 1; s < e && k + 1 < size; s++)
		out[k++] = *s;
	out[k] = '\0';
}

static struct mail_link *add(struct mail_links *l)
{
	struct mail_link *v;

	if (l->n >= LINKS_MAX) {
		l->truncated = true;
		return NULL;
	}
	if ((l->n & 15) == 0) {
		l->v = xrealloc(l->v, st_mult(l->n + 16, sizeof(*v)));
	}
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

static void copy_url(struct mail_link *k, const char *p, size_t n)
{
	size_t i, j = 0;

	for (i = 0; i < n && j + 1 < sizeof(k->url); i++) {
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			continue;
		if (p[i] == '&' && ci_prefix(p + i, n - i, "&amp;")) {
			k->url[j++] = '&';
			i += 4;
			continue;
		}
		k->url[j++] = p[i];
	}
	k->url[j] = '\0';
	links_host(k->url, j, k->host, sizeof(k->host), &k->ip);
	last_segment(k->url, k->last, sizeof(k->last));
}

/* The visible text of an anchor, tags dropped, trimmed, into buf. */
static void anchor_text(const char *p, size_t n, char *buf, size_t size)
{
	size_t i, k = 0;
	bool tag = false;

	for (i = 0; i < n && k + 1 < size; i++) {
		if (p[i] == '<')
			tag = true;
		else if (p[i] == '>')
			tag = false;
		else if (!tag && !(k == 0 && isspace((unsigned char)p[i])))
			buf[k++] = p[i];
	}
	while (k && isspace((unsigned char)buf[k - 1]))
		k--;
	buf[k] = '\0';
}

/* The host the visible text names: a URL, or a single word with a dot that looks like a domain. */
static void text_host(const char *t, char *host, size_t size)
{
	size_t n = strlen(t), i;
	bool dot = false;

	host[0] = '\0';
	if (strstr(t, "://") || ci_prefix(t, n, "www.")) {
		links_host(t, n, host, size, NULL);
		return;
	}
	if (!n || n >= size)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '.')
			dot = true;
		else if (!(isalnum(c) || c == '-' || c >= 0x80))
			return;
	}
	if (dot && t[0] != '.' && isalpha((unsigned char)t[n - 1])) {
		for (i = 0; i < n; i++)
			host[i] = (char)tolower((unsigned char)t[i]);
		host[n] = '\0';
	}
}

static int html_links(const char *p, size_t n, struct mail_links *l)
{
	size_t i = 0;

	while (i + 2 < n) {
		const char *lt = memchr(p + i, '<', n - i), *gt, *q, *end, *close;
		size_t tag;
		struct mail_link *k;
		char txt[LINKS_MAX_URL];

		if (!lt)
			break;
		i = (size_t)(lt - p) + 1;
		if (i + 1 >= n || (p[i] != 'a' && p[i] != 'A') || !isspace((unsigned char)p[i + 1]))
			continue;
		gt = memchr(p + i, '>', n - i);
		if (!gt)
			break;
		tag = (size_t)(gt - (p + i));
		q = NULL;
		for (size_t j = 0; j + 5 <= tag; j++)
			if (strncasecmp(p + i + j, "href", 4) == 0 && (isspace((unsigned char)p[i + j - 1]))) {
				size_t m = j + 4;

				while (m < tag && isspace((unsigned char)p[i + m]))
					m++;
				if (m < tag && p[i + m] == '=') {
					m++;
					while (m < tag && isspace((unsigned char)p[i + m]))
						m++;
					q = p + i + m;
					break;
				}
			}
		i = (size_t)(gt - p) + 1;
		if (!q)
			continue;
		if (*q == '"' || *q == '\'') {
			char qc = *q++;

			end = memchr(q, qc, (size_t)(gt - q));
			if (!end)
				end = gt;
		} else {
			end = q;
			while (end < gt && !isspace((unsigned char)*end))
				end++;
		}
		if (!(k = add(l)))
			return l->truncated ? 0 : -ENOMEM;
		copy_url(k, q, (size_t)(end - q));
		close = NULL;
		for (const char *c = gt + 1; c + 3 <= p + n; c++) {
			c = memchr(c, '<', (size_t)(p + n - c));
			if (!c || c + 3 > p + n)
				break;
			if (c[1] == '/' && (c[2] == 'a' || c[2] == 'A')) {
				close = c;
				break;
			}
		}
		if (!close)
			close = p + n;
		anchor_text(gt + 1, (size_t)(close - (gt + 1)), txt, sizeof(txt));
		text_host(txt, k->text_host, sizeof(k->text_host));
		i = (size_t)(close - p);
	}
	return 0;
}

static int text_links(const char *p, size_t n, struct mail_links *l)
{
	size_t i = 0;

	while (i < n) {
		const char *h = memmem(p + i, n - i, "http", 4);
		size_t s, e;
		struct mail_link *k;

		if (!h)
			break;
		s = (size_t)(h - p);
		i = s + 4;
		if (!(ci_prefix(h, n - s, "http://") || ci_prefix(h, n - s, "https://")))
			continue;
		if (s > 0 && isalnum((unsigned char)p[s - 1]))
			continue;
		e = s;
		while (e < n && !isspace((unsigned char)p[e]) && p[e] != '>' && p[e] != '"' && p[e] != '<' &&
		       e - s < LINKS_MAX_URL - 1)
			e++;
		if (!(k = add(l)))
			return l->truncated ? 0 : -ENOMEM;
		copy_url(k, h, e - s);
		i = e;
	}
	return 0;
}

int links_extract(const char *p, size_t n, bool html, struct mail_links *out)
{
	return html ? html_links(p, n, out) : text_links(p, n, out);
}

void links_free(struct mail_links *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
