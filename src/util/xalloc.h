/* Allocation helpers that abort on out-of-memory, and overflow-checked size arithmetic. */
#ifndef KYUKA_UTIL_XALLOC_H
#define KYUKA_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Zeroed memory aligned to align (a power of two, a multiple of sizeof(void *)); caller frees with free(). */
void *xcalloc_aligned(size_t align, size_t size);
/* Caller frees with free(). */
char *xstrdup(const char *s);
/* Copies len bytes of s (need not be terminated) and terminates the copy; caller frees. */
char *xstrndup(const char *s, size_t len);
/* Caller frees with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Abort on overflow: these are for sizes derived from counts we already capped. */
size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

/* Grow an array so that at least `need` elements fit; *alloc is updated. */
#define ALLOC_GROW(p, need, alloc)                                              \
	do {                                                                    \
		if ((need) > (alloc)) {                                         \
			size_t ag_n_ = (alloc) < 8 ? 8 : (alloc);               \
			while (ag_n_ < (need))                                  \
				ag_n_ = st_mult(ag_n_, 2);                      \
			(p) = xrealloc((p), st_mult(ag_n_, sizeof(*(p))));      \
			(alloc) = ag_n_;                                        \
		}                                                               \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
