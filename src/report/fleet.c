/* The fleet's renderers (report/fleet.h). */
#include "report/fleet.h"
#include "report/htmldoc.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <json-c/json.h>

#include "report/escape.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

size_t fleet_do_first(const struct fleet_status *s, size_t *idx)
{
	size_t i, n = 0;

	for (i = 0; i < s->n_checks && n < FLEET_DO_FIRST_MAX; i++)
		if (s->checks[i].severity > SEV_INFO && (s->checks[i].hosts_fail || s->checks[i].hosts_warn))
			idx[n++] = i;
	return n;
}

static const char *verdict_label(enum fleet_verdict v)
{
	switch (v) {
	case FLEET_READY: return _("ready");
	case FLEET_NOT_READY: return _("not ready");
	case FLEET_MISMATCH: return _("name mismatch");
	default: return _("not reported");
	}
}

/* "3h ago", "2d ago", "never" */
static void age_text(struct strbuf *out, int64_t now, int64_t at)
{
	int64_t d = now - at;

	if (at <= 0)
		strbuf_adds(out, _("never"));
	else if (d < 0)
		strbuf_adds(out, _("in the future"));
	else if (d < 3600)
		strbuf_addf(out, _("%lldm ago"), (long long)(d / 60));
	else if (d < 2 * 86400)
		strbuf_addf(out, _("%lldh ago"), (long long)(d / 3600));
	else
		strbuf_addf(out, _("%lldd ago"), (long long)(d / 86400));
}

/* s escaped for the terminal, for a %s in a translated sentence (word order differs by language). */
static const char *tesc(struct strbuf *tmp, const char *s)
{
	strbuf_reset(tmp);
	esc_terminal(tmp, s ? s : "");
	return tmp->buf;
}

static void pad(struct strbuf *out, size_t from, size_t width)
{
	while (out->len - from < width)
		strbuf_addch(out, ' ');
	strbuf_addch(out, ' ');
}

int render_fleet_status_terminal(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out)
{
	size_t idx[FLEET_DO_FIRST_MAX], n, i, col;
	struct strbuf tmp = STRBUF_INIT, age = STRBUF_INIT;
	bool any = false;

	strbuf_addf(out, _("Fleet: %zu hosts: %zu ready, %zu not ready, %zu name mismatch, %zu not reported"),
		    s->n_hosts, s->n_verdict[FLEET_READY], s->n_verdict[FLEET_NOT_READY], s->n_verdict[FLEET_MISMATCH],
		    s->n_verdict[FLEET_NOT_REPORTED]);
	if (v->holiday)
		strbuf_addf(out, _(" (holiday %s)"), v->holiday);
	strbuf_addch(out, '\n');

	n = fleet_do_first(s, idx);
	if (n) {
		strbuf_addf(out, "\n%s\n", _("Do this first:"));
		for (i = 0; i < n; i++) {
			const struct fleet_check_row *c = &s->checks[idx[i]];

			strbuf_addf(out, "  %zu. [%s] ", i + 1, severity_label(c->severity));
			strbuf_addf(out, _("%s on %zu hosts"), c->check_id, c->hosts);
			if (c->hosts_fail)
				strbuf_addf(out, _(" (FAIL on %zu)"), c->hosts_fail);
			if (c->title)
				strbuf_addf(out, ": %s", _(c->title));
			strbuf_addch(out, '\n');
			if (c->remedy)
				strbuf_addf(out, "     %s\n", _(c->remedy));
		}
	}
	if (s->n_checks) {
		strbuf_addf(out, "\n%s\n", _("Worst findings by check:"));
		for (i = 0; i < s->n_checks && i < FLEET_WORST_MAX; i++) {
			const struct fleet_check_row *c = &s->checks[i];

			strbuf_adds(out, "  ");
			col = out->len;
			strbuf_adds(out, severity_label(c->severity));
			pad(out, col, 8);
			col = out->len;
			strbuf_adds(out, c->check_id);
			pad(out, col, 9);
			strbuf_addf(out, _("%zu hosts"), c->hosts);
			if (c->title)
				strbuf_addf(out, "  %s", _(c->title));
			strbuf_addch(out, '\n');
		}
		if (s->n_checks > FLEET_WORST_MAX)
			strbuf_addf(out, _("  ... and %zu more checks\n"), s->n_checks - FLEET_WORST_MAX);
	}
	for (i = 0; i < s->n_hosts; i++) {
		const struct fleet_host_row *h = &s->hosts[i];

		if (h->verdict == FLEET_NOT_REPORTED || h->verdict == FLEET_MISMATCH || !(h->n_changes || h->n_logs))
			continue;
		if (!any)
			strbuf_addf(out, "\n%s\n", _("Changed after the holiday:"));
		any = true;
		strbuf_addf(out, _("  %s: %zu change findings, %zu log findings\n"), tesc(&tmp, h->name), h->n_changes,
			    h->n_logs);
	}
	strbuf_addf(out, "\n%s\n", _("Hosts:"));
	for (i = 0; i < s->n_hosts; i++) {
		const struct fleet_host_row *h = &s->hosts[i];

		strbuf_adds(out, "  ");
		col = out->len;
		strbuf_adds(out, verdict_label(h->verdict));
		pad(out, col, 14);
		col = out->len;
		esc_terminal(out, h->name);
		pad(out, col, 24);
		if (h->verdict == FLEET_NOT_REPORTED) {
			strbuf_reset(&age);
			age_text(&age, v->now, h->last_at);
			strbuf_addf(out, _("last report: %s"), age.buf);
		} else {
			col = out->len;
			strbuf_adds(out, h->phase[0] ? _(h->phase) : "");
			pad(out, col, 6);
			age_text(out, v->now, h->at);
			if (h->verdict == FLEET_MISMATCH)
				strbuf_addf(out, _("  the report claims to be '%s'"), tesc(&tmp, h->claimed));
			else if (h->verdict == FLEET_NOT_READY) {
				strbuf_addf(out, _("  %zu at or above fail-on (%zu FAIL, %zu WARN, %zu ERROR)"),
					    h->at_or_above, h->n_fail, h->n_warn, h->n_error);
			}
		}
		strbuf_addch(out, '\n');
	}
	strbuf_release(&tmp);
	strbuf_release(&age);
	return 0;
}

static int jadd(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static struct json_object *jtime(int64_t t)
{
	char buf[32];

	if (t <= 0)
		return NULL;
	time_format_utc((time_t)t, buf, sizeof(buf));
	return json_object_new_string(buf);
}

/* A nullable member: NULL adds JSON null. */
static int jadd_n(struct json_object *o, const char *key, struct json_object *v)
{
	return json_object_object_add(o, key, v) < 0 ? -ENOMEM : 0;
}

static int finish(struct json_object *top, int r, struct strbuf *out)
{
	const char *text;
	size_t len = 0;

	if (r == 0) {
		text = json_object_to_json_string_length(top, JSON_FLAGS, &len);
		r = text ? esc_json_text(out, text, len) : -ENOMEM;
		if (r == 0)
			r = strbuf_addch(out, '\n');
	}
	json_object_put(top);
	return r;
}

int render_fleet_status_json(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out)
{
	struct json_object *top = json_object_new_object(), *counts, *hosts, *checks, *changed, *first;
	size_t idx[FLEET_DO_FIRST_MAX], n, i;
	int r = 0;

	if (!top)
		return -ENOMEM;
	counts = json_object_new_object();
	hosts = json_object_new_array();
	checks = json_object_new_array();
	changed = json_object_new_array();
	first = json_object_new_array();
	if ((r = jadd(top, "schema", json_object_new_string("kyuka-fleet-status-1"))) < 0 ||
	    (r = jadd_n(top, "generated_at", jtime(v->now))) < 0 ||
	    (r = jadd_n(top, "holiday", v->holiday ? json_object_new_string(v->holiday) : NULL)) < 0 ||
	    (r = jadd(top, "max_age_seconds", json_object_new_int64(v->max_age))) < 0)
		goto out;
	if (!counts || !hosts || !checks || !changed || !first) {
		r = -ENOMEM;
		goto out;
	}
	jadd(counts, "hosts", json_object_new_int64((int64_t)s->n_hosts));
	for (i = 0; i < 4; i++)
		jadd(counts, fleet_verdict_name(i), json_object_new_int64((int64_t)s->n_verdict[i]));
	for (i = 0; i < s->n_hosts; i++) {
		const struct fleet_host_row *h = &s->hosts[i];
		struct json_object *o = json_object_new_object();
		bool rep = h->verdict != FLEET_NOT_REPORTED;

		if (!o || json_object_array_add(hosts, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			goto out;
		}
		jadd_n(o, "name", esc_json_str(h->name));
		jadd(o, "status", json_object_new_string(fleet_verdict_name(h->verdict)));
		jadd_n(o, "phase", rep && h->phase[0] ? json_object_new_string(h->phase) : NULL);
		jadd_n(o, "reported_at", rep ? jtime(h->at) : NULL);
		jadd_n(o, "last_reported_at", jtime(h->last_at));
		jadd_n(o, "age_seconds", h->last_at > 0 ? json_object_new_int64(v->now - (rep ? h->at : h->last_at)) : NULL);
		jadd(o, "at_or_above_fail_on", json_object_new_int64((int64_t)h->at_or_above));
		jadd(o, "fail", json_object_new_int64((int64_t)h->n_fail));
		jadd(o, "warn", json_object_new_int64((int64_t)h->n_warn));
		jadd(o, "error", json_object_new_int64((int64_t)h->n_error));
		jadd(o, "changes", json_object_new_int64((int64_t)h->n_changes));
		jadd(o, "log_findings", json_object_new_int64((int64_t)h->n_logs));
		jadd_n(o, "claimed_host", h->verdict == FLEET_MISMATCH ? esc_json_str(h->claimed ? h->claimed : "") : NULL);
		if (rep && h->verdict != FLEET_MISMATCH && (h->n_changes || h->n_logs)) {
			struct json_object *c = json_object_new_object();

			if (!c || json_object_array_add(changed, c) < 0) {
				json_object_put(c);
				r = -ENOMEM;
				goto out;
			}
			jadd_n(c, "name", esc_json_str(h->name));
			jadd(c, "changes", json_object_new_int64((int64_t)h->n_changes));
			jadd(c, "log_findings", json_object_new_int64((int64_t)h->n_logs));
		}
	}
	for (i = 0; i < s->n_checks; i++) {
		const struct fleet_check_row *c = &s->checks[i];
		struct json_object *o = json_object_new_object();

		if (!o || json_object_array_add(checks, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			goto out;
		}
		jadd(o, "check_id", json_object_new_string(c->check_id));
		jadd_n(o, "title", c->title ? json_object_new_string(_(c->title)) : NULL);
		jadd(o, "severity", json_object_new_string(severity_name(c->severity)));
		jadd(o, "hosts", json_object_new_int64((int64_t)c->hosts));
		jadd(o, "hosts_fail", json_object_new_int64((int64_t)c->hosts_fail));
		jadd(o, "hosts_warn", json_object_new_int64((int64_t)c->hosts_warn));
	}
	n = fleet_do_first(s, idx);
	for (i = 0; i < n; i++) {
		const struct fleet_check_row *c = &s->checks[idx[i]];
		struct json_object *o = json_object_new_object();

		if (!o || json_object_array_add(first, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			goto out;
		}
		jadd(o, "rank", json_object_new_int64((int64_t)i + 1));
		jadd(o, "check_id", json_object_new_string(c->check_id));
		jadd_n(o, "title", c->title ? json_object_new_string(_(c->title)) : NULL);
		jadd(o, "severity", json_object_new_string(severity_name(c->severity)));
		jadd(o, "status", json_object_new_string(c->hosts_fail ? "FAIL" : "WARN"));
		jadd(o, "hosts", json_object_new_int64((int64_t)c->hosts));
		jadd_n(o, "remedy", c->remedy ? json_object_new_string(_(c->remedy)) : NULL);
	}
	r = jadd(top, "counts", counts);
	counts = NULL;
	if (r == 0)
		r = jadd(top, "do_first", first);
	first = NULL;
	if (r == 0)
		r = jadd(top, "checks", checks);
	checks = NULL;
	if (r == 0)
		r = jadd(top, "changed", changed);
	changed = NULL;
	if (r == 0)
		r = jadd(top, "hosts", hosts);
	hosts = NULL;
out:
	json_object_put(counts);
	json_object_put(hosts);
	json_object_put(checks);
	json_object_put(changed);
	json_object_put(first);
	return finish(top, r, out);
}

int render_fleet_host_terminal(const char *host, const struct fleet_history *h, const struct fleet_view *v,
			       struct strbuf *out)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i, col;

	strbuf_addf(out, _("Host %s: %zu reports\n"), tesc(&tmp, host), h->n_runs);
	for (i = 0; i < h->n_runs; i++) {
		const struct fleet_run_row *x = &h->runs[i];
		char t[32];

		time_format_utc((time_t)x->at, t, sizeof(t));
		strbuf_addf(out, "  %s  ", t);
		col = out->len;
		strbuf_adds(out, x->phase[0] ? _(x->phase) : "");
		pad(out, col, 6);
		col = out->len;
		strbuf_adds(out, verdict_label(x->verdict));
		pad(out, col, 14);
		if (x->verdict == FLEET_MISMATCH) {
			strbuf_addf(out, _("the report claims to be '%s'"), tesc(&tmp, x->claimed));
		} else {
			strbuf_addf(out, _("%zu FAIL, %zu WARN, %zu ERROR"), x->n_fail, x->n_warn, x->n_error);
			if (x->n_changes || x->n_logs)
				strbuf_addf(out, _("; %zu change findings, %zu log findings"), x->n_changes, x->n_logs);
		}
		if (x->holiday[0])
			strbuf_addf(out, _(" (holiday %s)"), x->holiday);
		strbuf_addch(out, '\n');
	}
	if (h->n_findings)
		strbuf_addf(out, "\n%s\n", _("Problems in the newest report:"));
	for (i = 0; i < h->n_findings; i++) {
		const struct fleet_finding_row *f = &h->findings[i];

		strbuf_adds(out, "  ");
		col = out->len;
		strbuf_adds(out, status_label(f->status));
		pad(out, col, 6);
		col = out->len;
		strbuf_adds(out, f->check_id);
		pad(out, col, 9);
		col = out->len;
		strbuf_adds(out, severity_label(f->severity));
		pad(out, col, 8);
		esc_terminal(out, f->subject);
		strbuf_adds(out, "\n        ");
		esc_terminal(out, f->evidence);
		strbuf_addch(out, '\n');
	}
	(void)v;
	strbuf_release(&tmp);
	return 0;
}

int render_fleet_host_json(const char *host, const struct fleet_history *h, const struct fleet_view *v,
			   struct strbuf *out)
{
	struct json_object *top = json_object_new_object(), *runs = json_object_new_array(),
			   *fs = json_object_new_array();
	size_t i;
	int r = 0;

	if (!top || !runs || !fs) {
		json_object_put(runs);
		json_object_put(fs);
		json_object_put(top);
		return -ENOMEM;
	}
	jadd(top, "schema", json_object_new_string("kyuka-fleet-host-1"));
	jadd_n(top, "generated_at", jtime(v->now));
	jadd_n(top, "host", esc_json_str(host));
	jadd(top, "known", json_object_new_boolean(h->known));
	for (i = 0; i < h->n_runs; i++) {
		const struct fleet_run_row *x = &h->runs[i];
		struct json_object *o = json_object_new_object();

		if (!o || json_object_array_add(runs, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			break;
		}
		jadd(o, "id", json_object_new_int64(x->id));
		jadd_n(o, "generated_at", jtime(x->at));
		jadd_n(o, "ingested_at", jtime(x->ingested_at));
		jadd(o, "phase", json_object_new_string(x->phase));
		jadd_n(o, "holiday", x->holiday[0] ? json_object_new_string(x->holiday) : NULL);
		jadd(o, "status", json_object_new_string(fleet_verdict_name(x->verdict)));
		jadd_n(o, "claimed_host", x->verdict == FLEET_MISMATCH ? esc_json_str(x->claimed ? x->claimed : "") : NULL);
		jadd(o, "at_or_above_fail_on", json_object_new_int64((int64_t)x->at_or_above));
		jadd(o, "fail", json_object_new_int64((int64_t)x->n_fail));
		jadd(o, "warn", json_object_new_int64((int64_t)x->n_warn));
		jadd(o, "error", json_object_new_int64((int64_t)x->n_error));
		jadd(o, "changes", json_object_new_int64((int64_t)x->n_changes));
		jadd(o, "log_findings", json_object_new_int64((int64_t)x->n_logs));
	}
	for (i = 0; r == 0 && i < h->n_findings; i++) {
		const struct fleet_finding_row *f = &h->findings[i];
		struct json_object *o = json_object_new_object();

		if (!o || json_object_array_add(fs, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			break;
		}
		jadd(o, "check_id", json_object_new_string(f->check_id));
		jadd(o, "status", json_object_new_string(status_name(f->status)));
		jadd(o, "severity", json_object_new_string(severity_name(f->severity)));
		jadd_n(o, "subject", esc_json_str(f->subject));
		jadd_n(o, "evidence", esc_json_str(f->evidence));
		jadd_n(o, "remedy", esc_json_str(f->remedy));
	}
	if (r == 0)
		r = jadd(top, "runs", runs);
	else
		json_object_put(runs);
	if (r == 0)
		r = jadd(top, "findings", fs);
	else
		json_object_put(fs);
	return finish(top, r, out);
}

/* ------------------------------------------------------------------ HTML */

static const char fleet_css[] =
	"td.n{text-align:right}\n"
	"tr.not_ready td:first-child,tr.mismatch td:first-child{font-weight:bold}\n";

static enum status verdict_status(enum fleet_verdict v)
{
	switch (v) {
	case FLEET_READY: return ST_PASS;
	case FLEET_NOT_READY: return ST_FAIL;
	case FLEET_MISMATCH: return ST_ERROR;
	default: return ST_WARN;
	}
}

int render_fleet_status_html(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out)
{
	struct doc d = { .out = out };
	struct strbuf tmp = STRBUF_INIT, css = STRBUF_INIT;
	size_t idx[FLEET_DO_FIRST_MAX], n, i;
	bool any = false;

	strbuf_adds(&css, report_html_css);
	strbuf_adds(&css, fleet_css);
	doc_head(&d, i18n_lang(), _("kyuka fleet status"), doc_base_css, css.buf);
	strbuf_release(&css);
	put(&d, "<h1>");
	h(&d, _("kyuka fleet status"));
	put(&d, "</h1>\n<p>");
	strbuf_addf(&tmp, _("Fleet: %zu hosts: %zu ready, %zu not ready, %zu name mismatch, %zu not reported"),
		    s->n_hosts, s->n_verdict[FLEET_READY], s->n_verdict[FLEET_NOT_READY], s->n_verdict[FLEET_MISMATCH],
		    s->n_verdict[FLEET_NOT_REPORTED]);
	h(&d, tmp.buf);
	if (v->holiday) {
		strbuf_reset(&tmp);
		strbuf_addf(&tmp, _(" (holiday %s)"), v->holiday);
		h(&d, tmp.buf);
	}
	put(&d, "</p>\n");

	n = fleet_do_first(s, idx);
	if (n) {
		put(&d, "<section class=\"first\"><h2>");
		h(&d, _("Do this first:"));
		put(&d, "</h2>\n<ol>\n");
		for (i = 0; i < n; i++) {
			const struct fleet_check_row *c = &s->checks[idx[i]];

			put(&d, "<li>");
			html_severity(&d, c->severity);
			put(&d, " ");
			strbuf_reset(&tmp);
			strbuf_addf(&tmp, _("%s on %zu hosts"), c->check_id, c->hosts);
			if (c->hosts_fail)
				strbuf_addf(&tmp, _(" (FAIL on %zu)"), c->hosts_fail);
			if (c->title)
				strbuf_addf(&tmp, ": %s", _(c->title));
			h(&d, tmp.buf);
			if (c->remedy) {
				put(&d, "<br><span class=\"remedy\">");
				h(&d, _(c->remedy));
				put(&d, "</span>");
			}
			put(&d, "</li>\n");
		}
		put(&d, "</ol></section>\n");
	}
	if (s->n_checks) {
		put(&d, "<h2>");
		h(&d, _("Worst findings by check:"));
		put(&d, "</h2>\n<table>\n<tbody>\n");
		for (i = 0; i < s->n_checks && i < FLEET_WORST_MAX; i++) {
			const struct fleet_check_row *c = &s->checks[i];

			put(&d, "<tr><td>");
			html_severity(&d, c->severity);
			put(&d, "</td><td>");
			h(&d, c->check_id);
			put(&d, "</td><td class=\"n\">");
			strbuf_reset(&tmp);
			strbuf_addf(&tmp, _("%zu hosts"), c->hosts);
			h(&d, tmp.buf);
			put(&d, "</td><td>");
			h(&d, c->title ? _(c->title) : "");
			put(&d, "</td></tr>\n");
		}
		put(&d, "</tbody></table>\n");
		if (s->n_checks > FLEET_WORST_MAX) {
			strbuf_reset(&tmp);
			strbuf_addf(&tmp, _("  ... and %zu more checks\n"), s->n_checks - FLEET_WORST_MAX);
			put(&d, "<p>");
			h(&d, tmp.buf);
			put(&d, "</p>\n");
		}
	}
	for (i = 0; i < s->n_hosts; i++) {
		const struct fleet_host_row *r = &s->hosts[i];

		if (r->verdict == FLEET_NOT_REPORTED || r->verdict == FLEET_MISMATCH || !(r->n_changes || r->n_logs))
			continue;
		if (!any) {
			put(&d, "<h2>");
			h(&d, _("Changed after the holiday:"));
			put(&d, "</h2>\n<ul>\n");
		}
		any = true;
		strbuf_reset(&tmp);
		strbuf_addf(&tmp, _("  %s: %zu change findings, %zu log findings\n"), r->name, r->n_changes, r->n_logs);
		put(&d, "<li>");
		h(&d, tmp.buf);
		put(&d, "</li>\n");
	}
	if (any)
		put(&d, "</ul>\n");
	put(&d, "<h2>");
	h(&d, _("Hosts:"));
	put(&d, "</h2>\n<table>\n<tbody>\n");
	for (i = 0; i < s->n_hosts; i++) {
		const struct fleet_host_row *r = &s->hosts[i];

		putf(&d, "<tr class=\"%s\"><td>", fleet_verdict_name(r->verdict));
		html_status_word(&d, verdict_status(r->verdict), verdict_label(r->verdict));
		put(&d, "</td><td>");
		h(&d, r->name);
		put(&d, "</td><td>");
		strbuf_reset(&tmp);
		if (r->verdict == FLEET_NOT_REPORTED) {
			struct strbuf age = STRBUF_INIT;

			age_text(&age, v->now, r->last_at);
			strbuf_addf(&tmp, _("last report: %s"), age.buf);
			strbuf_release(&age);
		} else {
			if (r->phase[0])
				strbuf_addf(&tmp, "%s ", _(r->phase));
			age_text(&tmp, v->now, r->at);
			if (r->verdict == FLEET_MISMATCH)
				strbuf_addf(&tmp, _("  the report claims to be '%s'"), r->claimed ? r->claimed : "");
			else if (r->verdict == FLEET_NOT_READY)
				strbuf_addf(&tmp, _("  %zu at or above fail-on (%zu FAIL, %zu WARN, %zu ERROR)"), r->at_or_above,
					    r->n_fail, r->n_warn, r->n_error);
		}
		h(&d, tmp.buf);
		put(&d, "</td></tr>\n");
	}
	put(&d, "</tbody></table>\n");
	html_footer(&d, (time_t)v->now);
	strbuf_release(&tmp);
	return d.r;
}
