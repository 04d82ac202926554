/*
 * libFuzzer target for the /proc/net parser and the /proc helpers. The
 * first byte picks the table (protocol and family) or a helper; the rest is
 * the file, in an exactly-sized buffer without a terminator.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/proc_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_net pn = { 0 };
	char unit[256], a[64];
	uint64_t ino;
	size_t len, i;
	char *buf;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	switch (data[0] % 8) {
	case 6:
		if (proc_cgroup_unit(buf, len, unit, sizeof(unit)) == 0 && strlen(unit) >= sizeof(unit))
			abort();
		break;
	case 7:
		(void)proc_socket_inode(buf, len, &ino);
		break;
	default:
		if (proc_net_parse(buf, len, (enum sock_proto)(data[0] % 3), data[0] % 6 < 3 ? 4 : 6, &pn, NULL) == 0) {
			for (i = 0; i < pn.n; i++) {
				(void)sock_is_listening(&pn.v[i]);
				addr_format(pn.v[i].family, pn.v[i].addr, a, sizeof(a));
				if (!addr_class_name(addr_classify(pn.v[i].family, pn.v[i].addr)))
					abort();
			}
			if (pn.bad.n > len)
				abort();
		}
		proc_net_free(&pn);
		break;
	}
	free(buf);
	return 0;
}
