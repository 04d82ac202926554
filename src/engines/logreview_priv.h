/* Internals of the log review shared by its files (not for other layers). */
#ifndef KYUKA_ENGINES_LOGREVIEW_PRIV_H
#define KYUKA_ENGINES_LOGREVIEW_PRIV_H

#include <glib.h>

#include "collect/logsrc.h"
#include "engines/logreview.h"
#include "parse/logmsg.h"
#include "parse/logvpn.h"
#include "parse/syslog.h"
#include "util/arena.h"

/*
 * What lines add up to in any order: counters, the time span, the timeline.
 * Each parsing thread keeps its own; they are added to the review at the end.
 */
struct lr_tally {
	uint64_t lines, cut_lines, no_time, unknown, lines_window, unknown_window, fw_blocked;
	uint64_t by_kind[LM__COUNT];
	uint64_t *days;			/* lr->n_days rows of LRT__COUNT */
	uint64_t *days_mem;
	int64_t first_t, last_t;
	bool any_time, has_baseline;
	size_t last_hour;		/* the byte of state.hours this tally set last, + 1 */
	const uint8_t *last_fam;	/* the source's hours it was set in (state.fam_hours) */
};

/* An event whose effect depends on the events before it (sources, first N listed), handed over in order. */
enum { LRE_BACKWARDS = LM__COUNT };	/* kind: time went back from t2 to t */
enum { LRE_WINDOW = 1, LRE_BASELINE = 2, LRE_INVALID_USER = 4 };
struct lr_event {
	int64_t t, t2;
	const char *src, *user;		/* into the line */
	uint32_t src_hash, user_hash;
	uint32_t count;
	uint32_t line;			/* the line's position in what the caller reads (evidence) */
	uint32_t pid;			/* of the program that wrote the line + 1, 0 when unknown: set before lr_classify */
	uint16_t user_len;
	uint8_t src_len;		/* at most LOGMSG_MAX_ADDR */
	uint8_t kind;			/* enum logmsg_kind or LRE_BACKWARDS */
	uint8_t flags;
	uint8_t svc;			/* enum logmsg_svc */
	uint8_t pair;			/* enum logmsg_pair: one attempt's lines of one process count once */
	bool full;			/* lr_take_event needs the whole message (lr_event_full) */
};

/* The lines of one attempt, per process and source (logmsg_pair): a small table, the newest wins a slot. */
#define LR_PAIR_SLOTS 4096
#define LR_PAIR_WAYS 4			/* slots a key may take (the oldest is given up) */
#define LR_PAIR_SECONDS 600		/* lines of one connection are this close (sshd's LoginGraceTime is 120) */
struct lr_pair {
	int64_t t;
	uint32_t pid, src_hash;	/* pid: 0 for sshd, whose lines pair by source (logevent.c) */
	uint32_t n[LP__COUNT];
	uint8_t svc;
};

/* Remote sources by address (open addressing; the hash comes with the event, computed where it was parsed). */
struct lr_srctab {
	struct lr_source **slot;
	uint32_t *hash;
	size_t cap, n;
};

struct state {
	const struct logreview_opts *o;
	struct logreview *lr;
	struct root *root;
	GTimeZone *tz;
	struct lr_srctab src;
	size_t max_sources;		/* sources tracked before the summary takes over */
	struct lr_sketch *sketch;	/* the summary of the sources beyond the table (NULL until it is full) */
	struct lr_source *last_src;	/* of the event before (bursts) */
	struct lr_pair *pairs;		/* LR_PAIR_SLOTS, made on first use (in order) */
	uint32_t last_hash;
	GHashTable *fw_src;		/* addr -> uint64_t * (blocked in the window) */
	GHashTable *fw_allow;		/* "src|dport" -> index + 1 in lr->fw_allow */
	uint64_t *fw_port;		/* 65536 counters */
	size_t alloc_logins, alloc_accounts, alloc_lockouts, alloc_fw_allow, alloc_integrity;
	uint8_t *hours;			/* one byte per hour from baseline_since to until: any line? (set by any thread) */
	size_t n_hours;
	uint8_t *fam_hours;		/* the same for the source being read (NULL: not judged alone) */
	struct lr_family {		/* the log sources judged one by one for gaps */
		char *name;
		uint8_t *hours;
	} fam[LR_MAX_FAMILIES];
	size_t n_fam;
	struct lr_tally *tally;		/* this thread's */
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
	int64_t day_key;		/* the UTC minute of day_idx (the timeline row), per thread */
	long day_idx;
	/* a parsing thread's: the minute of the RFC 3164 line before (syslog_same_minute) */
	char minute[SYSLOG_MINUTE_KEY];
	int64_t minute_t;
	bool minute_ok;
	struct lr_pool *pool;		/* the threads that parse text logs; NULL: this one alone */
	bool evtx;			/* reading .evtx files: s->lineno is a record identifier */
	size_t alloc_persist, alloc_cleared;
	const struct logmsg *appliance;	/* the event being taken is an appliance's: named in where_now */
	const struct logvpn_net *inside;	/* o->inside_networks, parsed */
	size_t n_inside;
};

#define SK_HLL_BITS 14		/* 16384 registers: a standard error of 0.8% */

struct sk_cell {
	uint32_t seen;		/* events */
	uint32_t fail_all;	/* failures (the baseline and the window) */
	uint32_t fail_win;	/* failures in the window */
	uint32_t users_win;	/* user names tried in the window (distinct as far as names_seen tells) */
};

struct lr_sketch {
	struct sk_cell *cell;	/* LR_SKETCH_DEPTH rows of width */
	size_t width;		/* a power of two */
	uint64_t *names_seen;	/* a Bloom filter of (source, user name) in the window: width * 64 bits */
	uint8_t hll[1 << SK_HLL_BITS];	/* HyperLogLog of the addresses: how many distinct (about 1%) */
};

struct lr_sketch *lr_sketch_new(size_t cap);
void lr_sketch_free(struct lr_sketch *k);
/* An address's hash for the summary (independent of the table's). */
uint64_t lr_sketch_hash(const char *p, size_t n);
/* The cells of an address, one per row. */
void lr_sketch_cells(const struct lr_sketch *k, uint64_t h, struct sk_cell **c);
/* The estimate: the smallest of the cells, field by field (never below the truth). */
void lr_sketch_estimate(struct sk_cell *const *c, struct sk_cell *est);
/* Was this user name tried from this address before? Marks it when not ("yes" may be wrong, "no" never). */
bool lr_sketch_name_seen(struct lr_sketch *k, uint64_t src_h, uint32_t user_hash);
/* Counts an address into the HyperLogLog; distinct addresses counted (about 1%). */
void lr_sketch_hll_add(struct lr_sketch *k, uint64_t h);
uint64_t lr_sketch_distinct(const struct lr_sketch *k);

/* The review's own memory (lr->priv). */
struct lr_priv {
	GTimeZone *tz;
	/* the sources, logins, accounts and accepted connections, and their strings: freed at once */
	struct arena mem;
};

/* logevent.c: local time of the review's zone (s->tz, cached per hour). */
int64_t lr_floor_div(int64_t a, int64_t b);
long lr_local_day(struct state *s, int64_t t);
int64_t lr_local_to_utc(struct state *s, int y, int mo, int d, int h, int mi, int se);
/* The reference year of lines without one, from the file's mtime. */
void lr_set_reference(struct state *s, int64_t mtime);
/* A tracked remote source by address, or NULL. */
struct lr_source *lr_src_lookup(const struct lr_srctab *tb, const char *addr);

/* The time of a parsed header; false when the line has none (uses only s's time caches). */
bool lr_line_time(struct state *s, const struct syslog_line *h, int64_t *t);

void lr_tally_init(const struct logreview *lr, struct lr_tally *ty);
/* Adds ty to the review and frees it. */
void lr_tally_done(struct logreview *lr, struct lr_tally *ty);
/* Counts a line's time (span, hours with lines); true when the line is inside the window or the baseline. */
bool lr_tally_time(struct state *s, int64_t t);
/*
 * Counts what a message at t says into s->tally and fills e when it has an
 * ordered effect (then true). With e->full, lr_take_event needs m and the
 * message too. Uses only s's time caches: safe on any thread.
 */
bool lr_classify(struct state *s, int64_t t, const struct logmsg *m, struct lr_event *e);
/* The ordered effect of an event (m, msg, cut: when e->full; s->lineno or s->je: where it is). */
void lr_take_event(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg, bool cut);
/* Checks a line's time against the one before (s->prev_t) and moves on; in order. */
void lr_take_time(struct state *s, int64_t t);

/*
 * Text logs are parsed on several threads and folded in line order: each
 * piece of a file is cut into slices at line breaks; any thread parses the
 * next slice (lines, header, time, message: pure functions, counted into the
 * thread's tally) and the one that finishes the slice next in order takes
 * its ordered events, so the result is the same as on one thread.
 */
struct lr_pool *lr_pool_new(unsigned threads, const struct state *s);
/* Stops the threads and adds their tallies to the review. */
void lr_pool_free(struct lr_pool *p, struct logreview *lr);
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

/* logreview.c: the hours of a log source (a file, the journal) judged alone for gaps; NULL beyond LR_MAX_FAMILIES. */
uint8_t *lr_family_hours(struct state *s, const char *name);

/*
 * logevtx.c: Windows event logs. The .evtx files among the FILE operands
 * (by content) and in o->evtx_dir, sorted per source (caller frees with
 * strv_free); a directory that cannot be listed is an error.
 */
int lr_evtx_paths(struct state *s, char ***paths, size_t *n, struct err *err);
/* The first and last written time of their records; false when none. */
bool lr_evtx_span(struct state *s, char *const *paths, size_t n, int64_t *first, int64_t *last);
/* Reads them one after the other, their ordered events taken in written-time order across the files at the end (on this thread). */
void lr_read_evtx(struct state *s, char *const *paths, size_t n);

#endif
