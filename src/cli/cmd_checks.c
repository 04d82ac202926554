/* kyuka checks: every check, one line each; kyuka version; kyuka help. */
#include "checks/check.h"
#include "cli/cli.h"
#include "report/report.h"
#include "util/i18n.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

static const struct option options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "phase", required_argument, NULL, 'p' },
	GLOBAL_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void phases(unsigned p, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", p & PHASE_BEFORE ? "before" : "",
		 (p & PHASE_BEFORE) && (p & PHASE_AFTER) ? "," : "", p & PHASE_AFTER ? "after" : "");
}

int cmd_checks(int argc, char **argv, struct globals *g)
{
	const char *format = "terminal", *phase = NULL;
	unsigned want = PHASE_BEFORE | PHASE_AFTER | PHASE_DURING;
	json_object *arr = NULL;
	size_t a, i;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (global_option(g, c, optarg))
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'p': phase = optarg; break;
		case 'h':
			i18n_init(g->lang, NULL);
			printf("%s", _("usage: kyuka checks [--phase before|after] [--format terminal|json]\n"));
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (i18n_init(g->lang, NULL) < 0)
		return cli_error(EXIT_USAGE, _("unknown language '%s' (use ja or en)"), g->lang);
	if (phase && phase_parse(phase, &want) < 0)
		return cli_error(EXIT_USAGE, _("invalid --phase '%s' (use before or after)"), phase);
	if (strcmp(format, "terminal") && strcmp(format, "json"))
		return cli_error(EXIT_USAGE, _("invalid --format '%s' (use terminal or json)"), format);
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

int cmd_version(int argc, char **argv, struct globals *g)
{
	(void)argc;
	(void)argv;
	(void)g;
	printf("kyuka %s\n", KYUKA_VERSION);
	return EXIT_OK;
}

int cmd_help(int argc, char **argv, struct globals *g)
{
	size_t i;

	(void)argc;
	(void)argv;
	i18n_init(g->lang, NULL);
	printf("%s", _("usage: kyuka [global options] <command> [options]\n\n"
		       "kyuka checks a host against the Japanese government's advisory for long holidays\n"
		       "(METI, MIC, NPA, NISC): what to verify before the holiday and after it.\n\n"
		       "Commands:\n"));
	for (i = 0; i < n_commands; i++)
		printf("  %-10s %s\n", commands[i].name, _(commands[i].summary));
	printf("\n");
	print_global_help();
	printf("%s", _("\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 runtime error.\n"));
	return EXIT_OK;
}
