/*
 * An arena: many small allocations that live as long as one result (the
 * sources, logins and evidence strings of a log review) taken from large
 * blocks, and given back all at once. Tens of thousands of strings cost a
 * pointer bump each to make and nothing each to free.
 */
#ifndef KYUKA_UTIL_ARENA_H
#define KYUKA_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *blocks;
	char *cur;		/* free bytes of the newest block */
	size_t left;
};

#define ARENA_INIT { NULL, NULL, 0 }

/* n zeroed bytes, aligned for any type; aborts when out of memory, like xmalloc. */
void *arena_zalloc(struct arena *a, size_t n);
/* Copies len bytes of s (need not be terminated) and terminates the copy. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Gives back every allocation; the arena is empty and usable again. */
void arena_release(struct arena *a);

#endif
