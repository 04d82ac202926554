/* libFuzzer target: kyuka.yaml parsing, and the holiday/date helpers, from arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every string so ASan sees anything unterminated or freed. */
static size_t touch(const struct config *c)
{
	size_t n = 0, i;

	n += c->organisation ? strlen(c->organisation) : 0;
	n += strlen(c->holiday_start) + strlen(c->holiday_end);
	for (i = 0; i < c->audit.n_skip; i++)
		n += strlen(c->audit.skip[i]);
	for (i = 0; i < c->accounts.n_ignore; i++)
		n += strlen(c->accounts.ignore[i]);
	for (i = 0; i < c->plan.n_roles; i++)
		n += strlen(c->plan.roles[i].role) + (c->plan.roles[i].primary.name ? strlen(c->plan.roles[i].primary.name) : 0) +
		     (c->plan.roles[i].backup.mail ? strlen(c->plan.roles[i].backup.mail) : 0);
	for (i = 0; i < c->plan.n_vendors; i++)
		n += strlen(c->plan.vendors[i].name) + (c->plan.vendors[i].off_hours.phone ? strlen(c->plan.vendors[i].off_hours.phone) : 0);
	n += c->alert.channel ? strlen(c->alert.channel) : 0;
	for (i = 0; i < c->alert.n_to; i++)
		n += strlen(c->alert.to[i]);
	for (i = 0; i < c->n_allow; i++)
		n += strlen(c->allow[i].check) + strlen(c->allow[i].subject) + strlen(c->allow[i].reason) +
		     strlen(c->allow[i].expires);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);	/* exactly sized, not terminated */
	char start[11], end[11];
	struct config c;
	struct err e;
	int y, m, d;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (config_parse(buf, size, "fuzz.yaml", &c, &e) == 0)
		(void)touch(&c);
	config_free(&c);
	config_free(&c);
	(void)holiday_parse(buf, size, start, end, &e);
	(void)date_parse(buf, size, &y, &m, &d);
	free(buf);
	return 0;
}
