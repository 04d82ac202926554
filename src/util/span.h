/* Read-only views into bytes that need not be terminated. */
#ifndef KYUKA_UTIL_SPAN_H
#define KYUKA_UTIL_SPAN_H

#include <stdbool.h>
#include <stddef.h>

struct span {
	const char *p;
	size_t len;
};

#define SPAN(p, len) ((struct span){ (p), (len) })

/*
 * Takes the next line from *rest into *line (without "\n" or "\r\n") and
 * advances *rest. Returns false when *rest is empty.
 */
bool span_next_line(struct span *rest, struct span *line);
/* Splits at the first occurrence of c: *head gets what precedes, *rest what follows; false if absent (then *head = whole, rest empty). */
bool span_split(struct span *rest, char c, struct span *head);
/* A blank: space or tab. */
static inline bool span_is_blank(char c)
{
	return c == ' ' || c == '\t';
}
/* White space as isspace() in the "C" locale: space, \t, \n, \v, \f, \r. */
static inline bool span_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
/* s without leading and trailing white space (span_is_space). */
struct span span_trim(struct span s);
/* s without leading and trailing blanks (space, tab) only. */
struct span span_trim_blanks(struct span s);
/* n bytes of s into dst (size > 0), cut to fit, control bytes as '?': a value to show, always terminated. */
void span_copy_printable(char *dst, size_t size, const char *s, size_t n);
/* True when s is one or more ASCII digits and nothing else. */
bool span_all_digits(struct span s);
bool span_eq(struct span s, const char *lit);
bool span_eq_icase(struct span s, const char *lit);
bool span_starts_with(struct span s, const char *lit);
bool span_has_nul(struct span s);
/* s cut to at most max bytes, not inside a UTF-8 sequence (a longer text cut for a report). */
static inline struct span span_cut_utf8(struct span s, size_t max)
{
	if (s.len > max) {
		s.len = max;
		while (s.len > 0 && ((unsigned char)s.p[s.len] & 0xc0) == 0x80)
			s.len--;
	}
	return s;
}
/* Pops the next run of non-blank characters (blank = space or tab); false if none left. */
bool span_next_word(struct span *rest, struct span *word);

#endif
