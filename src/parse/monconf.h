/*
 * The configuration files that decide how a host keeps and forwards its logs
 * and what it runs on a schedule, parsed for what the monitoring checks
 * (IR-1, VU-2) need. All pure: bytes in (not terminated, any bytes), struct
 * out; every count and line is capped; lines that cannot be read are
 * counted in bad, never silently dropped.
 *
 *   sdini      systemd's INI dialect: journald.conf, journal-upload.conf,
 *              unit files (.timer, .service)
 *   logrotate  logrotate.conf and logrotate.d/: global defaults, stanzas,
 *              include directives (the caller reads the included files)
 *   rsyslog    forwarding actions (@host, @@host, action(type="omfwd"),
 *              omrelp) and $IncludeConfig / include(file=...)
 *   syslogng   network destinations used by a log path, @include
 *   auditrules the rules of audit.rules / rules.d
 */
#ifndef KYUKA_PARSE_MONCONF_H
#define KYUKA_PARSE_MONCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"

#define MONCONF_MAX_VALUE	((size_t)64 * 1024)	/* a value with its continuation lines */
#define MONCONF_MAX_TOKEN	4096			/* a path, host or word */
#define MONCONF_MAX_DEPTH	64			/* nested braces or parentheses */

/* ---- systemd INI ---- */

struct sdini_entry {
	char *section;		/* "Journal" */
	char *key;
	char *value;		/* continuation lines joined with a space */
	size_t line;
};

struct sdini {
	struct sdini_entry *v;
	size_t n, alloc;
	struct parse_bad bad;
};

int sdini_parse(const char *buf, size_t len, struct sdini *out);
/* The last value of section.key (later assignments win), or NULL. */
const struct sdini_entry *sdini_get(const struct sdini *ini, const char *section, const char *key);
void sdini_free(struct sdini *ini);

/*
 * systemd sizes ("4G", "500M", "1024", "12.5%" is refused: -EINVAL) into bytes
 * (1024-based, as journald.conf documents) and time spans ("1month", "2w",
 * "3d 12h", "0" = none) into seconds. Return 0, -EINVAL or -ERANGE.
 */
int sd_parse_bytes(const char *s, size_t len, uint64_t *out);
int sd_parse_timespan(const char *s, size_t len, uint64_t *out);

/* ---- logrotate ---- */

enum lr_period { LR_NONE, LR_HOURLY, LR_DAILY, LR_WEEKLY, LR_MONTHLY, LR_YEARLY };

struct lr_opts {
	enum lr_period period;
	int64_t rotate;		/* logrotate's default 0; -1 = keep every old log */
	int64_t maxage;		/* days; -1 = none */
	uint64_t size;		/* rotate by size instead of time (0 = not set) */
	uint64_t maxsize;	/* also rotate when larger (0 = not set) */
	bool missingok;
};

struct lr_stanza {
	char **paths;		/* as written (globs kept) */
	size_t n_paths;
	struct lr_opts o;
	size_t line;
};

struct lr_include {
	char *path;
	size_t line;
	struct lr_opts defaults;	/* in force where the include is */
};

struct lr_file {
	struct lr_stanza *st;
	size_t n_st, alloc_st;
	struct lr_include *inc;
	size_t n_inc, alloc_inc;
	struct lr_opts defaults;	/* after the last line (globals set by this file) */
	struct parse_bad bad;
};

void lr_opts_default(struct lr_opts *o);
/* start: the defaults in force when the file begins (NULL: logrotate's own). */
int logrotate_parse(const char *buf, size_t len, const struct lr_opts *start, struct lr_file *out);
void lr_file_free(struct lr_file *f);

/*
 * How far back the rotated copies reach right after a rotation, in hours:
 * rotate × interval, capped by maxage. Returns the hours (INT64_MAX when
 * old logs are never removed), or -1 when it depends on the write rate
 * (rotation by size) or no interval is set; *why then says which. *approx
 * is set when maxsize may rotate sooner than the interval.
 */
int64_t lr_horizon_hours(const struct lr_opts *o, bool *approx, const char **why);

/* ---- rsyslog and syslog-ng ---- */

struct log_forward {
	char *target;		/* host[:port], or the destination's name for syslog-ng when no host is given */
	char proto[8];		/* "udp", "tcp", "relp", "network", "syslog" */
	size_t line;
};

struct syslog_conf {
	struct log_forward *fwd;
	size_t n_fwd, alloc_fwd;
	char **includes;	/* paths or globs to read next */
	size_t n_inc, alloc_inc;
	struct parse_bad bad;
};

int rsyslog_parse(const char *buf, size_t len, struct syslog_conf *out);
int syslogng_parse(const char *buf, size_t len, struct syslog_conf *out);
void syslog_conf_free(struct syslog_conf *c);

/* ---- audit rules ---- */

struct audit_rules {
	size_t rules;		/* -w and -a/-A lines */
	bool immutable;		/* -e 2 */
	struct parse_bad bad;
};

void auditrules_count(const char *buf, size_t len, struct audit_rules *out);

#endif
