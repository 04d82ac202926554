/* kyuka.yaml, passwords: the keys (parse/config/passwords.h has the struct and an example). */
#include "parse/config/passwords.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_passwords, f)
static const struct ckey keys[] = {
	{ .name = "budget", .type = KT_UINT, .off = F(budget), .min = 1, .max = 86400, .def = 60 },
	{ .name = "audit_budget", .type = KT_UINT, .off = F(audit_budget), .min = 0, .max = 86400 },
	{ .name = "threads", .type = KT_UINT, .off = F(threads), .min = 0, .max = 1024 },
	{ .name = "wordlist", .type = KT_STRING, .off = F(wordlist) },
	{ .name = "words", .type = KT_STRLIST, .flags = KF_WORD, .off = F(words), .off2 = F(n_words) },
	{ .name = "min_length", .type = KT_UINT, .off = F(min_length), .min = 6, .max = 64, .def = 8 },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "passwords keys");

const struct csection config_passwords_section = { SECTION(keys) };
