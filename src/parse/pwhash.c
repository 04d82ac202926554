/*
 * Cost parameters of crypt(3) hashes, decoded the way libxcrypt reads them:
 *   $6$rounds=N$salt$hash, $5$...     sha-crypt, N clamped to 1000..999999999
 *   $2b$NN$...                         bcrypt, 2^NN rounds
 *   $y$PARAMS$salt$hash, $gy$...       yescrypt: flavor, log2(N), r and optional
 *                                      p, t, g in crypt's variable-length base 64
 *   $7$NRRRRRPPPPP...                  scrypt: log2(N), r and p as 30-bit fields
 *   $md5,rounds=N$...                  sunmd5
 *   $1$ (1000 rounds), DES (25), BSDI  fixed or in the setting
 */
#include "parse/pwhash.h"

#include <errno.h>
#include <string.h>

#include "util/num.h"
#include "util/xalloc.h"

/* crypt's base 64 alphabet: "./0-9A-Za-z" -> 0..63, anything else 64. */
static uint32_t b64_value(unsigned char c)
{
	if (c == '.')
		return 0;
	if (c == '/')
		return 1;
	if (c >= '0' && c <= '9')
		return 2 + (uint32_t)(c - '0');
	if (c >= 'A' && c <= 'Z')
		return 12 + (uint32_t)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return 38 + (uint32_t)(c - 'a');
	return 64;
}

/*
 * yescrypt's variable-length numbers: the first character says how many
 * follow (0..47 alone, 48..55 one more, 56..59 two more, ...). Reads from
 * s[*i] (bounded by len) into *out (plus min); false when malformed.
 */
static bool yes_number(const char *s, size_t len, size_t *i, uint32_t min, uint64_t *out)
{
	uint64_t v = min;
	uint32_t lo = 0, hi = 47, more = 0, shift = 0, c;

	if (*i >= len || (c = b64_value((unsigned char)s[*i])) > 63)
		return false;
	(*i)++;
	while (c > hi) {
		v += (uint64_t)(hi + 1 - lo) << shift;
		lo = hi + 1;
		hi = lo + (62 - hi) / 2;
		more++;
		shift += 6;
	}
	v += (uint64_t)(c - lo) << shift;
	while (more--) {
		if (*i >= len || (c = b64_value((unsigned char)s[*i])) > 63)
			return false;
		(*i)++;
		shift -= 6;
		v += (uint64_t)c << shift;
	}
	if (v > UINT32_MAX)
		return false;
	*out = v;
	return true;
}

/* A fixed-width little-endian field of `chars` base-64 characters. */
static bool fixed_number(const char *s, size_t len, size_t *i, unsigned chars, uint64_t *out)
{
	uint64_t v = 0;
	unsigned k;

	for (k = 0; k < chars; k++) {
		uint32_t c;

		if (*i >= len || (c = b64_value((unsigned char)s[*i])) > 63)
			return false;
		(*i)++;
		v |= (uint64_t)c << (6 * k);
	}
	*out = v;
	return true;
}

/* 128 * r * N * p, saturating. */
static uint64_t mem_of(uint32_t log2n, uint64_t r, uint64_t p)
{
	uint64_t m;

	if (log2n >= 57 || __builtin_mul_overflow((uint64_t)128 << log2n, r, &m) ||
	    __builtin_mul_overflow(m, p ? p : 1, &m))
		return UINT64_MAX;
	return m;
}

static int yescrypt_cost(const char *s, size_t len, size_t i, struct pw_cost *c)
{
	uint64_t flavor, log2n, r, have, v;

	if (!yes_number(s, len, &i, 0, &flavor) || !yes_number(s, len, &i, 1, &log2n) || log2n > 63 ||
	    !yes_number(s, len, &i, 1, &r))
		return -EINVAL;
	c->p = 1;
	if (i < len && s[i] != '$') {
		if (!yes_number(s, len, &i, 1, &have))
			return -EINVAL;
		if ((have & 1) && yes_number(s, len, &i, 2, &v))
			c->p = (uint32_t)v;
		else if (have & 1)
			return -EINVAL;
		if ((have & 2) && yes_number(s, len, &i, 1, &v))
			c->t = (uint32_t)v;
		else if (have & 2)
			return -EINVAL;
	}
	(void)flavor;
	c->log2 = (uint32_t)log2n;
	c->r = (uint32_t)r;
	c->mem = mem_of(c->log2, r, c->p);
	return 0;
}

static int scrypt_cost(const char *s, size_t len, size_t i, struct pw_cost *c)
{
	uint64_t r, p;
	uint32_t log2n;

	if (i >= len || (log2n = b64_value((unsigned char)s[i])) < 1 || log2n > 63)
		return -EINVAL;
	i++;
	if (!fixed_number(s, len, &i, 5, &r) || !fixed_number(s, len, &i, 5, &p))
		return -EINVAL;
	c->log2 = log2n;
	c->r = (uint32_t)r;
	c->p = (uint32_t)p;
	c->mem = mem_of(log2n, r, p);
	return 0;
}

/* "rounds=N$" at s[i]: sets rounds (clamped to lo..hi) when present; -EINVAL when malformed. */
static int rounds_param(const char *s, size_t len, size_t i, char end, uint64_t lo, uint64_t hi,
			struct pw_cost *c)
{
	static const char key[] = "rounds=";
	const char *stop;
	uint64_t v;
	int r;

	if (len - i < sizeof(key) - 1 || memcmp(s + i, key, sizeof(key) - 1) != 0)
		return 0;
	i += sizeof(key) - 1;
	stop = memchr(s + i, end, len - i);
	if (!stop)
		return -EINVAL;
	r = parse_u64(s + i, (size_t)(stop - (s + i)), UINT64_MAX, &v);
	if (r == -ERANGE)
		v = hi;
	else if (r < 0)
		return -EINVAL;
	c->rounds = v < lo ? lo : v > hi ? hi : v;
	c->explicit_rounds = true;
	return 0;
}

int pw_cost_parse(const char *hash, size_t len, struct pw_cost *out)
{
	struct pw_cost c = { 0 };
	char field[PWHASH_MAX_LEN + 1];
	enum pw_state st;
	size_t skip = 0;
	int r = 0;

	if (!hash || len > PWHASH_MAX_LEN || memchr(hash, '\0', len))
		return -EINVAL;
	memcpy(field, hash, len);
	field[len] = '\0';
	pw_classify(field, &st, &c.scheme);
	if (st != PW_USABLE && st != PW_LOCKED)
		return -EINVAL;
	while (skip < len && (field[skip] == '!' || field[skip] == '*'))
		skip++;
	if (skip + 4 <= len && !memcmp(field + skip, "*LK*", 4))
		skip += 4;	/* pw_classify accepted it: the rest is the hash */
	hash = field + skip;
	len -= skip;
	switch (c.scheme) {
	case PWS_SHA512:
	case PWS_SHA256:
		c.rounds = PWHASH_SHA_DEFAULT_ROUNDS;
		r = rounds_param(hash, len, 3, '$', PWHASH_SHA_MIN_ROUNDS, PWHASH_SHA_MAX_ROUNDS, &c);
		break;
	case PWS_BCRYPT:
		c.log2 = (uint32_t)(hash[4] - '0') * 10 + (uint32_t)(hash[5] - '0');
		if (c.log2 < 4 || c.log2 > 31)
			r = -EINVAL;
		else
			c.rounds = (uint64_t)1 << c.log2;
		break;
	case PWS_YESCRYPT:
		r = yescrypt_cost(hash, len, 3, &c);
		break;
	case PWS_GOST_YESCRYPT:
		r = yescrypt_cost(hash, len, 4, &c);
		break;
	case PWS_SCRYPT:
		r = scrypt_cost(hash, len, 3, &c);
		break;
	case PWS_SUNMD5:
		c.rounds = 5000;	/* sunmd5's basic rounds, plus any given */
		if (len > 5 && hash[4] == ',') {
			r = rounds_param(hash, len, 5, '$', 0, UINT32_MAX, &c);
			if (r == 0 && c.explicit_rounds)
				c.rounds += 5000;
		}
		break;
	case PWS_MD5:
		c.rounds = 1000;
		break;
	case PWS_DES:
		c.rounds = 25;
		break;
	case PWS_BSDI_DES:	/* _CCCCSSSS: 24-bit count, little endian */
		{
			size_t i = 1;
			uint64_t v = 0;

			if (!fixed_number(hash, len, &i, 4, &v))
				r = -EINVAL;
			c.rounds = v ? v : 1;
		}
		break;
	case PWS_NTHASH:
		c.rounds = 1;
		break;
	default:
		r = -EINVAL;
		break;
	}
	explicit_bzero(field, sizeof(field));
	if (r < 0)
		return r;
	*out = c;
	return 0;
}
