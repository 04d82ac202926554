#include "checks/evidence.h"
#include "engines/alert.h"
#include "parse/config/alert.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const manual_items[N_MANUAL_ITEMS] = { "IR-2", "IR-5", "AW-1", "VU-3", "ST-1" };

int manual_item_index(const char *item)
{
	int i;

	for (i = 0; i < N_MANUAL_ITEMS; i++)
		if (strcasecmp(manual_items[i], item) == 0)
			return i;
	return -1;
}

void evidence_unreadable(struct audit_evidence *ev, const char *why)
{
	memset(ev, 0, sizeof(*ev));
	ev->why_unreadable = xstrdup(why);
}

void evidence_load(struct store *s, const struct config_alert *alert, const char *holiday_start,
		   struct audit_evidence *ev)
{
	struct err e;
	int i, r;

	memset(ev, 0, sizeof(*ev));
	ev->readable = true;
	if (!s)
		return;
	for (i = 0; i < N_MANUAL_ITEMS; i++) {
		r = store_latest_confirmation(s, manual_items[i], &ev->confirm[i], &e);
		if (r == 0) {
			ev->have_confirm[i] = true;
		} else if (r != -ENOENT) {
			evidence_release(ev);
			evidence_unreadable(ev, e.msg);
			return;
		}
	}
	if (alert->present) {
		char *target = alert_target(alert);

		r = store_latest_alert_test(s, alert->channel, target, &ev->alert, &e);
		free(target);
		if (r == 0) {
			ev->have_alert = true;
		} else if (r != -ENOENT) {
			evidence_release(ev);
			evidence_unreadable(ev, e.msg);
			return;
		}
	}
	{
		/* a scan counts from the first day of the holiday (any scan when none is configured) */
		long day = 0;
		time_t since = 0;

		if (holiday_start && date_to_days(holiday_start, strlen(holiday_start), &day) == 0)
			since = (time_t)day * 86400;
		r = store_latest_scan(s, since, &ev->scan, &e);
		if (r == 0) {
			ev->have_scan = true;
		} else if (r != -ENOENT) {
			evidence_release(ev);
			evidence_unreadable(ev, e.msg);
		}
	}
}

void evidence_release(struct audit_evidence *ev)
{
	int i;

	for (i = 0; i < N_MANUAL_ITEMS; i++)
		if (ev->have_confirm[i])
			confirmation_release(&ev->confirm[i]);
	if (ev->have_alert)
		alert_test_release(&ev->alert);
	if (ev->have_scan)
		scan_record_release(&ev->scan);
	free(ev->why_unreadable);
	memset(ev, 0, sizeof(*ev));
}
