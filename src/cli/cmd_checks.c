/* kyuka checks: every check, one line each; kyuka version. */
#include "checks/check.h"
#include "cli/cli.h"
#include "report/report.h"
#include "util/i18n.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

struct checks_args {
	struct cli_common common;
	const char *phase;
};

static const struct cli_option options[] = {
	CLI_STRING("format", struct checks_args, common.format),
	CLI_STRING("phase", struct checks_args, phase),
	{ NULL },
};

static void phases(unsigned p, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", p & PHASE_BEFORE ? "before" : "",
		 (p & PHASE_BEFORE) && (p & PHASE_AFTER) ? "," : "", p & PHASE_AFTER ? "after" : "");
}

static int checks_run(struct cmd_ctx *c)
{
	const struct checks_args *args = c->args;
	const char *format = args->common.format ? args->common.format : "terminal";
	unsigned want = PHASE_BEFORE | PHASE_AFTER | PHASE_DURING;
	json_object *arr = NULL;
	size_t a, i;

	if (args->phase && phase_parse(args->phase, &want) < 0)
		return cli_error(EXIT_USAGE, _("invalid --phase '%s' (use before or after)"), args->phase);
	if (!strcmp(format, "json"))
		arr = json_object_new_array();
	else {
		print_padded("ID", 10);
		print_padded(_("ITEMS"), 10);
		print_padded(_("PHASE"), 13);
		print_padded(_("FOR"), 6);
		print_padded(_("SEVERITY"), 9);
		printf("%s\n", _("TITLE"));
	}
	for (a = 0; a < n_check_areas; a++)
		for (i = 0; i < check_areas[a]->n; i++) {
			const struct check *ck = &check_areas[a]->checks[i];
			char ph[32];

			if (!(ck->phase & want))
				continue;
			phases(ck->phase, ph, sizeof(ph));
			if (arr) {
				json_object *o = json_object_new_object();
				json_object_object_add(o, "id", json_object_new_string(ck->id));
				json_object_object_add(o, "items", json_object_new_string(ck->items));
				json_object_object_add(o, "area", json_object_new_string(check_areas[a]->name));
				json_object_object_add(o, "phase", json_object_new_string(ph));
				json_object_object_add(o, "audience", json_object_new_string(audience_name(ck->audience)));
				json_object_object_add(o, "severity", json_object_new_string(severity_name(ck->severity)));
				json_object_object_add(o, "title", json_object_new_string(_(ck->title)));
				json_object_array_add(arr, o);
			} else {
				print_padded(ck->id, 10);
				print_padded(ck->items, 10);
				char phl[64];

				snprintf(phl, sizeof(phl), "%s%s%s", ck->phase & PHASE_BEFORE ? _("before") : "",
					 (ck->phase & PHASE_BEFORE) && (ck->phase & PHASE_AFTER) ? "," : "",
					 ck->phase & PHASE_AFTER ? _("after") : "");
				print_padded(phl, 13);
				print_padded(_(audience_name(ck->audience)), 6);
				print_padded(severity_label(ck->severity), 9);
				printf("%s\n", _(ck->title));
			}
		}
	if (arr) {
		printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
	return EXIT_OK;
}

const struct cmd_def cmd_checks = {
	.fn = checks_run,
	.usage = N_("usage: kyuka checks [--phase before|after] [--format terminal|json]\n"),
	.options = options,
	.args_size = sizeof(struct checks_args),
};

int cli_version(void)
{
	printf("kyuka %s\n", KYUKA_VERSION);
	return EXIT_OK;
}

static int version_run(struct cmd_ctx *c)
{
	(void)c;
	return cli_version();
}

const struct cmd_def cmd_version = { .fn = version_run };
