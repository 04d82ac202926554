/*
 * Display width of UTF-8 text in terminal columns, for tables that line up
 * in Japanese as in English: wide (CJK) characters count 2, combining marks 0,
 * and every byte that is not part of valid UTF-8 counts 1. Independent of the
 * locale: wcwidth() where the locale knows the character, else a small table.
 */
#ifndef KYUKA_UTIL_TEXTWIDTH_H
#define KYUKA_UTIL_TEXTWIDTH_H

#include <stddef.h>
#include <stdio.h>

/* Columns taken by the len bytes at s (need not be terminated). */
size_t text_width_n(const char *s, size_t len);
/* Columns taken by the terminated string s (NULL counts 0). */
size_t text_width(const char *s);
/* Blanks that bring text of display width used up to width: 0 when it is already as wide. */
size_t text_pad(size_t used, size_t width);
/* Writes s, then blanks up to width columns, then one blank (columns never run together). */
void text_put_padded(FILE *f, const char *s, size_t width);

#endif
