/*
 * The password audit engine: tries guesses against crypt(3) hashes with
 * libxcrypt's crypt_rn, on every core, within a time budget.
 *
 * For each account it tries its own guesses (name and GECOS variations)
 * first, then the shared list (built-in common passwords, seasons and years,
 * site words), then the wordlist, and stops at the first match. Work is
 * handed out in small chunks, round-robin over the accounts, so that when
 * the budget runs out every account has had its most likely guesses tried.
 *
 * What comes out is a verdict per account and counts: never the password
 * that matched, never anything of the hash. Guesses made from an account's
 * name, each thread's crypt buffers and the phrase copies are wiped before
 * pwc_run returns.
 */
#ifndef KYUKA_ENGINES_PWCRACK_H
#define KYUKA_ENGINES_PWCRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/wordlist.h"
#include "util/err.h"
#include "util/strbuf.h"

#define PWC_MAX_THREADS 1024
#define PWC_CHUNK 16			/* guesses per work item */
#define PWC_DEFAULT_MAX_MEM ((uint64_t)1 << 30)	/* hashes needing more memory per guess are not tried */
#define PWC_MAX_GUESS_MS 10000		/* nor those whose one guess would take longer (estimated) */

struct pwc_account {
	const char *name;
	const char *gecos;	/* may be NULL */
	const char *hash;	/* SECRET: a usable crypt(3) hash */
};

enum pwc_verdict {
	PWC_NOT_FOUND,		/* every guess tried, none matched */
	PWC_WEAK,		/* a guess matched */
	PWC_INCOMPLETE,		/* the budget ran out first */
	PWC_UNTESTABLE,		/* libxcrypt refused the hash, or one guess would cost too much */
};

struct pwc_result {
	enum pwc_verdict verdict;
	uint64_t tried, total;	/* guesses */
	const char *why;	/* PWC_UNTESTABLE: N_() reason, with %s the detail below */
	char detail[64];
};

struct pwc_progress {
	uint64_t done, total, found;
	uint64_t elapsed_ms, budget_ms;
};

struct pwc_opts {
	unsigned threads;		/* 0 = every core this process may run on */
	uint64_t budget_ms;		/* 0 = no limit */
	int year;			/* for season and year guesses (from the run's clock) */
	const char *const *site;	/* host name, organisation, configured words */
	size_t n_site;
	const struct wordlist *wordlist;	/* may be NULL */
	bool no_builtin;		/* only the wordlist (benchmarks compare with john on one list) */
	bool no_user;			/* no name or GECOS guesses */
	uint64_t max_mem;		/* 0 = PWC_DEFAULT_MAX_MEM */
	/* Called from the calling thread about ten times a second while the workers run. */
	void (*progress)(void *arg, const struct pwc_progress *p);
	void *progress_arg;
};

struct pwc_stats {
	uint64_t guesses;		/* crypt_rn calls */
	uint64_t elapsed_ns;
	unsigned threads;
	bool budget_hit;
};

/* The number of cores this process may run on (at least 1). */
unsigned pwc_cores(void);

/*
 * Audits n accounts; res[i] gets the verdict of acc[i]. Returns 0, or a
 * negative errno (threads could not be started).
 */
int pwc_run(const struct pwc_account *acc, size_t n, const struct pwc_opts *o, struct pwc_result *res,
	    struct pwc_stats *stats, struct err *err);

/*
 * Reads the auditor's wordlist (a file of the machine kyuka runs on, not of
 * the audited root) into buf and splits it into wl. Release both with
 * pwc_wordlist_release, which wipes the buffer.
 */
int pwc_wordlist_load(const char *path, struct strbuf *buf, struct wordlist *wl, struct err *err);
void pwc_wordlist_release(struct strbuf *buf, struct wordlist *wl);

#endif
