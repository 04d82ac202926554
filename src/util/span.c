#include "util/span.h"

#include <string.h>
#include <strings.h>

bool span_next_line(struct span *rest, struct span *line)
{
	const char *nl;

	if (!rest->len)
		return false;
	nl = memchr(rest->p, '\n', rest->len);
	if (nl) {
		line->p = rest->p;
		line->len = (size_t)(nl - rest->p);
		rest->len -= line->len + 1;
		rest->p = nl + 1;
	} else {
		*line = *rest;
		rest->p += rest->len;
		rest->len = 0;
	}
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	return true;
}

bool span_split(struct span *rest, char c, struct span *head)
{
	const char *q = rest->len ? memchr(rest->p, c, rest->len) : NULL;

	if (!q) {
		*head = *rest;
		rest->p += rest->len;
		rest->len = 0;
		return false;
	}
	head->p = rest->p;
	head->len = (size_t)(q - rest->p);
	rest->len -= head->len + 1;
	rest->p = q + 1;
	return true;
}

struct span span_trim(struct span s)
{
	while (s.len && span_is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && span_is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

struct span span_trim_blanks(struct span s)
{
	while (s.len && span_is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && span_is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

bool span_all_digits(struct span s)
{
	size_t i;

	if (!s.len)
		return false;
	for (i = 0; i < s.len; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

bool span_eq_icase(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && (n == 0 || strncasecmp(s.p, lit, n) == 0);
}

bool span_starts_with(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

bool span_has_nul(struct span s)
{
	return s.len && memchr(s.p, '\0', s.len) != NULL;
}

bool span_next_word(struct span *rest, struct span *word)
{
	size_t i = 0;

	while (i < rest->len && (rest->p[i] == ' ' || rest->p[i] == '\t'))
		i++;
	if (i == rest->len) {
		rest->p += rest->len;
		rest->len = 0;
		return false;
	}
	word->p = rest->p + i;
	while (i < rest->len && rest->p[i] != ' ' && rest->p[i] != '\t')
		i++;
	word->len = (size_t)(rest->p + i - word->p);
	rest->p += i;
	rest->len -= i;
	return true;
}

void span_copy_printable(char *dst, size_t size, const char *s, size_t n)
{
	size_t i;

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		dst[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	dst[n] = '\0';
}
