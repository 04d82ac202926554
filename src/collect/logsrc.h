/*
 * Log sources through the root: text logs under /var/log with their
 * rotations (plain or gzip, through zlib), explicit files, and the systemd
 * journal (through sd-journal). Everything is streamed: a whole log is never
 * held in memory; a line longer than LOGSRC_MAX_LINE is handed over cut.
 */
#ifndef KYUKA_COLLECT_LOGSRC_H
#define KYUKA_COLLECT_LOGSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "collect/root.h"
#include "util/err.h"

#define LOGSRC_MAX_LINE ((size_t)64 << 10)	/* bytes of one line kept; the rest is skipped */
#define LOGSRC_MAX_FILES 1024			/* text log files considered */
#define LOGSRC_MAX_ROTATION 999			/* auth.log.N */
#define LOGSRC_MAX_FIELD ((size_t)64 << 10)	/* bytes of one journal field */

struct logsrc_file {
	char *path;		/* inside the root: "/var/log/auth.log.2.gz" */
	char *family;		/* "/var/log/auth.log" */
	int rotation;		/* 0 current, N for .N / .N.gz, -1 for a dated rotation */
	bool gz;
	struct stat st;
};

struct logsrc_files {
	struct logsrc_file *v;	/* each family oldest first, families by name */
	size_t n;
	/* rotations whose file is missing ("/var/log/auth.log.3"), at most LOGSRC_MAX_FILES */
	char **missing;
	size_t n_missing;
	bool truncated;		/* more than LOGSRC_MAX_FILES files: the rest was not listed */
	/* entries named like a log that are not regular files (never opened), at most LOGSRC_MAX_FILES */
	struct logsrc_odd *odd;
	size_t n_odd;
};

/* A log's name on something that is not a regular file: a FIFO, a device, a link (lstat'ed, never opened). */
struct logsrc_odd {
	char *path;
	mode_t type;		/* S_IFMT bits: S_IFIFO, S_IFCHR, S_IFLNK, ... */
	char *target;		/* a link's text (NULL: none or unreadable) */
	mode_t target_type;	/* S_IFMT bits of what a link resolves to inside the root; 0: nothing */
};

/*
 * Lists auth.log, secure, syslog, messages, kern.log, ufw.log and
 * openvpn*.log under /var/log (and /var/log/openvpn/) with their rotations.
 * A missing /var/log is an empty list. Caller frees with logsrc_files_free().
 */
int logsrc_find(const struct root *r, struct logsrc_files *out, struct err *err);
/* One explicit file (named as the target sees it); rotation 0, gzip by its magic. */
int logsrc_stat_file(const struct root *r, const char *path, struct logsrc_file *out, struct err *err);
void logsrc_file_free(struct logsrc_file *f);
void logsrc_files_free(struct logsrc_files *fs);

/* Called for each line (without its line break); a non-zero return stops the read and is returned. */
typedef int (*logsrc_line_fn)(void *arg, const char *line, size_t len, bool cut, uint64_t lineno);
/* Streams a file's lines, decompressing gzip. Returns 0, the callback's value, or a negative errno. */
int logsrc_read(const struct root *r, const struct logsrc_file *f, logsrc_line_fn fn, void *arg, struct err *err);

/*
 * A text log handed over in pieces, for parsing on several threads: a run
 * of whole lines (each ending in its line break), or one line (without its
 * break) that came through a copy: it began in an earlier buffer, ends the
 * file without a break, or was longer than LOGSRC_MAX_LINE (cut). Pieces come
 * in file order. A run stays readable until the next call returns (the
 * reader keeps the window or buffer before the current one), so it can be
 * parsed while the reader gets the next; a single line only during its
 * call. A call with none (n 0) comes after the last pieces, and before the
 * reader reuses a buffer when no call came since its pieces were handed
 * over: what was handed over goes away when it returns.
 */
struct logsrc_piece {
	const char *p;
	size_t len;
	bool run;		/* lines to take apart with logsrc_next_line() */
	bool cut;		/* one line, cut to LOGSRC_MAX_LINE */
};
typedef int (*logsrc_piece_fn)(void *arg, const struct logsrc_piece *pieces, size_t n);
/* As logsrc_read, the file in pieces. */
int logsrc_read_pieces(const struct root *r, const struct logsrc_file *f, logsrc_piece_fn fn, void *arg,
		       struct err *err);
/*
 * The next line of a run from *cur (before end), as a piece with run false:
 * without its line break, cut to LOGSRC_MAX_LINE. A trailing CR is left for
 * the caller (logsrc_read strips it). False at the end.
 */
bool logsrc_next_line(const char **cur, const char *end, struct logsrc_piece *line);

/* ------------------------------------------------------------------ journal */

struct logsrc_jentry {
	int64_t usec;			/* realtime */
	const char *prog;		/* SYSLOG_IDENTIFIER (or _COMM); not terminated */
	size_t prog_len;
	const char *msg;		/* MESSAGE; not terminated, may hold any bytes */
	size_t msg_len;
	bool cut;			/* MESSAGE longer than LOGSRC_MAX_FIELD */
	uint32_t pid;			/* _PID, 0 when absent */
	uint64_t seq;			/* 1-based position in this read */
	void *j;			/* for logsrc_journal_cursor() during the callback */
};

struct logsrc_jstats {
	uint64_t entries;
	uint64_t errors;		/* entries or fields sd-journal reported as bad (-EBADMSG ...) */
	size_t corrupt_files;		/* *.journal~ files: journald set them aside as corrupt */
	char first_error[128];
};

typedef int (*logsrc_journal_fn)(void *arg, const struct logsrc_jentry *e);
/*
 * Reads the journal from since_usec on: dir (a copied journal directory,
 * outside the root) or, when dir is NULL, /var/log/journal (else
 * /run/log/journal) inside the root. -ENOENT when there is no journal.
 */
int logsrc_read_journal(const struct root *r, const char *dir, int64_t since_usec, logsrc_journal_fn fn, void *arg,
			struct logsrc_jstats *st, struct err *err);
/* 0 when dir (a copied journal directory, outside the root) can be opened as a directory, else a negative errno. */
int logsrc_check_journal_dir(const char *dir, struct err *err);
/* The cursor of the entry being read (caller frees), or NULL. */
char *logsrc_journal_cursor(const struct logsrc_jentry *e);

/* The target's time zone name from /etc/timezone or the /etc/localtime link; NULL when unknown. Caller frees. */
char *logsrc_timezone(const struct root *r);

#endif
