/* kyuka.yaml, feeds: the keys (parse/config/feeds.h has the struct and an example). */
#include "parse/config/feeds.h"

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_feeds, f)
static const struct ckey keys[] = {
	{ .name = "dsa", .type = KT_STRING, .flags = KF_WORD, .off = F(dsa) },
	{ .name = "dla", .type = KT_STRING, .flags = KF_WORD, .off = F(dla) },
	{ .name = "kev", .type = KT_STRING, .flags = KF_WORD, .off = F(kev) },
	{ .name = "tracker", .type = KT_STRING, .flags = KF_WORD, .off = F(tracker) },
	{ .name = "osv", .type = KT_STRING, .flags = KF_WORD, .off = F(osv) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "feeds keys");

const struct csection config_feeds_section = { SECTION(keys) };
