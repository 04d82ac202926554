/*
 * What the store knows that some checks need: the manual confirmations
 * (kyuka plan confirm), the last alert channel test (kyuka alert test) and
 * the newest malware scan (kyuka scan).
 * The command loads it before the run; the checks only read it.
 */
#ifndef KYUKA_CHECKS_EVIDENCE_H
#define KYUKA_CHECKS_EVIDENCE_H

#include <stdbool.h>

#include "store/store.h"

/* The advisory items a person confirms with kyuka plan confirm. */
extern const char *const manual_items[];
#define N_MANUAL_ITEMS 5

struct audit_evidence {
	bool readable;			/* the database was read (or does not exist yet) */
	char *why_unreadable;		/* when not readable */
	bool have_confirm[N_MANUAL_ITEMS];
	struct confirmation confirm[N_MANUAL_ITEMS];
	bool have_alert;
	struct alert_test alert;	/* the newest test of the configured channel */
	bool have_scan;
	struct scan_record scan;	/* the newest malware scan since the holiday began (AV-2) */
};

/* Index of an item in manual_items (case-insensitive), or -1. */
int manual_item_index(const char *item);
/* Loads from an open store (NULL: no database yet, nothing recorded). Never fails: problems go to why_unreadable.
 * holiday_start (YYYY-MM-DD, NULL: none configured): a scan counts from that day on, else any scan. */
struct config_alert;

void evidence_load(struct store *s, const struct config_alert *alert, const char *holiday_start,
		   struct audit_evidence *ev);
/* The database could not be opened: record why. */
void evidence_unreadable(struct audit_evidence *ev, const char *why);
void evidence_release(struct audit_evidence *ev);

#endif
