/* audit.rules(7): count the watch (-w) and syscall (-a) rules; control lines (-D, -b, -f, -e ...) are not rules. */
#include "parse/monconf.h"

#include <string.h>

#include "util/span.h"

void auditrules_count(const char *buf, size_t len, struct audit_rules *out)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	while (span_next_line(&rest, &line)) {
		struct span w;

		n++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&out->bad, n, line.len > PARSE_MAX_LINE ? "line too long" : "nul byte");
			continue;
		}
		if (!span_next_word(&line, &w) || w.p[0] == '#')
			continue;
		if (span_eq(w, "-w") || span_eq(w, "-a") || span_eq(w, "-A"))
			out->rules++;
		else if (span_eq(w, "-e") && span_next_word(&line, &w) && span_eq(w, "2"))
			out->immutable = true;
		else if (w.p[0] != '-')
			parse_bad_add(&out->bad, n, "not an auditctl option");
	}
}
