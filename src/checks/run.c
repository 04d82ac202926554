#include "checks/advisory.h"
#include "checks/context.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void add_finding(struct check_ctx *ctx, enum status st, enum severity sev, const char *subject, char *evidence)
{
	const struct check *c = ctx->cur;
	const struct advisory_item *item = advisory_first_item(c->items);
	struct finding f = {
		.check_id = c->id,
		.items = c->items,
		.area = ctx->cur_area,
		.title = c->title,
		.heading = item ? item->heading : "",
		.heading_order = item ? item->order : 99,
		.audience = c->audience,
		.phase = c->phase,
		.status = st,
		.severity = sev,
		.subject = xstrdup(subject ? subject : ""),
		.evidence = evidence,
		.remedy = st == ST_PASS || st == ST_SKIP || !c->remedy ? NULL : xstrdup(_(c->remedy)),
	};
	report_add(ctx->rep, &f);
}

static char *vfmt(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt)
		strbuf_vaddf(&sb, fmt, ap);
	return strbuf_detach(&sb, NULL);
}

void check_add(struct check_ctx *ctx, enum status st, const char *subject, const char *fmt, ...)
{
	va_list ap;
	char *ev;

	va_start(ap, fmt);
	ev = vfmt(fmt, ap);
	va_end(ap);
	add_finding(ctx, st, st == ST_PASS ? SEV_INFO : ctx->cur->severity, subject, ev);
}

void check_add_sev(struct check_ctx *ctx, enum status st, enum severity sev, const char *subject, const char *fmt,
		   ...)
{
	va_list ap;
	char *ev;

	va_start(ap, fmt);
	ev = vfmt(fmt, ap);
	va_end(ap);
	add_finding(ctx, st, sev, subject, ev);
}

void check_set_remedy(struct check_ctx *ctx, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if (!ctx->rep->n_findings)
		return;
	f = &ctx->rep->findings[ctx->rep->n_findings - 1];
	free(f->remedy);
	va_start(ap, fmt);
	f->remedy = vfmt(fmt, ap);
	va_end(ap);
}

void check_group_init(struct check_group *g, struct check_ctx *ctx, enum status st, enum severity sev)
{
	memset(g, 0, sizeof(*g));
	g->ctx = ctx;
	g->status = st;
	g->severity = sev;
}

/* True when an accepted exception of the config names this check and subject (not "*": that takes the group). */
static bool allow_names(const struct check_ctx *ctx, const char *subject)
{
	size_t j;

	for (j = 0; j < ctx->cfg->n_allow; j++) {
		const struct config_allow *a = &ctx->cfg->allow[j];

		if (!strcasecmp(a->check, ctx->cur->id) && strcmp(a->subject, "*") != 0 &&
		    !strcmp(a->subject, subject))
			return true;
	}
	return false;
}

void check_group_add(struct check_group *g, const char *subject, const char *fmt, ...)
{
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = vfmt(fmt, ap);
	va_end(ap);
	if (!subject)
		subject = "";
	if (g->ctx->cfg && allow_names(g->ctx, subject)) {
		add_finding(g->ctx, g->status, g->severity, subject, detail);
		return;
	}
	ALLOC_GROW(g->v, st_add(g->n, 1), g->alloc);
	g->v[g->n].name = xstrdup(subject);
	g->v[g->n].detail = detail;
	g->n++;
}

static int subject_cmp(const void *a, const void *b)
{
	const struct finding_subject *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->detail, y->detail);
}

void check_group_end(struct check_group *g, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	char *ev;

	if (!g->n) {
		free(g->v);
		memset(g, 0, sizeof(*g));
		return;
	}
	/* Report order: by name (bytewise), whatever order the check found them in. */
	qsort(g->v, g->n, sizeof(*g->v), subject_cmp);
	va_start(ap, fmt);
	ev = vfmt(fmt, ap);
	va_end(ap);
	add_finding(g->ctx, g->status, g->severity, "", ev);
	f = &g->ctx->rep->findings[g->ctx->rep->n_findings - 1];
	f->subjects = g->v;
	f->n_subjects = g->n;
	memset(g, 0, sizeof(*g));
}

static bool listed(char *const *v, size_t n, const struct check *c, const char *area)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (check_matches(c, area, v[i]))
			return true;
	return false;
}

bool check_selected(const struct check *c, const char *area, const struct run_opts *o)
{
	if (!(c->phase & o->phase))
		return false;
	if (o->audience >= 0 && (int)c->audience != o->audience)
		return o->n_only && listed(o->only, o->n_only, c, area);
	return !o->n_only || listed(o->only, o->n_only, c, area);
}

/* An accepted exception from the config turns a WARN/FAIL into PASS, with the reason shown. */
static void apply_allow(struct check_ctx *ctx, size_t from)
{
	const struct config *cfg = ctx->cfg;
	long today = (long)(ctx->now / 86400);
	size_t i, j;

	for (i = from; i < ctx->rep->n_findings; i++) {
		struct finding *f = &ctx->rep->findings[i];
		if (f->status != ST_WARN && f->status != ST_FAIL)
			continue;
		for (j = 0; j < cfg->n_allow; j++) {
			const struct config_allow *a = &cfg->allow[j];
			long exp;
			char *ev;

			if (strcasecmp(a->check, f->check_id) != 0 ||
			    (strcmp(a->subject, "*") != 0 && strcmp(a->subject, f->subject) != 0))
				continue;
			if (a->expires[0] && date_to_days(a->expires, 10, &exp) == 0 && exp < today) {
				ev = xasprintf(_("%s; accepted exception expired on %s"), f->evidence, a->expires);
			} else {
				ev = a->expires[0] ? xasprintf(_("%s; accepted: %s (until %s)"), f->evidence, a->reason,
							       a->expires)
						   : xasprintf(_("%s; accepted: %s"), f->evidence, a->reason);
				f->status = ST_PASS;
				free(f->remedy);
				f->remedy = NULL;
			}
			free(f->evidence);
			f->evidence = ev;
			break;
		}
	}
}

int checks_run(struct root *root, const struct config *cfg, const struct run_opts *o, struct report *rep,
	       struct err *err)
{
	struct check_ctx ctx = { 0 };
	size_t a, i;

	(void)err;
	ctx.root = root;
	ctx.opts = o;
	ctx.cfg = cfg;
	ctx.now = rep->generated_at;
	ctx.phase = o->phase;
	ctx.opts = o;
	ctx.rep = rep;
	ctx.facts = facts_new(root);
	ctx.evidence = o->evidence;
	ctx.db = o->db;
	ctx.drills = o->drills;
	if (rep->has_holiday && date_to_days(rep->holiday_start, 10, &ctx.holiday_start_days) == 0 &&
	    date_to_days(rep->holiday_end, 10, &ctx.holiday_end_days) == 0)
		ctx.has_holiday = true;

	for (a = 0; a < n_check_areas; a++) {
		const struct check_area *ar = check_areas[a];
		for (i = 0; i < ar->n; i++) {
			const struct check *c = &ar->checks[i];
			size_t before = rep->n_findings;
			struct err e = { 0 };
			int ret;

			if (!check_selected(c, ar->name, o))
				continue;
			ctx.cur = c;
			ctx.cur_area = ar->name;
			if (listed(o->skip, o->n_skip, c, ar->name) || listed(cfg->skip, cfg->n_skip, c, ar->name)) {
				check_add(&ctx, ST_SKIP, "", "%s", _("skipped on request"));
				continue;
			}
			ret = c->run(&ctx, &e);
			if (ret < 0) {
				/* Findings added before the failure stay; the check as a whole could not decide. */
				check_add(&ctx, ST_ERROR, "", "%s", e.msg[0] ? e.msg : _("the check failed"));
			} else if (rep->n_findings == before) {
				/* a check PASSes only by saying what it read: one that says nothing has a bug */
				check_add(&ctx, ST_ERROR, "", "%s",
					  _("the check reported nothing: this is a bug in kyuka, please report it"));
			}
			apply_allow(&ctx, before);
		}
	}
	facts_free(ctx.facts);
	return 0;
}
