/* Internals of the log review shared by its files (not for other layers). */
#ifndef KYUKA_ENGINES_LOGREVIEW_PRIV_H
#define KYUKA_ENGINES_LOGREVIEW_PRIV_H

#include <glib.h>

#include "collect/logsrc.h"
#include "engines/logreview.h"
#include "parse/logmsg.h"
#include "parse/syslog.h"

struct state {
	const struct logreview_opts *o;
	struct logreview *lr;
	struct root *root;
	GTimeZone *tz;
	GHashTable *src;		/* addr -> struct lr_source * */
	GHashTable *fw_src;		/* addr -> uint64_t * (blocked in the window) */
	GHashTable *fw_allow;		/* "src|dport" -> index + 1 in lr->fw_allow */
	uint64_t *fw_port;		/* 65536 counters */
	size_t alloc_logins, alloc_accounts, alloc_fw_allow, alloc_integrity;
	uint8_t *hours;			/* one byte per hour from baseline_since to until: any line? */
	size_t n_hours;
	/* the stream being read */
	const char *path;		/* NULL for the journal */
	const struct logsrc_jentry *je;
	uint64_t lineno;
	int64_t prev_t;
	int ref_year, ref_doy;		/* from the file's mtime (local) */
	/* caches of time zone lookups, per hour */
	int64_t l2u_key, l2u_base;
	int64_t u2l_key;
	int32_t u2l_off;
	struct lr_pool *pool;		/* the threads that parse text logs; NULL: this one alone */
};

/* The time of a parsed header; false when the line has none (uses only s's time caches). */
bool lr_line_time(struct state *s, const struct syslog_line *h, int64_t *t);
/* Whether a line at t is read further than its time: inside the window or the baseline before it. */
bool lr_matters(const struct logreview *lr, int64_t t);
/* The time bookkeeping of a line in order; returns lr_matters(). */
bool lr_take_time(struct state *s, int64_t t);
/* What the message of a line that matters says, in order (m from logmsg_parse). */
void lr_take_msg(struct state *s, int64_t t, const struct logmsg *m, struct span msg, bool cut);

/*
 * Text logs are parsed on several threads and folded in line order: the
 * lines of a batch are cut into slices; any thread parses the next slice
 * (header, time, message: pure functions), and the one that finishes the
 * slice next in order folds it into the review, so the result is the same
 * as on one thread, line for line.
 */
struct lr_pool *lr_pool_new(unsigned threads);
void lr_pool_free(struct lr_pool *p);
/* Reads one text log through the pool (s->path, reference year and line numbers as for one thread). */
int lr_read_lines(struct state *s, const struct logsrc_file *f, struct err *err);

/* Adds an integrity event (NULL beyond LR_MAX_INTEGRITY: then only counted). */
struct lr_integrity *lr_add_integrity(struct state *s, enum lr_integrity_kind k, const char *subject);
/* Keeps a message about something that did not stop the review. */
void lr_warn(struct logreview *lr, const char *msg);
/* Gaps and late starts inside the window, from the hours that had lines. */
void lr_find_gaps(struct state *s);
/* Compares the log files and login records with the last recorded run (the store), then records this one. */
void lr_compare_store(struct state *s, const struct logsrc_files *fs);

#endif
