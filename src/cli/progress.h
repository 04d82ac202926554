/*
 * Progress of long work on a terminal, one line on standard error redrawn in place: the text the
 * command sets and the seconds since it started. Nothing before the work has run a second, and
 * nothing at all when standard error is not a terminal (TERM=dumb counts as none) or the command
 * says so (--format json, --no-progress): logs and pipes stay clean. A thread redraws the line once
 * a second, so a step that says nothing for minutes (a restore by restic) still shows it is alive.
 *
 *	struct cli_progress *p = progress_start(!json);
 *	for (...)
 *		progress_set(p, _("importing %s (%zu of %zu)"), name, i + 1, n);
 *	progress_stop(p);	// clears the line
 *
 * Every function takes NULL (progress off) and does nothing then.
 */
#ifndef KYUKA_CLI_PROGRESS_H
#define KYUKA_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct cli_progress;

/* A progress line when wanted and standard error is a terminal, else NULL. */
struct cli_progress *progress_start(bool wanted);
/* The text of the line (printf format); drawn at most ten times a second. */
void progress_set(struct cli_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears the line and frees p. */
void progress_stop(struct cli_progress *p);
struct check;
/* A run_opts.on_check for the audit and the log review: the check at work (arg: the progress). */
void progress_check(void *arg, const struct check *c, size_t done, size_t total);
/* True when standard error is a terminal that can redraw a line (not TERM=dumb). */
bool progress_tty(void);

#endif
