/* kyuka.yaml, alert: the keys (parse/config/alert.h has the struct and an example). */
#include "parse/config/alert.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const char *const alert_channels[] = { "smtp", "webhook", "syslog", NULL };
static const char *const starttls_modes[] = { "try", "required", "never", NULL };

#define F(f) offsetof(struct config_alert, f)
static const struct ckey keys[] = {
	{ .name = "channel", .type = KT_CHOICE, .flags = KF_REQUIRED, .off = F(channel), .choices = alert_channels },
	{ .name = "url", .type = KT_STRING, .flags = KF_WORD, .off = F(url) },
	{ .name = "from", .type = KT_STRING, .flags = KF_WORD, .off = F(from) },
	{ .name = "to", .type = KT_STRLIST, .flags = KF_WORD, .off = F(to), .off2 = F(n_to) },
	{ .name = "username", .type = KT_STRING, .off = F(username) },
	{ .name = "password_file", .type = KT_STRING, .off = F(password_file) },
	{ .name = "starttls", .type = KT_CHOICE, .off = F(starttls), .choices = starttls_modes },
	{ .name = "socket", .type = KT_STRING, .flags = KF_WORD, .off = F(socket) },
	{ .name = "timeout", .type = KT_UINT, .off = F(timeout), .min = 1, .max = 300, .def = 20 },
	{ .name = "ca_file", .type = KT_STRING, .off = F(ca_file) },
};
#undef F
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "alert keys");

const struct csection config_alert_section = { SECTION(keys), .has_line = true,
					       .off_line = offsetof(struct config_alert, line) };
