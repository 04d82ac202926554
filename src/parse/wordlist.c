/* Wordlists: one guess a line. See wordlist.h. */
#include "parse/wordlist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int wordlist_parse(const char *buf, size_t len, struct wordlist *out, struct err *err)
{
	struct wordlist wl = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0;

	if (len > WORDLIST_MAX_BYTES)
		return err_set(err, -EFBIG, "wordlist larger than %zu bytes", WORDLIST_MAX_BYTES);
	while (span_next_line(&rest, &line)) {
		if (!line.len || (line.len >= 10 && !memcmp(line.p, "#!comment:", 10)))
			continue;
		if (line.len > WORDLIST_MAX_WORD || span_has_nul(line)) {
			wl.skipped++;
			continue;
		}
		if (wl.n >= WORDLIST_MAX_WORDS) {
			wl.truncated = true;
			wl.skipped++;
			continue;
		}
		ALLOC_GROW(wl.v, wl.n + 1, alloc);
		wl.v[wl.n++] = line;
	}
	*out = wl;
	return 0;
}

void wordlist_free(struct wordlist *wl)
{
	if (!wl)
		return;
	free(wl->v);
	memset(wl, 0, sizeof(*wl));
}
