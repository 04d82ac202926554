/*
 * Changes while unattended (CH-1): the host now against the baseline saved
 * before the holiday (kyuka baseline save), classified as kyuka diff does.
 * The snapshot of the host now goes to scratch tables of the runner's
 * read-only connection: an audit writes nothing to the database.
 */
#include "checks/context.h"
#include "checks/util.h"
#include "engines/baseline.h"
#include "parse/config/baseline.h"
#include "store/baseline.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CH_MAX_FINDINGS 100	/* unexplained changes listed one by one; the rest are counted */

struct ch_state {
	struct check_ctx *ctx;
	struct check_group low;
	size_t listed, more, explained, total;
};

static const char *change_word(enum baseline_change c)
{
	return c == BL_APPEARED ? _("appeared") : c == BL_VANISHED ? _("vanished") : _("changed");
}

static int on_delta(void *p, const struct baseline_delta *d)
{
	struct ch_state *s = p;
	char *subject;

	s->total++;
	if (d->explained) {
		s->explained++;
		return 0;
	}
	subject = xasprintf("%s %s", d->kind, d->key);
	if (d->severity < SEV_MEDIUM) {
		check_group_add(&s->low, subject, "%s%s%s", change_word(d->change), d->why[0] ? ": " : "", d->why);
	} else if (s->listed < CH_MAX_FINDINGS) {
		s->listed++;
		check_add_sev(s->ctx, ST_FAIL, d->severity, subject, _("%s (%s)%s%s; before: %s; now: %s"),
			      change_word(d->change), d->item, d->why[0] ? ": " : "", d->why,
			      d->before ? d->before : "-", d->after ? d->after : "-");
	} else {
		s->more++;
	}
	free(subject);
	return 0;
}

static int changes_since_baseline(struct check_ctx *ctx, struct err *err)
{
	struct baseline_opts o = { .label = "now", .at = ctx->now };
	struct baseline_result res = { 0 };
	struct ch_state s = { .ctx = ctx };
	struct baseline_info base;
	struct store *st;
	struct err e = { 0 };
	char sha[65], when[32];
	int r;

	if (!ctx->store) {
		check_add(ctx, ST_SKIP, "", "%s", _("no database path"));
		return 0;
	}
	if (ctx->store->rc == -ENOENT) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no database, so no baseline: run kyuka baseline save before the next holiday"));
		return 0;
	}
	if (ctx->store->rc == -ECANCELED) {	/* --no-store */
		check_add(ctx, ST_SKIP, "", _("the baseline was not read: %s"), ctx->store->err.msg);
		return 0;
	}
	if (ctx->store->rc < 0) {
		e = ctx->store->err;
		r = fact_failed(ctx, ctx->store->rc, &e, err);
		return r < 0 ? r : 0;
	}
	st = ctx->store->st;
	if (store_baseline_get(st, 0, "baseline", &base, &e) < 0) {
		if (e.code != -ENOENT)
			return err_set(err, e.code, "%s", e.msg);
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no baseline was saved: run kyuka baseline save before the next holiday (kyuka diff compares)"));
		return 0;
	}
	time_format_utc(base.taken_at, when, sizeof(when));
	if (strcmp(base.root, root_dir(ctx->root)) != 0) {
		check_add(ctx, ST_SKIP, "", _("the newest baseline (%lld, %s) is of root '%s', not '%s'"), (long long)base.id,
			  when, base.root, root_dir(ctx->root));
		return 0;
	}
	if ((r = store_baseline_summary(st, base.id, sha, err)) < 0)
		return r;
	if (strcmp(sha, base.sha256) != 0) {
		check_add_sev(ctx, ST_FAIL, SEV_CRITICAL, "",
			      _("baseline %lld of %s no longer matches the summary printed when it was saved (%s, now %s): "
				"the database was changed, so this comparison cannot be trusted"),
			      (long long)base.id, when, base.sha256, sha);
		return 0;
	}
	if (ctx->baseline->n_paths) {
		o.paths = ctx->baseline->paths;
		o.n_paths = ctx->baseline->n_paths;
	}
	if ((r = store_baseline_scratch(st, err)) < 0)
		return r;
	if ((r = baseline_save(ctx->root, st, &o, &res, err)) < 0)
		return r;
	check_group_init(&s.low, ctx, ST_WARN, SEV_LOW);
	r = baseline_diff(st, base.id, res.id, ctx->root, on_delta, &s, err);
	store_baseline_delete(st, res.id, NULL);
	if (r < 0) {
		check_group_end(&s.low, "%s", "");
		baseline_result_free(&res);
		return r;
	}
	check_group_end(&s.low, ngettext("%zu minor change since the baseline (vanished items, unreadable parts)",
					 "%zu minor changes since the baseline (vanished items, unreadable parts)", s.low.n),
			s.low.n);
	if (s.more)
		check_add_sev(ctx, ST_FAIL, SEV_HIGH, "", _("%zu more unexplained changes: kyuka diff lists them all"), s.more);
	if (!s.listed && !s.more) {
		struct strbuf nr = STRBUF_INIT;
		size_t i;

		for (i = 0; i < res.n_notes; i++)
			strbuf_addf(&nr, "; %s %s", _("not read:"), res.notes[i]);
		if (res.n_items <= res.n_unread)
			/* nothing of the host was read: no evidence for a PASS */
			check_add(ctx, ST_SKIP, "", _("nothing of the host could be read to compare with baseline %lld%s"),
				  (long long)base.id, nr.len ? nr.buf : "");
		else if (res.n_notes)
			/* a part could not be read: no change there is no evidence of none */
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "",
				      _("baseline %lld of %s (summary %s, intact) against the host now: %zu items read, no "
					"unexplained change (%zu explained by the package manager), but not all could be read%s"),
				      (long long)base.id, when, base.sha256, res.n_items - res.n_unread, s.explained, nr.buf);
		else
			check_add(ctx, ST_PASS, "",
				  _("baseline %lld of %s (summary %s, intact) against the host now: %zu items read, no "
				    "unexplained change (%zu explained by the package manager)"),
				  (long long)base.id, when, base.sha256, res.n_items - res.n_unread, s.explained);
		strbuf_release(&nr);
	}
	baseline_result_free(&res);
	return 0;
}

static const struct check checks[] = {
	{ .id = "CH-0010", .items = "CH-1", .phase = PHASE_AFTER, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("Nothing changed on the host while nobody watched, or every change is explained"),
	  .explain = N_("The host now is compared with the baseline saved before the holiday (kyuka baseline save): accounts, groups, sudo grants, authorized keys, listening sockets, enabled units, timers, cron entries, packages, kernel modules, setuid files and the SHA-256 of the files under the configured paths. A new UID 0 account or key is critical; a changed binary that dpkg's md5sums or a package upgrade does not explain is high. The baseline is first checked against the summary recorded when it was saved."),
	  .remedy = N_("Review each change with kyuka diff: find who made it and why (the logs of the holiday, the change records); remove what nobody can explain and treat it as an incident."),
	  .run = changes_since_baseline },
};

CHECK_AREA(changes_area, "changes", checks);
