/* kyuka.yaml, plan: the keys (parse/config/plan.h has the structs; docs/plan.md an example). */
#include "parse/config/plan.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey person_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_person, name) },
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct plan_person, phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct plan_person, mail) },
	{ .name = "verified", .type = KT_DATE, .off = offsetof(struct plan_person, verified) },
};

static const struct csection person_section = { SECTION(person_keys), .has_line = true,
						.off_line = offsetof(struct plan_person, line) };

static const struct ckey role_keys[] = {
	{ .name = "role", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_role, role) },
	{ .name = "primary", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct plan_role, primary),
	  .off_has = offsetof(struct plan_role, has_primary), .sub = &person_section },
	{ .name = "backup", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct plan_role, backup),
	  .off_has = offsetof(struct plan_role, has_backup), .sub = &person_section },
};

static const struct ckey contact_keys[] = {
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct plan_contact, phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct plan_contact, mail) },
	{ .name = "url", .type = KT_STRING, .flags = KF_WORD, .off = offsetof(struct plan_contact, url) },
};

static const struct csection contact_section = { SECTION(contact_keys) };

static const struct ckey vendor_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED, .off = offsetof(struct plan_vendor, name) },
	{ .name = "kind", .type = KT_STRING, .off = offsetof(struct plan_vendor, kind) },
	{ .name = "service", .type = KT_STRING, .off = offsetof(struct plan_vendor, service) },
	{ .name = "holiday_hours", .type = KT_STRING, .off = offsetof(struct plan_vendor, holiday_hours) },
	{ .name = "contact", .type = KT_SECTION, .off = offsetof(struct plan_vendor, contact), .sub = &contact_section },
	{ .name = "off_hours", .type = KT_SECTION_OR_NONE, .flags = KF_HAS, .off = offsetof(struct plan_vendor, off_hours),
	  .off2 = offsetof(struct plan_vendor, off_hours_none), .off_has = offsetof(struct plan_vendor, has_off_hours),
	  .sub = &contact_section },
	{ .name = "contract_id", .type = KT_STRING, .off = offsetof(struct plan_vendor, contract_id) },
	{ .name = "verified", .type = KT_DATE, .off = offsetof(struct plan_vendor, verified) },
};

static const struct ckey procedure_keys[] = {
	{ .name = "document", .type = KT_STRING, .flags = KF_REQUIRED,
	  .off = offsetof(struct config_plan, procedure.document) },
	{ .name = "reviewed", .type = KT_DATE, .off = offsetof(struct config_plan, procedure.reviewed) },
};

static const struct ckey reporting_keys[] = {
	{ .name = "phone", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.phone) },
	{ .name = "mail", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.mail) },
	{ .name = "hours", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.hours) },
	{ .name = "note", .type = KT_STRING, .off = offsetof(struct config_plan, reporting.note) },
};

static const struct csection role_section = { SECTION(role_keys), .elem_size = sizeof(struct plan_role),
					      .has_line = true, .off_line = offsetof(struct plan_role, line) };
static const struct csection vendor_section = { SECTION(vendor_keys), .elem_size = sizeof(struct plan_vendor),
						.has_line = true, .off_line = offsetof(struct plan_vendor, line) };
static const struct csection procedure_section = { SECTION(procedure_keys), .has_line = true,
						   .off_line = offsetof(struct config_plan, procedure.line) };
static const struct csection reporting_section = { SECTION(reporting_keys), .has_line = true,
						   .off_line = offsetof(struct config_plan, reporting.line) };

static const struct ckey plan_keys[] = {
	{ .name = "verify_days", .type = KT_UINT, .off = offsetof(struct config_plan, verify_days),
	  .min = 1, .max = 3650, .def = 90 },
	{ .name = "procedure", .type = KT_SECTION, .sub = &procedure_section },
	{ .name = "reporting", .type = KT_SECTION, .flags = KF_HAS,
	  .off_has = offsetof(struct config_plan, reporting.present), .sub = &reporting_section },
	{ .name = "roles", .type = KT_LIST, .off = offsetof(struct config_plan, roles),
	  .off2 = offsetof(struct config_plan, n_roles), .sub = &role_section },
	{ .name = "vendors", .type = KT_LIST, .off = offsetof(struct config_plan, vendors),
	  .off2 = offsetof(struct config_plan, n_vendors), .sub = &vendor_section },
};

_Static_assert(ARRAY_SIZE(person_keys) <= CONFIG_SECTION_MAX_KEYS, "person_keys");
_Static_assert(ARRAY_SIZE(role_keys) <= CONFIG_SECTION_MAX_KEYS, "role_keys");
_Static_assert(ARRAY_SIZE(contact_keys) <= CONFIG_SECTION_MAX_KEYS, "contact_keys");
_Static_assert(ARRAY_SIZE(vendor_keys) <= CONFIG_SECTION_MAX_KEYS, "vendor_keys");
_Static_assert(ARRAY_SIZE(procedure_keys) <= CONFIG_SECTION_MAX_KEYS, "procedure_keys");
_Static_assert(ARRAY_SIZE(reporting_keys) <= CONFIG_SECTION_MAX_KEYS, "reporting_keys");
_Static_assert(ARRAY_SIZE(plan_keys) <= CONFIG_SECTION_MAX_KEYS, "plan_keys");

const struct csection config_plan_section = { SECTION(plan_keys), .has_line = true,
					      .off_line = offsetof(struct config_plan, line) };
