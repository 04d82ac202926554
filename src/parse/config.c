/*
 * kyuka.yaml: bytes in, struct config out.
 *
 * Three passes over the input:
 *   1. a byte scan (parse/yaml.c), so every later message can trust the text it quotes;
 *   2. libfyaml's events into a bounded tree of our own with a line for every
 *      node (parse/yaml.c);
 *   3. the tree checked against tables of keys (parse/schema.c): the top-level
 *      keys here, one table per area in src/parse/config/<area>.c. Parsing,
 *      defaults and freeing are all driven by the tables.
 *
 * Every error names the file, the 1-based line and the key.
 */
#include "parse/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/config/keydoc.h"
#include "parse/schema.h"
#include "parse/yaml.h"
#include "util/xalloc.h"

#define AREA(n, f) { .name = n, .type = KT_SECTION, .off = offsetof(struct config, f), .sub = &config_##f##_section }

static const struct ckey top_keys[] = {
	{ .name = "version", .type = KT_UINT, .flags = KF_INT, .off = offsetof(struct config, version),
	  .min = 1, .max = 1, .def = 1 },
	{ .name = "organisation", .type = KT_STRING, .off = offsetof(struct config, organisation) },
	{ .name = "holiday", .type = KT_HOLIDAY, .flags = KF_HAS, .off = offsetof(struct config, holiday_start),
	  .off2 = offsetof(struct config, holiday_end), .off_has = offsetof(struct config, has_holiday) },
	AREA("audit", audit),
	AREA("accounts", accounts),
	AREA("ssh", ssh),
	AREA("vulns", vulns),
	AREA("feeds", feeds),
	AREA("logs", logs),
	AREA("passwords", passwords),
	AREA("ports", ports),
	AREA("services", services),
	{ .name = "allow", .type = KT_LIST, .off = offsetof(struct config, allow),
	  .off2 = offsetof(struct config, n_allow), .sub = &config_allow_section },
	{ .name = "plan", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct config, plan),
	  .off_has = offsetof(struct config, plan.present), .sub = &config_plan_section },
	{ .name = "alert", .type = KT_SECTION, .flags = KF_HAS, .off = offsetof(struct config, alert),
	  .off_has = offsetof(struct config, alert.present), .sub = &config_alert_section },
	AREA("monitoring", monitoring),
	AREA("backup", backup),
	AREA("baseline", baseline),
	AREA("av", av),
	AREA("scan", scan),
	AREA("netscan", netscan),
	AREA("inventory", inventory),
};
#undef AREA

_Static_assert(ARRAY_SIZE(top_keys) <= CONFIG_SECTION_MAX_KEYS, "top_keys");

static const struct csection top_section = { SECTION(top_keys) };

const struct csection *config_schema(void)
{
	return &top_section;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	schema_defaults(&top_section, cfg);
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	schema_free_section(&top_section, cfg);
	free(cfg->source);
	config_defaults(cfg);
}

int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err)
{
	struct pctx c = { .fname = fname ? fname : "config", .err = err };
	struct ytree t = { 0 };
	struct config tmp;
	int r;

	config_defaults(&tmp);
	if (!buf && len) {
		r = cfg_err(&c, 0, "no input");
		goto out;
	}
	if (len > CONFIG_MAX_BYTES) {
		r = cfg_errc(&c, -EFBIG, 0, "larger than %zu bytes", CONFIG_MAX_BYTES);
		goto out;
	}
	r = yaml_prescan(&c, buf, len);
	if (r < 0)
		goto out;
	if (len) {
		r = yaml_build(&c, buf, len, &t);
		if (r < 0)
			goto out;
	}
	r = schema_parse_section(&c, &top_section, "", t.root, &tmp);
	if (r < 0)
		goto out;
	r = config_backup_validate(&c, &tmp.backup);
	if (r < 0)
		goto out;
	r = config_ports_validate(&c, &tmp.ports);
	if (r < 0)
		goto out;
	r = config_inventory_validate(&c, &tmp.inventory);
	if (r < 0)
		goto out;
	r = config_logs_validate(&c, &tmp.logs);
	if (r < 0)
		goto out;
	tmp.source = fname ? xstrdup(fname) : NULL;
	*cfg = tmp;
out:
	yaml_free(&t);
	if (r < 0) {
		config_free(&tmp);
		config_defaults(cfg);
	}
	return r;
}
