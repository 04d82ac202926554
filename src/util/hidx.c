#include "util/hidx.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

uint64_t hidx_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return hidx_hash_u64(h);
}

uint64_t hidx_hash_u64(uint64_t v)
{
	/* splitmix64's finaliser: every input bit reaches the low bits the table uses */
	v ^= v >> 30;
	v *= 0xbf58476d1ce4e5b9ull;
	v ^= v >> 27;
	v *= 0x94d049bb133111ebull;
	return v ^ (v >> 31);
}

void hidx_build(struct hidx *h, size_t n, const void *ctx, hidx_hash_fn hash, hidx_eq_fn eq,
		const void *(*key_of)(const void *ctx, size_t i))
{
	size_t slots = 16, i;

	memset(h, 0, sizeof(*h));
	if (!n)
		return; /* nothing to find: no memory held (a scan of nothing is as fast) */
	if (n >= UINT32_MAX)
		abort(); /* callers cap their entries far below */
	while (slots < st_mult(n, 2))
		slots = st_mult(slots, 2);
	h->slot = xcalloc(slots, sizeof(*h->slot));
	h->next = xcalloc(n, sizeof(*h->next));
	h->mask = slots - 1;
	h->n = n;
	/* Backwards, so that the entry a slot keeps is the first of its key and each chain runs forwards. */
	for (i = n; i-- > 0;) {
		size_t s = (size_t)hash(ctx, i) & h->mask;
		const void *key = key_of(ctx, i);

		while (h->slot[s] && !eq(ctx, h->slot[s] - 1, key))
			s = (s + 1) & h->mask;
		h->next[i] = h->slot[s];
		h->slot[s] = (uint32_t)(i + 1);
	}
}

size_t hidx_find(const struct hidx *h, uint64_t hash, const void *ctx, hidx_eq_fn eq, const void *key)
{
	size_t s;

	if (!h->slot)
		return HIDX_NONE;
	for (s = (size_t)hash & h->mask; h->slot[s]; s = (s + 1) & h->mask)
		if (eq(ctx, h->slot[s] - 1, key))
			return h->slot[s] - 1;
	return HIDX_NONE;
}

size_t hidx_next(const struct hidx *h, size_t i)
{
	if (!h->next || i >= h->n || !h->next[i])
		return HIDX_NONE;
	return h->next[i] - 1;
}

bool hidx_built(const struct hidx *h)
{
	return h->slot != NULL;
}

void hidx_free(struct hidx *h)
{
	free(h->slot);
	free(h->next);
	memset(h, 0, sizeof(*h));
}
