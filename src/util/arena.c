/* Allocation from large blocks, freed at once (see arena.h). */
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_BLOCK ((size_t)64 << 10)
#define ARENA_ALIGN ((size_t)16)

struct arena_block {
	struct arena_block *next;
	/* the bytes follow, aligned */
	_Alignas(16) char data[];
};

/* n bytes, not cleared. */
static void *bump(struct arena *a, size_t n)
{
	size_t need = st_add(n, ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	char *p;

	if (!need)
		need = ARENA_ALIGN;
	if (need > a->left) {
		/* a large request gets a block of its own, behind the current one: what is left there stays usable */
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		struct arena_block *b = xmalloc(st_add(sizeof(*b), size));

		if (size != ARENA_BLOCK && a->blocks) {
			b->next = a->blocks->next;
			a->blocks->next = b;
			return b->data;
		}
		b->next = a->blocks;
		a->blocks = b;
		a->cur = b->data;
		a->left = size;
	}
	p = a->cur;
	a->cur += need;
	a->left -= need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	return memset(bump(a, n), 0, n);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = bump(a, st_add(len, 1));

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256], *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();	/* an invalid format: a bug, as in xasprintf */
	p = bump(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->blocks;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->blocks = NULL;
	a->cur = NULL;
	a->left = 0;
}
