/*
 * A check: a permanent ID (AREA-NNNN, never renumbered or reused), the
 * advisory items it verifies (IDs from ADVISORY.md), phase, audience,
 * severity, a title, and a run function that reads facts through collect/,
 * parses them with parse/, and decides by adding findings to the context.
 */
#ifndef KYUKA_CHECKS_CHECK_H
#define KYUKA_CHECKS_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "util/err.h"

#ifndef N_
#define N_(s) (s)
#endif

struct check_ctx;

struct check {
	const char *id;
	const char *items;		/* comma-separated advisory item IDs */
	unsigned phase;			/* PHASE_* bits */
	enum audience audience;
	enum severity severity;		/* of a FAIL; WARN findings may be lower */
	const char *title;		/* N_() */
	const char *explain;		/* N_(): what and why */
	const char *remedy;		/* N_(): how to fix */
	/* Returns 0, or a negative errno with detail in err (the run becomes ERROR). */
	int (*run)(struct check_ctx *ctx, struct err *err);
};

struct check_area {
	const char *name;		/* "accounts" */
	const struct check *checks;
	size_t n;
};
#define CHECK_AREA(var, area_name, table) \
	const struct check_area var = { .name = (area_name), .checks = (table), .n = sizeof(table) / sizeof((table)[0]) }

/* Every area, in report order. */
extern const struct check_area *const check_areas[];
extern const size_t n_check_areas;

/* Finds a check by ID (case-insensitive); NULL if none. */
const struct check *check_find(const char *id, const char **area);
/* True when sel (check ID, advisory item ID or area name, case-insensitive) names c. */
bool check_matches(const struct check *c, const char *area, const char *sel);

/* Adding findings from a check's run. Subject and evidence are plain text (escaped by renderers). */
void check_add(struct check_ctx *ctx, enum status st, const char *subject, const char *evidence_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Like check_add with an explicit severity (e.g. WARN at medium). */
void check_add_sev(struct check_ctx *ctx, enum status st, enum severity sev, const char *subject,
		   const char *evidence_fmt, ...) __attribute__((format(printf, 5, 6)));
/* Overrides the remedy for the last finding added (translated text). */
void check_set_remedy(struct check_ctx *ctx, const char *remedy_fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * One finding for many subjects that share a status and a remedy (e.g. the
 * packages with pending updates), instead of one finding each:
 *
 *	struct check_group g;
 *	check_group_init(&g, ctx, ST_FAIL, ctx->cur->severity);
 *	for (...)
 *		check_group_add(&g, name, _("%s -> %s"), old, new);
 *	check_group_end(&g, ngettext("%zu package ...", "%zu packages ...", g.n), g.n);
 *
 * A subject that an accepted exception of the config names (allow: with
 * that subject) is added as a finding of its own instead, so that the
 * exception applies to it alone. check_group_end adds the grouped finding
 * (subject "", the statement as its evidence) when any subject is left, and
 * frees the group; check_set_remedy after it applies to the grouped finding.
 */
struct finding_subject;
struct check_group {
	struct check_ctx *ctx;
	enum status status;
	enum severity severity;
	struct finding_subject *v;
	size_t n, alloc;
};
void check_group_init(struct check_group *g, struct check_ctx *ctx, enum status st, enum severity sev);
void check_group_add(struct check_group *g, const char *subject, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
void check_group_end(struct check_group *g, const char *evidence_fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
