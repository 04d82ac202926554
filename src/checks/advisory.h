/* The advisory's items (ADVISORY.md) and the headings reports group them under. */
#ifndef KYUKA_CHECKS_ADVISORY_H
#define KYUKA_CHECKS_ADVISORY_H

#include "model/finding.h"

struct advisory_item {
	const char *id;		/* "AC-3" */
	unsigned phase;
	enum audience audience;
	const char *heading;	/* N_(): the advisory's heading, our wording */
	int order;		/* report order of the heading */
	const char *measure;	/* N_(): the measure, our wording */
};

extern const struct advisory_item advisory_items[];
extern const size_t n_advisory_items;

/* The item with this ID (case-insensitive), or NULL. */
const struct advisory_item *advisory_item(const char *id);
/* The item of the first ID in a comma-separated list, or NULL. */
const struct advisory_item *advisory_first_item(const char *items);

#endif
