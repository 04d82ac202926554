/* kyuka explain ID: a check (what, why, how to fix) or an advisory item (its checks). */
#include "checks/advisory.h"
#include "checks/check.h"
#include "cli/cli.h"
#include "report/report.h"
#include "util/i18n.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The phases of a check, translated ("before and after" for a check of both). */
static const char *phases_text(unsigned phase)
{
	if ((phase & (PHASE_BEFORE | PHASE_AFTER)) == (PHASE_BEFORE | PHASE_AFTER))
		return _("before and after");
	return _(phase_name(phase));
}

static const char explain_usage[] = N_("usage: kyuka explain CHECK-ID|ITEM-ID");

static void print_items(const char *items)
{
	const char *p = items;

	while (*p) {
		char id[16];
		size_t n = strcspn(p, ",");
		const struct advisory_item *it;

		snprintf(id, sizeof(id), "%.*s", (int)n, p);
		it = advisory_item(id);
		if (it)
			printf("  %s  %s: %s\n", it->id, _(it->heading), _(it->measure));
		p += n;
		if (*p)
			p++;
	}
}

static int explain_run(struct cmd_ctx *c)
{
	const struct advisory_item *item;
	const struct check *ck;
	const char *area;
	size_t a, i;

	if (c->argc != 1)
		return cli_error(EXIT_USAGE, "%s", _(explain_usage));

	ck = check_find(c->argv[0], &area);
	if (ck) {
		printf("%s  %s\n\n", ck->id, _(ck->title));
		printf("%s\n", _("Advisory items:"));
		print_items(ck->items);
		printf("\n%s %s · %s %s · %s %s · %s %s\n\n", _("Area:"), area, _("Phase:"), phases_text(ck->phase),
		       _("For:"), _(audience_name(ck->audience)), _("Severity:"), severity_label(ck->severity));
		printf("%s\n  %s\n\n", _("Why:"), _(ck->explain));
		printf("%s\n  %s\n", _("How to fix:"), _(ck->remedy));
		return EXIT_OK;
	}
	item = advisory_item(c->argv[0]);
	if (item) {
		bool any = false;
		printf("%s  %s\n  %s\n\n%s\n", item->id, _(item->heading), _(item->measure), _("Checks:"));
		for (a = 0; a < n_check_areas; a++)
			for (i = 0; i < check_areas[a]->n; i++)
				if (check_matches(&check_areas[a]->checks[i], check_areas[a]->name, item->id)) {
					printf("  %-10s %s\n", check_areas[a]->checks[i].id, _(check_areas[a]->checks[i].title));
					any = true;
				}
		if (!any)
			printf("  %s\n", _("(none yet in this version)"));
		return EXIT_OK;
	}
	return cli_error(EXIT_USAGE, _("'%s' is neither a check ID nor an advisory item (see kyuka checks)"),
			 c->argv[0]);
}

const struct cmd_def cmd_explain = { .fn = explain_run, .usage = explain_usage };
