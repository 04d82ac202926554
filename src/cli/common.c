#include "cli/cli.h"
#include "collect/clock.h"
#include "report/escape.h"
#include "report/report.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/textwidth.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/kyuka/kyuka.yaml"

bool global_option(struct globals *g, int c, const char *arg)
{
	switch (c) {
	case 0x100: g->root = arg; return true;
	case 0x101: g->now = arg; return true;
	case 0x102: g->config = arg; return true;
	case 0x103: g->db = arg; return true;
	case 0x104: g->lang = arg; return true;
	}
	return false;
}

void print_global_help(void)
{
	printf("%s", _("Global options (before or after the command):\n"
		       "  --root DIR      audit the system mounted at DIR instead of / (read-only)\n"
		       "  --now TIME      take TIME (RFC 3339, e.g. 2026-12-26T09:00:00+09:00) as the current time\n"
		       "  --config FILE   configuration file (default /etc/kyuka/kyuka.yaml; a missing default is fine)\n"
		       "  --db FILE       database (default /var/lib/kyuka/kyuka.db as root)\n"
		       "  --lang ja|en    language of the report (default: from the locale)\n"));
}

void cli_put_escaped(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	esc_terminal(&sb, s ? s : "");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

int cli_report_holiday(struct report *rep, const char *arg, const struct config *cfg)
{
	struct err e = { 0 };

	if (arg) {
		if (holiday_parse(arg, strlen(arg), rep->holiday_start, rep->holiday_end, &e) < 0)
			return cli_error(EXIT_USAGE, _("invalid --holiday: %s"), e.msg);
		rep->has_holiday = true;
	} else if (cfg && cfg->has_holiday) {
		memcpy(rep->holiday_start, cfg->holiday_start, sizeof(rep->holiday_start));
		memcpy(rep->holiday_end, cfg->holiday_end, sizeof(rep->holiday_end));
		rep->has_holiday = true;
	}
	return EXIT_OK;
}

void print_padded(const char *s, int width)
{
	text_put_padded(stdout, s, width > 0 ? (size_t)width : 0);
}

static bool want_color(const char *mode, bool to_file)
{
	const char *term = getenv("TERM");

	if (mode && !strcmp(mode, "always"))
		return true;
	if ((mode && !strcmp(mode, "never")) || to_file || getenv("NO_COLOR"))
		return false;
	return isatty(STDOUT_FILENO) && term && strcmp(term, "dumb") != 0;
}

int cli_check_format(const char *format, unsigned flags)
{
	if (!format || !strcmp(format, "terminal") || !strcmp(format, "json") ||
	    ((flags & TAKES_HTML) && !strcmp(format, "html")) || ((flags & TAKES_XLSX) && !strcmp(format, "xlsx")))
		return EXIT_OK;
	if (flags & TAKES_XLSX)
		return cli_error(EXIT_USAGE, _("invalid --format '%s' (use terminal, json, html or xlsx)"), format);
	if (flags & TAKES_HTML)
		return cli_error(EXIT_USAGE, _("invalid --format '%s' (use terminal, json or html)"), format);
	return cli_error(EXIT_USAGE, _("invalid --format '%s' (use terminal or json)"), format);
}

int cli_report_options(const struct config *cfg, const char *format, const char *color, const char *fail_on,
		       struct report *rep)
{
	if (cli_check_format(format, 0) != EXIT_OK)
		return EXIT_USAGE;
	if (color && strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))
		return cli_error(EXIT_USAGE, _("invalid --color '%s' (use auto, always or never)"), color);
	rep->fail_on = cfg->audit.has_fail_on ? (enum severity)cfg->audit.fail_on : SEV_HIGH;
	if (fail_on && severity_parse(fail_on, &rep->fail_on) < 0)
		return cli_error(EXIT_USAGE, _("invalid --fail-on '%s' (use info, low, medium, high or critical)"),
				 fail_on);
	return EXIT_OK;
}

/*
 * Records the run. Another writer (a feed import in one long transaction)
 * can hold the database's write lock for longer than the store's busy
 * timeout: then say so once and keep trying, up to RECORD_WAIT_S in all.
 * Returns 0, or -1 with the error printed.
 */
#define RECORD_WAIT_S 300
static time_t monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int record_run(const struct globals *g, struct report *rep)
{
	char *path = cli_db_path(g);
	time_t start = monotonic_s();
	bool told = false;
	struct err e = { 0 };
	int r;

	if (!path) {
		cli_error(EXIT_RUNTIME, _("the run was not recorded: %s"), _("no database path"));
		return -1;
	}
	for (;;) {
		struct store *st = NULL;
		int64_t id;

		r = store_open(path, &st, &e);
		if (r == 0)
			r = store_record_run(st, rep, &id, &e);
		store_close(st);
		if (r != -EBUSY || monotonic_s() - start >= RECORD_WAIT_S)
			break;
		if (!told) {
			cli_warn(_("the database '%s' is locked by another process (a feed import?): "
				   "waiting up to %d s to record the run"), path, RECORD_WAIT_S);
			told = true;
		}
		usleep(100 * 1000);	/* a busy error that came at once must not spin */
	}
	if (r < 0)
		cli_error(EXIT_RUNTIME, _("the run was not recorded (the report above is complete): %s"), e.msg);
	free(path);
	return r < 0 ? -1 : 0;
}

bool cli_want_color(const char *mode, bool to_file)
{
	return want_color(mode, to_file);
}

int cli_write_output(const char *output, const char *data, size_t len)
{
	struct err e = { 0 };

	if (output) {
		if (write_file_atomic(output, data, len, &e) < 0)
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
	} else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		return cli_error(EXIT_RUNTIME, _("cannot write the report"));
	}
	return EXIT_OK;
}

int cli_emit_report(const struct globals *g, struct report *rep, const char *format, const char *output,
		    const char *color, bool verbose, bool record)
{
	struct render_opts ro = { .color = want_color(color, output != NULL), .verbose = verbose };
	struct strbuf out = STRBUF_INIT;
	int ret;

	report_sort(rep);
	report_count(rep);
	if (format && !strcmp(format, "xlsx")) {	/* a file name: libxlsxwriter writes it (setup required --output) */
		struct err e = { 0 };

		if (!output || render_xlsx(rep, output, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", output ? e.msg : _("--format xlsx needs --output FILE"));
			goto out;
		}
		goto written;
	}
	if (format && !strcmp(format, "json"))
		ret = render_json(rep, &out);
	else if (format && !strcmp(format, "html"))
		ret = render_html(rep, &out);
	else
		ret = render_terminal(rep, &ro, &out);
	if (ret < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot render the report: %s"), strerror(-ret));
		goto out;
	}
	if ((ret = cli_write_output(output, out.buf, out.len)) != EXIT_OK)
		goto out;
written:
	if (record && record_run(g, rep) < 0) {
		ret = EXIT_RUNTIME;	/* the report is out; the message was printed */
		goto out;
	}
	ret = report_at_or_above(rep, rep->fail_on) ? EXIT_FINDINGS : EXIT_OK;
out:
	strbuf_release(&out);
	return ret;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kyuka: %s: ", _("error"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int cli_parse_time(const char *opt, const char *s, int64_t *out)
{
	time_t t;

	if (time_parse_iso8601(s, strlen(s), &t) < 0)
		return cli_error(EXIT_USAGE, _("invalid %s '%s' (expected e.g. 2026-12-27T00:00:00+09:00 or 2026-12-27)"),
				 opt, s);
	*out = (int64_t)t;
	return EXIT_OK;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kyuka: %s: ", _("warning"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* OpenSSH's rule: refuse a configuration others could have written. */
static int config_file_safe(const char *path, const struct stat *st, struct err *err)
{
	if (!S_ISREG(st->st_mode))
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return err_set(err, -EPERM, "refusing '%s': owned by uid %u, not by root or you", path,
			       (unsigned)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return err_set(err, -EPERM, "refusing '%s': writable by group or others (mode %04o)", path,
			       (unsigned)(st->st_mode & 07777));
	return 0;
}

static int load_config(const char *path, bool must_exist, struct config *cfg, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return err_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		ret = err_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if ((ret = config_file_safe(path, &st, err)) < 0)
		goto out;
	ret = read_fd_max(fd, CONFIG_MAX_BYTES, &sb);
	if (ret == -EFBIG) {
		ret = err_set(err, ret, "'%s' is larger than %zu bytes", path, (size_t)CONFIG_MAX_BYTES);
		goto out;
	} else if (ret < 0) {
		ret = err_set(err, ret, "cannot read '%s': %s", path, strerror(-ret));
		goto out;
	}
	ret = config_parse(sb.buf, sb.len, path, cfg, err);	/* sets cfg->source to path */
out:
	strbuf_release(&sb);
	close(fd);
	return ret;
}

int cli_setup(struct globals *g, struct config *cfg)
{
	struct err e = { 0 };
	struct stat st;

	if (i18n_init(g->lang, &e) < 0) {
		i18n_init("en", NULL);
		return cli_error(EXIT_USAGE, "%s", e.msg);
	}
	if (g->now) {
		time_t t;
		if (time_parse_iso8601(g->now, strlen(g->now), &t) < 0)
			return cli_error(EXIT_USAGE, _("invalid --now '%s' (expected e.g. 2026-12-26T09:00:00+09:00)"),
					 g->now);
		clock_set(t);
	}
	if (g->db && !*g->db)
		return cli_error(EXIT_USAGE, "%s", _("--db needs a file name"));
	if (g->db && stat(g->db, &st) == 0 && S_ISDIR(st.st_mode))
		return cli_error(EXIT_USAGE, _("--db '%s' is a directory: give the database file (e.g. '%s/kyuka.db')"),
				 g->db, g->db);
	config_defaults(cfg);
	if (load_config(g->config ? g->config : DEFAULT_CONFIG, g->config != NULL, cfg, &e) < 0)
		return cli_error(EXIT_USAGE, "%s", e.msg);
	return EXIT_OK;
}

int cli_open_root(const struct globals *g, struct root **r)
{
	struct err e;

	if (root_open(g->root ? g->root : "/", r, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	return EXIT_OK;
}

char *cli_db_path(const struct globals *g)
{
	return g->db ? xstrdup(g->db) : store_default_path();
}

void cli_split_list(const char *arg, char ***v, size_t *n)
{
	const char *p = arg;

	while (*p) {
		size_t len = strcspn(p, ", ");
		if (len) {
			*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
			(*v)[(*n)++] = xstrndup(p, len);
		}
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
}
