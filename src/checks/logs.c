/*
 * Logs (LG-1): after the holiday, review auth, VPN and firewall logs for the
 * holiday window. One log review (engines/logreview) feeds every check.
 */
#include "checks/privileged.h"
#include "checks/util.h"
#include "engines/logreview.h"
#include "parse/config/logs.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LOG_MAX_FINDINGS 100	/* findings of one check; the rest is summed up in one more */

/* The review's options: the config's thresholds, the command line's window and sources. */
static void build_opts(const struct check_ctx *ctx, struct logreview_opts *o)
{
	const struct logreview_opts *cli = ctx->opts ? ctx->opts->logs : NULL;

	logreview_opts_defaults(o);
	o->now = ctx->now;
	o->has_holiday = ctx->has_holiday;
	o->holiday_start_days = ctx->holiday_start_days;
	o->holiday_end_days = ctx->holiday_end_days;
	o->baseline_days = ctx->logs->baseline_days;
	o->brute_failures = ctx->logs->brute_force_failures;
	o->spray_users = ctx->logs->spray_users;
	o->success_after = ctx->logs->success_after_failures;
	o->gap_hours = ctx->logs->gap_hours;
	o->night_start = ctx->logs->night_start;
	o->night_end = ctx->logs->night_end;
	o->backwards_seconds = ctx->logs->backwards_seconds;
	o->tz = ctx->logs->timezone;
	o->inside_networks = ctx->logs->inside_networks;
	o->n_inside_networks = ctx->logs->n_inside_networks;
	if (cli) {
		o->since = cli->since;
		o->until = cli->until;
		if (cli->tz)
			o->tz = cli->tz;
		o->journal = cli->journal;
		o->journal_dir = cli->journal_dir;
		o->files = cli->files;
		o->n_files = cli->n_files;
		o->whole_span = cli->whole_span;
		o->threads = cli->threads;
		o->evtx_dir = cli->evtx_dir;
	}
	if (ctx->opts) {
		o->db_path = ctx->opts->db_path;
		o->record = ctx->opts->record;
	}
}

static void when(const struct logreview *lr, int64_t t, char *buf, size_t size)
{
	logreview_fmt_time(lr, t, buf, size);
}

/* The window as shown: "2026-12-27..2027-01-04" when it is whole local days, else "TIME..TIME". */
static void window_text(const struct logreview *lr, char *buf, size_t size)
{
	char a[40], b[40];

	when(lr, lr->since, a, sizeof(a));
	when(lr, lr->until, b, sizeof(b));
	if (strlen(a) > 19 && strlen(b) > 19 && memcmp(a + 10, " 00:00:00", 9) == 0 &&
	    memcmp(b + 10, " 00:00:00", 9) == 0) {
		when(lr, lr->until - 1, b, sizeof(b));
		snprintf(buf, size, "%.10s..%.10s", a, b);
	} else {
		snprintf(buf, size, "%s..%s", a, b);
	}
}

/* n with thousands separated: "18,412". */
static const char *grouped(uint64_t n, char *buf, size_t size)
{
	char tmp[32];
	size_t len, i, o = 0;

	len = (size_t)snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)n);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

/* What was read, for PASS evidence: "18,412 lines inside 2026-12-27..2027-01-04 from 3 files". Caller frees. */
static char *read_text(const struct logreview *lr)
{
	char win[100], n[32];

	window_text(lr, win, sizeof(win));
	return xasprintf(ngettext("%s lines inside %s from %zu file", "%s lines inside %s from %zu files",
				  lr->n_read_files),
			 grouped(lr->lines_window, n, sizeof(n)), win, lr->n_read_files);
}

/* Why nothing inside the window can be reviewed, and what to do. Caller frees. */
static char *nothing_text(const struct logreview *lr)
{
	char win[100], n[32], a[40], b[40];

	window_text(lr, win, sizeof(win));
	if (!lr->lines)
		return xasprintf(ngettext("the %zu log file read holds no line: nothing to review inside %s",
					  "the %zu log files read hold no line: nothing to review inside %s",
					  lr->n_read_files),
				 lr->n_read_files, win);
	if (!lr->any_time)
		return xasprintf(_("none of the %s lines read has a time: nothing to review inside %s"),
				 grouped(lr->lines, n, sizeof(n)), win);
	when(lr, lr->first_t, a, sizeof(a));
	when(lr, lr->last_t, b, sizeof(b));
	return xasprintf(_("0 of %s lines lie inside the window %s (the logs run from %s to %s): nothing to review; "
			   "give a window the logs cover (--holiday, --since/--until) or logs that cover this one"),
			 grouped(lr->lines, n, sizeof(n)), win, a, b);
}

/* The window reviewed, for the report's header (once; the runner hands it on). */
static void window_to_report(struct check_ctx *ctx, const struct logreview *lr)
{
	char win[100];
	const char *zone = lr->tz ? lr->tz : "UTC";

	if (ctx->extra.window)
		return;
	window_text(lr, win, sizeof(win));
	if (lr->whole_span && lr->span_clipped)
		ctx->extra.window = xasprintf(_("%s (%s), the last %d days of what the files hold"), win, zone,
					     LR_MAX_DAYS);
	else if (lr->whole_span)
		ctx->extra.window = xasprintf(_("%s (%s), all that the files hold"), win, zone);
	else
		ctx->extra.window = xasprintf("%s (%s)", win, zone);
}

/*
 * The review, or 1 after a SKIP (no window, a window that has not begun,
 * nothing to read, no line inside the window), or a negative errno.
 */
static int load(struct check_ctx *ctx, const struct logreview **out, bool need_logs, struct err *err)
{
	const struct logreview_opts *cli = ctx->opts ? ctx->opts->logs : NULL;
	bool given = cli && (cli->since || cli->until || cli->whole_span);
	struct logreview_opts o;
	struct err e;
	char a[40];
	int ret;

	if (!ctx->has_holiday && !given) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no holiday window: give --holiday START..END or holiday: in the configuration"));
		return 1;
	}
	/* a holiday a day or more ahead in any zone: no need to read the logs to know */
	if (ctx->has_holiday && !given && (int64_t)(ctx->holiday_start_days - 1) * 86400 > (int64_t)ctx->now) {
		check_add(ctx, ST_SKIP, "", _("the holiday begins on %.10s: nothing to review yet; run this after it"),
			  ctx->holiday_start);
		return 1;
	}
	build_opts(ctx, &o);
	ret = facts_logreview(ctx->facts, &o, out, &e);
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err) < 0 ? ret : 1;
	window_to_report(ctx, *out);
	if ((*out)->since >= (int64_t)ctx->now) {
		when(*out, (*out)->since, a, sizeof(a));
		if (ctx->has_holiday && !given)
			check_add(ctx, ST_SKIP, "", _("the holiday begins on %.10s: nothing to review yet; run this after it"),
				  ctx->holiday_start);
		else
			check_add(ctx, ST_SKIP, "", _("the window begins at %s: nothing to review yet"), a);
		return 1;
	}
	if (need_logs && !(*out)->n_read_files) {
		check_add(ctx, ST_SKIP, "", "%s", _("no logs were found (no auth log under /var/log and no journal)"));
		return 1;
	}
	if (need_logs && !(*out)->lines_window) {
		char *why = nothing_text(*out);

		check_add(ctx, ST_SKIP, "", "%s", why);
		free(why);
		return 1;
	}
	return 0;
}

/* A PASS whose evidence is what was found, then what was read. */
static void pass(struct check_ctx *ctx, const struct logreview *lr, const char *found)
{
	char *read = read_text(lr);

	if (lr->lines_window && lr->unknown_window == lr->lines_window) {
		/* logs in a form the review does not know show nothing, not that nothing happened */
		char n[32];

		check_add(ctx, ST_SKIP, "",
			  _("none of the %s lines inside the window is in a form kyuka recognises (sshd, PAM, login, su, sudo, mail, FTP, VPN, firewall...): it cannot tell whether anyone tried to log in; check that these are the host's auth logs, or name them with kyuka logs FILE"),
			  grouped(lr->lines_window, n, sizeof(n)));
	} else {
		check_add(ctx, ST_PASS, "", "%s; %s", found, read);
	}
	free(read);
}

/* Adds one more finding that sums up what was left out. */
static void more(struct check_ctx *ctx, size_t left, enum status st, enum severity sev)
{
	if (left)
		check_add_sev(ctx, st, sev, "", ngettext("%zu more not listed", "%zu more not listed", left), left);
}

/* ------------------------------------------------------------------ LOG-0010 coverage */

static void timeline_to_report(struct check_ctx *ctx, const struct logreview *lr)
{
	struct report_timeline *tl;
	size_t i, k;

	if (ctx->extra.timeline || !lr->n_days)
		return;
	tl = xcalloc(1, sizeof(*tl));
	tl->zone = xstrdup(lr->tz ? lr->tz : "UTC");
	tl->n_cols = LRT__COUNT;
	for (k = 0; k < LRT__COUNT; k++)
		tl->cols[k] = logreview_tl_name((enum lr_tl)k);
	tl->days = xcalloc(lr->n_days, sizeof(*tl->days));
	tl->n_days = lr->n_days;
	for (i = 0; i < lr->n_days; i++) {
		logreview_fmt_day(lr->days[i].day, tl->days[i].date, sizeof(tl->days[i].date));
		for (k = 0; k < LRT__COUNT; k++)
			tl->days[i].n[k] = lr->days[i].n[k];
	}
	ctx->extra.timeline = tl;
}

static int log_coverage(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	char a[40], b[40];
	size_t i;
	bool bad = false;
	int ret = load(ctx, &lr, false, err);

	if (ret)
		return ret < 0 ? ret : 0;
	timeline_to_report(ctx, lr);
	for (i = 0; i < lr->n_integrity; i++) {
		if (lr->integrity[i].kind == LRI_READ_ERROR) {
			check_add(ctx, ST_WARN, lr->integrity[i].subject, "%s", lr->integrity[i].where ? lr->integrity[i].where : "");
			bad = true;
		}
	}
	if (!lr->n_read_files) {
		/* nothing read: the files named and refused say why, or there was nothing to read */
		if (!bad)
			check_add(ctx, ST_WARN, "", "%s", _("no auth log under /var/log and no journal were found"));
		return 0;
	}
	if (!lr->lines_window) {
		char *why = nothing_text(lr);

		check_add(ctx, ST_WARN, "", "%s", why);
		free(why);
		return 0;
	}
	for (i = 0; i < lr->n_integrity; i++) {
		const struct lr_integrity *in = &lr->integrity[i];

		switch (in->kind) {
		case LRI_NO_COVERAGE:
			when(lr, in->t, a, sizeof(a));
			if (in->t2) {
				when(lr, in->t2, b, sizeof(b));
				check_add(ctx, ST_WARN, "", _("the logs begin at %s, after the window began (%s)"), b, a);
			} else {
				check_add(ctx, ST_WARN, "", "%s", _("no log line with a time was found"));
			}
			bad = true;
			break;
		case LRI_GAP:
			when(lr, in->t, a, sizeof(a));
			when(lr, in->t2, b, sizeof(b));
			check_add(ctx, ST_WARN, "", _("no log line from %s to %s (%lld hours), on a host that logs in most hours"),
				  a, b, (long long)in->a);
			bad = true;
			break;
		case LRI_SOURCE_GAP:
			when(lr, in->t, a, sizeof(a));
			when(lr, in->t2, b, sizeof(b));
			check_add(ctx, ST_WARN, in->subject,
				  _("no line from %s to %s (%lld hours) while the other logs went on; it logs in most hours otherwise"),
				  a, b, (long long)in->a);
			bad = true;
			break;
		default:
			break;
		}
	}
	if (!bad) {
		struct strbuf files = STRBUF_INIT;
		char *read = read_text(lr), n1[32], n2[32], n3[32];

		for (i = 0; i < lr->n_read_files && i < 8; i++)
			strbuf_addf(&files, "%s%s", i ? ", " : "", lr->read_files[i]);
		if (lr->n_read_files > 8)
			strbuf_addf(&files, ", ... (%zu)", lr->n_read_files);
		check_add(ctx, ST_PASS, "",
			  _("no gap of %u hours or more, lines from the start of the window on; %s (%s read, %s not recognised, %s cut): %s"),
			  ctx->logs->gap_hours, read, grouped(lr->lines, n1, sizeof(n1)),
			  grouped(lr->unknown, n2, sizeof(n2)), grouped(lr->cut_lines, n3, sizeof(n3)), files.buf);
		free(read);
		strbuf_release(&files);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0020 brute force */

/* The review went beyond its source table: say how far, and what that costs. */
static void sources_beyond_cap(struct check_ctx *ctx, const struct logreview *lr)
{
	if (!lr->sources_dropped && !lr->sources_promoted && !lr->sources_lost)
		return;
	check_add(ctx, ST_WARN, _("review incomplete"),
		  _("review incomplete: more than %zu distinct sources; about %llu more came after that and were counted in a summary by address, not one by one (%llu of them tracked once they crossed a threshold or logged in: their counts before that are upper bounds)"),
		  lr->source_cap, (unsigned long long)lr->sources_dropped, (unsigned long long)lr->sources_promoted);
	if (lr->sources_dropped > lr->summary_width)
		check_add(ctx, ST_WARN, _("review incomplete"),
			  _("review incomplete: the summary is overloaded (about %llu sources for %zu cells a row): sources tracked from it may show far more failures than they made"),
			  (unsigned long long)lr->sources_dropped, lr->summary_width);
	if (lr->sources_lost)
		check_add(ctx, ST_WARN, _("review incomplete"),
			  _("review incomplete: %llu sources crossed the brute-force or spraying threshold after the reserve of %zu for them was used up and are not listed; logins from them are still judged (LOG-0030)"),
			  (unsigned long long)lr->sources_lost, lr->source_reserve);
}

static int by_account_then_time(const void *x, const void *y)
{
	const struct lr_account *a = *(const struct lr_account *const *)x, *b = *(const struct lr_account *const *)y;
	int c = strcmp(a->by ? a->by : "", b->by ? b->by : "");

	return c ? c : (a->ev.t > b->ev.t) - (a->ev.t < b->ev.t);
}

/*
 * Accounts PAM locked out (pam_faillock, pam_tally2): their lines name the account, not a
 * source. One finding an account, with the first lock-out, at most room of them (what the
 * sources before left of the check's findings); returns how many were shown.
 */
static size_t lockouts(struct check_ctx *ctx, const struct logreview *lr, size_t room)
{
	const struct lr_account **v;
	size_t i, j, shown = 0, left = 0;
	char a[40];

	if (!lr->n_lockouts)
		return 0;
	v = xcalloc(lr->n_lockouts, sizeof(*v));
	for (i = 0; i < lr->n_lockouts; i++)
		v[i] = &lr->lockouts[i];
	qsort(v, lr->n_lockouts, sizeof(*v), by_account_then_time);
	for (i = 0; i < lr->n_lockouts; i = j) {
		for (j = i + 1; j < lr->n_lockouts && !strcmp(v[j]->by ? v[j]->by : "", v[i]->by ? v[i]->by : ""); j++)
			;
		if (shown >= room) {
			left++;
			continue;
		}
		shown++;
		when(lr, v[i]->ev.t, a, sizeof(a));
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, v[i]->by ? v[i]->by : "",
			      ngettext("account locked out by PAM %zu time (pam_faillock or pam_tally2), first at %s; %s: its password was tried too often (the failed logins before it say from where)",
				       "account locked out by PAM %zu times (pam_faillock or pam_tally2), first at %s; %s: its password was tried too often (the failed logins before it say from where)",
				       j - i),
			      j - i, a, v[i]->ev.where ? v[i]->ev.where : "?");
	}
	free(v);
	if (left)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "",
			      ngettext("%zu more account locked out by PAM, not listed", "%zu more accounts locked out by PAM, not listed", left),
			      left);
	return shown + left;
}

/* The names a source tried, as listed: an ellipsis when it tried more than the list holds. */
static char *names_tried(const struct lr_source *s)
{
	const char *list = s->users_sample ? s->users_sample : "";

	if (s->n_users > s->n_sample)
		return xasprintf("%s%s\xe2\x80\xa6", list, list[0] ? ", " : "");
	return xstrdup(list);
}

static int log_brute_force(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	uint32_t brute = ctx->logs->brute_force_failures, spray = ctx->logs->spray_users;
	size_t i, shown = 0, left = 0;
	char a[40], b[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < lr->n_sources; i++) {
		const struct lr_source *s = lr->sources[i];
		/* names counted before the source was tracked are events with a name (an upper bound) */
		bool is_spray = s->fail_window > 0 && (s->n_users >= spray ||
						       (s->n_users + s->users_before >= spray && s->fail_window < brute));
		char *svcs, *names;

		if (!s->fail_window && s->probes >= brute) {
			/* a scanner: connections that ended before a failed login (no identification, no common algorithm, preauth disconnects) */
			if (shown >= LOG_MAX_FINDINGS) {
				left++;
				continue;
			}
			shown++;
			when(lr, s->first_probe, a, sizeof(a));
			when(lr, s->last_probe, b, sizeof(b));
			svcs = logreview_svcs_text(s->probe_svcs);
			check_add_sev(ctx, ST_WARN, SEV_LOW, s->addr,
				      _("scanner: %llu connections to %s that ended before a failed login, from %s to %s (probes, not brute force)"),
				      (unsigned long long)s->probes, svcs[0] ? svcs : "-", a, b);
			free(svcs);
			continue;
		}
		if (s->fail_window < brute && !is_spray)
			continue;
		if (shown >= LOG_MAX_FINDINGS) {
			left++;
			continue;
		}
		shown++;
		when(lr, s->first_fail, a, sizeof(a));
		/* the latest failure in the window, not the last read: files may be named out of time order */
		when(lr, s->latest_fail ? s->latest_fail : s->last_fail, b, sizeof(b));
		names = names_tried(s);
		if (s->fails_before || s->users_before)
			check_add_sev(ctx, ST_WARN, is_spray ? SEV_HIGH : SEV_MEDIUM, s->addr,
				      _("%s: %llu failed logins, %llu of them (an upper bound) counted in the summary of untracked sources before %s, the rest to %s, %u%s user name(s) tried (%s) after up to %u before, first tracked at %s"),
				      is_spray ? _("password spraying") : s->vpn ? _("VPN brute force") : _("brute force"),
				      (unsigned long long)s->fail_window, (unsigned long long)s->fails_window_before, a, b,
				      s->n_users, s->n_users >= LR_SPRAY_KEEP ? "+" : "", names, s->users_before,
				      s->first_fail_where ? s->first_fail_where : "?");
		else {
			svcs = logreview_svcs_text(s->svcs);
			check_add_sev(ctx, ST_WARN, is_spray ? SEV_HIGH : SEV_MEDIUM, s->addr,
				      _("%s: %llu failed logins over %s from %s to %s, %u%s user name(s) tried (%s), first at %s"),
				      is_spray ? _("password spraying") : s->vpn ? _("VPN brute force") : _("brute force"),
				      (unsigned long long)s->fail_window, svcs[0] ? svcs : "-", a, b, s->n_users,
				      s->n_users >= LR_SPRAY_KEEP ? "+" : "", names,
				      s->first_fail_where ? s->first_fail_where : "?");
			free(svcs);
		}
		free(names);
	}
	if (left)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "",
			      ngettext("%zu more source of failed logins or probes, not listed", "%zu more sources of failed logins or probes, not listed", left),
			      left);
	shown += left;
	shown += lockouts(ctx, lr, shown < LOG_MAX_FINDINGS ? LOG_MAX_FINDINGS - shown : 0);
	sources_beyond_cap(ctx, lr);
	if (!shown && !lr->sources_dropped && !lr->sources_promoted && !lr->sources_lost) {
		size_t failed = 0;
		char *found;

		/* the sources with a failed login in the window, not every source seen (probes, logins) */
		for (i = 0; i < lr->n_sources; i++)
			failed += lr->sources[i]->fail_window > 0;
		if (failed)
			found = xasprintf(ngettext("no source with %u or more failed logins or %u or more user names tried (%zu source failed fewer times)",
						   "no source with %u or more failed logins or %u or more user names tried (%zu sources failed fewer times)",
						   failed),
					  brute, spray, failed);
		else
			found = xasprintf(_("no failed login from any source in the window (%u or more from one source, or %u or more user names, would be brute force)"),
					  brute, spray);
		pass(ctx, lr, found);
		free(found);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0030 success after failures */

static const char *svc_label(const struct lr_login *l)
{
	return logmsg_svc_name(l->svc);
}

static int log_success_after_failures(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	uint32_t need = ctx->logs->success_after_failures;
	size_t i, found = 0;
	char a[40], b[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];
		char *subject;

		char *svcs;

		if (l->kind == LM_SU_OK || l->prior_failures < need)
			continue;
		when(lr, l->ev.t, a, sizeof(a));
		when(lr, l->last_fail, b, sizeof(b));
		subject = xasprintf("%s@%s", l->user, l->src);
		if (l->prior_estimated) {
			check_add(ctx, ST_FAIL, subject,
				  _("%s login by %s from %s (%s, %s) after up to %llu failed logins from the same source (counted in the summary of untracked sources: an upper bound); %s: %s"),
				  a, l->user, l->src, l->method, svc_label(l), (unsigned long long)l->prior_failures,
				  l->ev.where, l->ev.line);
			free(subject);
			continue;
		}
		svcs = logreview_svcs_text(l->prior_svcs);
		check_add(ctx, ST_FAIL, subject,
			  _("%s login by %s from %s (%s, %s) after %llu failed logins over %s from the same source, the last at %s; %s: %s"),
			  a, l->user, l->src, l->method, svc_label(l), (unsigned long long)l->prior_failures,
			  svcs[0] ? svcs : "-", b, l->ev.where, l->ev.line);
		free(svcs);
		free(subject);
		found++;
	}
	if (!found) {
		char *what = xasprintf(ngettext("no login from a source with %u or more failed logins before it (%zu login)",
						"no login from a source with %u or more failed logins before it (%zu logins)",
						lr->n_logins),
				       need, lr->n_logins);
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0040 logins in the window */

static int log_logins(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i, shown = 0;
	char a[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (lr->n_logins) {
		/* what was found, never that anyone confirmed it */
		uint64_t n = lr->n_logins + lr->logins_dropped;

		check_add_sev(ctx, ST_MANUAL, SEV_MEDIUM, "",
			      ngettext("%llu login inside the window to confirm with who made it",
				       "%llu logins inside the window to confirm with who made them", n),
			      (unsigned long long)n);
	}
	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];

		if (shown >= LOG_MAX_FINDINGS)
			break;
		shown++;
		when(lr, l->ev.t, a, sizeof(a));
		check_add_sev(ctx, ST_MANUAL, SEV_MEDIUM, l->user, _("%s from %s (%s, %s); %s"), a,
			      l->src[0] ? l->src : "-", l->method[0] ? l->method : "-", svc_label(l), l->ev.where);
	}
	more(ctx, lr->n_logins - shown + (size_t)lr->logins_dropped, ST_MANUAL, SEV_MEDIUM);
	if (!lr->n_logins)
		pass(ctx, lr, _("no login inside the window"));
	return 0;
}

/* ------------------------------------------------------------------ LOG-0050 new sources */

static int log_new_sources(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i, shown = 0, left = 0;
	char a[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (!lr->has_baseline) {
		check_add(ctx, ST_SKIP, "", _("no log lines in the %u days before the window to compare with"),
			  ctx->logs->baseline_days);
		return 0;
	}
	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];

		if (l->kind != LM_AUTH_OK || !l->new_source)
			continue;
		if (shown++ >= LOG_MAX_FINDINGS) {
			left++;
			continue;
		}
		when(lr, l->ev.t, a, sizeof(a));
		check_add(ctx, ST_WARN, l->src,
			  _("login by %s at %s (%s) from a source with no login in the %u days before the window; %s"),
			  l->user, a, l->method, ctx->logs->baseline_days, l->ev.where);
	}
	more(ctx, left, ST_WARN, SEV_HIGH);
	if (!shown) {
		char *what = xasprintf(ngettext("no login from a source with no login in the %u days before the window (%zu login)",
						"no login from a source with no login in the %u days before the window (%zu logins)",
						lr->n_logins),
				       ctx->logs->baseline_days, lr->n_logins);
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0060 root and privileged logins */

static bool privileged_user(const struct priv_facts *pf, const struct passwd_db *pw, const char *user)
{
	size_t i;

	for (i = 0; pf && pw && i < pf->n; i++)
		if (pf->v[i].pw < pw->n && strcmp(pw->v[pf->v[i].pw].name, user) == 0)
			return true;
	return false;
}

/* The logins of one account in the window. */
struct user_logins {
	size_t n, last;
	bool reported;
};

#define ROOT_LOGINS_LISTED 10

/* The direct root logins: one finding that lists them (when, from where, how, over what), not one a login. */
static void root_logins(struct check_ctx *ctx, const struct logreview *lr, const char *user)
{
	struct strbuf list = STRBUF_INIT;
	size_t i, n = 0;
	char a[40];

	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];

		if (l->kind != LM_AUTH_OK || !l->root)
			continue;
		if (n++ >= ROOT_LOGINS_LISTED)
			continue;
		when(lr, l->ev.t, a, sizeof(a));
		strbuf_addf(&list, "%s", n > 1 ? "; " : "");
		strbuf_addf(&list, _("at %s from %s (%s, %s; %s)"), a, l->src[0] ? l->src : "-", l->method,
			    logmsg_svc_name(l->svc), l->ev.where);
	}
	if (n > ROOT_LOGINS_LISTED) {
		strbuf_addf(&list, "; ");
		strbuf_addf(&list, ngettext("%zu more", "%zu more", n - ROOT_LOGINS_LISTED), n - ROOT_LOGINS_LISTED);
	}
	check_add(ctx, ST_FAIL, user, ngettext("direct root login, %zu time: %s", "direct root logins, %zu times: %s", n), n,
		  list.buf);
	strbuf_release(&list);
}

static int log_root_logins(struct check_ctx *ctx, struct err *err)
{
	GHashTable *per_user = NULL;	/* user -> struct user_logins, made when first needed */
	const struct logreview *lr;
	const struct priv_facts *pf = NULL;
	const struct passwd_db *pw = NULL;
	struct err ignored;
	size_t i, j, before = check_n_findings(ctx);
	char a[40], b[40];
	bool root_done = false;
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (facts_passwd(ctx->facts, &pw, &ignored) < 0 || facts_privileged(ctx->facts, &pf, &ignored) < 0)
		pf = NULL;
	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];
		size_t n = 0, last = i;

		when(lr, l->ev.t, a, sizeof(a));
		if (l->kind == LM_SU_OK) {
			if (l->root)
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, l->user, _("%s: %s to root; %s"), a, l->src,
					      l->ev.where);
			continue;
		}
		if (l->kind != LM_AUTH_OK)
			continue;
		if (l->root) {
			if (!root_done)
				root_logins(ctx, lr, l->user);
			root_done = true;
			continue;
		}
		if (!privileged_user(pf, pw, l->user))
			continue;
		/* one finding per privileged account: its first login stands for the others */
		if (!per_user) {
			per_user = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
			for (j = 0; j < lr->n_logins; j++) {
				struct user_logins *u;

				if (lr->logins[j].kind != LM_AUTH_OK)
					continue;
				u = g_hash_table_lookup(per_user, lr->logins[j].user);
				if (!u) {
					u = g_new0(struct user_logins, 1);
					g_hash_table_insert(per_user, lr->logins[j].user, u);
				}
				u->n++;
				u->last = j;
			}
		}
		{
			struct user_logins *u = g_hash_table_lookup(per_user, l->user);

			if (!u || u->reported)
				continue;
			u->reported = true;
			n = u->n;
			last = u->last;
		}
		when(lr, lr->logins[last].ev.t, b, sizeof(b));
		check_add_sev(ctx, ST_WARN, SEV_LOW, l->user,
			      _("privileged account logged in %zu time(s) during the holiday, first at %s from %s (%s; %s), last at %s"),
			      n, a, l->src[0] ? l->src : "-", l->method, l->ev.where, b);
	}
	if (per_user)
		g_hash_table_destroy(per_user);
	if (check_n_findings(ctx) == before) {
		char *what = xasprintf(ngettext("no direct root login, su to root or login of a privileged account (%zu login)",
						"no direct root login, su to root or login of a privileged account (%zu logins)",
						lr->n_logins),
				       lr->n_logins);
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0070 accounts */

static bool privileged_group(const char *g)
{
	static const char *const groups[] = { "root", "sudo", "wheel", "adm", "admin", "docker", "lxd", "libvirt",
					      "disk", "shadow", "sudoers", "staff" };
	/* Windows: by name, any case (parse/evtxmap.c names the well-known SIDs so in any language) */
	static const char *const win[] = { "Administrators", "Domain Admins", "Enterprise Admins", "Schema Admins",
					   "Account Operators", "Server Operators", "Backup Operators", "Print Operators",
					   "Remote Desktop Users", "Remote Management Users", "Hyper-V Administrators",
					   "Group Policy Creator Owners", "Key Admins", "Enterprise Key Admins", "DnsAdmins" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (strcmp(g, groups[i]) == 0)
			return true;
	for (i = 0; i < ARRAY_SIZE(win); i++)
		if (strcasecmp(g, win[i]) == 0)
			return true;
	return false;
}

static int log_accounts(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i;
	char a[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < lr->n_accounts && i < LOG_MAX_FINDINGS; i++) {
		const struct lr_account *x = &lr->accounts[i];

		when(lr, x->ev.t, a, sizeof(a));
		switch (x->kind) {
		case LM_USER_NEW:
			check_add_sev(ctx, ST_WARN, SEV_HIGH, x->target, _("account created at %s; %s: %s"), a,
				      x->ev.where, x->ev.line);
			break;
		case LM_GROUP_ADD:
			if (privileged_group(x->group))
				check_add(ctx, ST_FAIL, x->target, _("added to the privileged group %s at %s; %s: %s"),
					  x->group, a, x->ev.where, x->ev.line);
			else
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, x->target, _("added to group %s at %s; %s"),
					      x->group, a, x->ev.where);
			break;
		case LM_GROUP_NEW:
			check_add_sev(ctx, ST_WARN, SEV_LOW, x->group, _("group created at %s; %s"), a, x->ev.where);
			break;
		case LM_PASSWD_CHANGE:
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, x->target, _("password changed at %s; %s"), a,
				      x->ev.where);
			break;
		case LM_USER_DEL:
			check_add_sev(ctx, ST_WARN, SEV_LOW, x->target, _("account deleted at %s; %s"), a, x->ev.where);
			break;
		case LM_USER_ENABLED:
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, x->target, _("account enabled at %s; %s: %s"), a,
				      x->ev.where, x->ev.line);
			break;
		case LM_USER_CHANGED:
			check_add_sev(ctx, ST_WARN, SEV_LOW, x->target, _("account changed at %s; %s"), a, x->ev.where);
			break;
		case LM_USER_LOCKED:
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, x->target,
				      _("account locked out at %s (too many failed logons; caller computer %s); %s"), a,
				      x->group[0] ? x->group : "-", x->ev.where);
			break;
		default:
			break;
		}
	}
	more(ctx, lr->n_accounts > LOG_MAX_FINDINGS ? lr->n_accounts - LOG_MAX_FINDINGS : 0, ST_WARN, SEV_HIGH);
	if (!lr->n_accounts)
		pass(ctx, lr, _("no account or group created, changed or deleted"));
	return 0;
}

/* ------------------------------------------------------------------ LOG-0080 VPN */

static int log_vpn(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i, n = 0, flagged = 0;
	char a[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < lr->n_logins; i++) {
		const struct lr_login *l = &lr->logins[i];

		if (l->kind != LM_VPN_OK)
			continue;
		n++;
		flagged += l->new_source || l->night;
		if (!l->new_source && !l->night)
			continue;
		when(lr, l->ev.t, a, sizeof(a));
		if (l->new_source && l->night)
			check_add(ctx, ST_WARN, l->src, _("VPN login of %s at night (%s) from a source not seen before the window; %s"),
				  l->user[0] ? l->user : "?", a, l->ev.where);
		else if (l->new_source)
			check_add(ctx, ST_WARN, l->src, _("VPN login of %s at %s from a source not seen before the window; %s"),
				  l->user[0] ? l->user : "?", a, l->ev.where);
		else
			check_add(ctx, ST_WARN, l->src, _("VPN login of %s at night (%s); %s"),
				  l->user[0] ? l->user : "?", a, l->ev.where);
	}
	if (!n) {
		pass(ctx, lr, _("no VPN login inside the window"));
	} else if (!flagged) {
		char *what = xasprintf(ngettext("%zu VPN login, in the day from a source seen before the window",
						"%zu VPN logins, all in the day from sources seen before the window", n),
				       n);
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0090 firewall */

static int log_firewall(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	struct strbuf top = STRBUF_INIT;
	uint64_t fw = 0;
	size_t i;
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < lr->n_days; i++)
		fw += lr->days[i].n[LRT_FW_BLOCK] + lr->days[i].n[LRT_FW_ALLOW];
	if (!fw) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no firewall log line inside the window: nothing shows what reached the host; "
			    "turn on firewall logging (ufw logging on, or an nftables rule with log) and give kyuka its log"));
		return 0;
	}
	for (i = 0; i < lr->n_fw_allow && i < LOG_MAX_FINDINGS; i++) {
		const struct lr_fw_allow *f = &lr->fw_allow[i];
		char a[40], *subject = xasprintf("%s -> %s/%u", f->src, f->proto[0] ? f->proto : "?", f->dport);

		when(lr, f->ev.t, a, sizeof(a));
		check_add(ctx, ST_FAIL, subject, _("accepted inbound to port %u from %s to %s, %llu time(s), first at %s; %s"),
			  f->dport, f->src, f->dst[0] ? f->dst : "?", (unsigned long long)f->count, a, f->ev.where);
		free(subject);
	}
	if (lr->fw_blocked) {
		strbuf_addf(&top, _("%llu blocked inside the window; top sources:"), (unsigned long long)lr->fw_blocked);
		for (i = 0; i < lr->n_fw_top_src; i++)
			strbuf_addf(&top, " %s (%llu)%s", lr->fw_top_src[i].key, (unsigned long long)lr->fw_top_src[i].n,
				    i + 1 < lr->n_fw_top_src ? "," : ";");
		strbuf_addf(&top, " %s", _("top ports:"));
		for (i = 0; i < lr->n_fw_top_port; i++)
			strbuf_addf(&top, " %s (%llu)%s", lr->fw_top_port[i].key,
				    (unsigned long long)lr->fw_top_port[i].n, i + 1 < lr->n_fw_top_port ? "," : "");
		check_add_sev(ctx, ST_MANUAL, SEV_INFO, _("blocked traffic"), "%s", top.buf);
	}
	if (lr->fw_sources_dropped)
		check_add_sev(ctx, ST_WARN, SEV_LOW, _("review incomplete"),
			      _("review incomplete: more than %zu blocked sources; %llu blocked packets from further sources were not counted by source (the top sources may miss some)"),
			      lr->source_cap, (unsigned long long)lr->fw_sources_dropped);
	if (!lr->n_fw_allow) {
		char n[32], *what = xasprintf(_("no inbound connection to 137-139, 445 or 3389 accepted (%s firewall log lines)"),
					      grouped(fw, n, sizeof(n)));
		pass(ctx, lr, what);
		free(what);
	}
	strbuf_release(&top);
	return 0;
}

/* ------------------------------------------------------------------ LOG-0100 tampering */

/* What a file type is, for "is a FIFO" (S_IFMT bits; 0: nothing there). */
static const char *file_type(long long type)
{
	switch (type) {
	case S_IFIFO:
		return _("a FIFO");
	case S_IFCHR:
		return _("a character device");
	case S_IFBLK:
		return _("a block device");
	case S_IFSOCK:
		return _("a socket");
	case S_IFDIR:
		return _("a directory");
	case S_IFREG:
		return _("a regular file");
	case S_IFLNK:
		return _("a symbolic link");
	default:
		return _("a file of an unknown type");
	}
}

/* A log's name on a FIFO, a device or a link: logging into it goes nowhere a review can read. */
static void not_a_file(struct check_ctx *ctx, const struct lr_integrity *in)
{
	/* a regular file, directory or socket behind it: odd, not the classic way to make logs vanish */
	bool sink = in->a == S_IFIFO || in->a == S_IFCHR || in->a == S_IFBLK ||
		    (in->a == S_IFLNK && (in->b == 0 || in->b == S_IFIFO || in->b == S_IFCHR || in->b == S_IFBLK));
	enum severity sev = sink ? SEV_HIGH : SEV_MEDIUM;

	const char *what = in->a != S_IFLNK ? file_type(in->a) : NULL;
	const char *to = in->b ? file_type(in->b) : _("nothing inside the root");
	const char *why = sink ? _("what is logged there is not kept: a sign of tampering")
			       : _("find out why it is not a plain file");

	if (in->a == S_IFLNK)
		check_add_sev(ctx, ST_WARN, sev, in->subject,
			      _("is a symbolic link to '%s' (%s), not a log file: not followed or read; %s"),
			      in->where ? in->where : "?", to, why);
	else
		check_add_sev(ctx, ST_WARN, sev, in->subject, _("is %s, not a log file: not opened or read; %s"), what,
			      why);
}

static int log_integrity(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i, before = check_n_findings(ctx);
	char a[40], b[40];
	int ret = load(ctx, &lr, false, err);

	if (ret)
		return ret < 0 ? ret : 0;
	/* Windows logs cleared: first, and never behind the cap of the other integrity events */
	for (i = 0; i < lr->n_cleared && i < LOG_MAX_FINDINGS; i++) {
		const struct lr_account *x = &lr->cleared[i];
		char *where = xasprintf("%s: %s", x->ev.where, x->ev.line);

		when(lr, x->ev.t, a, sizeof(a));
		check_add(ctx, ST_FAIL, x->target, _("the %s log was cleared at %s; %s"), x->target, a, where);
		free(where);
	}
	more(ctx, lr->n_cleared > LOG_MAX_FINDINGS ? lr->n_cleared - LOG_MAX_FINDINGS : 0, ST_FAIL, SEV_HIGH);
	for (i = 0; i < lr->n_integrity; i++) {
		const struct lr_integrity *in = &lr->integrity[i];

		switch (in->kind) {
		case LRI_BACKWARDS: {
			/* one finding a file: how often, and the first time */
			size_t k, n = 0, first = i;

			for (k = 0; k < lr->n_integrity; k++)
				if (lr->integrity[k].kind == LRI_BACKWARDS && !strcmp(lr->integrity[k].subject, in->subject)) {
					if (!n++)
						first = k;
				}
			if (first != i)
				break;
			when(lr, in->t, a, sizeof(a));
			when(lr, in->t2, b, sizeof(b));
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, in->subject,
				      ngettext("time went backwards %zu time in this file: from %s to %s at %s",
					       "time went backwards %zu times in this file, the first from %s to %s at %s", n),
				      n, a, b, in->where);
			break;
		}
		case LRI_ROTATION_MISSING:
			check_add_sev(ctx, ST_WARN, SEV_HIGH, in->subject, "%s",
				      _("this rotation is missing while older ones exist: removed by hand?"));
			break;
		case LRI_TRUNCATED:
			when(lr, in->t, a, sizeof(a));
			check_add(ctx, ST_FAIL, in->subject, _("shrank in place from %lld to %lld bytes since the run of %s"),
				  (long long)in->a, (long long)in->b, a);
			break;
		case LRI_LOGIN_RECORDS:
			when(lr, in->t, a, sizeof(a));
			if (in->b < 0)
				check_add(ctx, ST_FAIL, in->subject, _("removed since the run of %s (%lld bytes then)"), a,
					  (long long)in->a);
			else
				check_add(ctx, ST_FAIL, in->subject,
					  _("shrank from %lld to %lld bytes since the run of %s, and no rotation explains it"),
					  (long long)in->a, (long long)in->b, a);
			break;
		case LRI_NOT_A_FILE:
			not_a_file(ctx, in);
			break;
		case LRI_EVTX_DAMAGE:
			check_add_sev(ctx, ST_WARN, SEV_HIGH, in->subject,
				      _("libevtx could not read %lld of %lld records (skipped)%s; %lld more records lie outside the readable chunks and were not read (%s)"),
				      (long long)in->a, (long long)in->b,
				      in->t2 ? _(", and it marked the file corrupted (a damaged chunk)") : "",
				      (long long)in->t, in->where && in->where[0] ? in->where : "-");
			break;
		case LRI_JOURNAL:
			check_add_sev(ctx, ST_WARN, SEV_HIGH, in->subject,
				      _("sd-journal reported %lld damaged entries and %lld corrupt files (%s); run journalctl --verify"),
				      (long long)in->a, (long long)in->b, in->where && in->where[0] ? in->where : "-");
			break;
		default:
			break;
		}
	}
	if (lr->integrity_dropped)
		more(ctx, (size_t)lr->integrity_dropped, ST_WARN, SEV_MEDIUM);
	for (i = 0; i < lr->n_warnings; i++)
		check_add_sev(ctx, ST_WARN, SEV_LOW, _("store"), _("cannot compare with earlier runs: %s"),
			      lr->warnings[i]);
	if (check_n_findings(ctx) != before)
		return 0;
	if (!lr->n_read_files) {
		check_add(ctx, ST_SKIP, "", "%s", _("no logs were found (no auth log under /var/log and no journal)"));
		return 0;
	}
	if (!lr->compared) {
		/* what was checked cannot stand for what could not be: shrinking needs an earlier run */
		if (!ctx->opts || !ctx->opts->db_path || !ctx->opts->record)
			check_add(ctx, ST_SKIP, "", ngettext(
				"not compared with an earlier run (no store): whether the %zu log file shrank or lost records is unknown; no rotation is missing and time never went back",
				"not compared with an earlier run (no store): whether the %zu log files shrank or lost records is unknown; no rotation is missing and time never went back",
				lr->n_read_files), lr->n_read_files);
		else
			check_add(ctx, ST_SKIP, "", ngettext(
				"first run: no earlier state of the log files to compare with; the state of %zu file was recorded for the next run (no rotation is missing and time never went back)",
				"first run: no earlier state of the log files to compare with; the state of %zu files was recorded for the next run (no rotation is missing and time never went back)",
				lr->n_read_files), lr->n_read_files);
		return 0;
	}
	when(lr, lr->compared_at, a, sizeof(a));
	{
		char *what = xasprintf(_("no log file or login record shrank since the run of %s, no rotation is missing and time never went back more than %u seconds"),
				       a, ctx->logs->backwards_seconds);
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

/* ------------------------------------------------------------------ LOG-0110 services and tasks (Windows) */

static int log_persistence(struct check_ctx *ctx, struct err *err)
{
	const struct logreview *lr;
	size_t i;
	char a[40];
	int ret = load(ctx, &lr, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (!lr->evtx_records) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no Windows event log was read: services installed and scheduled tasks created are found in System.evtx (7045) and Security.evtx (4698); name them, or give --evtx-dir"));
		return 0;
	}
	for (i = 0; i < lr->n_persist && i < LOG_MAX_FINDINGS; i++) {
		const struct lr_account *x = &lr->persist[i];

		when(lr, x->ev.t, a, sizeof(a));
		if (x->kind == LM_SERVICE_NEW)
			check_add(ctx, ST_WARN, x->target, _("service installed at %s: %s (runs as %s); %s: %s"), a,
				  x->group[0] ? x->group : "-", x->by[0] ? x->by : "-", x->ev.where, x->ev.line);
		else
			check_add(ctx, ST_WARN, x->target, _("scheduled task created at %s by %s; %s: %s"), a,
				  x->by[0] ? x->by : "-", x->ev.where, x->ev.line);
	}
	more(ctx, lr->n_persist > LOG_MAX_FINDINGS ? lr->n_persist - LOG_MAX_FINDINGS : 0, ST_WARN, SEV_HIGH);
	if (!lr->n_persist) {
		char n[32], *what = xasprintf(_("no service installed (7045) and no scheduled task created (4698) in %s Windows event records"),
					      grouped(lr->evtx_records, n, sizeof(n)));
		pass(ctx, lr, what);
		free(what);
	}
	return 0;
}

static const struct check checks[] = {
	{ .id = "LOG-0010", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The logs cover the holiday window"),
	  .explain = N_("The review can only see what was logged: the auth logs (or the journal) must reach back to the start of the holiday and have no long silences on a host that normally logs every hour."),
	  .remedy = N_("Find out why logging stopped (disk full, service stopped, logs removed), keep logs for the whole holiday plus a margin (logrotate, journald SystemMaxUse), and forward them to a log server."),
	  .run = log_coverage },
	{ .id = "LOG-0020", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("No brute-force or password-spraying sources"),
	  .explain = N_("Many failed logins from one source (logs.brute_force_failures), or many different user names tried from one source (logs.spray_users), during the holiday show someone guessing passwords."),
	  .remedy = N_("Block the sources at the firewall, make sure password logins are off or need a second factor, and check that none of these sources later logged in (LOG-0030)."),
	  .run = log_brute_force },
	{ .id = "LOG-0030", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_CRITICAL, .title = N_("No login succeeded from a source that failed before"),
	  .explain = N_("A successful login from an address that had just failed several times (logs.success_after_failures) is the typical trace of a guessed password: treat it as a compromise until proven otherwise."),
	  .remedy = N_("Investigate at once: ask the account owner, lock the account and change its password, look at what the session did (shell history, sudo log, new files, new keys), and follow the incident procedure."),
	  .run = log_success_after_failures },
	{ .id = "LOG-0040", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Logins during the holiday are confirmed"),
	  .explain = N_("Every login inside the holiday window is listed (who, from where, when, how) for a person to confirm it was expected."),
	  .remedy = N_("Confirm each login with the person who made it; investigate any nobody can explain."),
	  .run = log_logins },
	{ .id = "LOG-0050", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("No logins from sources never seen before the holiday"),
	  .explain = N_("A login from an address that never logged in during the baseline period before the holiday (logs.baseline_days) is worth a question: new places, new devices, or someone else."),
	  .remedy = N_("Confirm the login with the account owner; if nobody knows the address, treat it as an incident."),
	  .run = log_new_sources },
	{ .id = "LOG-0060", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("No direct root or privileged logins during the holiday"),
	  .explain = N_("Administrators should log in as themselves and become root with sudo, so that every action has a name; a direct root login, or a privileged account logging in while everyone was away, needs an explanation."),
	  .remedy = N_("Confirm who logged in; set PermitRootLogin no in sshd_config and use personal accounts with sudo."),
	  .run = log_root_logins },
	{ .id = "LOG-0070", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_CRITICAL, .title = N_("No accounts created or given privileges during the holiday"),
	  .explain = N_("Creating an account or adding one to an administrative group (sudo, wheel, adm, docker...) is how an intruder keeps a way back in."),
	  .remedy = N_("Confirm each change with whoever made it; remove unknown accounts and group memberships (userdel, gpasswd -d) and investigate how they were made."),
	  .run = log_accounts },
	{ .id = "LOG-0080", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("VPN logins come from known places during the day"),
	  .explain = N_("VPN logins (OpenVPN, strongSwan, WireGuard, and the appliances FortiGate, Cisco ASA/AnyConnect, Palo Alto GlobalProtect, Ivanti/Pulse Connect Secure, SonicWall and YAMAHA RTX as their syslog lines show them) from an address never seen before the holiday, or at night (logs.night), are the logins attackers make with stolen credentials."),
	  .remedy = N_("Confirm the login with the user; if unknown, revoke the certificate or key, change the password and look at what the VPN address reached."),
	  .run = log_vpn },
	{ .id = "LOG-0090", .items = "LG-1,AC-5", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("No inbound connections to risky ports were accepted"),
	  .explain = N_("Firewall logs show what reached the host, and an appliance's traffic log (FortiGate, Cisco ASA, Palo Alto, SonicWall) what reached the network behind it: an accepted inbound connection to NetBIOS/SMB (137-139, 445) or RDP (3389), from outside for an appliance (not a private, loopback or link-local address), means these ports are open to where it came from. The most blocked sources and ports are listed for review."),
	  .remedy = N_("Close the port to outside addresses (ufw deny, nftables drop), and check the service it reached for signs of use."),
	  .run = log_firewall },
	{ .id = "LOG-0100", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Logs were not truncated, cleared or rewound"),
	  .explain = N_("Intruders hide by editing logs: a log file that shrank in place, wtmp, btmp or lastlog that lost records since the last run, a rotation missing from the middle of the series, the clock going backwards, or a damaged journal."),
	  .remedy = N_("Compare with a remote copy of the logs, find out who changed the files and when (auditd, file times), and treat unexplained changes as an incident."),
	  .run = log_integrity },
	{ .id = "LOG-0110", .items = "LG-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("No services or scheduled tasks were installed during the holiday"),
	  .explain = N_("On Windows servers intruders keep their foothold and run their tools as a new service (System 7045) or a scheduled task (Security 4698); one created while everyone was away needs an owner."),
	  .remedy = N_("Confirm each one with whoever installed it; stop and remove unknown services and tasks (sc delete, schtasks /delete) after saving their files for the investigation."),
	  .run = log_persistence },
};

CHECK_AREA(logs_area, "logs", checks);
