/* kyuka.yaml, audit: the keys (parse/config/audit.h has the struct and an example). */
#include "parse/config/audit.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_audit, f)
static const struct ckey keys[] = {
	{ .name = "fail_on", .type = KT_SEVERITY, .flags = KF_HAS, .off = F(fail_on), .off_has = F(has_fail_on) },
	{ .name = "skip", .type = KT_STRLIST, .flags = KF_UPPER | KF_WORD, .off = F(skip), .off2 = F(n_skip) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "audit keys");

const struct csection config_audit_section = { SECTION(keys) };
