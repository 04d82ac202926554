/* kyuka.yaml, vulns: the keys (parse/config/vulns.h has the struct and an example). */
#include "parse/config/vulns.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_vulns, f)
static const struct ckey keys[] = {
	{ .name = "max_feed_age_days", .type = KT_UINT, .off = F(max_feed_age_days), .min = 1, .max = 3650, .def = 7 },
	{ .name = "release", .type = KT_STRING, .flags = KF_WORD, .off = F(release) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "vulns keys");

const struct csection config_vulns_section = { SECTION(keys) };
