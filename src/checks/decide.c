/*
 * How a check decides: check_add(), check_add_sev(), check_set_remedy() and the
 * subject groups append findings for the check the runner (run.c) is running.
 * The area files call these and nothing of the runner, so the runner -> registry
 * -> area tables -> decide.c has no cycle.
 */
#include "checks/advisory.h"
#include "checks/context.h"
#include "parse/config/allow.h"
#include "util/i18n.h"
#include "util/strbuf.h"
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

	for (j = 0; j < ctx->n_allow; j++) {
		const struct config_allow *a = &ctx->allow[j];

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
	if (allow_names(g->ctx, subject)) {
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

size_t check_n_findings(const struct check_ctx *ctx)
{
	return ctx->rep->n_findings;
}
