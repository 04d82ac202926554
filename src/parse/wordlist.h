/*
 * A wordlist for password guessing (one word a line, as john's password.lst):
 * bytes in, spans out. The words point into the caller's buffer, which must
 * outlive the list. Lines john uses for comments ("#!comment:"), empty lines,
 * lines with a NUL byte and lines over WORDLIST_MAX_WORD bytes are skipped
 * and counted; a trailing CR (CRLF files) is dropped. At most
 * WORDLIST_MAX_WORDS words are kept; the rest are counted as skipped and the
 * list is marked truncated.
 */
#ifndef KYUKA_PARSE_WORDLIST_H
#define KYUKA_PARSE_WORDLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/span.h"

#define WORDLIST_MAX_WORD	128			/* crypt(3) takes 512, nobody types more */
#define WORDLIST_MAX_WORDS	((size_t)10000000)	/* 10 million guesses */
#define WORDLIST_MAX_BYTES	((size_t)256 << 20)	/* the largest file read */

struct wordlist {
	struct span *v;
	size_t n;
	size_t skipped;		/* lines that were not words (comments and empty lines excluded) */
	bool truncated;		/* more than WORDLIST_MAX_WORDS */
};

/* Returns 0 (list in *out, freed with wordlist_free) or -EFBIG over WORDLIST_MAX_BYTES. */
int wordlist_parse(const char *buf, size_t len, struct wordlist *out, struct err *err);
void wordlist_free(struct wordlist *wl);

#endif
