/*
 * Vulnerabilities (VU-1 before the holiday, VU-4 after it): the imported
 * feeds (kyuka feeds) matched against the installed packages, and the age
 * of the feeds themselves.
 */
#include "checks/util.h"
#include "collect/packages.h"
#include "engines/vulns.h"
#include "parse/config/vulns.h"
#include "store/feeds.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The feed database the command opened; SKIP (returns 1) when there is none. */
static int open_feeds(struct check_ctx *ctx, struct store **st, struct err *err)
{
	struct err e;
	int r;

	if (!ctx->store) {
		check_add(ctx, ST_SKIP, "", "%s", _("no database path"));
		return 1;
	}
	r = ctx->store->rc;
	if (r == -ENOENT) {
		check_add(ctx, ST_SKIP, "", "%s", _("no vulnerability feeds imported (kyuka feeds import FILE... or kyuka feeds update)"));
		return 1;
	}
	if (r == -ECANCELED) {	/* --no-store */
		check_add(ctx, ST_SKIP, "", _("the feeds were not read: %s"), ctx->store->err.msg);
		return 1;
	}
	if (r < 0) {
		e = ctx->store->err;
		r = fact_failed(ctx, r, &e, err);	/* not ours to read: SKIP */
		return r < 0 ? r : 1;
	}
	*st = ctx->store->st;
	return 0;
}

/* The codename of the root's release, or SKIP. */
static int release_of(struct check_ctx *ctx, char *out, size_t size)
{
	struct err e;

	if (ctx->vulns->release) {
		snprintf(out, size, "%s", ctx->vulns->release);
		return 0;
	}
	if (collect_release(ctx->root, out, size, &e) < 0) {
		check_add(ctx, ST_SKIP, "", "%s", e.msg);
		return 1;
	}
	return 0;
}

static void describe(struct strbuf *sb, const struct vuln *v)
{
	size_t i;

	if (v->fixed)
		strbuf_addf(sb, _("installed %s, fixed in %s"), v->installed, v->fixed);
	else
		strbuf_addf(sb, _("installed %s, no fix yet"), v->installed);
	strbuf_addf(sb, _("; published %s; urgency %s"), v->published[0] ? v->published : _("unknown"),
		    urgency_name(v->urgency));
	if (v->kev)
		strbuf_addf(sb, _("; KNOWN EXPLOITED (CISA KEV since %s%s%s)%s"), v->kev_added, v->kev_due[0] ? _(", due ") : "",
			    v->kev_due, v->ransomware ? _(", used by ransomware") : "");
	if (v->n_cves)
		strbuf_adds(sb, ";");
	for (i = 0; i < v->n_cves && i < 12; i++)
		strbuf_addf(sb, " %s", v->cves[i]);
	if (v->n_cves > 12)
		strbuf_addf(sb, _(" and %zu more"), v->n_cves - 12);
	strbuf_addf(sb, _("; packages %s"), v->binaries);
}

/*
 * The feeds read for release, or SKIP (returns 1) when none holds anything
 * for it: an empty database, or feeds of other releases only, must not PASS.
 */
static int feeds_for(struct check_ctx *ctx, struct store *st, const char *release, struct vuln_feeds *f,
		     struct err *err)
{
	struct strbuf names = STRBUF_INIT;
	size_t i;
	int r;

	if ((r = vuln_feeds_load(st, release, f, err)) < 0)
		return r;
	if (!f->n) {
		check_add(ctx, ST_SKIP, "", "%s", _("no vulnerability feeds imported (kyuka feeds import FILE... or kyuka feeds update)"));
		vuln_feeds_free(f);
		return 1;
	}
	if (f->covering)
		return 0;
	for (i = 0; i < f->n; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", vuln_feed_title(f->v[i].name));
	check_add(ctx, ST_SKIP, "", _("no imported feed holds records for %s (imported: %s): import feeds that cover it (kyuka feeds import FILE... or kyuka feeds update)"),
		  release, names.buf);
	strbuf_release(&names);
	vuln_feeds_free(f);
	return 1;
}

/*
 * VULN-0030 can only judge the holiday once it has begun and with feeds
 * whose entries reach into it; SKIP (returns 1) otherwise. A feed that ends
 * before the holiday began, or was refreshed before it ended, is a WARN.
 */
static int window_covered(struct check_ctx *ctx, const struct vuln_feeds *f, const struct vuln_query *q)
{
	size_t i;

	if (!f->newest[0]) {
		check_add(ctx, ST_SKIP, "", _("the feeds for %s carry no dates (tracker only): what was published during the holiday cannot be told; import the DSA or DLA list or OSV (kyuka feeds import FILE... or kyuka feeds update)"),
			  q->release);
		return 1;
	}
	if (strcmp(f->newest, q->start) < 0) {
		check_add(ctx, ST_SKIP, "", _("the feeds end on %s, before the holiday began on %s: they cannot show what was published during it; update them (kyuka feeds update) and audit again"),
			  f->newest, q->start);
		return 1;
	}
	for (i = 0; i < f->n; i++) {
		const struct store_feed_info *v = &f->v[i];
		char when[16];

		if (v->release_rows <= 0 || !strcmp(v->name, "tracker"))
			continue;
		if (strcmp(v->as_of, q->start) < 0) {
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, v->name,
				      _("feed ends on %s, before the holiday began on %s: what it published since is missing; update it (kyuka feeds update)"),
				      v->as_of[0] ? v->as_of : "-", q->start);
			continue;
		}
		days_format((long)(v->checked_at / 86400), when, sizeof(when));
		if (strcmp(when, q->end) <= 0)
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, v->name,
				      _("feed last refreshed on %s, before the holiday ended on %s: advisories published late in it may be missing"),
				      when, q->end);
	}
	return 0;
}

/*
 * The shared body of VULN-0010 and VULN-0030: a fixable vulnerability is a
 * FAIL (critical when known exploited), one without a fix a WARN when it is
 * known exploited or of high urgency (mitigate); the rest are counted.
 */
static int match_and_report(struct check_ctx *ctx, bool window, struct err *err)
{
	const struct dpkg_status *pk;
	struct vuln_query q = { 0 };
	struct vuln_result res = { 0 };
	struct vuln_feeds f = { 0 };
	struct strbuf read = STRBUF_INIT;
	struct store *st = NULL;
	char release[32];
	struct err e;
	size_t i, quiet = 0, reported = 0;
	int r;

	if ((r = facts_dpkg(ctx->facts, &pk, &e)) < 0) {
		if (r == -ENOENT) {
			check_add(ctx, ST_SKIP, "", "%s", e.msg);
			return 0;
		}
		return fact_failed(ctx, r, &e, err);
	}
	if (release_of(ctx, release, sizeof(release)))
		return 0;
	if (window) {
		if (!ctx->has_holiday) {
			check_add(ctx, ST_SKIP, "", "%s", _("no holiday window (--holiday START..END or holiday: in the config)"));
			return 0;
		}
		q.has_window = true;
		days_format(ctx->holiday_start_days, q.start, sizeof(q.start));
		days_format(ctx->holiday_end_days, q.end, sizeof(q.end));
		if (ctx_today(ctx) < ctx->holiday_start_days) {
			check_add(ctx, ST_SKIP, "", _("the holiday begins on %s: what is published during it can be checked after it"),
				  q.start);
			return 0;
		}
	}
	q.release = release;
	days_format(ctx_today(ctx), q.not_after, sizeof(q.not_after));	/* as of the audit's time */
	if ((r = open_feeds(ctx, &st, err)) != 0)
		return r < 0 ? r : 0;
	if ((r = feeds_for(ctx, st, release, &f, err)) != 0) {
		return r < 0 ? r : 0;
	}
	if (window && window_covered(ctx, &f, &q)) {
		vuln_feeds_free(&f);
		return 0;
	}
	vuln_feeds_describe(&f, &read);
	vuln_feeds_free(&f);
	r = vulns_match(st, pk, &q, &res, err);
	if (r < 0)
		goto out;
	for (i = 0; i < res.n; i++) {
		const struct vuln *v = &res.v[i];
		struct strbuf sb = STRBUF_INIT;
		char *subj;

		if (!v->fixed && !v->kev && v->urgency < URG_HIGH) {
			quiet++;
			continue;
		}
		describe(&sb, v);
		subj = xasprintf("%s %s", v->id, v->package);
		if (v->fixed)
			check_add_sev(ctx, ST_FAIL, v->kev ? SEV_CRITICAL : SEV_HIGH, subj, "%s", sb.buf);
		else
			check_add_sev(ctx, ST_WARN, v->kev ? SEV_HIGH : SEV_MEDIUM, subj, "%s", sb.buf);
		if (!v->fixed)
			check_set_remedy(ctx, "%s", _("No fixed version yet: apply the vendor's mitigation, restrict access to the service, or stop it until a fix is published."));
		free(subj);
		strbuf_release(&sb);
		reported++;
	}
	if (!reported) {
		if (window)
			check_add(ctx, ST_PASS, "", _("nothing published %s..%s affects the %zu installed packages (%zu source, %s), compared against %s%s"),
				  q.start, q.end, res.installed, res.packages, release, read.buf,
				  quiet ? _("; some without a fix and of low urgency") : "");
		else
			check_add(ctx, ST_PASS, "", _("no fixable vulnerability in the %zu installed packages (%zu source, %s), compared against %s; %zu without a fix and of low urgency"),
				  res.installed, res.packages, release, read.buf, quiet);
	}
	r = 0;
out:
	strbuf_release(&read);
	vuln_result_free(&res);
	return r;
}

static int vuln_known(struct check_ctx *ctx, struct err *err)
{
	return match_and_report(ctx, false, err);
}

static int vuln_holiday(struct check_ctx *ctx, struct err *err)
{
	return match_and_report(ctx, true, err);
}

/*
 * A feed's age is that of its newest entry (an old file imported today is
 * still old); the evidence gives the refresh too. The tracker carries no
 * dates: its file's time stands in, and the evidence says so.
 */
static int vuln_feed_age(struct check_ctx *ctx, struct err *err)
{
	static const char *const wanted[] = { "dsa", "kev" };
	struct store_feed_info *fv = NULL;
	struct store *st = NULL;
	size_t nf = 0, i, j;
	long today = ctx_today(ctx);
	unsigned max = ctx->vulns->max_feed_age_days;
	int r;

	if ((r = open_feeds(ctx, &st, err)) != 0)
		return r < 0 ? r : 0;
	r = store_feed_list(st, &fv, &nf, err);
	if (r < 0)
		return r;
	for (j = 0; j < ARRAY_SIZE(wanted); j++) {
		for (i = 0; i < nf && strcmp(fv[i].name, wanted[j]); i++)
			;
		if (i == nf)
			check_add(ctx, ST_WARN, wanted[j], "%s", _("never imported: vulnerabilities it lists cannot be found"));
	}
	for (i = 0; i < nf; i++) {
		const struct store_feed_info *v = &fv[i];
		long refreshed = (long)(v->checked_at / 86400), newest, age;
		bool dated = v->as_of[0] && strcmp(v->name, "tracker");
		char when[16], from[16];

		days_format(refreshed, when, sizeof(when));
		if (!v->as_of[0] || date_to_days(v->as_of, strlen(v->as_of), &newest) < 0)
			newest = refreshed;
		days_format(newest, from, sizeof(from));
		age = today - newest;
		if (age < 0) {
			/* data newer than the time given with --now */
			days_format(today, from, sizeof(from));
			check_add(ctx, ST_PASS, v->name, _("newest entry %s, after the audit's time (%s); last refreshed on %s; %lld records"),
				  v->as_of, from, when, (long long)v->n_records);
		} else if (!dated) {
			/* no dates in the data: the file's time (tracker) or the refresh */
			if (age > (long)max)
				check_add(ctx, ST_WARN, v->name, _("carries no dates: counted from %s, %ld days ago (more than vulns.max_feed_age_days, %u); last refreshed on %s"),
					  from, age, max, when);
			else
				check_add(ctx, ST_PASS, v->name, _("carries no dates: counted from %s, %ld days ago; last refreshed on %s; %lld records"),
					  from, age, when, (long long)v->n_records);
		} else if (age > (long)max) {
			check_add(ctx, ST_WARN, v->name, _("newest entry %s, %ld days old (more than vulns.max_feed_age_days, %u); last refreshed on %s"),
				  v->as_of, age, max, when);
		} else {
			check_add(ctx, ST_PASS, v->name, _("newest entry %s, %ld days old; last refreshed on %s; %lld records"),
				  v->as_of, age, when, (long long)v->n_records);
		}
	}
	store_feed_infos_free(fv, nf);
	return 0;
}

static const struct check checks[] = {
	{ .id = "VULN-0010", .items = "VU-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No installed package has a known, fixed vulnerability"),
	  .explain = N_("The imported feeds (Debian security and LTS advisories, the security tracker, OSV) say which source package versions are fixed for this release; an installed version older than the fix is vulnerable. CISA's Known Exploited Vulnerabilities catalog marks those attacked in the wild, which come first."),
	  .remedy = N_("Upgrade the package (apt-get install --only-upgrade PACKAGE) before the holiday; known-exploited ones at once."),
	  .run = vuln_known },
	{ .id = "VULN-0020", .items = "VU-1,VU-2,VU-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The vulnerability feeds are current"),
	  .explain = N_("Matching is only as good as the feeds: a feed whose newest entry is older than vulns.max_feed_age_days (default 7) misses what was published since, which is exactly what the holiday checks need. The age counts from the newest entry of the data, not from the import (an old file imported today is still old); the tracker carries no dates, so its file's time is used."),
	  .remedy = N_("kyuka feeds update (or import fresh copies with kyuka feeds import), e.g. from a daily timer."),
	  .run = vuln_feed_age },
	{ .id = "VULN-0030", .items = "VU-4", .phase = PHASE_AFTER, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No vulnerability published during the holiday affects this host"),
	  .explain = N_("Advisories published inside the holiday window (--holiday or holiday: in the config) that affect the installed packages, known-exploited first: the advisory asks for these to be checked and patched, or mitigated, right after the holiday."),
	  .remedy = N_("Upgrade the package now (apt-get update && apt-get install --only-upgrade PACKAGE); known-exploited ones first."),
	  .run = vuln_holiday },
};

CHECK_AREA(vulns_area, "vulns", checks);
