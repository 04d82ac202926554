/*
 * kyuka passwords audit: the password checks (PW-*) with the hash audit's
 * options, a progress bar on a terminal, the report and the store.
 * kyuka passwords check: any user rates a password of their own; nothing is
 * stored, logged or printed of it.
 */
#include "checks/context.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/accounts.h"
#include "collect/clock.h"
#include "collect/host.h"
#include "collect/pwquality.h"
#include "engines/pwguess.h"
#include "model/run.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/xalloc.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PW_INPUT_MAX 512	/* crypt(3)'s CRYPT_MAX_PASSPHRASE_SIZE */
#define PW_LINE_MAX 65536	/* bytes read looking for the end of the line */

static const char usage_text[] = N_("usage: kyuka passwords audit [options]   (as root: try to guess the local password hashes)\n"
		       "       kyuka passwords check [--user NAME]  (anyone: rate a password of your own)\n"
		       "audit options:\n"
		       "  --budget TIME            time for guessing, e.g. 60s, 5m, 1h (default passwords.budget, 60s)\n"
		       "  --wordlist FILE          more guesses, one a line (e.g. /usr/share/john/password.lst)\n"
		       "  --wordlist-only          try only the wordlist (no built-in, name or site guesses)\n"
		       "  --threads N              threads (default: every core)\n"
		       "  --format terminal|json   report format (default terminal)\n"
		       "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		       "  --fail-on SEVERITY       exit 1 when a finding is at or above it (default high)\n"
		       "  --color auto|always|never\n"
		       "  --verbose                list every passed subject\n"
		       "  --no-progress            no progress bar\n"
		       "  --no-store               do not record the run in the database\n"
		       "check options:\n"
		       "  --user NAME              whose name the password must not resemble (default: you)\n"
		       "The password is read from the terminal without echo, or from standard input (one line).\n");

struct pw_args {
	struct cli_common common;
	const char *budget, *wordlist, *threads, *user;
	bool no_progress, wordlist_only;
};

static const struct cli_option options[] = {
	CLI_STRING("budget", struct pw_args, budget),
	CLI_STRING("color", struct pw_args, common.color),
	CLI_STRING("fail-on", struct pw_args, common.fail_on),
	CLI_STRING("format", struct pw_args, common.format),
	CLI_BOOL("no-progress", struct pw_args, no_progress),
	CLI_BOOL("no-store", struct pw_args, common.no_store),
	CLI_STRING("output", struct pw_args, common.output),
	CLI_STRING("threads", struct pw_args, threads),
	CLI_STRING("user", struct pw_args, user),
	CLI_BOOL("verbose", struct pw_args, common.verbose),
	CLI_STRING("wordlist", struct pw_args, wordlist),
	CLI_BOOL("wordlist-only", struct pw_args, wordlist_only),
	{ NULL },
};

/* "90", "90s", "5m", "1h" into seconds (1..86400). */
static int parse_budget(const char *s, uint32_t *out)
{
	size_t len = strlen(s);
	uint64_t v, mul = 1;

	if (len && (s[len - 1] == 's' || s[len - 1] == 'm' || s[len - 1] == 'h')) {
		mul = s[len - 1] == 's' ? 1 : s[len - 1] == 'm' ? 60 : 3600;
		len--;
	}
	if (parse_u64(s, len, 86400, &v) < 0 || v * mul < 1 || v * mul > 86400)
		return -EINVAL;
	*out = (uint32_t)(v * mul);
	return 0;
}

/* ------------------------------------------------------------------ */
/* audit */

static void progress_bar(void *arg, const char *check_id, unsigned long long done, unsigned long long total,
			 unsigned long long elapsed_ms, unsigned long long budget_ms)
{
	char bar[31];
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100, k, fill;

	if (budget_ms && elapsed_ms * 100 / budget_ms > pct)
		pct = (unsigned)(elapsed_ms * 100 / budget_ms);	/* the budget may end it first */
	if (pct > 100)
		pct = 100;
	fill = pct * 30 / 100;
	for (k = 0; k < 30; k++)
		bar[k] = k < fill ? '#' : '.';
	bar[30] = '\0';
	progress_set(arg, "%s [%s] %3u%%  %llu/%llu  %llus/%llus", check_id, bar, pct, done, total, elapsed_ms / 1000,
		     budget_ms / 1000);
}

/* The audit's options into the config and the report (before --root is opened). */
static int pw_audit_check(struct cmd_ctx *c)
{
	const struct pw_args *a = c->args;
	struct config *cfg = &c->cfg;

	if (a->budget && parse_budget(a->budget, &cfg->passwords.budget) < 0)
		return cli_error(EXIT_USAGE, _("invalid --budget '%s' (e.g. 60s, 5m, 1h; at most 24h)"), a->budget);
	cfg->passwords.audit_budget = cfg->passwords.budget;	/* the checks read this one */
	if (a->threads) {
		uint64_t t;
		if (parse_u64_str(a->threads, 1024, &t) < 0 || t < 1)
			return cli_error(EXIT_USAGE, _("invalid --threads '%s' (1 to 1024)"), a->threads);
		cfg->passwords.threads = (uint32_t)t;
	}
	if (a->wordlist) {
		free(cfg->passwords.wordlist);
		cfg->passwords.wordlist = xstrdup(a->wordlist);
	}
	if (a->wordlist_only && !cfg->passwords.wordlist)
		return cli_error(EXIT_USAGE, "%s", _("--wordlist-only needs a wordlist (--wordlist or passwords.wordlist)"));
	cfg->passwords.wordlist_only = a->wordlist_only;
	c->rep = xmalloc(sizeof(*c->rep));	/* released by the dispatcher */
	report_init(c->rep);
	return cli_report_options(cfg, a->common.format, a->common.color, a->common.fail_on, c->rep);
}

static int pw_audit(struct cmd_ctx *c)
{
	const struct pw_args *a = c->args;
	char *only[] = { (char *)"passwords" };
	struct run_opts run = { .phase = PHASE_BEFORE, .only = only, .n_only = 1 };
	struct report *rep = c->rep;
	struct err e = { 0 };
	struct cli_progress *bar;

	/* Hashes in memory: no core dumps, no ptrace by other users. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	rep->tool_version = KYUKA_VERSION;
	rep->root = xstrdup(c->g->root ? c->g->root : "/");
	rep->generated_at = clock_now();
	rep->phase = PHASE_BEFORE;
	collect_host(c->root, &rep->host);
	bar = progress_start(!a->no_progress);
	if (bar) {
		run.progress = progress_bar;
		run.progress_arg = bar;
	}
	if (checks_run(c->root, &c->cfg, &run, rep, &e) < 0) {
		progress_stop(bar);
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	progress_stop(bar);
	return cli_emit_report(c->g, rep, a->common.format, a->common.output, a->common.color, a->common.verbose,
			       !a->common.no_store);
}

/* ------------------------------------------------------------------ */
/* check */

static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void restore_tty(int sig)
{
	if (tty_changed)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line into buf (without the line end); echo off on a terminal. Returns the length or a negative errno. */
static int read_password(char *buf, size_t size, bool tty)
{
	struct termios t;
	size_t n = 0;
	int c = 0;

	if (tty) {
		if (tcgetattr(STDIN_FILENO, &saved_tty) < 0)
			return -errno;
		t = saved_tty;
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		t.c_lflag |= ICANON;
		signal(SIGINT, restore_tty);
		signal(SIGTERM, restore_tty);
		signal(SIGHUP, restore_tty);
		signal(SIGTSTP, SIG_IGN);
		fprintf(stderr, "%s", _("Password (not shown): "));
		fflush(stderr);
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) < 0)
			return -errno;
		tty_changed = 1;
	}
	for (size_t seen = 0;; seen++) {
		char ch;
		ssize_t r;

		if (seen > PW_LINE_MAX) {	/* no line end in sight: stop reading */
			c = -E2BIG;
			break;
		}
		r = read(STDIN_FILENO, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = ch;
		else
			c = -E2BIG;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_changed = 0;
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		fputc('\n', stderr);
	}
	return c < 0 ? c : (int)n;
}

static void reason(int *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reason(int *n, const char *fmt, ...)
{
	va_list ap;

	printf("  - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	(*n)++;
}

/* libpwquality's verdict in our words; the library's own text where we have none. */
static void explain_pwq(int code, void *aux, pwquality_settings_t *pwq, int *n)
{
	char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
	int v = 0;

	switch (code) {
	case PWQ_ERROR_MIN_LENGTH:
		pwquality_get_int_value(pwq, PWQ_SETTING_MIN_LENGTH, &v);
		reason(n, _("It is too short: this system asks for at least %d characters."), v);
		break;
	case PWQ_ERROR_CRACKLIB_CHECK:
		reason(n, _("It is a dictionary word or too simple (%s)."), pwquality_strerror(buf, sizeof(buf), code, aux));
		break;
	case PWQ_ERROR_USER_CHECK:
		reason(n, "%s", _("It contains your user name."));
		break;
	case PWQ_ERROR_GECOS_CHECK:
		reason(n, "%s", _("It contains words of your name as the system knows it."));
		break;
	case PWQ_ERROR_PALINDROME:
		reason(n, "%s", _("It reads the same backwards."));
		break;
	case PWQ_ERROR_MIN_CLASSES:
	case PWQ_ERROR_MIN_DIGITS:
	case PWQ_ERROR_MIN_UPPERS:
	case PWQ_ERROR_MIN_LOWERS:
	case PWQ_ERROR_MIN_OTHERS:
		reason(n, _("It uses too few kinds of characters (%s)."), pwquality_strerror(buf, sizeof(buf), code, aux));
		break;
	case PWQ_ERROR_MAX_CONSECUTIVE:
	case PWQ_ERROR_MAX_CLASS_REPEAT:
	case PWQ_ERROR_MAX_SEQUENCE:
		reason(n, _("It repeats a character or runs a sequence such as 1234 or abcd (%s)."),
		       pwquality_strerror(buf, sizeof(buf), code, aux));
		break;
	case PWQ_ERROR_EMPTY_PASSWORD:
		reason(n, "%s", _("It is empty."));
		break;
	case PWQ_ERROR_BAD_WORDS:
		reason(n, "%s", _("It contains a word this system forbids."));
		break;
	default:
		reason(n, _("The system's password rules refuse it (%s)."), pwquality_strerror(buf, sizeof(buf), code, aux));
		break;
	}
	explicit_bzero(buf, sizeof(buf));
}

/* Whether cracklib can load its dictionary (dictpath, or cracklib's default) on this machine. */
static bool dictionary_usable(pwquality_settings_t *pwq)
{
	const char *path = NULL;
	char file[4200];
	struct stat st;
	int on = 0;

	if (pwquality_get_int_value(pwq, PWQ_SETTING_DICT_CHECK, &on) < 0 || !on)
		return true;
	if (pwquality_get_str_value(pwq, PWQ_SETTING_DICT_PATH, &path) < 0 || !path || !*path)
		path = "/var/cache/cracklib/cracklib_dict";
	snprintf(file, sizeof(file), "%s.pwd", path);
	return stat(file, &st) == 0;
}

static int pw_check(struct cmd_ctx *c)
{
	static char pw[PW_INPUT_MAX + 1];	/* locked in memory, wiped before returning */
	const struct pw_args *a = c->args;
	const struct config *cfg = &c->cfg;
	struct root *root = c->root;
	struct passwd_db pdb = { 0 };
	struct pwq_facts pf = { 0 };
	const struct passwd_entry *me = NULL;
	struct err e = { 0 };
	const char *name = a->user;
	const char *site[2];
	size_t n_site = 0, i;
	void *aux = NULL;
	int ret, len, score, reasons = 0, year;
	enum pwg_why why;
	bool tty = isatty(STDIN_FILENO);

	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	mlock(pw, sizeof(pw));
	if (collect_passwd(root, &pdb, &e) == 0) {
		if (name)
			me = passwd_by_name(&pdb, name);
		else
			for (i = 0; i < pdb.n && !me; i++)
				if (pdb.v[i].uid == getuid())
					me = &pdb.v[i];
	}
	if (!name && me)
		name = me->name;
	if (!name) {
		struct passwd *p = getpwuid(getuid());
		name = p ? p->pw_name : NULL;
	}
	if (collect_pwquality(root, &pf, &e) < 0) {
		cli_warn(_("the system's password rules could not be read (%s); libpwquality's defaults are used"), e.msg);
		pf.pwq = pwquality_default_settings();
		if (!pf.pwq) {
			ret = cli_error(EXIT_RUNTIME, "%s", _("cannot create the password quality settings"));
			goto out;
		}
	}

	len = read_password(pw, sizeof(pw), tty);
	if (len == -E2BIG) {
		ret = cli_error(EXIT_USAGE, _("the password is longer than %d bytes"), PW_INPUT_MAX);
		goto out;
	} else if (len < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot read the password: %s"), strerror(-len));
		goto out;
	}

	year = 1900;
	{
		time_t now = clock_now();
		struct tm tm;
		if (gmtime_r(&now, &tm))
			year += tm.tm_year;
	}
	if (cfg->organisation)
		site[n_site++] = cfg->organisation;
	if (!dictionary_usable(pf.pwq)) {
		/* cracklib's dictionary (of this machine) is missing: say so and rate without it */
		printf("%s\n", _("(The cracklib dictionary is not installed, so dictionary words are not checked: apt-get install cracklib-runtime.)"));
		pwquality_set_int_value(pf.pwq, PWQ_SETTING_DICT_CHECK, 0);
	}
	score = pwquality_check(pf.pwq, pw, NULL, name, &aux);
	why = pwg_explain(pw, name, me ? me->gecos : NULL, site, n_site, year);

	printf(_("Checking a password for %s (nothing is stored or sent anywhere).\n"), name ? name : "?");
	if (score < 0 || why != PWG_NONE) {
		printf("%s\n", _("Result: WEAK — please choose another password."));
		switch (why) {
		case PWG_COMMON:
			reason(&reasons, "%s", _("It is one of the most common passwords: attackers try it first."));
			break;
		case PWG_COMMON_BASE:
			reason(&reasons, "%s", _("It is a common password with digits or symbols added: attackers try those variations as well."));
			break;
		case PWG_NAME:
			reason(&reasons, "%s", _("It is made from your user name or your name."));
			break;
		case PWG_SITE:
			reason(&reasons, "%s", _("It is made from the name of this host or of the organisation."));
			break;
		case PWG_NONE:
			break;
		}
		if (score < 0)
			explain_pwq(score, aux, pf.pwq, &reasons);
		ret = EXIT_FINDINGS;
	} else {
		printf("%s\n", _("Result: OK — it is not a common or name-based password and meets this system's rules."));
		printf(_("  libpwquality rates it %d of 100.\n"), score);
		ret = EXIT_OK;
	}
	printf("%s\n", _("A good password is long (12 characters or more, e.g. several unrelated words), used nowhere else, and never told to anyone."));
out:
	explicit_bzero(pw, sizeof(pw));
	munlock(pw, sizeof(pw));
	pwq_facts_free(&pf);
	passwd_free(&pdb);
	return ret;
}

/* The subcommand and the options that belong to it. */
static int pw_operands(struct cmd_ctx *c)
{
	const struct pw_args *a = c->args;
	const char *sub;

	if (c->argc != 1)
		return cli_error(EXIT_USAGE, "%s", _("usage: kyuka passwords audit|check [options] (see kyuka passwords --help)"));
	sub = c->argv[0];
	if (!strcmp(sub, "audit")) {
		if (a->user)
			return cli_error(EXIT_USAGE, "%s", _("--user belongs to kyuka passwords check"));
		return EXIT_OK;
	}
	if (!strcmp(sub, "check")) {
		if (a->budget || a->wordlist || a->wordlist_only || a->threads || a->common.format || a->common.output ||
		    a->common.fail_on || a->common.no_store)
			return cli_error(EXIT_USAGE, "%s", _("kyuka passwords check takes only --user"));
		return EXIT_OK;
	}
	return cli_error(EXIT_USAGE, _("unknown passwords command '%s' (use audit or check)"), sub);
}

static int pw_check_args(struct cmd_ctx *c)
{
	return !strcmp(c->argv[0], "audit") ? pw_audit_check(c) : EXIT_OK;
}

static int pw_run(struct cmd_ctx *c)
{
	return !strcmp(c->argv[0], "audit") ? pw_audit(c) : pw_check(c);
}

const struct cmd_def cmd_passwords = {
	.fn = pw_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct pw_args),
	.operands = pw_operands,
	.check = pw_check_args,
};
