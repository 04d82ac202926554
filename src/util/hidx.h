/*
 * A hash index over the entries of an array that the caller owns: entry
 * indexes by key, built once in linear time, looked up in constant time.
 * Entries with equal keys form a chain in array order, so "the first entry
 * named X" and "every entry with uid N" are both cheap. The index stores
 * only indexes (open addressing, linear probing, at most half full); the
 * caller supplies the hash of each entry and the comparison. Joins between
 * tables (passwd and shadow, group members and passwd, sudoers aliases) go
 * through it instead of a scan per lookup.
 * Free with hidx_free(); a zeroed struct is an empty index.
 */
#ifndef KYUKA_UTIL_HIDX_H
#define KYUKA_UTIL_HIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIDX_NONE ((size_t)-1)

struct hidx {
	uint32_t *slot;		/* entry index + 1 of the first entry of a key; 0 = empty */
	uint32_t *next;		/* per entry: the next entry with the same key + 1; 0 = last */
	size_t mask;		/* slots - 1 */
	size_t n;		/* entries indexed */
};

/* Hash of entry i. */
typedef uint64_t (*hidx_hash_fn)(const void *ctx, size_t i);
/* Does entry i have key? (key as the caller passes it to hidx_find) */
typedef bool (*hidx_eq_fn)(const void *ctx, size_t i, const void *key);

/*
 * Indexes entries 0..n-1 (n below UINT32_MAX) of ctx. key_of(ctx, i) gives the
 * key eq compares with, so that an entry is compared with earlier entries in
 * the same way as a lookup is. Aborts when out of memory, like xmalloc.
 * With n = 0 nothing is allocated and the index stays unbuilt.
 */
void hidx_build(struct hidx *h, size_t n, const void *ctx, hidx_hash_fn hash, hidx_eq_fn eq,
		const void *(*key_of)(const void *ctx, size_t i));
/* The first entry (lowest index) whose key is key, or HIDX_NONE; hash is the key's hash. */
size_t hidx_find(const struct hidx *h, uint64_t hash, const void *ctx, hidx_eq_fn eq, const void *key);
/* The next entry after i with the same key, or HIDX_NONE. */
size_t hidx_next(const struct hidx *h, size_t i);
bool hidx_built(const struct hidx *h);
void hidx_free(struct hidx *h);

/* Hashes for the common keys (not for hostile inputs chosen to collide: the callers index local files). */
uint64_t hidx_hash_str(const char *s);
uint64_t hidx_hash_u64(uint64_t v);

#endif
