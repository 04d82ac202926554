/*
 * libFuzzer target for the candidate choice (parse/apt_policy.c) with the
 * Release and preferences parsers: the input is four parts separated by
 * "\n===\n": dpkg's status, a Packages index, its Release file, preferences.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/apt_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[4] = { "", "", "", "" };
	size_t len[4] = { 0, 0, 0, 0 }, k = 0, i;
	char *buf = malloc(size ? size : 1);
	const char *p;
	struct apt_release rel;
	struct apt_prefs prefs = { 0 };
	struct apt_index idx[2];
	struct apt_policy_in in = { 0 };
	struct apt_sim s;
	bool have_rel;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	p = buf;
	while (k < 3) {
		const char *sep = memmem(p, size - (size_t)(p - buf), "\n===\n", 5);

		if (!sep)
			break;
		part[k] = p;
		len[k++] = (size_t)(sep - p);
		p = sep + 5;
	}
	part[k] = p;
	len[k] = size - (size_t)(p - buf);
	have_rel = apt_release_parse(part[2], len[2], &rel, NULL) == 0;
	(void)apt_prefs_parse(part[3], len[3], &prefs, NULL);
	for (i = 0; i < 2; i++)
		idx[i] = (struct apt_index){ .data = part[1], .len = len[1], .release = have_rel ? &rel : NULL,
					     .component = "main", .arch = i ? "i386" : "amd64", .site = "deb.debian.org" };
	in.status = part[0];
	in.status_len = len[0];
	in.idx = idx;
	in.n_idx = 2;
	in.prefs = &prefs;
	in.native_arch = "amd64";
	if (apt_policy_upgrades(&in, &s, NULL, NULL) == 0) {
		size_t sec = 0;

		for (i = 0; i < s.n; i++) {
			if (!s.v[i].package[0] || !s.v[i].candidate[0] || !s.v[i].arch[0])
				abort();
			sec += s.v[i].security;
		}
		if (sec != s.n_security)
			abort();
		apt_sim_free(&s);
	}
	apt_prefs_free(&prefs);
	free(buf);
	return 0;
}
