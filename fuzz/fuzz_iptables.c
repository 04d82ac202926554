/*
 * libFuzzer target for the iptables-save parser and the firewall evaluation:
 * every ruleset that parses is asked about a few sockets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/iptables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ask(const struct fw_ruleset *rs)
{
	static const struct {
		int family;
		uint8_t l4;
		uint16_t port;
		uint8_t a0;
	} t[] = { { 4, 6, 445, 0 }, { 6, 17, 137, 0 }, { 4, 6, 22, 10 }, { 6, 6, 3389, 0 } };
	size_t i, j;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct fw_target x;
		struct fw_verdict_info v;
		char buf[1024];

		memset(&x, 0, sizeof(x));
		x.family = t[i].family;
		x.addr[0] = t[i].a0;
		x.any = !t[i].a0;
		x.dual = t[i].family == 6;
		x.l4 = t[i].l4;
		x.port = t[i].port;
		if (fw_evaluate(rs, &x, &v, NULL) < 0)
			abort();
		for (j = 0; j < v.n_ev; j++)
			fw_evidence_format(&v.ev[j], buf, sizeof(buf));
		if (v.n_ev > FW_EVIDENCE_MAX)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fw_ruleset rs = { 0 };
	struct ipt_info info;
	char *buf;

	if (size < 1)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (iptables_parse(buf, size - 1, data[0] & 1 ? 6 : 4, "iptables", &rs, &info, NULL) == 0)
		ask(&rs);
	fw_ruleset_free(&rs);
	free(buf);
	return 0;
}
