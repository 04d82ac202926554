#include "checks/areas.h"
#include "checks/check.h"

#include <string.h>
#include <strings.h>

const struct check_area *const check_areas[] = {
	&accounts_area,
	&sudo_area,
	&ssh_area,
	&mfa_area,
	&plan_area,
	&monitoring_area,
	&packages_area,
	&vulns_area,
	&logs_area,
	&passwords_area,
	&backup_area,
	&network_area,
	&services_area,
	&devices_area,
	&changes_area,
	&antivirus_area,
	&staff_area,
};
const size_t n_check_areas = sizeof(check_areas) / sizeof(check_areas[0]);

const struct check *check_find(const char *id, const char **area)
{
	size_t i, j;

	for (i = 0; i < n_check_areas; i++)
		for (j = 0; j < check_areas[i]->n; j++)
			if (strcasecmp(check_areas[i]->checks[j].id, id) == 0) {
				if (area)
					*area = check_areas[i]->name;
				return &check_areas[i]->checks[j];
			}
	return NULL;
}

bool check_matches(const struct check *c, const char *area, const char *sel)
{
	const char *p = c->items;
	size_t n = strlen(sel);

	if (strcasecmp(c->id, sel) == 0 || strcasecmp(area, sel) == 0)
		return true;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == n && strncasecmp(p, sel, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}
