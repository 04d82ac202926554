/* libFuzzer target for the triage of one MIME message (GMime, libgsf, libarchive, the parsers): no crash, a verdict. */
#include <stdint.h>
#include <stdlib.h>

#include "engines/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mail_ctx *ctx;
	struct mail_result r = { 0 };

	if (!ctx && mail_ctx_new(NULL, &ctx, NULL) < 0)
		abort();
	mail_triage_bytes(ctx, (const char *)data, size, &r);
	if (r.verdict > ML_SUSPICIOUS || r.n_reasons > MAIL_MAX_REASONS || (r.n_reasons && r.verdict == ML_NONE))
		abort();
	mail_result_free(&r);
	return 0;
}
