/*
 * The cost parameters of a crypt(3) hash, read from its setting: how many
 * rounds, how much memory. Bytes in, struct out; the hash itself is a secret
 * and nothing of it but the parameters is copied out.
 */
#ifndef KYUKA_PARSE_PWHASH_H
#define KYUKA_PARSE_PWHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/accounts.h"

/* Longest hash string looked at (crypt(3) output is at most 384 bytes). */
#define PWHASH_MAX_LEN 512

/* sha-crypt rounds as libxcrypt clamps them. */
#define PWHASH_SHA_DEFAULT_ROUNDS 5000u
#define PWHASH_SHA_MIN_ROUNDS 1000u
#define PWHASH_SHA_MAX_ROUNDS 999999999u

struct pw_cost {
	enum pw_scheme scheme;
	bool explicit_rounds;	/* sha-crypt / sunmd5: "rounds=" was given */
	uint64_t rounds;	/* sha-crypt, sunmd5 and md5crypt rounds; bcrypt 2^cost; des 25 */
	uint32_t log2;		/* bcrypt cost; yescrypt and scrypt log2(N) */
	uint32_t r, p, t;	/* yescrypt and scrypt block size, parallelism, time */
	uint64_t mem;		/* yescrypt and scrypt: 128 * r * N * p bytes (saturates at UINT64_MAX) */
};

/*
 * Reads the cost of a usable hash (after any lock prefix "!" / "*").
 * Returns 0, or -EINVAL when it is not a hash whose parameters can be read
 * (unknown scheme, malformed parameters, over PWHASH_MAX_LEN).
 */
int pw_cost_parse(const char *hash, size_t len, struct pw_cost *out);

#endif
