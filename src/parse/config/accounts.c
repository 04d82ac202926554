/* kyuka.yaml, accounts: the keys (parse/config/accounts.h has the struct and an example). */
#include "parse/config/accounts.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_accounts, f)
static const struct ckey keys[] = {
	{ .name = "dormant_days", .type = KT_UINT, .off = F(dormant_days), .min = 1, .max = 36500, .def = 90 },
	{ .name = "ignore", .type = KT_STRLIST, .flags = KF_WORD, .off = F(ignore), .off2 = F(n_ignore) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "accounts keys");

const struct csection config_accounts_section = { SECTION(keys) };
