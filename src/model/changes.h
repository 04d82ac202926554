/*
 * What changed on the host since a baseline (kyuka diff), as the renderers
 * see it: the two snapshots and each difference, classified. The strings are
 * copied (owned); keys and values came from the host and are hostile.
 */
#ifndef KYUKA_MODEL_CHANGES_H
#define KYUKA_MODEL_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/finding.h"

enum change_kind { CHG_APPEARED, CHG_VANISHED, CHG_CHANGED };
const char *change_kind_name(enum change_kind k);	/* "appeared", "vanished", "changed" (stable) */

struct host_change {
	enum change_kind change;
	char *kind, *key;		/* "file", "/etc/passwd" */
	char *before, *after;		/* NULL when absent */
	enum severity severity;
	char *item;			/* advisory item: "AC-1" */
	bool explained;			/* by the package manager */
	char *why;			/* "" when none */
};

/* A snapshot: a stored baseline. */
struct change_snapshot {
	int64_t id;
	time_t taken_at;
	char *root;
	int64_t n_items;
	char sha256[65];
	bool intact;			/* its stored summary still matches */
};

struct change_report {
	time_t generated_at;
	struct change_snapshot base;
	bool against_now;		/* else against */
	struct change_snapshot against;
	char now_sha256[65];		/* base's summary recomputed now (differs when !base.intact) */
	struct host_change *v;
	size_t n, alloc;
	size_t count[SEV__COUNT], explained;
	/* what could not be read now (plain text, owned); has_not_read also when the list is empty but some were */
	char **not_read;
	size_t n_not_read;
	bool has_not_read;
};

/* Copies c's strings; counts it (explained, else by severity). */
void change_report_add(struct change_report *r, const struct host_change *c);
void change_report_note(struct change_report *r, const char *note);
void change_report_release(struct change_report *r);

#endif
