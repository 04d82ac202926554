/* kyuka.yaml, ports: the keys (parse/config/ports.h has the struct and an example). */
#include "parse/config/ports.h"

#include <errno.h>
#include <string.h>

#include "parse/schema.h"
#include "util/xalloc.h"

#define F(f) offsetof(struct config_port_allow, f)
static const struct ckey allow_keys[] = {
	{ .name = "port", .type = KT_UINT, .flags = KF_REQUIRED, .off = F(port), .min = 1, .max = 65535 },
	{ .name = "proto", .type = KT_STRING, .flags = KF_WORD, .off = F(proto) },
	{ .name = "bind", .type = KT_STRING, .flags = KF_WORD, .off = F(bind) },
	{ .name = "process", .type = KT_STRING, .flags = KF_WORD, .off = F(process) },
	{ .name = "reason", .type = KT_STRING, .flags = KF_REQUIRED, .off = F(reason) },
	{ .name = "expires", .type = KT_DATE, .off = F(expires) },
};
#undef F
_Static_assert(ARRAY_SIZE(allow_keys) <= CONFIG_SECTION_MAX_KEYS, "ports.allow keys");

static const struct csection allow_section = { SECTION(allow_keys), .elem_size = sizeof(struct config_port_allow),
					       .has_line = true, .off_line = offsetof(struct config_port_allow, line) };

static const struct ckey keys[] = {
	{ .name = "allow", .type = KT_LIST, .off = offsetof(struct config_ports, allow),
	  .off2 = offsetof(struct config_ports, n_allow), .sub = &allow_section },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "ports keys");

const struct csection config_ports_section = { SECTION(keys) };

int config_ports_validate(struct pctx *c, const struct config_ports *p)
{
	size_t i;

	for (i = 0; i < p->n_allow; i++) {
		const char *proto = p->allow[i].proto;

		if (proto && strcmp(proto, "tcp") && strcmp(proto, "udp"))
			return cfg_err(c, p->allow[i].line, "ports.allow[%zu].proto: expected tcp or udp", i);
	}
	return 0;
}
