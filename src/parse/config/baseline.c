/* kyuka.yaml, baseline: the keys (parse/config/baseline.h has the struct and an example). */
#include "parse/config/baseline.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_baseline, f)
static const struct ckey keys[] = {
	{ .name = "paths", .type = KT_STRLIST, .flags = KF_WORD | KF_ABSPATH, .off = F(paths), .off2 = F(n_paths) },
	{ .name = "watch_feeds_update", .type = KT_BOOL, .off = F(watch_feeds_update) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "baseline keys");

const struct csection config_baseline_section = { SECTION(keys) };
