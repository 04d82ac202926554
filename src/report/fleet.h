/*
 * The fleet's renderers (kyuka fleet status, kyuka fleet host): terminal and
 * JSON, from model/fleet.h. Every string that came from a host (its name as
 * claimed, subjects, evidence, remedies) is escaped for the output; the
 * check titles and remedies are kyuka's own (set by the caller from its
 * check table), never a host's. HTML is left to the HTML renderer.
 */
#ifndef KYUKA_REPORT_FLEET_H
#define KYUKA_REPORT_FLEET_H

#include <stdint.h>

#include "model/fleet.h"
#include "util/strbuf.h"

#define FLEET_DO_FIRST_MAX 5
#define FLEET_WORST_MAX 20

struct fleet_view {
	int64_t now;
	const char *holiday;	/* "START..END", NULL for every report */
	int64_t max_age;	/* seconds; 0: no limit */
};

/*
 * The fleet's "do this first": up to FLEET_DO_FIRST_MAX of s->checks (sorted
 * worst first: severity, FAIL on any host, hosts) with WARN or FAIL above
 * info; their indexes into idx. Returns how many.
 */
size_t fleet_do_first(const struct fleet_status *s, size_t *idx);

int render_fleet_status_terminal(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out);
int render_fleet_status_json(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out);
/* One self-contained HTML page (the reports' style): every host's string escaped. */
int render_fleet_status_html(const struct fleet_status *s, const struct fleet_view *v, struct strbuf *out);
int render_fleet_host_terminal(const char *host, const struct fleet_history *h, const struct fleet_view *v,
			       struct strbuf *out);
int render_fleet_host_json(const char *host, const struct fleet_history *h, const struct fleet_view *v,
			   struct strbuf *out);

#endif
