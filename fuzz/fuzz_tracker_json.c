/*
 * libFuzzer target for the streamed tracker JSON parser. The first byte
 * picks the chunk size (1..256), the rest is the file; the records must
 * not depend on how the input was split (checked against one whole feed).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/tracker_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sum {
	uint64_t h;
	size_t n;
};

static int rec(void *ctx, const struct tracker_rec *r, struct err *err)
{
	struct sum *s = ctx;
	const char *parts[6] = { r->package, r->cve, r->release, r->status, r->fixed_version ? r->fixed_version : "-",
				 r->urgency };
	size_t i;

	(void)err;
	for (i = 0; i < 6; i++) {
		const unsigned char *p = (const unsigned char *)parts[i];
		if (!p)
			abort();
		while (*p)
			s->h = (s->h ^ *p++) * 1099511628211u;
		s->h = (s->h ^ 0xff) * 1099511628211u;
	}
	s->n++;
	return 0;
}

static int run(const char *buf, size_t len, size_t chunk, struct sum *s)
{
	struct tracker_stream *ts = tracker_stream_new(rec, s);
	size_t i;
	int r = 0;

	for (i = 0; i < len && r == 0; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;
		char *part = malloc(n);

		if (!part)
			abort();
		memcpy(part, buf + i, n);
		r = tracker_stream_feed(ts, part, n, NULL);
		free(part);
	}
	if (r == 0)
		r = tracker_stream_end(ts, NULL);
	tracker_stream_free(ts);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sum a = { 1469598103934665603u, 0 }, b = { 1469598103934665603u, 0 };
	size_t chunk;
	int ra, rb;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] + 1;
	ra = run((const char *)data + 1, size - 1, chunk, &a);
	rb = run((const char *)data + 1, size - 1, size, &b);
	if ((ra == 0) != (rb == 0) || (ra == 0 && (a.h != b.h || a.n != b.n)))
		abort();
	return 0;
}
