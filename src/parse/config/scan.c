/* kyuka.yaml, scan: the keys (parse/config/scan.h has the struct and an example). */
#include "parse/config/scan.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "yara_rules", .type = KT_STRING, .flags = KF_ABSPATH, .off = offsetof(struct config_scan, yara_rules) },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "scan keys");

const struct csection config_scan_section = { SECTION(keys) };
