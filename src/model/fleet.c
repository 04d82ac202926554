/* The fleet's nouns (model/fleet.h). */
#include "model/fleet.h"

#include <stdlib.h>
#include <string.h>

void fleet_report_free(struct fleet_report *r)
{
	if (!r)
		return;
	free(r->pool);
	free(r->f);
	free(r->hostname);
	free(r->tool_version);
	free(r->os_pretty);
	memset(r, 0, sizeof(*r));
}

void fleet_status_free(struct fleet_status *s)
{
	for (size_t i = 0; i < s->n_hosts; i++) {
		free(s->hosts[i].name);
		free(s->hosts[i].claimed);
	}
	free(s->hosts);
	free(s->checks);
	memset(s, 0, sizeof(*s));
}

void fleet_history_free(struct fleet_history *h)
{
	size_t i;

	for (i = 0; i < h->n_runs; i++)
		free(h->runs[i].claimed);
	for (i = 0; i < h->n_findings; i++) {
		free(h->findings[i].subject);
		free(h->findings[i].evidence);
		free(h->findings[i].remedy);
	}
	free(h->runs);
	free(h->findings);
	memset(h, 0, sizeof(*h));
}

const char *fleet_verdict_name(enum fleet_verdict v)
{
	static const char *const names[] = { "ready", "not_ready", "mismatch", "not_reported" };

	return (unsigned)v < 4 ? names[v] : "?";
}
