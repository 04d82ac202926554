/* kyuka.yaml, logs: the keys (parse/config/logs.h has the struct and an example). */
#include "parse/config/logs.h"

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
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "logs keys");

const struct csection config_logs_section = { SECTION(keys) };
