/*
 * libFuzzer target for the monitoring config parsers: the first byte picks the
 * parser (byte % 7: sdini, logrotate, rsyslog, syslog-ng, audit rules (4 and 5: crontab has fuzz_crontab),
 * sizes and spans),
 * the rest is its input, exactly sized and not terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/monconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;
	size_t n, i, sum = 0;
	bool approx;
	const char *why;

	if (!size)
		return 0;
	n = size - 1;
	buf = malloc(n ? n : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, n);
	switch (data[0] % 7) {
	case 0: {
		struct sdini ini;

		sdini_parse(buf, n, &ini);
		for (i = 0; i < ini.n; i++)
			sum += touch(ini.v[i].section) + touch(ini.v[i].key) + touch(ini.v[i].value);
		if (ini.n)
			(void)sdini_get(&ini, ini.v[0].section, ini.v[0].key);
		sdini_free(&ini);
		break;
	}
	case 1: {
		struct lr_file f;

		logrotate_parse(buf, n, NULL, &f);
		for (i = 0; i < f.n_st; i++) {
			for (size_t j = 0; j < f.st[i].n_paths; j++)
				sum += touch(f.st[i].paths[j]);
			(void)lr_horizon_hours(&f.st[i].o, &approx, &why);
		}
		for (i = 0; i < f.n_inc; i++)
			sum += touch(f.inc[i].path);
		lr_file_free(&f);
		break;
	}
	case 2:
	case 3: {
		struct syslog_conf c;

		if (data[0] % 7 == 2)
			rsyslog_parse(buf, n, &c);
		else
			syslogng_parse(buf, n, &c);
		for (i = 0; i < c.n_fwd; i++)
			sum += touch(c.fwd[i].target) + strlen(c.fwd[i].proto);
		for (i = 0; i < c.n_inc; i++)
			sum += touch(c.includes[i]);
		syslog_conf_free(&c);
		break;
	}
	case 4:
	case 5: {
		struct audit_rules a;

		auditrules_count(buf, n, &a);
		sum += a.rules;
		break;
	}
	default: {
		uint64_t v;

		(void)sd_parse_bytes(buf, n, &v);
		(void)sd_parse_timespan(buf, n, &v);
		break;
	}
	}
	free(buf);
	return (int)(sum & 0);
}
