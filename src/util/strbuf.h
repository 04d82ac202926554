/*
 * A growable string buffer after git's strbuf: buf is never NULL and always
 * NUL-terminated (it may also contain NUL bytes; len is authoritative).
 * Each buffer has a hard maximum (max, 0 = STRBUF_DEFAULT_MAX); an append
 * that would exceed it fails with -E2BIG and leaves the buffer unchanged.
 */
#ifndef KYUKA_UTIL_STRBUF_H
#define KYUKA_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#define STRBUF_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { .buf = strbuf_slopbuf, .len = 0, .alloc = 0, .max = 0 }

void strbuf_init(struct strbuf *sb, size_t max);
/* Frees the memory and reinitialises (keeps max). */
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees with free()) and reinitialises sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
/* Each returns 0, or -E2BIG when the maximum would be exceeded. */
int strbuf_grow(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_rtrim(struct strbuf *sb);

#endif
