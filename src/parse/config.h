/*
 * kyuka.yaml through libfyaml: bytes in, struct config out. Unknown keys and
 * wrong types are errors naming the file, line and key
 * ("kyuka.yaml:12: unknown key 'dormant_dayz' in 'accounts'").
 *
 *   version: 1
 *   organisation: Example Corp
 *   holiday: 2026-12-27..2027-01-04      # or {start: 2026-12-27, end: 2027-01-04}
 *   audit:
 *     fail_on: high                      # info|low|medium|high|critical
 *     skip: [ACCT-0030, AC-2]            # check IDs, items or areas
 *   accounts:
 *     dormant_days: 90                   # 1..36500
 *     ignore: [nobody]                   # accounts the account checks do not report
 *   ssh:
 *     min_rsa_bits: 2048                 # 1024..16384
 *   vulns:
 *     max_feed_age_days: 7               # 1..3650
 *     release: bookworm                  # default: VERSION_CODENAME of /etc/os-release
 *   feeds:                               # where kyuka feeds update fetches from
 *     kev: https://www.cisa.gov/...      # dsa, dla, kev, tracker, osv ("none": skip it)
 *   logs:                                # the holiday log review (LOG-*, kyuka logs)
 *     baseline_days: 30                  # 1..365: the period before the window that is "normal"
 *     brute_force_failures: 20           # failures from one source in the window
 *     spray_users: 5                     # 2..64 distinct user names tried from one source
 *     success_after_failures: 5          # failures before a login from the same source
 *     gap_hours: 6                       # 1..720 hours without a line on a steady host
 *     night: 22-6                        # local hours of the night (VPN logins)
 *     backwards_seconds: 300             # 0..86400 tolerated clock steps back
 *     timezone: Asia/Tokyo               # for year-less times (default: the host's)
 *   passwords:
 *     budget: 60                         # seconds of guessing in kyuka passwords audit, 1..86400
 *     audit_budget: 0                    # seconds of guessing in kyuka audit (0: PW-0010 is SKIP)
 *     threads: 0                         # 0 = every core, else 1..1024
 *     wordlist: /usr/share/john/password.lst   # extra guesses, one a line
 *     words: [kyuka, example]            # site words to guess (products, places)
 *     min_length: 8                      # policy: smallest acceptable minlen, 6..64
 *   ports:
 *     allow:                             # listening ports accepted on purpose (NET-0010)
 *       - port: 5432                     # 1..65535, required
 *         proto: tcp                     # tcp|udp, optional
 *         bind: private                  # an address or a class (any, loopback, link-local, private, public)
 *         process: postgres              # comm or systemd unit, optional
 *         reason: app servers on the LAN need it
 *         expires: 2027-03-31            # optional
 *   services:
 *     allow: [ssh, nginx.service]        # services reviewed and wanted (DV-3, DV-4)
 *   allow:                               # accepted findings
 *     - check: SUDO-0010
 *       subject: deploy
 *       reason: CI deploy user, key-only, restricted command
 *       expires: 2027-03-31              # optional
 *   plan: ...                            # the incident plan: docs/plan.md
 *   alert: ...                           # the alert channel: docs/monitoring.md
 *   monitoring: ...                      # retention margin: docs/monitoring.md
 *   backup:                              # docs/backup.md
 *     important: [/srv/data]             # data to protect (absolute paths)
 *     config: [/opt/app/conf]            # configuration paths besides /etc (FAIL when uncovered)
 *     max_age_hours: 26                  # 1..87600, the default of every job
 *     verify_max_age_days: 30            # 1..3650: a restore drill at most this old
 *     jobs:
 *       - name: nightly                  # a word, unique
 *         kind: restic                   # restic | borg | archive | directory
 *         repository: /mnt/backup/restic # repository, archive (or directory of archives), or copy tree
 *         password_file: /root/.restic   # or password_env: NAME, or password_command: "pass show x"
 *         paths: [/etc, /srv/data]       # what the job backs up
 *         max_age_hours: 26
 *         offline: true                  # writable from this host is FAIL, not WARN
 *         sample: 20                     # files restored by a drill, or "5%"
 *         check_percent: 5               # restic check --read-data-subset / borg --verify-data (0..100)
 *         timeout_minutes: 60            # of each tool run by a drill
 */
#ifndef KYUKA_PARSE_CONFIG_H
#define KYUKA_PARSE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CONFIG_MAX_BYTES ((size_t)4 << 20)
#define CONFIG_MAX_LIST 4096
#define CONFIG_MAX_DEPTH 32

struct config_allow {
	char *check;		/* check ID, uppercased */
	char *subject;		/* exact subject, or "*" for every subject of the check */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

/* A person of the contact list (plan.roles[].primary / backup). */
struct plan_person {
	char *name;
	char *phone;		/* as written; checked by parse/contact.h */
	char *mail;
	char verified[11];	/* YYYY-MM-DD or "" */
	size_t line;
};

struct plan_role {
	char *role;		/* "decision maker", "responder", ... */
	bool has_primary, has_backup;
	struct plan_person primary, backup;
	size_t line;
};

struct plan_contact {
	char *phone;
	char *mail;
	char *url;
};

/* A vendor or supplier (plan.vendors[]). */
struct plan_vendor {
	char *name;
	char *kind;		/* system vendor, maintenance, carrier, cloud, datacenter, supply chain, ... */
	char *service;		/* what they provide for us */
	char *holiday_hours;	/* their support during the holiday, as text */
	struct plan_contact contact;	/* normal hours */
	bool has_off_hours;
	bool off_hours_none;	/* "off_hours: none": stated explicitly that there is none */
	struct plan_contact off_hours;
	char *contract_id;	/* contract or customer ID to quote when calling */
	char verified[11];
	size_t line;
};

struct config_plan {
	bool present;		/* a plan: section was given */
	size_t line;
	uint32_t verify_days;	/* contacts verified at most this long before the holiday (default 90) */
	struct {
		char *document;	/* path on the host or URL */
		char reviewed[11];
		size_t line;
	} procedure;
	struct {
		bool present;
		char *phone;
		char *mail;
		char *hours;
		char *note;
		size_t line;
	} reporting;		/* where staff report an incident */
	struct plan_role *roles;
	size_t n_roles;
	struct plan_vendor *vendors;
	size_t n_vendors;
};

/* The alert channel kyuka alert test uses. */
struct config_alert {
	bool present;
	size_t line;
	char *channel;		/* "smtp", "webhook" or "syslog" (checked while parsing) */
	char *url;		/* smtp://, smtps://, http://, https:// */
	char *from;
	char **to;
	size_t n_to;
	char *username;
	char *password_file;	/* read when sending, never printed */
	char *starttls;		/* "try" (default), "required", "never" */
	char *socket;		/* syslog: the datagram socket (default /dev/log) */
	char *ca_file;		/* CA certificates to verify the server with (default: the system's) */
	uint32_t timeout;	/* seconds, default 20 */
};
enum backup_kind { BACKUP_RESTIC, BACKUP_BORG, BACKUP_ARCHIVE, BACKUP_DIRECTORY };

struct config_backup_job {
	char *name;
	int kind;		/* enum backup_kind */
	char *repository;
	char *password_file;	/* at most one of the three; none for archive and directory */
	char *password_env;
	char *password_command;
	char **paths;		/* absolute, normalised (no trailing '/', no . or .. components) */
	size_t n_paths;
	uint32_t max_age_hours;	/* 0: backup.max_age_hours */
	bool offline;
	uint32_t sample_files;	/* 0 with sample_percent 0: BACKUP_DEFAULT_SAMPLE */
	uint32_t sample_percent;
	bool has_check_percent;
	uint32_t check_percent;
	uint32_t timeout_minutes;	/* 0: BACKUP_DEFAULT_TIMEOUT_MIN */
	size_t line;
};

#define BACKUP_DEFAULT_MAX_AGE_HOURS 26
#define BACKUP_DEFAULT_VERIFY_DAYS 30
#define BACKUP_DEFAULT_SAMPLE 20
#define BACKUP_DEFAULT_CHECK_PERCENT 5
#define BACKUP_DEFAULT_TIMEOUT_MIN 60

/* The name of a kind ("restic"), or "?". */
const char *backup_kind_name(int kind);

struct config_port_allow {
	uint32_t port;		/* 1..65535 */
	char *proto;		/* "tcp", "udp" or NULL for both */
	char *bind;		/* address or class, NULL for any */
	char *process;		/* comm or unit, NULL for any */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

struct config {
	char *source;		/* file it came from; NULL for built-in defaults */
	int version;
	char *organisation;
	bool has_holiday;
	char holiday_start[11];	/* YYYY-MM-DD, validated calendar dates, start <= end */
	char holiday_end[11];
	bool has_fail_on;
	int fail_on;		/* enum severity */
	char **skip;
	size_t n_skip;
	struct {
		uint32_t dormant_days;
		char **ignore;
		size_t n_ignore;
	} accounts;
	struct {
		uint32_t min_rsa_bits;
	} ssh;
	struct {
		uint32_t max_feed_age_days;	/* an older feed is a WARN (VULN-0020) */
		char *release;			/* codename override; NULL: from /etc/os-release */
	} vulns;
	struct {
		char *dsa, *dla, *kev, *tracker, *osv;	/* URLs for feeds update; NULL: the default */
	} feeds;
	struct {
		uint32_t baseline_days;
		uint32_t brute_force_failures;
		uint32_t spray_users;
		uint32_t success_after_failures;
		uint32_t gap_hours;
		uint32_t night_start, night_end;
		uint32_t backwards_seconds;
		char *timezone;
	} logs;
	struct {
		uint32_t budget;	/* seconds, kyuka passwords audit */
		uint32_t audit_budget;	/* seconds, kyuka audit; 0 = no guessing there */
		uint32_t threads;	/* 0 = every core */
		char *wordlist;		/* path on the auditing machine, NULL = none */
		char **words;
		size_t n_words;
		uint32_t min_length;
		bool wordlist_only;	/* not a key: kyuka passwords audit --wordlist-only */
	} passwords;
	struct {
		struct config_port_allow *allow;
		size_t n_allow;
	} ports;
	struct {
		char **allow;	/* unit names (".service" may be left out) or process names */
		size_t n_allow;
	} services;
	struct config_allow *allow;
	size_t n_allow;
	struct config_plan plan;
	struct config_alert alert;
	struct {
		uint32_t margin_days;	/* logs must reach this far back beyond the holiday (default 7) */
	} monitoring;
	struct {
		char **important;
		size_t n_important;
		char **config;
		size_t n_config;
		uint32_t max_age_hours;
		uint32_t verify_max_age_days;
		struct config_backup_job *jobs;
		size_t n_jobs;
	} backup;
	/* antivirus (AV-1, AV-2): docs/antivirus.md */
	struct {
		uint32_t max_age_hours;	/* definitions older than this FAIL (default 24) */
	} av;
	struct {
		char *yara_rules;	/* a directory of YARA rules (*.yar, *.yara) on the auditing machine; NULL: none */
	} scan;
};

/* Sets the defaults (dormant_days 90, min_rsa_bits 2048, max_feed_age_days 7, version 1,
 * verify_days 90, margin_days 7, timeout 20, the logs thresholds above, passwords budget 60
 * and min_length 8, backup ages). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
