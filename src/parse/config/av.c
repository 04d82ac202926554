/* kyuka.yaml, av: the keys (parse/config/av.h has the struct and an example). */
#include "parse/config/av.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "max_age_hours", .type = KT_UINT, .off = offsetof(struct config_av, max_age_hours), .min = 1,
	  .max = 87600, .def = 24 },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "av keys");

const struct csection config_av_section = { SECTION(keys) };
