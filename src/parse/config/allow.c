/* kyuka.yaml, allow: the keys (parse/config/allow.h has the struct and an example). */
#include "parse/config/allow.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_allow, f)
static const struct ckey keys[] = {
	{ .name = "check", .type = KT_STRING, .flags = KF_REQUIRED | KF_UPPER | KF_WORD, .off = F(check) },
	{ .name = "subject", .type = KT_STRING, .flags = KF_REQUIRED, .off = F(subject) },
	{ .name = "reason", .type = KT_STRING, .flags = KF_REQUIRED, .off = F(reason) },
	{ .name = "expires", .type = KT_DATE, .off = F(expires) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "allow keys");

const struct csection config_allow_section = { SECTION(keys), .elem_size = sizeof(struct config_allow),
					       .has_line = true, .off_line = offsetof(struct config_allow, line) };
