/*
 * kyuka.yaml, logs: the holiday log review (LOG-*, kyuka logs)
 *
 *   logs:
 *     baseline_days: 30                  # 1..365: the period before the window that is "normal"
 *     brute_force_failures: 20           # failures from one source in the window
 *     spray_users: 5                     # 2..64 distinct user names tried from one source
 *     success_after_failures: 5          # failures before a login from the same source
 *     gap_hours: 6                       # 1..720 hours without a line on a steady host
 *     night: 22-6                        # local hours of the night (VPN logins)
 *     backwards_seconds: 300             # 0..86400 tolerated clock steps back
 *     timezone: Asia/Tokyo               # for year-less times (default: the host's)
 *     inside_networks: [203.0.113.0/28]  # addresses an appliance's traffic from is not "from outside"
 *                                        # (besides private, loopback and link-local ones)
 */
#ifndef KYUKA_PARSE_CONFIG_LOGS_H
#define KYUKA_PARSE_CONFIG_LOGS_H

#include <stddef.h>
#include <stdint.h>

struct config_logs {
	uint32_t baseline_days;
	uint32_t brute_force_failures;
	uint32_t spray_users;
	uint32_t success_after_failures;
	uint32_t gap_hours;
	uint32_t night_start, night_end;
	uint32_t backwards_seconds;
	char *timezone;
	char **inside_networks;
	size_t n_inside_networks;
};

struct csection;
extern const struct csection config_logs_section;	/* its keys and defaults, for parse/config.c */
struct pctx;
/* Each of inside_networks is an address or a network ("203.0.113.0/24", "2001:db8::/32"). */
int config_logs_validate(struct pctx *c, const struct config_logs *l);

#endif
