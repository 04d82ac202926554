#include "parse/limits.h"

void parse_bad_add(struct parse_bad *b, size_t line, const char *why)
{
	if (b->n < PARSE_MAX_BAD_KEPT) {
		b->line[b->n] = line;
		b->why[b->n] = why;
	}
	b->n++;
}
