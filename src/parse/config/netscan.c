/* kyuka.yaml, netscan and inventory: the keys (parse/config/netscan.h has the structs and an example). */
#include "parse/config/netscan.h"

#include <errno.h>
#include <string.h>

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "targets", .type = KT_STRLIST, .off = offsetof(struct config_netscan, targets),
	  .off2 = offsetof(struct config_netscan, n_targets) },
	{ .name = "ports", .type = KT_STRING, .off = offsetof(struct config_netscan, ports) },
	{ .name = "rate", .type = KT_UINT, .off = offsetof(struct config_netscan, rate), .min = 0, .max = 10000000,
	  .def = 50000 },
	{ .name = "timeout_ms", .type = KT_UINT, .off = offsetof(struct config_netscan, timeout_ms), .min = 10,
	  .max = 60000, .def = 1000 },
	{ .name = "retries", .type = KT_UINT, .off = offsetof(struct config_netscan, retries), .min = 0, .max = 10,
	  .def = 1 },
	{ .name = "allow_public", .type = KT_BOOL, .off = offsetof(struct config_netscan, allow_public) },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "netscan keys");

const struct csection config_netscan_section = { SECTION(keys) };

static const char *const holiday_states[] = { "on", "off", NULL };

#define A(f) offsetof(struct config_device_allow, f)
static const struct ckey allow_keys[] = {
	{ .name = "port", .type = KT_UINT, .flags = KF_REQUIRED, .off = A(port), .min = 1, .max = 65535 },
	{ .name = "proto", .type = KT_STRING, .flags = KF_WORD, .off = A(proto) },
	{ .name = "reason", .type = KT_STRING, .flags = KF_REQUIRED, .off = A(reason) },
};
#undef A
static const struct csection allow_section = { SECTION(allow_keys), .elem_size = sizeof(struct config_device_allow),
					       .has_line = true, .off_line = offsetof(struct config_device_allow, line) };

#define D(f) offsetof(struct config_device, f)
static const struct ckey device_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED, .off = D(name) },
	{ .name = "address", .type = KT_STRING, .flags = KF_REQUIRED | KF_WORD, .off = D(address) },
	{ .name = "kind", .type = KT_STRING, .off = D(kind) },
	{ .name = "owner", .type = KT_STRING, .off = D(owner) },
	{ .name = "holiday", .type = KT_CHOICE, .off = D(holiday), .choices = holiday_states },
	{ .name = "allow", .type = KT_LIST, .off = D(allow), .off2 = D(n_allow), .sub = &allow_section },
};
#undef D
_Static_assert(ARRAY_SIZE(device_keys) <= CONFIG_SECTION_MAX_KEYS, "inventory.devices keys");
static const struct csection device_section = { SECTION(device_keys), .elem_size = sizeof(struct config_device),
						.has_line = true, .off_line = offsetof(struct config_device, line) };

static const struct ckey inv_keys[] = {
	{ .name = "devices", .type = KT_LIST, .off = offsetof(struct config_inventory, devices),
	  .off2 = offsetof(struct config_inventory, n_devices), .sub = &device_section },
};
const struct csection config_inventory_section = { SECTION(inv_keys) };

int config_inventory_validate(struct pctx *c, const struct config_inventory *inv)
{
	size_t i, j;

	for (i = 0; i < inv->n_devices; i++) {
		const struct config_device *d = &inv->devices[i];

		for (j = 0; j < i; j++)
			if (!strcmp(inv->devices[j].name, d->name))
				return cfg_err(c, d->line, "inventory.devices[%zu].name: '%s' is named twice", i, d->name);
		for (j = 0; j < d->n_allow; j++) {
			const char *p = d->allow[j].proto;

			if (p && strcmp(p, "tcp") && strcmp(p, "udp"))
				return cfg_err(c, d->allow[j].line, "inventory.devices[%zu].allow[%zu].proto: expected tcp or udp",
					       i, j);
		}
	}
	return 0;
}
