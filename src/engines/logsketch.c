/*
 * The summary of the log review's sources beyond its table (see
 * logreview.c, beyond_cap): a count-min sketch with conservative update, a
 * Bloom filter of (source, user name) pairs and a HyperLogLog of the
 * addresses. Pure memory; allocated only once the table is full.
 */
#include <stdlib.h>

#include "engines/logreview_priv.h"
#include "util/xalloc.h"

struct lr_sketch *lr_sketch_new(size_t cap)
{
	struct lr_sketch *k = xcalloc(1, sizeof(*k));

	/* about one untracked source per cell for as many as the table holds (>= 64 Ki cells a row) */
	k->width = (size_t)1 << 16;
	while (k->width < cap / 2)
		k->width <<= 1;
	k->cell = xcalloc(k->width * LR_SKETCH_DEPTH, sizeof(*k->cell));
	k->names_seen = xcalloc(k->width, sizeof(*k->names_seen));
	return k;
}

void lr_sketch_free(struct lr_sketch *k)
{
	if (k) {
		free(k->cell);
		free(k->names_seen);
	}
	free(k);
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 32);
}

/* An address's hash for the summary (64-bit FNV-1a, mixed; independent of the table's) */
uint64_t lr_sketch_hash(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return mix64(h);
}

/* Counts an address into the HyperLogLog (its own bits of the hash). */
void lr_sketch_hll_add(struct lr_sketch *k, uint64_t h)
{
	uint64_t x = mix64(h ^ 0x5851f42d4c957f2dULL);
	size_t j = (size_t)(x >> (64 - SK_HLL_BITS));
	uint64_t rest = x << SK_HLL_BITS;
	uint8_t rank = rest ? (uint8_t)(__builtin_clzll(rest) + 1) : (uint8_t)(64 - SK_HLL_BITS + 1);

	if (rank > k->hll[j])
		k->hll[j] = rank;
}

/* ln x for x >= 1 (no libm for one call): x = 2^k f with f in [1, 2), ln f = 2 atanh((f - 1) / (f + 1)). */
static double ln_ge1(double x)
{
	double y, y2, term, sum = 0;
	int k = 0, i;

	while (x >= 2) {
		x /= 2;
		k++;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (i = 1; i < 40; i += 2) {
		sum += term / i;
		term *= y2;
	}
	return k * 0.69314718055994530942 + 2 * sum;
}

/* Distinct addresses counted (HyperLogLog, with linear counting for small numbers). */
uint64_t lr_sketch_distinct(const struct lr_sketch *k)
{
	const double m = (double)(1 << SK_HLL_BITS);
	double sum = 0, est;
	size_t j, zeros = 0;

	for (j = 0; j < (size_t)1 << SK_HLL_BITS; j++) {
		sum += 1.0 / (double)(1ULL << k->hll[j]);
		zeros += !k->hll[j];
	}
	est = 0.7213 / (1 + 1.079 / m) * m * m / sum;
	if (est <= 2.5 * m && zeros)
		est = m * ln_ge1(m / (double)zeros);
	return (uint64_t)(est + 0.5);
}

/* The cells of an address, one per row (rows by double hashing) */
void lr_sketch_cells(const struct lr_sketch *k, uint64_t h, struct sk_cell **c)
{
	uint32_t h1 = (uint32_t)h, h2 = (uint32_t)(h >> 32) | 1;
	size_t i;

	for (i = 0; i < LR_SKETCH_DEPTH; i++)
		c[i] = &k->cell[i * k->width + ((h1 + (uint32_t)i * h2) & (k->width - 1))];
}

/*
 * Was this user name tried from this address (in the window) before? Marks it
 * when not. A Bloom filter (4 bits of width * 64): "yes" may be wrong (about
 * 0.3% at one pair per 16 bits), "no" never is.
 */
bool lr_sketch_name_seen(struct lr_sketch *k, uint64_t src_h, uint32_t user_hash)
{
	uint64_t h = mix64(src_h ^ ((uint64_t)user_hash * 0x9e3779b97f4a7c15ULL)), bits = (uint64_t)k->width * 64;
	uint32_t h1 = (uint32_t)h, h2 = (uint32_t)(h >> 32) | 1;
	bool seen = true;
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t b = (h1 + (uint64_t)i * h2) & (bits - 1);
		if (!(k->names_seen[b / 64] & (1ULL << (b % 64)))) {
			seen = false;
			k->names_seen[b / 64] |= 1ULL << (b % 64);
		}
	}
	return seen;
}

void lr_sketch_estimate(struct sk_cell *const *c, struct sk_cell *est)
{
	size_t i;

	*est = *c[0];
	for (i = 1; i < LR_SKETCH_DEPTH; i++) {
		est->seen = MIN(est->seen, c[i]->seen);
		est->fail_all = MIN(est->fail_all, c[i]->fail_all);
		est->fail_win = MIN(est->fail_win, c[i]->fail_win);
		est->users_win = MIN(est->users_win, c[i]->users_win);
	}
}

