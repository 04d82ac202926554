/* kyuka.yaml, monitoring: the keys (parse/config/monitoring.h has the struct and an example). */
#include "parse/config/monitoring.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "margin_days", .type = KT_UINT, .off = offsetof(struct config_monitoring, margin_days), .min = 0,
	  .max = 3650, .def = 7 },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "monitoring keys");

const struct csection config_monitoring_section = { SECTION(keys) };
