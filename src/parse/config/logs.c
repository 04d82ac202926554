/* kyuka.yaml, logs: the keys (parse/config/logs.h has the struct and an example). */
#include "parse/config/logs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_logs, f)
static const struct ckey keys[] = {
	{ .name = "baseline_days", .type = KT_UINT, .off = F(baseline_days), .min = 1, .max = 365, .def = 30 },
	{ .name = "brute_force_failures", .type = KT_UINT, .off = F(brute_force_failures), .min = 1, .max = 1000000,
	  .def = 20 },
	{ .name = "spray_users", .type = KT_UINT, .off = F(spray_users), .min = 2, .max = 64, .def = 5 },
	{ .name = "success_after_failures", .type = KT_UINT, .off = F(success_after_failures), .min = 1,
	  .max = 1000000, .def = 5 },
	{ .name = "gap_hours", .type = KT_UINT, .off = F(gap_hours), .min = 1, .max = 720, .def = 6 },
	{ .name = "night", .type = KT_HOURS, .off = F(night_start), .off2 = F(night_end), .def = 22, .def2 = 6 },
	{ .name = "backwards_seconds", .type = KT_UINT, .off = F(backwards_seconds), .min = 0, .max = 86400,
	  .def = 300 },
	{ .name = "timezone", .type = KT_STRING, .flags = KF_WORD, .off = F(timezone) },
	{ .name = "inside_networks", .type = KT_STRLIST, .flags = KF_WORD, .off = F(inside_networks),
	  .off2 = F(n_inside_networks) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "logs keys");

const struct csection config_logs_section = { SECTION(keys) };

/* "ADDR" or "ADDR/BITS" (the review parses them again: parse/logvpn.c). */
static bool network(const char *s)
{
	unsigned char a[16];
	char buf[64];
	const char *sl = strchr(s, '/');
	size_t n = sl ? (size_t)(sl - s) : strlen(s), i;
	bool v4;
	unsigned long bits = 0;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v4 = inet_pton(AF_INET, buf, a) == 1;
	if (!v4 && inet_pton(AF_INET6, buf, a) != 1)
		return false;
	if (!sl)
		return true;
	if (!sl[1] || strlen(sl + 1) > 3)
		return false;
	for (i = 1; sl[i]; i++) {
		if (sl[i] < '0' || sl[i] > '9')
			return false;
		bits = bits * 10 + (unsigned long)(sl[i] - '0');
	}
	return bits <= (v4 ? 32u : 128u);
}

int config_logs_validate(struct pctx *c, const struct config_logs *l)
{
	size_t i;

	for (i = 0; i < l->n_inside_networks; i++)
		if (!network(l->inside_networks[i]))
			return cfg_err(c, 0, "logs.inside_networks[%zu]: '%s' is not an address or a network (203.0.113.0/24, 2001:db8::/32)",
				       i, l->inside_networks[i]);
	return 0;
}
