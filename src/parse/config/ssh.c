/* kyuka.yaml, ssh: the keys (parse/config/ssh.h has the struct and an example). */
#include "parse/config/ssh.h"

#include "parse/schema.h"
#include "util/xalloc.h"

static const struct ckey keys[] = {
	{ .name = "min_rsa_bits", .type = KT_UINT, .off = offsetof(struct config_ssh, min_rsa_bits), .min = 1024,
	  .max = 16384, .def = 2048 },
};
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "ssh keys");

const struct csection config_ssh_section = { SECTION(keys) };
