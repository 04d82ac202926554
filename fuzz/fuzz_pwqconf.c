/* libFuzzer target for pwquality.conf framing; each option is also given to libpwquality as the collector does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pwquality.h>

#include "parse/pwqconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pwqconf c;
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (pwqconf_parse(buf, size, &c, NULL) == 0) {
		pwquality_settings_t *s = pwquality_default_settings();

		for (i = 0; i < c.n; i++) {
			if (!c.v[i].name[0] || strlen(c.v[i].name) > PWQCONF_MAX_NAME || strchr(c.v[i].option, '\n'))
				abort();
			if (s)
				pwquality_set_option(s, c.v[i].option);
		}
		if (s)
			pwquality_free_settings(s);
		pwqconf_free(&c);
	}
	free(buf);
	return 0;
}
