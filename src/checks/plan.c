/*
 * The incident plan (IR-2..IR-5, AW-1, VU-3): the plan: section of kyuka.yaml
 * checked for what the advisory asks to confirm before a holiday, and the
 * manual items a person confirms with kyuka plan confirm.
 */
#include "checks/evidence.h"
#include "checks/util.h"
#include "parse/config/plan.h"
#include "parse/contact.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The day contacts must be fresh for: the holiday's first day, or today without a holiday. */
static long reference_day(const struct check_ctx *ctx)
{
	return ctx->has_holiday ? ctx->holiday_start_days : ctx_today(ctx);
}

/* No plan: the checks that read it cannot decide. */
static bool need_plan(struct check_ctx *ctx)
{
	if (ctx->plan->present)
		return true;
	check_add(ctx, ST_SKIP, "", "%s", _("no plan: section in the configuration (see PLAN-0020)"));
	return false;
}

static int plan_holiday(struct check_ctx *ctx, struct err *err)
{
	long today = ctx_today(ctx);
	char s[16], e[16];

	(void)err;
	if (!ctx->has_holiday) {
		check_add(ctx, ST_FAIL, "holiday", "%s",
			  _("no holiday window: set holiday: in kyuka.yaml or pass --holiday START..END"));
		return 0;
	}
	days_format(ctx->holiday_start_days, s, sizeof(s));
	days_format(ctx->holiday_end_days, e, sizeof(e));
	if (ctx->holiday_end_days < today)
		check_add(ctx, ST_FAIL, "holiday", _("the holiday %s..%s is over: set the next one"), s, e);
	else if (ctx->holiday_start_days <= today)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "holiday",
			      _("the holiday %s..%s has already begun: the before-holiday checks come late"), s, e);
	else
		check_add(ctx, ST_PASS, "holiday", _("%s..%s (from %s), starts in %ld day(s)"), s, e,
			  ctx->holiday_from_config ? ctx->cfg_file : "--holiday", ctx->holiday_start_days - today);
	return 0;
}

/* Same person: the same name (ignoring ASCII case and blanks), mail or phone. */
static bool same_text(const char *a, const char *b)
{
	char x[512], y[512];
	size_t i, n = 0, m = 0;

	if (!a || !b)
		return false;
	for (i = 0; a[i] && n + 1 < sizeof(x); i++)
		if (a[i] != ' ' && a[i] != '\t')
			x[n++] = a[i];
	for (i = 0; b[i] && m + 1 < sizeof(y); i++)
		if (b[i] != ' ' && b[i] != '\t')
			y[m++] = b[i];
	x[n] = y[m] = '\0';
	return n && strcasecmp(x, y) == 0;
}

static bool same_phone(const char *a, const char *b)
{
	struct phone_info p, q;

	return a && b && phone_check(a, strlen(a), &p, NULL) == 0 && phone_check(b, strlen(b), &q, NULL) == 0 &&
	       strcmp(p.e164, q.e164) == 0;
}

static int plan_roles(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	size_t i;

	(void)err;
	if (!p->present || !p->n_roles) {
		check_add(ctx, ST_FAIL, "plan.roles", "%s",
			  p->present ? _("the plan names no roles: nobody is written down to decide or respond")
				     : _("no plan: section in the configuration: nobody is written down to decide or respond"));
		return 0;
	}
	for (i = 0; i < p->n_roles; i++) {
		const struct plan_role *r = &p->roles[i];

		if (!r->has_primary || !r->has_backup) {
			check_add(ctx, ST_FAIL, r->role, _("%s:%zu: no %s person"), ctx->cfg_file, r->line,
				  !r->has_primary ? "primary" : "backup");
		} else if (same_text(r->primary.name, r->backup.name) || same_text(r->primary.mail, r->backup.mail) ||
			   same_phone(r->primary.phone, r->backup.phone)) {
			check_add(ctx, ST_FAIL, r->role,
				  _("%s:%zu: the backup is the same person as the primary (%s): a backup must be someone else"),
				  ctx->cfg_file, r->backup.line, r->primary.name);
		} else {
			check_add(ctx, ST_PASS, r->role, _("%s:%zu: primary %s, backup %s"), ctx->cfg_file, r->line,
				  r->primary.name, r->backup.name);
		}
	}
	return 0;
}

/* Adds a FAIL for a missing or malformed phone/mail; returns true when both are fine. */
static bool contact_ok(struct check_ctx *ctx, const char *subject, const char *who, size_t line, const char *phone,
		       const char *mail, bool need_both)
{
	const char *why;
	bool ok = true;

	if (!phone && !mail) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: %s has neither phone nor mail"), ctx->cfg_file, line, who);
		return false;
	}
	if (phone && phone_check(phone, strlen(phone), NULL, &why) < 0) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: phone of %s '%s' is not a phone number: %s"), ctx->cfg_file,
			  line, who, phone, why);
		ok = false;
	} else if (!phone && need_both) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: %s has no phone number"), ctx->cfg_file, line, who);
		ok = false;
	}
	if (mail && mail_check(mail, strlen(mail), &why) < 0) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: mail of %s '%s' is not a mail address: %s"), ctx->cfg_file,
			  line, who, mail, why);
		ok = false;
	} else if (!mail && need_both) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: %s has no mail address"), ctx->cfg_file, line, who);
		ok = false;
	}
	return ok;
}

static int plan_contacts(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	size_t i;

	(void)err;
	if (!need_plan(ctx))
		return 0;
	for (i = 0; i < p->n_roles; i++) {
		const struct plan_role *r = &p->roles[i];
		bool ok = true;

		if (r->has_primary)
			ok &= contact_ok(ctx, r->role, r->primary.name, r->primary.line, r->primary.phone, r->primary.mail,
					 true);
		if (r->has_backup)
			ok &= contact_ok(ctx, r->role, r->backup.name, r->backup.line, r->backup.phone, r->backup.mail,
					 true);
		if (ok && r->has_primary && r->has_backup)
			check_add(ctx, ST_PASS, r->role, _("%s:%zu: phone and mail of primary and backup are well-formed"),
				  ctx->cfg_file, r->line);
	}
	return 0;
}

/* FAIL when a verification date is missing or too old for the holiday, WARN when in the future. */
static void verified_ok(struct check_ctx *ctx, const char *subject, const char *who, size_t line,
			const char verified[11])
{
	uint32_t maxdays = ctx->plan->verify_days;
	long ref = reference_day(ctx), d;
	char refs[16];

	days_format(ref, refs, sizeof(refs));
	if (!verified[0] || date_to_days(verified, 10, &d) < 0) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: %s: no verified: date (when were these details last checked?)"),
			  ctx->cfg_file, line, who);
	} else if (d > ctx_today(ctx)) {
		check_add_sev(ctx, ST_WARN, SEV_LOW, subject, _("%s:%zu: %s: verified date %s is in the future"),
			      ctx->cfg_file, line, who, verified);
	} else if (ref - d > (long)maxdays) {
		check_add(ctx, ST_FAIL, subject, _("%s:%zu: %s: verified on %s, %ld days before %s (more than %u)"),
			  ctx->cfg_file, line, who, verified, ref - d, refs, maxdays);
	} else {
		check_add(ctx, ST_PASS, subject, _("%s:%zu: %s: verified on %s"), ctx->cfg_file, line, who, verified);
	}
}

static int plan_verified(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	size_t i;

	(void)err;
	if (!need_plan(ctx))
		return 0;
	for (i = 0; i < p->n_roles; i++) {
		const struct plan_role *r = &p->roles[i];

		if (r->has_primary)
			verified_ok(ctx, r->role, r->primary.name, r->primary.line, r->primary.verified);
		if (r->has_backup)
			verified_ok(ctx, r->role, r->backup.name, r->backup.line, r->backup.verified);
	}
	for (i = 0; i < p->n_vendors; i++)
		verified_ok(ctx, p->vendors[i].name, p->vendors[i].name, p->vendors[i].line, p->vendors[i].verified);
	return 0;
}

static bool contact_empty(const struct plan_contact *c)
{
	return !c->phone && !c->mail && !c->url;
}

static int plan_vendors(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	size_t i;

	(void)err;
	if (!need_plan(ctx))
		return 0;
	if (!p->n_vendors) {
		check_add_sev(ctx, ST_WARN, SEV_LOW, "plan.vendors", "%s",
			      _("no vendors listed: list the system vendor, maintenance, carrier, cloud or datacenter and supply-chain partners you would call"));
		return 0;
	}
	for (i = 0; i < p->n_vendors; i++) {
		const struct plan_vendor *v = &p->vendors[i];
		size_t before = check_n_findings(ctx);
		char *who;

		if (!v->holiday_hours)
			check_add(ctx, ST_FAIL, v->name, _("%s:%zu: no holiday_hours: when do they answer during the holiday?"),
				  ctx->cfg_file, v->line);
		if (contact_empty(&v->contact))
			check_add(ctx, ST_FAIL, v->name, _("%s:%zu: no contact: (phone, mail or url)"), ctx->cfg_file, v->line);
		else if (v->contact.phone || v->contact.mail)
			contact_ok(ctx, v->name, _("the normal contact"), v->line, v->contact.phone, v->contact.mail, false);
		if (!v->has_off_hours)
			check_add(ctx, ST_FAIL, v->name,
				  _("%s:%zu: no off_hours: contact; give one, or write off_hours: none if there is none"),
				  ctx->cfg_file, v->line);
		else if (!v->off_hours_none && contact_empty(&v->off_hours))
			check_add(ctx, ST_FAIL, v->name, _("%s:%zu: off_hours: names no phone, mail or url"), ctx->cfg_file,
				  v->line);
		else if (!v->off_hours_none && (v->off_hours.phone || v->off_hours.mail))
			contact_ok(ctx, v->name, _("the off-hours contact"), v->line, v->off_hours.phone, v->off_hours.mail,
				   false);
		if (check_n_findings(ctx) != before)
			continue;
		if (!v->contract_id) {
			check_add_sev(ctx, ST_WARN, SEV_LOW, v->name,
				      _("%s:%zu: no contract_id: the contract or customer number they will ask for"),
				      ctx->cfg_file, v->line);
			continue;
		}
		who = v->off_hours_none ? xstrdup(_("states there is no off-hours contact"))
					: xasprintf(_("off-hours %s"), v->off_hours.phone ? v->off_hours.phone
							: v->off_hours.mail ? v->off_hours.mail : v->off_hours.url);
		check_add(ctx, ST_PASS, v->name, _("%s:%zu: holiday hours: %s; %s"), ctx->cfg_file, v->line, v->holiday_hours,
			  who);
		free(who);
	}
	return 0;
}

static bool is_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0 || strncmp(s, "file://", 7) == 0;
}

static int plan_procedure(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	uint32_t maxdays = p->verify_days;
	const char *doc = p->procedure.document;
	long ref = reference_day(ctx), d;
	struct stat st;
	int r = -1;

	(void)err;
	if (!need_plan(ctx))
		return 0;
	if (!doc) {
		check_add(ctx, ST_FAIL, "plan.procedure", "%s",
			  _("no incident procedure named: give plan.procedure.document (a path or URL)"));
		return 0;
	}
	if (!is_url(doc)) {
		if (doc[0] != '/') {
			check_add(ctx, ST_FAIL, doc, _("%s:%zu: the document must be an absolute path or an http(s) URL"),
				  ctx->cfg_file, p->procedure.line);
			return 0;
		}
		r = root_stat(ctx->root, doc, ROOT_MISSING_OK, &st, NULL);
		if (r == -ENOENT) {
			check_add(ctx, ST_FAIL, doc, "%s", _("the procedure document does not exist on this host"));
			return 0;
		}
		if (r == 0 && !S_ISREG(st.st_mode)) {
			check_add(ctx, ST_FAIL, doc, "%s", _("the procedure document is not a regular file"));
			return 0;
		}
	}
	if (!p->procedure.reviewed[0] || date_to_days(p->procedure.reviewed, 10, &d) < 0) {
		check_add(ctx, ST_FAIL, doc, _("%s:%zu: no reviewed: date for the procedure"), ctx->cfg_file,
			  p->procedure.line);
	} else if (d > ctx_today(ctx)) {
		check_add_sev(ctx, ST_WARN, SEV_LOW, doc, _("review date %s is in the future"), p->procedure.reviewed);
	} else if (ref - d > (long)maxdays) {
		check_add(ctx, ST_FAIL, doc, _("last reviewed on %s, %ld days before the holiday (more than %u)"),
			  p->procedure.reviewed, ref - d, maxdays);
	} else {
		check_add(ctx, ST_PASS, doc,
			  is_url(doc) ? _("%s:%zu: reviewed on %s (a URL: not fetched)")
			  : r == 0    ? _("%s:%zu: reviewed on %s (the document exists on this host)")
				      : _("%s:%zu: reviewed on %s"),
			  ctx->cfg_file, p->procedure.line, p->procedure.reviewed);
	}
	return 0;
}

static int plan_reporting(struct check_ctx *ctx, struct err *err)
{
	const struct config_plan *p = ctx->plan;
	const char *who = _("the reporting window");

	(void)err;
	if (!need_plan(ctx))
		return 0;
	if (!p->reporting.present) {
		check_add(ctx, ST_FAIL, "plan.reporting", "%s",
			  _("no reporting window: where do staff report an incident (plan.reporting phone, mail, hours)?"));
		return 0;
	}
	if (!contact_ok(ctx, "plan.reporting", who, p->reporting.line, p->reporting.phone, p->reporting.mail, false))
		return 0;
	if (!p->reporting.hours) {
		check_add_sev(ctx, ST_WARN, SEV_LOW, "plan.reporting", _("%s:%zu: no hours: when is the window staffed?"),
			      ctx->cfg_file, p->reporting.line);
		return 0;
	}
	check_add(ctx, ST_PASS, "plan.reporting", "%s:%zu: %s%s%s%s%s", ctx->cfg_file, p->reporting.line,
		  p->reporting.phone ? p->reporting.phone : "",
		  p->reporting.phone && p->reporting.mail ? ", " : "", p->reporting.mail ? p->reporting.mail : "", "; ",
		  p->reporting.hours);
	return 0;
}

/* A manual item: MANUAL until a person confirms it for this holiday, then PASS with who, when and what. */
static int plan_manual(struct check_ctx *ctx, const char *item)
{
	const struct audit_evidence *ev = ctx->evidence;
	int k = manual_item_index(item);
	uint32_t maxdays = ctx->plan->verify_days;
	long ref = reference_day(ctx);
	char when[16];

	if (!ev || !ev->readable) {
		check_add(ctx, ST_MANUAL, item, _("not confirmed: the database could not be read (%s)"),
			  ev && ev->why_unreadable ? ev->why_unreadable : _("not loaded"));
		return 0;
	}
	if (k < 0 || !ev->have_confirm[k]) {
		check_add(ctx, ST_MANUAL, item, _("not confirmed yet: kyuka plan confirm %s --by NAME --note TEXT"), item);
		return 0;
	}
	fmt_date(ev->confirm[k].at, when, sizeof(when));
	if (ref - (long)(ev->confirm[k].at / 86400) > (long)maxdays) {
		check_add(ctx, ST_MANUAL, item, _("last confirmed on %s by %s, too long before this holiday: confirm again"),
			  when, ev->confirm[k].by);
		return 0;
	}
	check_add(ctx, ST_PASS, item, _("confirmed on %s by %s: %s"), when, ev->confirm[k].by, ev->confirm[k].note);
	return 0;
}

static int plan_manual_ir2(struct check_ctx *ctx, struct err *err)
{
	(void)err;
	return plan_manual(ctx, "IR-2");
}

static int plan_manual_ir5(struct check_ctx *ctx, struct err *err)
{
	(void)err;
	return plan_manual(ctx, "IR-5");
}

static int plan_manual_aw1(struct check_ctx *ctx, struct err *err)
{
	(void)err;
	return plan_manual(ctx, "AW-1");
}

static int plan_manual_vu3(struct check_ctx *ctx, struct err *err)
{
	(void)err;
	return plan_manual(ctx, "VU-3");
}

static const struct check checks[] = {
	{ .id = "PLAN-0010", .items = "IR-3,IR-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The holiday window is set and still ahead"),
	  .explain = N_("Contact freshness, log retention and disk room are all measured against the holiday; without its dates they cannot be judged, and a window in the past means the plan was not updated for this holiday."),
	  .remedy = N_("Set holiday: START..END in kyuka.yaml (or pass --holiday) for the coming holiday."),
	  .run = plan_holiday },
	{ .id = "PLAN-0020", .items = "IR-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Every role has a primary and a different backup"),
	  .explain = N_("During a holiday the person who should decide or respond is often away; every role (decision maker, responder, reporting window, ...) needs a named backup who is someone else."),
	  .remedy = N_("List the roles under plan.roles, each with a primary and a backup person (name, phone, mail, verified)."),
	  .run = plan_roles },
	{ .id = "PLAN-0030", .items = "IR-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Contact phone numbers and mail addresses are well-formed"),
	  .explain = N_("A contact list is only useful if every number can be dialled and every address reached; a missing or mistyped digit is found out at the worst moment."),
	  .remedy = N_("Give each person a phone number (Japanese 03-1234-5678 / 090-1234-5678, or international +CC ...) and a full mail address."),
	  .run = plan_contacts },
	{ .id = "PLAN-0040", .items = "IR-3,IR-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Contacts were verified recently"),
	  .explain = N_("People change phones and vendors change hotlines; every entry should have been checked within plan.verify_days (default 90) before the holiday starts."),
	  .remedy = N_("Call or mail each contact to confirm the details, then update its verified: date."),
	  .run = plan_verified },
	{ .id = "PLAN-0050", .items = "IR-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Vendors' holiday hours and off-hours contacts are known"),
	  .explain = N_("System vendors, maintenance companies, carriers, cloud and datacenter providers and supply-chain partners often close over the holiday; you need their support hours and an off-hours contact, or to know that there is none."),
	  .remedy = N_("For each vendor give holiday_hours, a contact, an off_hours contact (or off_hours: none) and the contract_id they will ask for."),
	  .run = plan_vendors },
	{ .id = "PLAN-0060", .items = "IR-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The incident procedure is named and was reviewed recently"),
	  .explain = N_("The incident response procedure (or BCP) should be at hand and re-read before the holiday, so that whoever is on duty knows the steps and who decides."),
	  .remedy = N_("Name the document under plan.procedure.document (path or URL), re-read it and set plan.procedure.reviewed."),
	  .run = plan_procedure },
	{ .id = "PLAN-0070", .items = "IR-5", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("A reporting window for staff is set"),
	  .explain = N_("Staff who notice something odd during or after the holiday must know whom to tell, by phone or mail, and when someone answers."),
	  .remedy = N_("Set plan.reporting with phone and/or mail and hours; kyuka plan notice puts it in the staff notice."),
	  .run = plan_reporting },
	{ .id = "PLAN-0080", .items = "IR-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The incident procedure was re-read"),
	  .explain = N_("Only a person can confirm that the procedure was actually read and still fits; kyuka records who confirmed it and when."),
	  .remedy = N_("After re-reading the procedure: kyuka plan confirm IR-2 --by NAME --note TEXT."),
	  .run = plan_manual_ir2 },
	{ .id = "PLAN-0090", .items = "IR-5", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Staff were told where to report an incident"),
	  .explain = N_("Telling staff the reporting window is an act of people; kyuka records who sent the notice and when."),
	  .remedy = N_("Send the notice (kyuka plan notice), then: kyuka plan confirm IR-5 --by NAME --note TEXT."),
	  .run = plan_manual_ir5 },
	{ .id = "PLAN-0100", .items = "AW-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The staff notice was sent"),
	  .explain = N_("Staff should hear what to do before and after the holiday (devices taken out, power, updates before mail, suspicious mail); kyuka generates the notice and records that it went out."),
	  .remedy = N_("Send kyuka plan notice to all staff, then: kyuka plan confirm AW-1 --by NAME --note TEXT."),
	  .run = plan_manual_aw1 },
	{ .id = "PLAN-0110", .items = "VU-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Deferred patches are scheduled for after the holiday"),
	  .explain = N_("Patches that cannot be applied before the holiday need a date after it and, meanwhile, a mitigation; a person records that this was planned."),
	  .remedy = N_("Write down each deferred patch with its date and mitigation, then: kyuka plan confirm VU-3 --by NAME --note TEXT."),
	  .run = plan_manual_vu3 },
};

CHECK_AREA(plan_area, "plan", checks);
