/*
 * kyuka alert test: sends a test alert through the configured channel
 * (alert: in kyuka.yaml) and records the result in the database, where the
 * audit (MON-0070) finds it. Exit 0 when the channel took the alert, 3 when not.
 */
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/host.h"
#include "engines/alert.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char alert_usage[] = N_("usage: kyuka alert test");

static int alert_operands(struct cmd_ctx *c)
{
	if (c->argc != 1 || strcmp(c->argv[0], "test") != 0)
		return cli_error(EXIT_USAGE, "%s", _(alert_usage));
	return EXIT_OK;
}

static int alert_run(struct cmd_ctx *c)
{
	const struct config *cfg = &c->cfg;
	struct alert_message m = { 0 };
	struct alert_test rec = { 0 };
	struct store *st = NULL;
	struct err e = { 0 }, se;
	char host[256] = "";
	char *target = NULL, *detail = NULL, *subject = NULL, *body = NULL, *path = NULL;
	bool unrecorded = false;
	int ret, r;

	if (alert_validate(&cfg->alert, &e) < 0) {
		ret = cli_error(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	target = alert_target(&cfg->alert);
	subject = xasprintf(_("kyuka test alert from %s"), host);
	body = xasprintf(_("This is a test of the alert channel of kyuka on %s. If you read this, alerts during the holiday reach you.\n"),
			 host);
	m.subject = subject;
	m.body = body;
	m.host = host;
	m.time = (long long)clock_now();
	m.test = true;
	r = alert_send(&cfg->alert, &m, &detail, &e);

	rec.at = clock_now();
	rec.channel = cfg->alert.channel;
	rec.target = target;
	rec.ok = r == 0;
	rec.detail = r == 0 ? detail : e.msg;
	path = cli_db_path(c->g);
	if (!path || store_open(path, &st, &se) < 0 || store_add_alert_test(st, &rec, NULL, &se) < 0) {
		cli_warn(_("the result was not recorded: %s"), path ? se.msg : _("no database path"));
		unrecorded = true;	/* MON-0070 cannot see this test: exit 3 below */
	}
	store_close(st);

	if (r == 0) {
		printf("%s ", _("sent:"));
		cli_put_escaped(target);
		printf(" (");
		cli_put_escaped(detail);
		printf(")\n");
		ret = EXIT_OK;
	} else {
		ret = cli_error(EXIT_RUNTIME, _("the test alert to %s failed: %s"), target, e.msg);
	}
	if (unrecorded)
		ret = EXIT_RUNTIME;
out:
	free(path);
	free(target);
	free(detail);
	free(subject);
	free(body);
	return ret;
}

const struct cmd_def cmd_alert = { .fn = alert_run, .usage = alert_usage, .operands = alert_operands };
