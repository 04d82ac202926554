#include "report/plandoc.h"
#include "report/escape.h"
#include "report/htmldoc.h"
#include "util/i18n.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Plan text into a terminal or a mail: escaped, "-" when absent. */
static void t(struct doc *d, const char *s)
{
	if (!s) {
		put(d, "-");
		return;
	}
	if (!d->r)
		d->r = esc_terminal(d->out, s);
}

/* A tel: link needs the number without blanks; only digits, + and - reach the attribute. */
static void tel_link(struct doc *d, const char *phone)
{
	size_t i;

	if (!phone) {
		put(d, "&mdash;");
		return;
	}
	put(d, "<a href=\"tel:");
	for (i = 0; phone[i]; i++)
		if ((phone[i] >= '0' && phone[i] <= '9') || phone[i] == '+' || phone[i] == '-')
			putf(d, "%c", phone[i]);
	put(d, "\">");
	h(d, phone);
	put(d, "</a>");
}

static void window_html(struct doc *d, const struct config_plan *pl)
{
	put(d, "<div class=\"window\"><strong>");
	h(d, _("Report incidents to"));
	put(d, "</strong><br>");
	if (!pl->reporting.present) {
		h(d, _("(no reporting window is set in the plan)"));
	} else {
		if (pl->reporting.phone) {
			h(d, _("Phone"));
			put(d, ": ");
			tel_link(d, pl->reporting.phone);
			put(d, "<br>");
		}
		if (pl->reporting.mail) {
			h(d, _("Mail"));
			put(d, ": ");
			h(d, pl->reporting.mail);
			put(d, "<br>");
		}
		if (pl->reporting.hours) {
			h(d, _("Hours"));
			put(d, ": ");
			h(d, pl->reporting.hours);
			put(d, "<br>");
		}
		if (pl->reporting.note)
			h(d, pl->reporting.note);
	}
	put(d, "</div>\n");
}

/*
 * A date (YYYY-MM-DD) as staff read it: in Japanese 2026年12月27日（日）, in
 * English unchanged. Anything that is not a valid date is copied as it is.
 */
static void staff_date(const char *ymd, char *buf, size_t size)
{
	static const char *const wday[] = { "日", "月", "火", "水", "木", "金", "土" };
	unsigned y = 0, m = 0, dd = 0;
	long long yy, days;
	bool shape = strlen(ymd) == 10;
	int i;

	for (i = 0; shape && i < 10; i++)
		shape = i == 4 || i == 7 ? ymd[i] == '-' : ymd[i] >= '0' && ymd[i] <= '9';
	if (shape) {
		y = (unsigned)((ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0'));
		m = (unsigned)((ymd[5] - '0') * 10 + (ymd[6] - '0'));
		dd = (unsigned)((ymd[8] - '0') * 10 + (ymd[9] - '0'));
	}
	if (strcmp(i18n_lang(), "ja") != 0 || !shape || m < 1 || m > 12 || dd < 1 || dd > 31) {
		snprintf(buf, size, "%s", ymd);
		return;
	}
	/* days since 1970-01-01 (Howard Hinnant's days_from_civil); 1970-01-01 was a Thursday */
	yy = (long long)y - (m <= 2);
	{
		long long era = (yy >= 0 ? yy : yy - 399) / 400;
		long long yoe = yy - era * 400;
		long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
		long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = era * 146097 + doe - 719468;
	}
	snprintf(buf, size, "%u年%u月%u日（%s）", y, m, dd, wday[((days % 7) + 11) % 7]);
}

static void holiday_line(struct doc *d, const struct plan_doc *p, bool html)
{
	char buf[128], from[48], to[48];

	if (!p->holiday_start)
		return;
	staff_date(p->holiday_start, from, sizeof(from));
	staff_date(p->holiday_end, to, sizeof(to));
	/* TRANSLATORS: the holiday from and to, as staff read it */
	snprintf(buf, sizeof(buf), _("%s .. %s"), from, to);
	if (html) {
		put(d, "<p>");
		h(d, _("Holiday"));
		put(d, ": ");
		h(d, buf);
		put(d, "</p>\n");
	} else {
		putf(d, "%s: %s\n", _("Holiday"), buf);
	}
}

static void person_cell(struct doc *d, const struct plan_person *p, bool has)
{
	put(d, "<td>");
	if (!has) {
		put(d, "&mdash;</td>");
		return;
	}
	put(d, "<strong>");
	h(d, p->name);
	put(d, "</strong><br>");
	tel_link(d, p->phone);
	put(d, "<br>");
	h(d, p->mail);
	put(d, "</td>");
}

static void contact_text(struct doc *d, const struct plan_contact *c)
{
	bool any = false;

	if (c->phone) {
		tel_link(d, c->phone);
		any = true;
	}
	if (c->mail) {
		put(d, any ? "<br>" : "");
		h(d, c->mail);
		any = true;
	}
	if (c->url) {
		put(d, any ? "<br>" : "");
		h(d, c->url);
		any = true;
	}
	if (!any)
		put(d, "&mdash;");
}

int render_plan_sheet_html(const struct plan_doc *p, struct strbuf *out)
{
	const struct config_plan *pl = p->plan;
	struct doc d = { .out = out };
	char gen[48];
	size_t i;

	doc_head(&d, p->lang, _("Incident contact sheet"), doc_base_css, NULL);
	put(&d, "<h1>");
	h(&d, _("Incident contact sheet"));
	if (p->organisation) {
		put(&d, " &mdash; ");
		h(&d, p->organisation);
	}
	put(&d, "</h1>\n");
	holiday_line(&d, p, true);
	window_html(&d, pl);

	put(&d, "<h2>");
	h(&d, _("Roles"));
	put(&d, "</h2>\n<table class=\"roles\">\n<thead><tr><th>");
	h(&d, _("Role"));
	put(&d, "</th><th>");
	h(&d, _("Primary"));
	put(&d, "</th><th>");
	h(&d, _("Backup"));
	put(&d, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < pl->n_roles; i++) {
		put(&d, "<tr><td>");
		h(&d, pl->roles[i].role);
		put(&d, "</td>");
		person_cell(&d, &pl->roles[i].primary, pl->roles[i].has_primary);
		person_cell(&d, &pl->roles[i].backup, pl->roles[i].has_backup);
		put(&d, "</tr>\n");
	}
	put(&d, "</tbody></table>\n");

	put(&d, "<h2>");
	h(&d, _("Vendors and suppliers"));
	put(&d, "</h2>\n<table class=\"vendors\">\n<thead><tr><th>");
	h(&d, _("Vendor"));
	put(&d, "</th><th>");
	h(&d, _("Holiday hours"));
	put(&d, "</th><th>");
	h(&d, _("Contact"));
	put(&d, "</th><th>");
	h(&d, _("Off-hours"));
	put(&d, "</th><th>");
	h(&d, _("Contract / customer ID"));
	put(&d, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < pl->n_vendors; i++) {
		const struct plan_vendor *v = &pl->vendors[i];

		put(&d, "<tr><td><strong>");
		h(&d, v->name);
		put(&d, "</strong>");
		if (v->kind || v->service) {
			put(&d, "<br><span class=\"muted\">");
			h(&d, v->kind ? v->kind : v->service);
			put(&d, "</span>");
		}
		put(&d, "</td><td>");
		h(&d, v->holiday_hours);
		put(&d, "</td><td>");
		contact_text(&d, &v->contact);
		put(&d, "</td><td>");
		if (v->off_hours_none)
			h(&d, _("none"));
		else if (v->has_off_hours)
			contact_text(&d, &v->off_hours);
		else
			put(&d, "&mdash;");
		put(&d, "</td><td>");
		h(&d, v->contract_id);
		put(&d, "</td></tr>\n");
	}
	put(&d, "</tbody></table>\n");
	if (pl->procedure.document) {
		put(&d, "<h2>");
		h(&d, _("Incident procedure"));
		put(&d, "</h2>\n<p>");
		h(&d, pl->procedure.document);
		if (pl->procedure.reviewed[0]) {
			put(&d, " <span class=\"muted\">(");
			char rd[48];

			staff_date(pl->procedure.reviewed, rd, sizeof(rd));
			h(&d, _("reviewed"));
			put(&d, " ");
			h(&d, rd);
			put(&d, ")</span>");
		}
		put(&d, "</p>\n");
	}
	{
		char ymd[16] = "";
		struct tm tm;

		if (gmtime_r(&(time_t){ p->generated }, &tm))
			strftime(ymd, sizeof(ymd), "%Y-%m-%d", &tm);
		staff_date(ymd, gen, sizeof(gen));
	}
	put(&d, "<p class=\"muted\">");
	h(&d, _("Generated by kyuka on"));
	put(&d, " ");
	h(&d, gen);
	put(&d, "</p>\n</body>\n</html>\n");
	return d.r;
}

/* The staff measures (ST-1..ST-6), in our words. */
struct staff_item {
	const char *item;	/* ST-n of ADVISORY.md */
	const char *title;
	const char *text;
};

static const struct staff_item before_items[] = {
	{ "ST-1", N_("Taking devices out"),
	  N_("Follow the office rules before you take a PC, smartphone or USB memory home, and write down what you take.") },
	{ "ST-2", N_("Keeping devices safe"),
	  N_("Keep devices you take out with you: do not leave them in a car or on a train, lock the screen, keep the anti-malware software running, and let nobody else use them.") },
	{ "ST-3", N_("Power off"),
	  N_("Shut down PCs, printers and other devices you will not use during the holiday.") },
}, after_items[] = {
	{ "ST-4", N_("Update before reading mail"),
	  N_("On your first day back, install the OS and application updates and update the anti-malware definitions before you open mail or browse.") },
	{ "ST-5", N_("Suspicious mail"),
	  N_("Many attacks arrive as mail over the holiday. Do not open attachments or links you did not expect, such as documents asking you to enable macros, password-protected archives, or shortcut and script files.") },
	{ "ST-6", N_("When in doubt, ask the sender"),
	  N_("If a mail seems odd, confirm with the sender by phone or another channel you already know, not by replying to the mail.") },
};

/*
 * How to tell a dangerous mail (ST-5, ST-6): the reasons kyuka mail gives (src/engines/mail.c), in
 * words for staff. Keep the two in step: a new kind of reason there gets its line here.
 */
static const char *const tell_items[] = {
	N_("A document that asks you to \"enable editing\" or \"enable content\" (macros): never do it."),
	N_("A password-protected zip or document whose password is in the same mail: scanners cannot look inside it."),
	N_("A shortcut (.lnk), OneNote (.one), disk image (.iso, .img, .vhd), script (.js, .vbs, .hta, .bat, .ps1) or program as an attachment, or a name with two extensions such as invoice.pdf.exe."),
	N_("A reply in an old thread that suddenly brings an attachment or a link, or comes from a slightly different address."),
	N_("A link whose text shows one site but leads to another (point at it and read the real address first), or to a bare number such as 192.0.2.7."),
	N_("A sender name that does not match the address, or a domain that imitates a partner's (examp1e.co.jp for example.co.jp)."),
};

static void tell_html(struct doc *d)
{
	size_t i;

	put(d, "<h2>");
	h(d, _("How to tell a dangerous mail"));
	put(d, "</h2>\n<ul>\n");
	for (i = 0; i < sizeof(tell_items) / sizeof(tell_items[0]); i++) {
		put(d, "<li class=\"tell\">");
		h(d, _(tell_items[i]));
		put(d, "</li>\n");
	}
	put(d, "</ul>\n<p>");
	h(d, _("If in doubt, do not open it: call the sender on a number you already know, and report the mail."));
	put(d, "</p>\n");
}

static void tell_text(struct doc *d)
{
	size_t i;

	putf(d, "\n%s\n\n", _("How to tell a dangerous mail"));
	for (i = 0; i < sizeof(tell_items) / sizeof(tell_items[0]); i++)
		putf(d, "- %s\n", _(tell_items[i]));
	putf(d, "\n%s\n", _("If in doubt, do not open it: call the sender on a number you already know, and report the mail."));
}

static void items_html(struct doc *d, const char *heading, const struct staff_item *it, size_t n)
{
	size_t i;

	put(d, "<h2>");
	h(d, heading);
	put(d, "</h2>\n<ol>\n");
	for (i = 0; i < n; i++) {
		put(d, "<li><strong>");
		h(d, _(it[i].title));
		put(d, "</strong><br>");
		h(d, _(it[i].text));
		put(d, "</li>\n");
	}
	put(d, "</ol>\n");
}

int render_plan_notice_html(const struct plan_doc *p, struct strbuf *out)
{
	struct doc d = { .out = out };

	doc_head(&d, p->lang, _("Before and after the holiday: what every member of staff should do"), doc_base_css, NULL);
	put(&d, "<h1>");
	h(&d, _("Before and after the holiday: what every member of staff should do"));
	put(&d, "</h1>\n");
	if (p->organisation) {
		put(&d, "<p>");
		h(&d, p->organisation);
		put(&d, "</p>\n");
	}
	holiday_line(&d, p, true);
	put(&d, "<p>");
	h(&d, _("Long holidays are a favourite time for attacks: fewer people are watching, and problems are found late. Please take these few steps."));
	put(&d, "</p>\n");
	items_html(&d, _("Before the holiday"), before_items, sizeof(before_items) / sizeof(before_items[0]));
	items_html(&d, _("After the holiday"), after_items, sizeof(after_items) / sizeof(after_items[0]));
	tell_html(&d);
	put(&d, "<h2>");
	h(&d, _("If something seems wrong"));
	put(&d, "</h2>\n<p>");
	h(&d, _("If you notice anything unusual (a device lost or stolen, a mail attachment you opened and now doubt, strange messages or files), do not try to fix it yourself: report it at once."));
	put(&d, "</p>\n");
	window_html(&d, p->plan);
	put(&d, "</body>\n</html>\n");
	return d.r;
}

static void items_text(struct doc *d, const char *heading, const struct staff_item *it, size_t n)
{
	size_t i;

	putf(d, "\n%s\n\n", heading);
	for (i = 0; i < n; i++)
		putf(d, "%zu. %s\n   %s\n", i + 1, _(it[i].title), _(it[i].text));
}

static void window_text(struct doc *d, const struct config_plan *pl)
{
	putf(d, "\n%s\n", _("Report incidents to"));
	if (!pl->reporting.present) {
		putf(d, "  %s\n", _("(no reporting window is set in the plan)"));
		return;
	}
	if (pl->reporting.phone) {
		putf(d, "  %s: ", _("Phone"));
		t(d, pl->reporting.phone);
		put(d, "\n");
	}
	if (pl->reporting.mail) {
		putf(d, "  %s: ", _("Mail"));
		t(d, pl->reporting.mail);
		put(d, "\n");
	}
	if (pl->reporting.hours) {
		putf(d, "  %s: ", _("Hours"));
		t(d, pl->reporting.hours);
		put(d, "\n");
	}
	if (pl->reporting.note) {
		put(d, "  ");
		t(d, pl->reporting.note);
		put(d, "\n");
	}
}

int render_plan_notice_text(const struct plan_doc *p, struct strbuf *out)
{
	struct doc d = { .out = out };

	putf(&d, "%s\n", _("Before and after the holiday: what every member of staff should do"));
	if (p->organisation) {
		t(&d, p->organisation);
		put(&d, "\n");
	}
	holiday_line(&d, p, false);
	putf(&d, "\n%s\n", _("Long holidays are a favourite time for attacks: fewer people are watching, and problems are found late. Please take these few steps."));
	items_text(&d, _("Before the holiday"), before_items, sizeof(before_items) / sizeof(before_items[0]));
	items_text(&d, _("After the holiday"), after_items, sizeof(after_items) / sizeof(after_items[0]));
	tell_text(&d);
	putf(&d, "\n%s\n%s\n", _("If something seems wrong"),
	     _("If you notice anything unusual (a device lost or stolen, a mail attachment you opened and now doubt, strange messages or files), do not try to fix it yourself: report it at once."));
	window_text(&d, p->plan);
	return d.r;
}

static void person_text(struct doc *d, const char *label, const struct plan_person *p, bool has)
{
	putf(d, "    %s: ", label);
	if (!has) {
		put(d, "-\n");
		return;
	}
	t(d, p->name);
	put(d, ", ");
	t(d, p->phone);
	put(d, ", ");
	t(d, p->mail);
	putf(d, " (%s %s)\n", _("verified"), p->verified[0] ? p->verified : "-");
}

static void contact_plain(struct doc *d, const struct plan_contact *c)
{
	t(d, c->phone);
	put(d, ", ");
	t(d, c->mail);
	if (c->url) {
		put(d, ", ");
		t(d, c->url);
	}
}

int render_plan_text(const struct plan_doc *p, struct strbuf *out)
{
	const struct config_plan *pl = p->plan;
	struct doc d = { .out = out };
	size_t i;

	putf(&d, "%s: ", _("Organisation"));
	t(&d, p->organisation);
	put(&d, "\n");
	holiday_line(&d, p, false);
	if (!pl->present) {
		putf(&d, "%s\n", _("no plan: section in the configuration (see docs/plan.md)"));
		return d.r;
	}
	putf(&d, "%s: ", _("Incident procedure"));
	t(&d, pl->procedure.document);
	putf(&d, " (%s %s)\n", _("reviewed"), pl->procedure.reviewed[0] ? pl->procedure.reviewed : "-");
	window_text(&d, pl);
	putf(&d, "\n%s\n", _("Roles"));
	for (i = 0; i < pl->n_roles; i++) {
		put(&d, "  ");
		t(&d, pl->roles[i].role);
		put(&d, "\n");
		person_text(&d, _("Primary"), &pl->roles[i].primary, pl->roles[i].has_primary);
		person_text(&d, _("Backup"), &pl->roles[i].backup, pl->roles[i].has_backup);
	}
	putf(&d, "\n%s\n", _("Vendors and suppliers"));
	for (i = 0; i < pl->n_vendors; i++) {
		const struct plan_vendor *v = &pl->vendors[i];

		put(&d, "  ");
		t(&d, v->name);
		if (v->kind) {
			put(&d, " (");
			t(&d, v->kind);
			put(&d, ")");
		}
		putf(&d, "\n    %s: ", _("Holiday hours"));
		t(&d, v->holiday_hours);
		putf(&d, "\n    %s: ", _("Contact"));
		contact_plain(&d, &v->contact);
		putf(&d, "\n    %s: ", _("Off-hours"));
		if (v->off_hours_none)
			put(&d, _("none"));
		else if (v->has_off_hours)
			contact_plain(&d, &v->off_hours);
		else
			put(&d, "-");
		putf(&d, "\n    %s: ", _("Contract / customer ID"));
		t(&d, v->contract_id);
		putf(&d, "\n    %s: %s\n", _("verified"), v->verified[0] ? v->verified : "-");
	}
	return d.r;
}
