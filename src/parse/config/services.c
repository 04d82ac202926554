/* kyuka.yaml, services: the keys (parse/config/services.h has the struct and an example). */
#include "parse/config/services.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "allow", .type = KT_STRLIST, .flags = KF_WORD, .off = offsetof(struct config_services, allow),
	  .off2 = offsetof(struct config_services, n_allow) },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "services keys");

const struct csection config_services_section = { SECTION(keys) };
