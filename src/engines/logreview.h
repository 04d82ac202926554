/*
 * The holiday log review (LG-1): reads auth, VPN and firewall logs (text
 * files with their rotations, or the journal) once, streaming, and keeps
 * what the LOG-* checks and `kyuka logs` report: per-source failure counts,
 * every login inside the window, account changes, VPN logins, firewall
 * verdicts, a per-day timeline, and the signs of tampering (gaps, time
 * going backwards, truncated or rotated-away logs, shrinking login records).
 *
 * Memory is bounded by the number of distinct sources (each capped), never
 * by the size of the logs.
 */
#ifndef KYUKA_ENGINES_LOGREVIEW_H
#define KYUKA_ENGINES_LOGREVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect/root.h"
#include "parse/logmsg.h"
#include "util/err.h"

#define LR_MAX_SOURCES ((size_t)1 << 20)	/* distinct remote sources tracked one by one */
#define LR_SOURCE_RESERVE_SHIFT 3		/* beyond them, cap >> 3 more for sources that cross a threshold */
#define LR_SKETCH_DEPTH 4			/* rows of the summary of the sources beyond the cap */
#define LR_MAX_LISTED 10000			/* logins, account changes, ... kept for the report */
#define LR_MAX_DAYS 400				/* timeline days */
#define LR_MAX_INTEGRITY 200			/* integrity events kept */
#define LR_SPRAY_KEEP 64			/* distinct user names counted per source */
#define LR_SHOW_LINE 240			/* bytes of a log line shown as evidence */
#define LR_TOP 10				/* top blocked sources and ports */
#define LR_MAX_FAMILIES 64			/* log sources (file families, the journal) judged one by one for gaps */

enum lr_journal { LR_JOURNAL_AUTO, LR_JOURNAL_NO, LR_JOURNAL_YES };

struct logreview_opts {
	int64_t now;
	/* The window [since, until): given (0 = open), or from the holiday dates (local midnights). */
	int64_t since, until;
	bool has_holiday;
	long holiday_start_days, holiday_end_days;	/* days since the epoch */
	bool whole_span;		/* no window given: the span of the files' lines (read once more first) */
	const char *tz;			/* IANA name or "+09:00"; NULL: the target's, else UTC */
	enum lr_journal journal;	/* AUTO: the journal when there is no auth.log or secure */
	const char *journal_dir;	/* a copied journal directory */
	char *const *files;		/* explicit files (inside the root) instead of the /var/log scan */
	size_t n_files;
	/* thresholds (config "logs:") */
	uint32_t baseline_days;		/* the baseline period before the window */
	uint32_t brute_failures;	/* failures from one source in the window */
	uint32_t spray_users;		/* distinct user names tried from one source */
	uint32_t success_after;		/* failures before a success that make it suspect */
	uint32_t gap_hours;
	uint32_t night_start, night_end;	/* local hours: [start, end) is night */
	uint32_t backwards_seconds;
	/* previous state of the log files (the store); NULL: compare nothing, record nothing */
	const char *db_path;
	bool record;			/* save this run's state of the log files */
	unsigned threads;		/* that parse text logs; 0: one per core */
	size_t max_sources;		/* sources tracked one by one; 0: LR_MAX_SOURCES (for tests: KYUKA_LOGS_MAX_SOURCES) */
	const char *evtx_dir;		/* a directory of Windows event logs (inside the root): its .evtx files instead of /var/log */
	char *const *inside_networks;	/* an appliance's traffic from these is not from outside (config logs.inside_networks) */
	size_t n_inside_networks;
};

void logreview_opts_defaults(struct logreview_opts *o);

/* An event kept for the report: when, where ("/var/log/auth.log:123", "journal s=...") and its text. */
struct lr_ev {
	int64_t t;
	char *where;
	char *line;		/* the message, cut to LR_SHOW_LINE with a marker; raw bytes */
};

struct lr_source {
	char *addr;
	size_t addr_len;
	uint64_t fail_window;		/* failures inside the window */
	uint64_t fail_total;		/* failures seen so far (baseline and window) */
	uint64_t maxtries;
	uint32_t n_users;		/* distinct user names tried (up to LR_SPRAY_KEEP) */
	uint32_t user_hash0;		/* the first's hash; */
	uint32_t *user_hash;		/* the others' (LR_SPRAY_KEEP - 1, from the second on: most sources try one) */
	char *users_sample;		/* the first few names, comma separated (one with a comma in quotes) */
	uint8_t n_sample;		/* names in it */
	int64_t first_fail, last_fail;
	char *first_fail_where;
	bool invalid_users;
	bool ok_baseline;		/* a login from here in the baseline period */
	bool vpn_ok_baseline;
	bool vpn;			/* some failures were VPN failures */
	/* tracked only after the table was full: counted in the summary before (upper bounds, included above) */
	uint64_t fails_before;		/* of fail_total */
	uint64_t fails_window_before;	/* of fail_window */
	uint32_t users_before;		/* user names tried in the window before (not in n_users) */
	uint32_t svcs;			/* services failed on: 1 << enum logmsg_svc */
	uint64_t probes;		/* inside the window: connections that tried no password (scanners) */
	uint32_t probe_svcs;		/* the services probed: 1 << enum logmsg_svc */
	int64_t first_probe, last_probe;
	struct lr_srcpair *sp;		/* vsftpd's failures not yet paired, by hour (its own lines and its PAM lines: one attempt, two files) */
	uint8_t n_sp;
	int64_t latest_fail;		/* the latest failure inside the window (first_fail is the earliest) */
};

/* Failures of one hour from a source, by vsftpd's own lines and by its PAM lines, not yet paired. */
struct lr_srcpair {
	int64_t hour;
	uint32_t own, pam;
};

struct lr_login {
	struct lr_ev ev;
	char *user, *src, *method;
	enum logmsg_svc svc;
	enum logmsg_kind kind;		/* LM_AUTH_OK, LM_VPN_OK, LM_SU_OK */
	uint64_t prior_failures;	/* from the same source before this login */
	bool prior_estimated;		/* some of them counted in the summary of untracked sources (an upper bound) */
	uint32_t prior_svcs;		/* the services those failures were on (inside the window) */
	int64_t last_fail;
	bool root;
	bool night;
	bool new_source;		/* set at the end: no login from src in the baseline */
	int local_hour;
};

struct lr_account {
	struct lr_ev ev;
	enum logmsg_kind kind;		/* LM_USER_NEW, LM_GROUP_NEW, LM_GROUP_ADD, LM_PASSWD_CHANGE, LM_USER_DEL */
	char *target, *group, *by;
};

struct lr_fw_allow {
	struct lr_ev ev;
	char *src, *dst, *proto;
	uint32_t dport;
	uint64_t count;
};

struct lr_count {
	char *key;
	uint64_t n;
};

enum lr_integrity_kind {
	LRI_GAP,		/* no lines for longer than gap_hours */
	LRI_NO_COVERAGE,	/* logs begin after the window began, or there are none */
	LRI_BACKWARDS,		/* time went backwards */
	LRI_ROTATION_MISSING,	/* auth.log.3 absent between .2 and .4 */
	LRI_TRUNCATED,		/* a log file shrank in place since the last run */
	LRI_LOGIN_RECORDS,	/* wtmp/btmp/lastlog shrank since the last run */
	LRI_JOURNAL,		/* sd-journal reported damage */
	LRI_READ_ERROR,		/* a file could not be read */
	LRI_SOURCE_GAP,		/* one source (subject) silent for gap_hours while the others logged */
	LRI_NOT_A_FILE,		/* a log's name on a FIFO, device, link...: a = its S_IFMT, b = a link target's (0: none), where = the link's text */
	LRI_EVTX_DAMAGE,	/* a .evtx file with records libevtx could not read: a = skipped, b = records, t = recovered, t2 = 1 when marked corrupted */
};

struct lr_integrity {
	enum lr_integrity_kind kind;
	char *subject;
	int64_t t, t2;		/* times involved (gap start/end, backwards from/to) */
	int64_t a, b;		/* sizes (truncation), counts */
	char *where;		/* or a message */
};

enum lr_tl { LRT_LINES, LRT_AUTH_FAIL, LRT_LOGIN, LRT_PRIV, LRT_ACCOUNT, LRT_VPN_OK, LRT_VPN_FAIL, LRT_FW_BLOCK,
	     LRT_FW_ALLOW, LRT__COUNT };

struct lr_day {
	long day;			/* local date, days since the epoch */
	uint64_t n[LRT__COUNT];
};

struct logreview {
	int64_t since, until, baseline_since;	/* 0 = open */
	bool whole_span;		/* the window is the span of the lines read (no window was given) */
	bool span_clipped;		/* that span was longer than LR_MAX_DAYS: its last days */
	char *tz;			/* the zone used */
	char **read_files;		/* what was read: paths, "journal" or the journal directory */
	size_t n_read_files;
	bool used_journal;
	uint64_t lines, lines_window, unknown, cut_lines, no_time;
	uint64_t unknown_window;	/* lines inside the window in no form the review recognises */
	uint64_t by_kind[LM__COUNT];
	int64_t first_t, last_t;	/* over every line with a time */
	bool any_time;
	bool has_baseline;		/* lines in the baseline period */
	struct lr_source **sources;	/* with failures, sorted by fail_window, most first */
	size_t n_sources;
	/*
	 * Beyond the source table (source_cap): sources first seen after it was
	 * full are counted in a summary by address (a count-min sketch) and tracked
	 * one by one only when they cross a threshold or log in (up to
	 * source_reserve of them). See docs/logs.md.
	 */
	size_t source_cap, source_reserve;
	uint64_t sources_dropped;	/* distinct sources first seen after the table was full (about: +-1%) */
	size_t summary_width;		/* cells in a row of the summary: more sources than that overload it */
	uint64_t sources_promoted;	/* tracked after crossing a threshold in the summary */
	uint64_t sources_lost;		/* crossed a threshold or logged in when the reserve was used up */
	uint64_t fw_sources_dropped;	/* blocked sources not counted one by one */
	struct lr_login *logins;	/* inside the window, in the order read */
	size_t n_logins;
	uint64_t logins_dropped;
	struct lr_account *accounts;
	size_t n_accounts;
	/* accounts PAM locked out inside the window (pam_faillock, pam_tally2: no source): by is the account */
	struct lr_account *lockouts;
	size_t n_lockouts;
	struct lr_fw_allow *fw_allow;	/* accepted inbound to 137-139, 445, 3389 */
	size_t n_fw_allow;
	struct lr_count fw_top_src[LR_TOP];	/* blocked in the window */
	size_t n_fw_top_src;
	struct lr_count fw_top_port[LR_TOP];
	size_t n_fw_top_port;
	uint64_t fw_blocked;
	struct lr_integrity *integrity;
	size_t n_integrity;
	uint64_t integrity_dropped;
	bool compared;			/* a previous state of the log files was found */
	int64_t compared_at;
	struct lr_day *days;		/* the window, one per local day */
	size_t n_days;
	char **warnings;		/* errors that did not stop the review (store, ...) */
	size_t n_warnings;
	/* Windows event logs: services installed and scheduled tasks created inside the window (target, group: the image path, by) */
	struct lr_account *persist;
	size_t n_persist;
	/* Windows logs cleared (1102, 104) inside the window (target: the log, by): kept apart from the integrity events, whose cap they must not fall behind */
	struct lr_account *cleared;
	size_t n_cleared;
	uint64_t evtx_records;		/* records read from .evtx files */
	/* private */
	void *priv;
};

/* Runs the review. Returns 0 (result in out, free with logreview_free) or a negative errno. */
int logreview_run(struct root *r, const struct logreview_opts *o, struct logreview *out, struct err *err);
void logreview_free(struct logreview *lr);

/* Local date/time text "2026-12-31 03:20" of t in the review's zone into buf (>= 24 bytes). */
void logreview_fmt_time(const struct logreview *lr, int64_t t, char *buf, size_t size);
/* "2026-12-31" of a local day number into buf (>= 11 bytes). */
void logreview_fmt_day(long day, char *buf, size_t size);
/* Names of the timeline columns (stable, for JSON). */
const char *logreview_tl_name(enum lr_tl k);
/* "sshd, dovecot, postfix": the names of the services in a set of 1 << enum logmsg_svc (malloc'd). */
char *logreview_svcs_text(uint32_t svcs);
/* True when dport is one of 137-139, 445, 3389. */
bool logreview_risky_port(uint32_t dport);

#endif
