/*
 * What the host does to keep, forward and watch its logs, read through the
 * root: journald's settings and journal files, syslog daemons and their
 * forwarding, systemd-journal-upload, auditd, time synchronisation, logrotate,
 * scheduled jobs. "Running" is known only when the root is the live host
 * (/proc); otherwise units are judged by whether they are enabled.
 */
#ifndef KYUKA_COLLECT_MONITOR_H
#define KYUKA_COLLECT_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "collect/root.h"
#include "parse/monconf.h"

#define MON_MAX_FILES	4096	/* files of one directory we read */
#define MON_MAX_LOGS	4096	/* logrotate stanzas across all files */
#define MON_MAX_INCLUDE_DEPTH 8

struct unit_state {
	bool installed;		/* a unit file (or the daemon's binary) exists */
	bool enabled;		/* a .wants/ link in /etc/systemd/system */
	bool masked;
	bool running_known;	/* the root is the live host */
	bool running;
};

/* name: "rsyslog.service"; proc: the process name in /proc/PID/comm (15 bytes at most); bin: the daemon. */
void collect_unit(const struct root *r, const char *name, const char *proc, const char *bin, struct unit_state *out);

struct journald_facts {
	char storage[16];		/* "auto" unless set */
	char storage_where[300];	/* "file:line" or "" for the default */
	uint64_t system_max_use;	/* 0: not set (journald: 10% of the file system, at most 4 GiB) */
	char max_use_where[300];
	uint64_t max_retention;		/* seconds; 0: none */
	char retention_where[300];
	bool persistent_dir;		/* /var/log/journal exists */
	size_t n_files;			/* journal files under /var/log/journal */
	uint64_t bytes;
	time_t oldest;			/* earliest entry we can date (archived file names, else mtimes); 0 if none */
	struct unit_state unit;
	size_t bad_lines;
};

int collect_journald(const struct root *r, struct journald_facts *out, struct err *err);

struct forward_facts {
	struct unit_state rsyslog, syslogng, upload;
	bool rsyslog_conf, syslogng_conf;
	struct log_forward *fwd;	/* from rsyslog and syslog-ng, each with its file */
	char **fwd_file;
	size_t n_fwd;
	char *upload_url;		/* journal-upload.conf [Upload] URL= */
	size_t bad_lines;
};

int collect_forwarding(const struct root *r, struct forward_facts *out, struct err *err);
void forward_facts_free(struct forward_facts *f);

struct audit_facts {
	struct unit_state unit;
	size_t rules;
	size_t files;
	bool immutable;
};

int collect_auditd(const struct root *r, struct audit_facts *out, struct err *err);

struct rotated_log {
	char *paths;			/* "/var/log/syslog /var/log/mail.log" */
	char *file;			/* the config file */
	size_t line;
	struct lr_opts o;
};

struct logrotate_facts {
	bool found;			/* /etc/logrotate.conf exists */
	struct rotated_log *v;
	size_t n;
	size_t bad_lines;
	char *first_bad;		/* "file:line (why)" */
};

int collect_logrotate(const struct root *r, struct logrotate_facts *out, struct err *err);
void logrotate_facts_free(struct logrotate_facts *f);

struct watch_job {
	char *where;			/* "/etc/cron.d/kyuka:3", "kyuka-watch.timer" */
	char *what;			/* the command or the schedule */
	bool enabled;			/* cron: the cron daemon is enabled; timers: linked into timers.target.wants */
};

struct watch_facts {
	struct watch_job *v;
	size_t n;
	struct unit_state cron;
};

/* Scheduled jobs (cron entries, cron.* scripts, systemd timers) whose command runs kyuka. */
int collect_watch_jobs(const struct root *r, struct watch_facts *out, struct err *err);
void watch_facts_free(struct watch_facts *f);

struct logdisk_facts {
	uint64_t avail;			/* bytes free for unprivileged writers on the file system of /var/log */
	uint64_t size;
	uint64_t bytes;			/* under /var/log */
	time_t oldest;			/* oldest modification time seen there */
	size_t files;
};

/* Live host only (-EOPNOTSUPP under a foreign root: statvfs would measure the wrong disk). */
int collect_logdisk(const struct root *r, struct logdisk_facts *out, struct err *err);

#endif
