/*
 * A listing for people: rows with a status, a headline, labelled fields,
 * folded details and an action. What kyuka mail and kyuka vulns found, as
 * the HTML renderer (report/listing.c) takes it; the commands fill it from
 * their engines' results. Every string is copied (owned) and may be hostile
 * (it came from a mail or a feed): the renderer escapes it.
 */
#ifndef KYUKA_MODEL_LISTING_H
#define KYUKA_MODEL_LISTING_H

#include <stddef.h>
#include <time.h>

#include "model/finding.h"

struct listing_pair {
	char *label, *value;
};

struct listing_row {
	enum status status;		/* FAIL: act, WARN: caution, PASS: nothing found */
	char *word;			/* the status word shown (translated), NULL for status_label() */
	char *headline;
	struct listing_pair *fields;	/* shown */
	size_t n_fields;
	char **details;			/* folded (<details>) */
	size_t n_details;
	char *action;			/* shown below, NULL when none */
};

struct listing {
	char *title;
	time_t generated_at;
	struct listing_pair *meta;	/* the header: label, value */
	size_t n_meta;
	char **summary;			/* lines above the rows */
	size_t n_summary;
	struct listing_row *rows;
	size_t n_rows;
};

void listing_meta(struct listing *l, const char *label, const char *value);
/* A line above the rows (a trailing newline dropped). */
void listing_summary(struct listing *l, const char *line);
/* A new row (headline copied); the row's pointer is valid until the next listing_row(). */
struct listing_row *listing_row(struct listing *l, enum status st, const char *word, const char *headline);
void listing_field(struct listing_row *r, const char *label, const char *value);
void listing_detail(struct listing_row *r, const char *line);
void listing_action(struct listing_row *r, const char *text);
void listing_release(struct listing *l);

#endif
