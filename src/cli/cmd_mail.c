/*
 * kyuka mail PATH...: triage of the mail waiting after the holiday (ST-5,
 * ST-6). PATHs are .eml files, mbox files and Maildir folders (cur/, new/),
 * walked recursively, read through --root. Every message gets a verdict
 * (suspicious, caution, nothing found) with its reasons; for each suspicious
 * one: confirm with the sender by phone, and the plan contact of the
 * sender's domain when there is one. Exit 1 when a message is suspicious.
 * Nothing in a message is written or executed (src/engines/mail.c).
 */
#include "cli/cli.h"
#include "collect/clock.h"
#include "engines/mail.h"
#include "report/escape.h"
#include "report/listing.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAIL_MAX_FILES		((size_t)1000000)	/* files looked at in all PATHs */
#define MAIL_MAX_DIR_DEPTH	16
#define MAIL_MAX_DIR_ENTRIES	((size_t)1000000)

struct mail_args {
	struct cli_common common;
	const char *holiday, *since, *until;
	int64_t from, to;	/* the window [from, to) (0 = open), set by mail_check */
};

static const struct cli_option options[] = {
	CLI_STRING("format", struct mail_args, common.format),
	CLI_STRING("holiday", struct mail_args, holiday),
	CLI_STRING("output", struct mail_args, common.output),
	CLI_STRING("since", struct mail_args, since),
	CLI_STRING("until", struct mail_args, until),
	CLI_BOOL("verbose", struct mail_args, common.verbose),
	{ NULL },
};

#ifndef KYUKA_MODULEDIR
#define KYUKA_MODULEDIR "/usr/local/lib/kyuka"
#endif

static const struct mail_api *api;

/* A module kyuka may load: a regular file owned by root or by us, writable by nobody else. */
static bool module_ok(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_uid == 0 || st.st_uid == geteuid()) &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * The mail engine: kyuka-mail.so next to the binary in the build tree (tests and fuzzers one level
 * below), else in KYUKA_MODULEDIR. Loaded on first use, kept.
 */
static const struct mail_api *api_load(struct err *err)
{
	char exe[4096], *path = NULL, *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const struct mail_api *(*entry)(void);
	void *h;

	if (api)
		return api;
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 2 && (slash = strrchr(exe, '/')); up++) {
			*slash = '\0';
			path = xasprintf("%s/kyuka-mail.so", exe);
			if (module_ok(path))
				break;
			free(path);
			path = NULL;
		}
	}
	if (!path)
		path = xstrdup(KYUKA_MODULEDIR "/kyuka-mail.so");
	if (!module_ok(path)) {
		err_set(err, -ENOENT, "cannot load the mail engine '%s': missing, or writable by others than its owner",
			path);
		free(path);
		return NULL;
	}
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		err_set(err, -ENOENT, "cannot load the mail engine '%s': %s", path, dlerror());
		free(path);
		return NULL;
	}
	free(path);
	/* POSIX: a function's address from dlsym converts to its pointer type */
	*(void **)&entry = dlsym(h, MAIL_API_SYMBOL);
	if (!entry || !(api = entry())) {
		err_set(err, -ENOENT, "cannot load the mail engine: no %s in it", MAIL_API_SYMBOL);
		return NULL;
	}
	return api;
}

static const char *level_name(enum mail_level l)
{
	switch (l) {
	case ML_SUSPICIOUS: return N_("suspicious");
	case ML_CAUTION: return N_("caution");
	default: return N_("nothing found");
	}
}

struct run {
	struct root *root;
	struct mail_ctx *ctx;
	int64_t since, until;	/* [since, until); 0 = open */
	struct mail_result **v;
	size_t n, outside, undated, files, skipped;
	struct mail_result **old;	/* outside the window: kept only to know the threads */
	size_t n_old;
	bool unreadable;
};

static void keep(struct mail_result *r, void *arg)
{
	struct run *rn = arg;

	if (r->received && ((rn->since && r->received < rn->since) || (rn->until && r->received >= rn->until))) {
		rn->outside++;
		rn->old = xrealloc(rn->old, (rn->n_old + 1) * sizeof(*rn->old));
		rn->old[rn->n_old++] = r;
		return;
	}
	if (!r->received)
		rn->undated++;
	rn->v = xrealloc(rn->v, (rn->n + 1) * sizeof(*rn->v));
	rn->v[rn->n++] = r;
}

/* A file found in a folder is mail when it begins like one: "From " or a header line. */
static bool looks_like_mail(const char *p, size_t n)
{
	size_t i;

	if (api->looks_mbox(p, n))
		return true;
	for (i = 0; i < n && i < 80; i++) {
		char c = p[i];

		if (c == ':')
			return i > 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return false;
}

static void do_file(struct run *rn, const char *path, bool named)
{
	struct err e = { 0 };
	struct stat st;
	char head[128];
	ssize_t got;
	int fd;

	if (rn->files >= MAIL_MAX_FILES)
		return;
	rn->files++;
	fd = root_open_regular(rn->root, path, 0, &st, &e);
	if (fd < 0) {
		cli_warn("%s", e.msg);
		rn->unreadable = true;
		return;
	}
	got = pread(fd, head, sizeof(head), 0);
	if (got < 0 || (!named && !looks_like_mail(head, (size_t)got))) {
		rn->skipped++;
		close(fd);
		return;
	}
	if (api->triage_fd(rn->ctx, fd, api->looks_mbox(head, (size_t)got), path, keep, rn, &e) < 0) {
		cli_warn("%s", e.msg);
		rn->unreadable = true;
	}
}

static void do_path(struct run *rn, const char *path, int depth, bool named)
{
	struct err e = { 0 };
	struct stat st;
	char **names = NULL;
	size_t n = 0, i;

	if (root_stat(rn->root, path, named ? 0 : ROOT_NOFOLLOW, &st, &e) < 0) {
		cli_warn("%s", e.msg);
		rn->unreadable = true;
		return;
	}
	if (S_ISREG(st.st_mode)) {
		do_file(rn, path, named);
		return;
	}
	if (!S_ISDIR(st.st_mode) || depth >= MAIL_MAX_DIR_DEPTH)
		return;
	if (root_list_dir(rn->root, path, MAIL_MAX_DIR_ENTRIES, 0, &names, &n, &e) < 0) {
		cli_warn("%s", e.msg);
		rn->unreadable = true;
		return;
	}
	for (i = 0; i < n; i++) {
		char *sub;

		/* a Maildir's tmp/ holds deliveries not finished */
		if (strcmp(names[i], "tmp") == 0)
			continue;
		sub = xasprintf("%s/%s", strcmp(path, "/") == 0 ? "" : path, names[i]);
		do_path(rn, sub, depth + 1, false);
		free(sub);
	}
	strv_free(names, n);
}

static int cmp_result(const void *a, const void *b)
{
	const struct mail_result *x = *(const struct mail_result *const *)a, *y = *(const struct mail_result *const *)b;

	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;
	return strcmp(x->source, y->source);
}

static void t_str(struct strbuf *sb, const char *s)
{
	esc_terminal(sb, s ? s : "");
}

static void render_terminal(const struct run *rn, bool verbose, struct strbuf *sb)
{
	size_t i, j, ns = 0, nc = 0;
	char when[32];

	for (i = 0; i < rn->n; i++) {
		if (rn->v[i]->verdict == ML_SUSPICIOUS)
			ns++;
		else if (rn->v[i]->verdict == ML_CAUTION)
			nc++;
	}
	strbuf_addf(sb, _("kyuka mail: %zu message(s) read: %zu suspicious, %zu caution, %zu nothing found"), rn->n, ns,
		    nc, rn->n - ns - nc);
	if (rn->outside)
		strbuf_addf(sb, _(" (%zu outside the window, not shown)"), rn->outside);
	strbuf_adds(sb, "\n");
	if (rn->undated)
		strbuf_addf(sb, _("%zu message(s) without a date are counted as inside the window.\n"), rn->undated);
	if (rn->skipped)
		strbuf_addf(sb, _("%zu file(s) in the folders were not mail and were skipped.\n"), rn->skipped);
	for (i = 0; i < rn->n; i++) {
		const struct mail_result *r = rn->v[i];

		if (r->verdict == ML_NONE && !verbose)
			continue;
		strbuf_adds(sb, "\n");
		strbuf_addf(sb, "%s  ", r->verdict == ML_SUSPICIOUS ? _("SUSPICIOUS") :
				       r->verdict == ML_CAUTION ? _("CAUTION") : _("NOTHING FOUND"));
		t_str(sb, r->source);
		strbuf_addf(sb, "\n  %s: ", _("From"));
		t_str(sb, r->from);
		strbuf_addf(sb, "\n  %s: ", _("Subject"));
		t_str(sb, r->subject);
		if (r->received) {
			time_format_utc((time_t)r->received, when, sizeof(when));
			strbuf_addf(sb, "\n  %s: %s", _("Received"), when);
		}
		strbuf_adds(sb, "\n");
		for (j = 0; j < r->n_reasons; j++) {
			const struct mail_reason *m = &r->reasons[j];

			strbuf_addf(sb, "  - [%s] %s (%s)\n      ", _(level_name(m->level)), _(m->text), m->id);
			t_str(sb, m->evidence);
			strbuf_adds(sb, "\n");
		}
		if (r->reasons_truncated)
			strbuf_addf(sb, "  - %s\n", _("(more reasons not listed)"));
		if (r->verdict == ML_SUSPICIOUS) {
			strbuf_addf(sb, "  => %s\n", _("Do not open it. Confirm with the sender by phone before opening, on a "
						    "number you already know (not one given in this mail)."));
			if (r->contact_name || r->contact_phone) {
				strbuf_addf(sb, "     %s: ", _("Plan contact for this domain"));
				t_str(sb, r->contact_name);
				strbuf_adds(sb, ", ");
				t_str(sb, r->contact_phone);
				strbuf_adds(sb, "\n");
			}
		}
	}
}

static int jput(struct json_object *o, const char *k, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_object *v;

	if (esc_utf8_valid(&sb, s ? s : "", s ? strlen(s) : 0) < 0) {
		strbuf_release(&sb);
		return -ENOMEM;
	}
	v = json_object_new_string_len(sb.buf, (int)sb.len);
	strbuf_release(&sb);
	if (!v)
		return -ENOMEM;
	json_object_object_add(o, k, v);
	return 0;
}

static int render_json(const struct run *rn, struct strbuf *sb)
{
	struct json_object *root = json_object_new_object(), *sum = json_object_new_object(),
			   *msgs = json_object_new_array(), *win = json_object_new_object();
	size_t i, j, ns = 0, nc = 0;
	char when[32];
	const char *txt;
	int r = 0;

	for (i = 0; i < rn->n; i++) {
		const struct mail_result *m = rn->v[i];
		struct json_object *o = json_object_new_object(), *rs = json_object_new_array();

		if (m->verdict == ML_SUSPICIOUS)
			ns++;
		else if (m->verdict == ML_CAUTION)
			nc++;
		jput(o, "source", m->source);
		jput(o, "from", m->from);
		jput(o, "from_domain", m->from_domain);
		jput(o, "subject", m->subject);
		if (m->received) {
			time_format_utc((time_t)m->received, when, sizeof(when));
			jput(o, "received", when);
		} else {
			json_object_object_add(o, "received", NULL);
		}
		jput(o, "verdict", m->verdict == ML_SUSPICIOUS ? "suspicious" : m->verdict == ML_CAUTION ? "caution" :
										 "nothing found");
		for (j = 0; j < m->n_reasons; j++) {
			struct json_object *x = json_object_new_object();

			jput(x, "level", m->reasons[j].level == ML_SUSPICIOUS ? "suspicious" : "caution");
			jput(x, "id", m->reasons[j].id);
			jput(x, "text", _(m->reasons[j].text));
			jput(x, "evidence", m->reasons[j].evidence);
			json_object_array_add(rs, x);
		}
		json_object_object_add(o, "reasons", rs);
		json_object_object_add(o, "reasons_truncated", json_object_new_boolean(m->reasons_truncated));
		json_object_object_add(o, "confirm_by_phone", json_object_new_boolean(m->verdict == ML_SUSPICIOUS));
		if (m->verdict == ML_SUSPICIOUS && (m->contact_name || m->contact_phone)) {
			struct json_object *c = json_object_new_object();

			jput(c, "name", m->contact_name);
			jput(c, "phone", m->contact_phone);
			json_object_object_add(o, "contact", c);
		} else {
			json_object_object_add(o, "contact", NULL);
		}
		json_object_array_add(msgs, o);
	}
	jput(root, "tool", "kyuka");
	jput(root, "command", "mail");
	jput(root, "tool_version", KYUKA_VERSION);
	time_format_utc((time_t)clock_now(), when, sizeof(when));
	jput(root, "generated_at", when);
	if (rn->since) {
		time_format_utc((time_t)rn->since, when, sizeof(when));
		jput(win, "since", when);
	} else {
		json_object_object_add(win, "since", NULL);
	}
	if (rn->until) {
		time_format_utc((time_t)rn->until, when, sizeof(when));
		jput(win, "until", when);
	} else {
		json_object_object_add(win, "until", NULL);
	}
	json_object_object_add(root, "window", win);
	json_object_object_add(sum, "messages", json_object_new_int64((int64_t)rn->n));
	json_object_object_add(sum, "suspicious", json_object_new_int64((int64_t)ns));
	json_object_object_add(sum, "caution", json_object_new_int64((int64_t)nc));
	json_object_object_add(sum, "nothing_found", json_object_new_int64((int64_t)(rn->n - ns - nc)));
	json_object_object_add(sum, "outside_window", json_object_new_int64((int64_t)rn->outside));
	json_object_object_add(sum, "undated", json_object_new_int64((int64_t)rn->undated));
	json_object_object_add(sum, "skipped_files", json_object_new_int64((int64_t)rn->skipped));
	json_object_object_add(root, "summary", sum);
	json_object_object_add(root, "messages", msgs);
	txt = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!txt || esc_json_text(sb, txt, strlen(txt)) < 0 || strbuf_adds(sb, "\n") < 0)
		r = -ENOMEM;
	json_object_put(root);
	return r;
}

/* The same as the terminal report, for a manager or the file: one HTML document (report/listing.c). */
static int render_html(const struct run *rn, bool verbose, struct strbuf *sb)
{
	struct listing l = { .title = xstrdup(_("kyuka mail: waiting mail triaged")), .generated_at = clock_now() };
	size_t i, j, ns = 0, nc = 0;
	char when[32], line[512];
	int r;

	for (i = 0; i < rn->n; i++) {
		if (rn->v[i]->verdict == ML_SUSPICIOUS)
			ns++;
		else if (rn->v[i]->verdict == ML_CAUTION)
			nc++;
	}
	if (rn->since) {
		time_format_utc((time_t)rn->since, when, sizeof(when));
		listing_meta(&l, _("Since"), when);
	}
	if (rn->until) {
		time_format_utc((time_t)rn->until, when, sizeof(when));
		listing_meta(&l, _("Until"), when);
	}
	snprintf(line, sizeof(line), _("kyuka mail: %zu message(s) read: %zu suspicious, %zu caution, %zu nothing found"),
		 rn->n, ns, nc, rn->n - ns - nc);
	listing_summary(&l, line);
	if (rn->outside) {
		snprintf(line, sizeof(line), _(" (%zu outside the window, not shown)"), rn->outside);
		listing_summary(&l, line + (line[0] == ' '));
	}
	if (rn->undated) {
		snprintf(line, sizeof(line), _("%zu message(s) without a date are counted as inside the window.\n"), rn->undated);
		listing_summary(&l, line);
	}
	if (rn->skipped) {
		snprintf(line, sizeof(line), _("%zu file(s) in the folders were not mail and were skipped.\n"), rn->skipped);
		listing_summary(&l, line);
	}
	for (i = 0; i < rn->n; i++) {
		const struct mail_result *m = rn->v[i];
		struct listing_row *row;

		if (m->verdict == ML_NONE && !verbose)
			continue;
		row = listing_row(&l, m->verdict == ML_SUSPICIOUS ? ST_FAIL : m->verdict == ML_CAUTION ? ST_WARN : ST_PASS,
				  m->verdict == ML_SUSPICIOUS ? _("SUSPICIOUS") :
				  m->verdict == ML_CAUTION    ? _("CAUTION") : _("NOTHING FOUND"),
				  m->source);
		listing_field(row, _("From"), m->from);
		listing_field(row, _("Subject"), m->subject);
		if (m->received) {
			time_format_utc((time_t)m->received, when, sizeof(when));
			listing_field(row, _("Received"), when);
		}
		for (j = 0; j < m->n_reasons; j++) {
			const struct mail_reason *x = &m->reasons[j];
			char *s = xasprintf("[%s] %s (%s) \xe2\x80\x94 %s", _(level_name(x->level)), _(x->text), x->id,
					    x->evidence ? x->evidence : "");

			listing_detail(row, s);
			free(s);
		}
		if (m->reasons_truncated)
			listing_detail(row, _("(more reasons not listed)"));
		if (m->verdict == ML_SUSPICIOUS) {
			struct strbuf act = STRBUF_INIT;

			strbuf_adds(&act, _("Do not open it. Confirm with the sender by phone before opening, on a "
					    "number you already know (not one given in this mail)."));
			if (m->contact_name || m->contact_phone)
				strbuf_addf(&act, " %s: %s, %s", _("Plan contact for this domain"),
					    m->contact_name ? m->contact_name : "", m->contact_phone ? m->contact_phone : "");
			listing_action(row, act.buf);
			strbuf_release(&act);
		}
	}
	r = render_listing_html(&l, sb);
	listing_release(&l);
	return r;
}

/* Midnight local time of YYYY-MM-DD (plus days). */
static int64_t local_midnight(const char *ymd, int plus)
{
	GTimeZone *tz = g_time_zone_new_local();
	uint64_t y = 0, m = 0, dd = 0;
	GDateTime *d = NULL, *e;
	int64_t t = 0;

	/* YYYY-MM-DD as holiday_parse checked it */
	if (parse_u64(ymd, 4, 9999, &y) == 0 && parse_u64(ymd + 5, 2, 12, &m) == 0 && parse_u64(ymd + 8, 2, 31, &dd) == 0)
		d = g_date_time_new(tz, (int)y, (int)m, (int)dd, 0, 0, 0);
	if (d) {
		e = g_date_time_add_days(d, plus);
		t = g_date_time_to_unix(e);
		g_date_time_unref(e);
		g_date_time_unref(d);
	}
	g_time_zone_unref(tz);
	return t;
}

/* The PATHs and the window (after the config and --format). */
static int mail_check(struct cmd_ctx *c)
{
	struct mail_args *a = c->args;
	struct err e = { 0 };
	int ret;

	if (c->argc < 1)
		return cli_error(EXIT_USAGE, "%s", _("give the mail to read: .eml files, mbox files or Maildir folders"));
	if (a->holiday && (a->since || a->until))
		return cli_error(EXIT_USAGE, "%s", _("give either --holiday or --since/--until, not both"));
	if (a->holiday) {
		char s[11], en[11];

		if (holiday_parse(a->holiday, strlen(a->holiday), s, en, &e) < 0)
			return cli_error(EXIT_USAGE, _("invalid --holiday: %s"), e.msg);
		a->from = local_midnight(s, 0);
		a->to = local_midnight(en, 1);
	}
	if ((a->since && (ret = cli_parse_time("--since", a->since, &a->from)) != EXIT_OK) ||
	    (a->until && (ret = cli_parse_time("--until", a->until, &a->to)) != EXIT_OK))
		return ret;
	if (a->from && a->to && a->to <= a->from)
		return cli_error(EXIT_USAGE, "%s", _("the window is empty: --until must come after --since"));
	return EXIT_OK;
}

static int mail_run(struct cmd_ctx *c)
{
	struct mail_args *a = c->args;
	struct run rn = { .root = c->root, .since = a->from, .until = a->to };
	struct err e = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char cwd[4096];
	size_t i;
	int ret;

	if (!api_load(&e) || api->ctx_new(&c->cfg.plan, &rn.ctx, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	for (i = 0; i < (size_t)c->argc; i++) {
		char *p;

		/* operands are named as the target sees them; with the host as root, relative to the current directory */
		if (c->argv[i][0] != '/' && !c->g->root && getcwd(cwd, sizeof(cwd)))
			p = xasprintf("%s/%s", cwd, c->argv[i]);
		else
			p = xstrdup(c->argv[i]);
		do_path(&rn, p, 0, true);
		free(p);
	}
	if (!rn.n && rn.unreadable) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("no mail could be read"));
		goto out;
	}
	/* a thread begun before the window still tells who took part in it */
	if (rn.n_old) {
		struct mail_result **all = xcalloc(rn.n + rn.n_old, sizeof(*all));

		if (rn.n)	/* rn.v is NULL when no message lies inside the window */
			memcpy(all, rn.v, rn.n * sizeof(*all));
		memcpy(all + rn.n, rn.old, rn.n_old * sizeof(*all));
		api->threads(all, rn.n + rn.n_old);
		free(all);
	} else {
		api->threads(rn.v, rn.n);
	}
	if (rn.n)
		qsort(rn.v, rn.n, sizeof(*rn.v), cmp_result);
	if (a->common.format && strcmp(a->common.format, "json") == 0)
		render_json(&rn, &sb);
	else if (a->common.format && strcmp(a->common.format, "html") == 0)
		render_html(&rn, a->common.verbose, &sb);
	else
		render_terminal(&rn, a->common.verbose, &sb);
	if (a->common.output) {
		if (write_file_atomic(a->common.output, sb.buf, sb.len, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
			goto out;
		}
	} else if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("cannot write the output"));
		goto out;
	}
	ret = EXIT_OK;
	for (i = 0; i < rn.n; i++)
		if (rn.v[i]->verdict == ML_SUSPICIOUS)
			ret = EXIT_FINDINGS;
	if (ret == EXIT_OK && rn.unreadable)
		ret = EXIT_RUNTIME;
out:
	for (i = 0; i < rn.n; i++) {
		api->result_free(rn.v[i]);
		free(rn.v[i]);
	}
	free(rn.v);
	for (i = 0; i < rn.n_old; i++) {
		api->result_free(rn.old[i]);
		free(rn.old[i]);
	}
	free(rn.old);
	if (rn.ctx)
		api->ctx_free(rn.ctx);
	strbuf_release(&sb);
	return ret;
}

const struct cmd_def cmd_mail = {
	.fn = mail_run,
	.usage = N_("usage: kyuka mail [options] PATH...\n"
		    "  Triage of waiting mail: .eml files, mbox files and Maildir folders (cur/, new/), recursively.\n"
		    "  Each message: suspicious, caution or nothing found, with its reasons. Attachments are never\n"
		    "  opened, written or run. Exit 1 when a message is suspicious.\n"
		    "  --holiday START..END     only mail received on these days (local time)\n"
		    "  --since TIME, --until TIME  only mail received in this window (RFC 3339 or YYYY-MM-DD)\n"
		    "  --format terminal|json|html  report format (default terminal)\n"
		    "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		    "  --verbose                list the messages where nothing was found too\n"),
	.options = options,
	.args_size = sizeof(struct mail_args),
	.check = mail_check,
};
