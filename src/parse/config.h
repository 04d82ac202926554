/*
 * kyuka.yaml through libfyaml: bytes in, struct config out. Unknown keys and
 * wrong types are errors naming the file, line and key
 * ("kyuka.yaml:12: unknown key 'dormant_dayz' in 'accounts'").
 *
 *   version: 1
 *   organisation: Example Corp
 *   holiday: 2026-12-27..2027-01-04      # or {start: 2026-12-27, end: 2027-01-04}
 *   audit: ...                           # one section per area: src/parse/config/<area>.h
 *   accounts: ...                        # has its struct and an example, <area>.c its keys
 *   ssh: ...
 *   vulns: ...
 *   feeds: ...
 *   logs: ...
 *   passwords: ...
 *   ports: ...
 *   services: ...
 *   allow: ...                           # accepted findings (parse/config/allow.h)
 *   plan: ...                            # the incident plan: docs/plan.md
 *   alert: ...                           # the alert channel: docs/monitoring.md
 *   monitoring: ...                      # retention margin: docs/monitoring.md
 *   backup: ...                          # docs/backup.md
 *   baseline: ...                        # what baseline save records: docs/baseline.md
 *   av: ...                              # antivirus definitions: docs/antivirus.md
 *   scan: ...                            # kyuka scan: docs/antivirus.md
 *   netscan: ...                         # kyuka netscan: docs/netscan.md
 *   inventory: ...                       # devices and their holiday state (DV-2): docs/netscan.md
 *
 * This header is the whole config: include it where the whole of it is needed
 * (loading it, the CLI's setup); a user of one area includes that area's header.
 */
#ifndef KYUKA_PARSE_CONFIG_H
#define KYUKA_PARSE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/config/accounts.h"
#include "parse/config/alert.h"
#include "parse/config/allow.h"
#include "parse/config/audit.h"
#include "parse/config/av.h"
#include "parse/config/backup.h"
#include "parse/config/baseline.h"
#include "parse/config/caps.h"
#include "parse/config/dates.h"
#include "parse/config/feeds.h"
#include "parse/config/logs.h"
#include "parse/config/monitoring.h"
#include "parse/config/netscan.h"
#include "parse/config/passwords.h"
#include "parse/config/plan.h"
#include "parse/config/ports.h"
#include "parse/config/scan.h"
#include "parse/config/services.h"
#include "parse/config/ssh.h"
#include "parse/config/vulns.h"
#include "util/err.h"

struct config {
	char *source;		/* file it came from; NULL for built-in defaults */
	int version;
	char *organisation;
	bool has_holiday;
	char holiday_start[11];	/* YYYY-MM-DD, validated calendar dates, start <= end */
	char holiday_end[11];
	struct config_audit audit;
	struct config_accounts accounts;
	struct config_ssh ssh;
	struct config_vulns vulns;
	struct config_feeds feeds;
	struct config_logs logs;
	struct config_passwords passwords;
	struct config_ports ports;
	struct config_services services;
	struct config_allow *allow;
	size_t n_allow;
	struct config_plan plan;
	struct config_alert alert;
	struct config_monitoring monitoring;
	struct config_backup backup;
	struct config_baseline baseline;
	struct config_av av;
	struct config_scan scan;
	struct config_netscan netscan;
	struct config_inventory inventory;
};

/* Sets the defaults the area tables carry (dormant_days 90, min_rsa_bits 2048, max_feed_age_days 7,
 * version 1, verify_days 90, margin_days 7, timeout 20, the logs thresholds, passwords budget 60
 * and min_length 8, backup ages, av.max_age_hours 24). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

#endif
