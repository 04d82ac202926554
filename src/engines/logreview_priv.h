/* Internals of the log review shared by its files (not for other layers). */
#ifndef KYUKA_ENGINES_LOGREVIEW_PRIV_H
#define KYUKA_ENGINES_LOGREVIEW_PRIV_H

#include <glib.h>

#include "collect/logsrc.h"
#include "engines/logreview.h"

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
};

/* Adds an integrity event (NULL beyond LR_MAX_INTEGRITY: then only counted). */
struct lr_integrity *lr_add_integrity(struct state *s, enum lr_integrity_kind k, const char *subject);
/* Keeps a message about something that did not stop the review. */
void lr_warn(struct logreview *lr, const char *msg);
/* Gaps and late starts inside the window, from the hours that had lines. */
void lr_find_gaps(struct state *s);
/* Compares the log files and login records with the last recorded run (the store), then records this one. */
void lr_compare_store(struct state *s, const struct logsrc_files *fs);

#endif
