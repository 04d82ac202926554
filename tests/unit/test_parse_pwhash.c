/* Unit tests for pw_cost_parse: hashes made here through libxcrypt, and hostile strings. */
#include <crypt.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/pwhash.h"
#include "util/xalloc.h"

/* A hash of "x" with libxcrypt's setting for prefix and count; caller frees. */
static char *make(const char *prefix, unsigned long count)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char *h;

	memset(&cd, 0, sizeof(cd));
	assert_non_null(crypt_gensalt_rn(prefix, count, NULL, 0, setting, sizeof(setting)));
	h = crypt_rn("x", setting, &cd, sizeof(cd));
	assert_non_null(h);
	return xstrdup(h);
}

struct gen_case {
	const char *prefix;
	unsigned long count;
	enum pw_scheme scheme;
	uint64_t rounds;
	uint32_t log2;
	uint64_t mem;
};

static const struct gen_case gen[] = {
	{ "$y$", 0, PWS_YESCRYPT, 0, 12, (uint64_t)16 << 20 },	/* Debian's default: 16 MiB */
	{ "$y$", 1, PWS_YESCRYPT, 0, 10, (uint64_t)1 << 20 },
	{ "$gy$", 0, PWS_GOST_YESCRYPT, 0, 12, (uint64_t)16 << 20 },
	{ "$7$", 0, PWS_SCRYPT, 0, 14, (uint64_t)64 << 20 },	/* r = 32 */
	{ "$6$", 0, PWS_SHA512, 5000, 0, 0 },
	{ "$6$", 1000, PWS_SHA512, 1000, 0, 0 },
	{ "$6$", 12345, PWS_SHA512, 12345, 0, 0 },
	{ "$5$", 0, PWS_SHA256, 5000, 0, 0 },
	{ "$5$", 1000, PWS_SHA256, 1000, 0, 0 },
	{ "$2b$", 4, PWS_BCRYPT, 16, 4, 0 },
	{ "$2b$", 12, PWS_BCRYPT, 4096, 12, 0 },
	{ "$1$", 0, PWS_MD5, 1000, 0, 0 },
	{ "", 0, PWS_DES, 25, 0, 0 },
	{ "_", 0, PWS_BSDI_DES, 0, 0, 0 },
};

static void test_generated(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(gen) / sizeof(gen[0]); i++) {
		char *h = make(gen[i].prefix, gen[i].count);
		char *locked = xasprintf("!%s", h);
		struct pw_cost c;

		assert_int_equal(pw_cost_parse(h, strlen(h), &c), 0);
		assert_int_equal(c.scheme, gen[i].scheme);
		if (gen[i].rounds)
			assert_int_equal(c.rounds, gen[i].rounds);
		if (gen[i].log2)
			assert_int_equal(c.log2, gen[i].log2);
		if (gen[i].mem)
			assert_int_equal(c.mem, gen[i].mem);
		if (gen[i].scheme == PWS_BSDI_DES)
			assert_true(c.rounds >= 1);
		assert_int_equal(pw_cost_parse(locked, strlen(locked), &c), 0);
		assert_int_equal(c.scheme, gen[i].scheme);
		free(locked);
		free(h);
	}
}

struct raw_case {
	const char *in;
	int ret;
	enum pw_scheme scheme;
	uint64_t rounds;
};

static const struct raw_case raw[] = {
	{ "", -EINVAL, 0, 0 },
	{ "*", -EINVAL, 0, 0 },
	{ "!", -EINVAL, 0, 0 },
	{ "x", -EINVAL, 0, 0 },
	{ "$6$rounds=10$salt$hash", 0, PWS_SHA512, 1000 },		/* clamped like libxcrypt */
	{ "$6$rounds=99999999999999999999999$s$h", 0, PWS_SHA512, 999999999 },
	{ "$6$rounds=$s$h", -EINVAL, 0, 0 },
	{ "$6$rounds=12a$s$h", -EINVAL, 0, 0 },
	{ "$6$rounds=5000", -EINVAL, 0, 0 },
	{ "$5$rounds=0001000$s$h", 0, PWS_SHA256, 1000 },
	{ "$2b$99$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU", -EINVAL, 0, 0 },
	{ "$2b$03$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU", -EINVAL, 0, 0 },
	{ "$y$$salt$hash", -EINVAL, 0, 0 },
	{ "$y$j$salt$hash", -EINVAL, 0, 0 },
	{ "$y$jzzzzzzzzzz$salt$hash", -EINVAL, 0, 0 },		/* log2(N) over 63 */
	{ "$y$zzzzzzzz9T$salt$hash", -EINVAL, 0, 0 },
	{ "$y$j9T5$salt$hash", 0, PWS_YESCRYPT, 0 },		/* "have" without p, t */
	{ "$y$j9T7$salt$hash", -EINVAL, 0, 0 },		/* "have" p and t, but missing */
	{ "$7$$salt$hash", -EINVAL, 0, 0 },
	{ "$7$.$salt$hash", -EINVAL, 0, 0 },
	{ "$md5,rounds=100$salt$$hash", 0, PWS_SUNMD5, 5100 },
	{ "$md5$salt$$hash", 0, PWS_SUNMD5, 5000 },
	{ "$3$$8846f7eaee8fb117ad06bdd830b7586c", 0, PWS_NTHASH, 1 },
	{ "$unknown$salt$hash", -EINVAL, 0, 0 },
	{ "\x1b[31m$6$s$h", -EINVAL, 0, 0 },
};

static void test_raw(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		size_t len = strlen(raw[i].in);
		char *buf = xmalloc(len ? len : 1);	/* exactly sized, not terminated */
		struct pw_cost c;

		memcpy(buf, raw[i].in, len);
		assert_int_equal(pw_cost_parse(buf, len, &c), raw[i].ret);
		if (raw[i].ret == 0) {
			assert_int_equal(c.scheme, raw[i].scheme);
			if (raw[i].rounds)
				assert_int_equal(c.rounds, raw[i].rounds);
		}
		free(buf);
	}
}

static void test_hostile(void **state)
{
	char big[PWHASH_MAX_LEN + 2];
	struct pw_cost c;

	(void)state;
	memset(big, 'a', sizeof(big));
	memcpy(big, "$6$", 3);
	big[100] = '$';
	assert_int_equal(pw_cost_parse(big, sizeof(big), &c), -EINVAL);
	assert_int_equal(pw_cost_parse("$6$s\0$h", 7, &c), -EINVAL);
	assert_int_equal(pw_cost_parse(NULL, 0, &c), -EINVAL);
	/* memory that does not fit 64 bits saturates */
	assert_int_equal(pw_cost_parse("$y$jjT$s$h", 10, &c), 0);
	assert_true(c.mem >= ((uint64_t)1 << 50));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
