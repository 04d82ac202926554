/*
 * Test helper: prints crypt(3) hashes made with libxcrypt's crypt_gensalt_rn
 * and crypt_rn, at cheap cost settings so the tests stay fast.
 * Usage: mkhash SCHEME PASSWORD [COUNT]  (SCHEME: yescrypt, gost-yescrypt,
 * sha512crypt, sha256crypt, bcrypt, md5crypt, descrypt, or a raw prefix such as '$6$').
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *prefix;
	unsigned long count;	/* cheapest the scheme allows (0 = its only cost) */
} schemes[] = {
	{ "yescrypt", "$y$", 1 }, { "gost-yescrypt", "$gy$", 1 }, { "sha512crypt", "$6$", 1000 },
	{ "sha256crypt", "$5$", 1000 }, { "bcrypt", "$2b$", 4 }, { "md5crypt", "$1$", 0 },
	{ "descrypt", "", 0 },
};

int main(int argc, char **argv)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char *prefix = NULL, *out;
	unsigned long count = 0;
	size_t i;

	if (argc < 3)
		return 2;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (!strcmp(argv[1], schemes[i].name)) {
			prefix = schemes[i].prefix;
			count = schemes[i].count;
		}
	if (!prefix)
		prefix = argv[1];
	if (argc > 3)
		count = strtoul(argv[3], NULL, 10);
	if (!crypt_gensalt_rn(prefix, count, NULL, 0, setting, sizeof(setting))) {
		perror("crypt_gensalt_rn");
		return 1;
	}
	memset(&cd, 0, sizeof(cd));
	out = crypt_rn(argv[2], setting, &cd, sizeof(cd));
	if (!out) {
		perror("crypt_rn");
		return 1;
	}
	puts(out);
	return 0;
}
