/*
 * Strict number parsing: digits only (no sign, no spaces, no base prefixes),
 * the whole span must be consumed, overflow is an error. Input need not be
 * terminated. Return 0 or -EINVAL (empty / non-digit) or -ERANGE (overflow,
 * or above max).
 */
#ifndef KYUKA_UTIL_NUM_H
#define KYUKA_UTIL_NUM_H

#include <stddef.h>
#include <stdint.h>

int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
int parse_u32(const char *s, size_t len, uint32_t *out);
/* Optional leading '-', then digits. */
int parse_i64(const char *s, size_t len, int64_t *out);
/* Convenience for terminated strings. */
int parse_u64_str(const char *s, uint64_t max, uint64_t *out);

#endif
