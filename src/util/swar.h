/*
 * Eight bytes at a time in a 64-bit word (sixteen with SSE2), for the hot
 * loops of the log parsers: where a field ends and what its digits are
 * worth, without a branch per byte (a loop over a field of varying length
 * mispredicts its exit once per field, which costs more than the loop).
 * The word helpers are for little-endian machines only: SWAR_OK says
 * whether to use them, SWAR_SSE2 whether the 16-byte ones exist.
 */
#ifndef KYUKA_UTIL_SWAR_H
#define KYUKA_UTIL_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_OK 1
#else
#define SWAR_OK 0
#endif

/* Sixteen bytes at a time where every machine of the architecture has SSE2 (x86-64): the usual field is found in one step. */
#ifdef __SSE2__
#include <emmintrin.h>
#define SWAR_SSE2 1

static inline __m128i swar_load16(const char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* A bit for each of the 16 bytes of v that is c. */
static inline __m128i swar_eq16(__m128i v, unsigned char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
}
#else
#define SWAR_SSE2 0
#endif

#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull

static inline uint64_t swar_load(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* 0x80 in each byte of w that is zero. */
static inline uint64_t swar_zero_bytes(uint64_t w)
{
	uint64_t t = (w & ~SWAR_HIGH) + ~SWAR_HIGH;

	return ~(t | w | ~SWAR_HIGH);
}

/* The n bytes at p (n <= 8) in memory order and zero bytes after them, with loads that stay inside them. */
static inline uint64_t swar_load_upto(const char *p, size_t n)
{
	uint32_t a, b;
	uint16_t c, d;

	if (n >= 8)
		return swar_load(p);
	/* two loads that overlap: the bytes in both are the same, or-ed */
	if (n >= 4) {
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		return (uint64_t)a | (uint64_t)b << (8 * (n - 4));
	}
	if (n >= 2) {
		memcpy(&c, p, 2);
		memcpy(&d, p + n - 2, 2);
		return (uint64_t)c | (uint64_t)d << (8 * (n - 2));
	}
	return n ? (unsigned char)p[0] : 0;
}

/* Whether a[0..n) equals b[0..n), a word at a time, with loads that stay inside both (no call). */
static inline int swar_equal(const char *a, const char *b, size_t n)
{
	size_t i;

	if (n < 8)
		return swar_load_upto(a, n) == swar_load_upto(b, n);
	for (i = 0; i + 8 < n; i += 8)
		if (swar_load(a + i) != swar_load(b + i))
			return 0;
	return swar_load(a + n - 8) == swar_load(b + n - 8);
}

/* 0x80 in each byte of w that is c. */
static inline uint64_t swar_eq(uint64_t w, unsigned char c)
{
	return swar_zero_bytes(w ^ (SWAR_ONES * c));
}

/*
 * The offset of the first of a, b or c in s[0..n), or n: sixteen bytes at a
 * time while sixteen remain (SSE2), eight while eight remain (on a
 * little-endian machine), then byte by byte.
 */
static inline size_t swar_find3(const char *s, size_t n, unsigned char a, unsigned char b, unsigned char c)
{
	size_t i = 0;

#if SWAR_SSE2
	for (; i + 16 <= n; i += 16) {
		__m128i v = swar_load16(s + i);
		unsigned z = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(swar_eq16(v, a), swar_eq16(v, b)), swar_eq16(v, c)));

		if (z)
			return i + (size_t)__builtin_ctz(z);
	}
#endif
	if (SWAR_OK)
		for (; i + 8 <= n; i += 8) {
			uint64_t w = swar_load(s + i);
			uint64_t z = swar_eq(w, a) | swar_eq(w, b) | swar_eq(w, c);

			if (z)
				return i + (size_t)__builtin_ctzll(z) / 8;
		}
	for (; i < n; i++)
		if ((unsigned char)s[i] == a || (unsigned char)s[i] == b || (unsigned char)s[i] == c)
			break;
	return i;
}

/* How many of the 8 bytes of w (in memory order) are ASCII digits before the first that is not: 0..8. */
static inline size_t swar_digits(uint64_t w)
{
	/* a digit: high nibble 3 and low nibble at most 9 */
	uint64_t hi = (w & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull;
	uint64_t lo = ((w & 0x0F0F0F0F0F0F0F0Full) + 0x0606060606060606ull) & 0x1010101010101010ull;
	uint64_t bad = ~swar_zero_bytes(hi | lo) & SWAR_HIGH;

	return bad ? (size_t)__builtin_ctzll(bad) / 8 : 8;
}

/* The value of the first k digits of w (1 <= k <= 8; swar_digits(w) >= k). */
static inline uint64_t swar_value(uint64_t w, size_t k)
{
	uint64_t v = w - 0x3030303030303030ull;

	/* keep the k digits and move them to the end: the bytes before are leading zeros */
	v <<= 8 * (8 - k);
	v = v * 10 + (v >> 8);
	v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
	     (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
	return v;
}

#endif
