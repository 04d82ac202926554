/* Each area's table, declared in its own file (src/checks/<area>.c). */
#ifndef KYUKA_CHECKS_AREAS_H
#define KYUKA_CHECKS_AREAS_H

#include "checks/check.h"

extern const struct check_area accounts_area;
extern const struct check_area sudo_area;
extern const struct check_area ssh_area;
extern const struct check_area mfa_area;
extern const struct check_area plan_area;
extern const struct check_area monitoring_area;
extern const struct check_area packages_area;
extern const struct check_area vulns_area;
extern const struct check_area logs_area;
extern const struct check_area passwords_area;
extern const struct check_area backup_area;
extern const struct check_area network_area;
extern const struct check_area services_area;
extern const struct check_area devices_area;
extern const struct check_area changes_area;
extern const struct check_area antivirus_area;
extern const struct check_area staff_area;

#endif
