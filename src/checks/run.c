/* The runner: which checks run, the context they see, accepted exceptions; checks decide in decide.c. */
#include "checks/context.h"
#include "parse/config.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	long today = (long)(ctx->now / 86400);
	size_t i, j;

	for (i = from; i < ctx->rep->n_findings; i++) {
		struct finding *f = &ctx->rep->findings[i];
		if (f->status != ST_WARN && f->status != ST_FAIL)
			continue;
		for (j = 0; j < ctx->n_allow; j++) {
			const struct config_allow *a = &ctx->allow[j];
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

static bool skipped(const struct check *c, const char *area, const struct config *cfg, const struct run_opts *o)
{
	return listed(o->skip, o->n_skip, c, area) || listed(cfg->audit.skip, cfg->audit.n_skip, c, area);
}

/* Hands what the checks returned beside findings to the report; the report's own stays (the first wins). */
static void extra_to_report(struct check_extra *x, struct report *rep)
{
	if (!rep->window)
		rep->window = x->window;
	else
		free(x->window);
	if (!rep->timeline) {
		rep->timeline = x->timeline;
	} else if (x->timeline) {
		free(x->timeline->zone);
		free(x->timeline->days);
		free(x->timeline);
	}
	memset(x, 0, sizeof(*x));
}

int checks_run(struct root *root, const struct config *cfg, const struct run_opts *o, struct report *rep,
	       struct err *err)
{
	struct check_ctx ctx = { 0 };
	size_t a, i, n_selected = 0, n_done = 0;

	(void)err;
	ctx.root = root;
	ctx.opts = o;
	ctx.accounts = &cfg->accounts;
	ctx.alert = &cfg->alert;
	ctx.av = &cfg->av;
	ctx.backup = &cfg->backup;
	ctx.baseline = &cfg->baseline;
	ctx.logs = &cfg->logs;
	ctx.monitoring = &cfg->monitoring;
	ctx.netscan = &cfg->netscan;
	ctx.inventory = &cfg->inventory;
	ctx.passwords = &cfg->passwords;
	ctx.plan = &cfg->plan;
	ctx.ports = &cfg->ports;
	ctx.services = &cfg->services;
	ctx.ssh = &cfg->ssh;
	ctx.vulns = &cfg->vulns;
	ctx.organisation = cfg->organisation;
	ctx.cfg_file = cfg->source ? cfg->source : "kyuka.yaml";
	ctx.allow = cfg->allow;
	ctx.n_allow = cfg->n_allow;
	ctx.now = rep->generated_at;
	ctx.phase = o->phase;
	ctx.opts = o;
	ctx.rep = rep;
	ctx.facts = facts_new(root);
	ctx.evidence = o->evidence;
	ctx.store = o->store;
	ctx.drills = o->drills;
	ctx.hostname = rep->host.hostname;
	memcpy(ctx.holiday_start, rep->holiday_start, sizeof(ctx.holiday_start));
	memcpy(ctx.holiday_end, rep->holiday_end, sizeof(ctx.holiday_end));
	if (rep->has_holiday && date_to_days(rep->holiday_start, 10, &ctx.holiday_start_days) == 0 &&
	    date_to_days(rep->holiday_end, 10, &ctx.holiday_end_days) == 0)
		ctx.has_holiday = true;
	ctx.holiday_from_config = cfg->has_holiday && strcmp(cfg->holiday_start, ctx.holiday_start) == 0 &&
				  strcmp(cfg->holiday_end, ctx.holiday_end) == 0;

	if (o->on_check)
		for (a = 0; a < n_check_areas; a++)
			for (i = 0; i < check_areas[a]->n; i++)
				n_selected += check_selected(&check_areas[a]->checks[i], check_areas[a]->name, o);
	for (a = 0; a < n_check_areas; a++) {
		const struct check_area *ar = check_areas[a];
		for (i = 0; i < ar->n; i++) {
			const struct check *c = &ar->checks[i];
			size_t before = rep->n_findings;
			struct err e = { 0 };
			int ret;

			if (!check_selected(c, ar->name, o))
				continue;
			if (o->on_check)
				o->on_check(o->on_check_arg, c, n_done++, n_selected);
			ctx.cur = c;
			ctx.cur_area = ar->name;
			if (skipped(c, ar->name, cfg, o)) {
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
	extra_to_report(&ctx.extra, rep);
	facts_free(ctx.facts);
	return 0;
}
