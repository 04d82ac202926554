/* libFuzzer target: wtmp/btmp walking and lastlog records from arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/utmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_cb(const struct utmp_rec *r, void *arg)
{
	size_t *n = arg;

	/* Touch every string so ASan sees an unterminated one. */
	*n += strlen(r->line) + strlen(r->user) + strlen(r->host) + strlen(r->addr);
	return r->type == 0x7fff;	/* exercise stopping early */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	struct lastlog_rec ll;
	struct utmp_rec ut;
	size_t n = 0, trailing = 0, off;
	struct err e;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	(void)utmp_walk(buf, size, count_cb, &n, &trailing, &e);
	for (off = 0; size - off >= LASTLOG_RECORD_SIZE; off += LASTLOG_RECORD_SIZE)
		if (lastlog_decode(buf + off, LASTLOG_RECORD_SIZE, &ll, &e) == 0)
			n += strlen(ll.line) + strlen(ll.host);
	(void)utmp_decode(buf, size, &ut, &e);
	(void)lastlog_decode(buf, size, &ll, &e);
	free(buf);
	return 0;
}
