/*
 * Vulnerabilities (VU-1 before the holiday, VU-4 after it): the imported
 * feeds (kyuka feeds) matched against the installed packages, and the age
 * of the feeds themselves.
 */
#include "checks/util.h"
#include "collect/packages.h"
#include "engines/vulns.h"
#include "store/feeds.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens the feed database; SKIP (returns 1) when there is none. */
static int open_feeds(struct check_ctx *ctx, struct store **st, struct err *err)
{
	struct err e;
	int r;

	if (!ctx->db) {
		check_add(ctx, ST_SKIP, "", "%s", _("no database path"));
		return 1;
	}
	r = store_open_existing(ctx->db, st, &e);
	if (r == -ENOENT) {
		check_add(ctx, ST_SKIP, "", "%s", _("no vulnerability feeds imported (kyuka feeds import FILE... or kyuka feeds update)"));
		return 1;
	}
	if (r < 0) {
		r = fact_failed(ctx, r, &e, err);	/* not ours to read: SKIP */
		return r < 0 ? r : 1;
	}
	return 0;
}

/* The codename of the root's release, or SKIP. */
static int release_of(struct check_ctx *ctx, char *out, size_t size)
{
	struct err e;

	if (ctx->cfg->vulns.release) {
		snprintf(out, size, "%s", ctx->cfg->vulns.release);
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
 * The shared body of VULN-0010 and VULN-0030: a fixable vulnerability is a
 * FAIL (critical when known exploited), one without a fix a WARN when it is
 * known exploited or of high urgency (mitigate); the rest are counted.
 */
static int match_and_report(struct check_ctx *ctx, bool window, struct err *err)
{
	const struct dpkg_status *pk;
	struct vuln_query q = { 0 };
	struct vuln_result res = { 0 };
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
	}
	q.release = release;
	days_format(ctx_today(ctx), q.not_after, sizeof(q.not_after));	/* as of the audit's time */
	if ((r = open_feeds(ctx, &st, err)) != 0)
		return r < 0 ? r : 0;
	r = vulns_match(st, pk, &q, &res, err);
	if (r == 0 && window) {
		/* feeds last refreshed before the holiday ended cannot show what was published late in it */
		struct store_feed_info *fv = NULL;
		size_t nf = 0;

		if (store_feed_list(st, &fv, &nf, &e) == 0) {
			for (i = 0; i < nf; i++) {
				long checked = (long)(fv[i].checked_at / 86400);
				char when[16];

				days_format(checked, when, sizeof(when));

				if ((!strcmp(fv[i].name, "dsa") || !strcmp(fv[i].name, "dla") || !strcmp(fv[i].name, "osv")) &&
				    checked <= ctx->holiday_end_days)
					check_add_sev(ctx, ST_WARN, SEV_MEDIUM, fv[i].name,
						      _("feed last refreshed on %s, before the holiday ended on %s: advisories published late in it may be missing"),
						      when, q.end);
			}
			store_feed_infos_free(fv, nf);
		}
	}
	store_close(st);
	if (r < 0)
		return r;
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
			check_add(ctx, ST_PASS, "", _("nothing published %s..%s affects the %zu installed source packages (%s)%s"),
				  q.start, q.end, res.packages, release, quiet ? _("; some without a fix and of low urgency") : "");
		else
			check_add(ctx, ST_PASS, "", _("no fixable vulnerability in the %zu installed source packages (%s); %zu without a fix and of low urgency"),
				  res.packages, release, quiet);
	}
	vuln_result_free(&res);
	return 0;
}

static int vuln_known(struct check_ctx *ctx, struct err *err)
{
	return match_and_report(ctx, false, err);
}

static int vuln_holiday(struct check_ctx *ctx, struct err *err)
{
	return match_and_report(ctx, true, err);
}

static int vuln_feed_age(struct check_ctx *ctx, struct err *err)
{
	static const char *const wanted[] = { "dsa", "kev" };
	struct store_feed_info *fv = NULL;
	struct store *st = NULL;
	size_t nf = 0, i, j;
	long today = ctx_today(ctx);
	int r;

	if ((r = open_feeds(ctx, &st, err)) != 0)
		return r < 0 ? r : 0;
	r = store_feed_list(st, &fv, &nf, err);
	store_close(st);
	if (r < 0)
		return r;
	for (j = 0; j < ARRAY_SIZE(wanted); j++) {
		for (i = 0; i < nf && strcmp(fv[i].name, wanted[j]); i++)
			;
		if (i == nf)
			check_add(ctx, ST_WARN, wanted[j], "%s", _("never imported: vulnerabilities it lists cannot be found"));
	}
	for (i = 0; i < nf; i++) {
		long age = today - (long)(fv[i].checked_at / 86400);

		if (age < 0)
			age = 0;	/* refreshed after the time given with --now */

		if (age > (long)ctx->cfg->vulns.max_feed_age_days)
			check_add(ctx, ST_WARN, fv[i].name, _("last refreshed %ld days ago (more than vulns.max_feed_age_days, %u); newest entry %s"),
				  age, ctx->cfg->vulns.max_feed_age_days, fv[i].as_of[0] ? fv[i].as_of : "-");
		else
			check_add(ctx, ST_PASS, fv[i].name, _("refreshed %ld days ago; %lld records, newest %s"), age,
				  (long long)fv[i].n_records, fv[i].as_of[0] ? fv[i].as_of : "-");
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
	  .explain = N_("Matching is only as good as the feeds: a feed not refreshed for longer than vulns.max_feed_age_days (default 7) misses what was published since, which is exactly what the holiday checks need."),
	  .remedy = N_("kyuka feeds update (or import fresh copies with kyuka feeds import), e.g. from a daily timer."),
	  .run = vuln_feed_age },
	{ .id = "VULN-0030", .items = "VU-4", .phase = PHASE_AFTER, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No vulnerability published during the holiday affects this host"),
	  .explain = N_("Advisories published inside the holiday window (--holiday or holiday: in the config) that affect the installed packages, known-exploited first: the advisory asks for these to be checked and patched, or mitigated, right after the holiday."),
	  .remedy = N_("Upgrade the package now (apt-get update && apt-get install --only-upgrade PACKAGE); known-exploited ones first."),
	  .run = vuln_holiday },
};

CHECK_AREA(vulns_area, "vulns", checks);
