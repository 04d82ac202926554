#include "collect/host.h"
#include "util/span.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOST_MAX_FILE ((size_t)64 << 10)

static char *first_line(const struct root *r, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;
	char *v = NULL;

	if (root_read_file(r, path, HOST_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		rest = SPAN(sb.buf, sb.len);
		if (span_next_line(&rest, &line)) {
			line = span_trim(line);
			if (line.len && !span_has_nul(line))
				v = xstrndup(line.p, line.len);
		}
	}
	strbuf_release(&sb);
	return v;
}

/* os-release: KEY=value with optional shell quoting (the subset the file format allows). */
static char *os_release_value(struct span text, const char *key)
{
	struct span rest = text, line;
	size_t klen = strlen(key);

	while (span_next_line(&rest, &line)) {
		struct span v;
		if (line.len <= klen || memcmp(line.p, key, klen) != 0 || line.p[klen] != '=')
			continue;
		v = span_trim(SPAN(line.p + klen + 1, line.len - klen - 1));
		if (v.len >= 2 && (v.p[0] == '"' || v.p[0] == '\'') && v.p[v.len - 1] == v.p[0]) {
			v.p++;
			v.len -= 2;
		}
		if (span_has_nul(v))
			return NULL;
		return xstrndup(v.p, v.len);
	}
	return NULL;
}

void collect_host(const struct root *r, struct host_facts *h)
{
	struct strbuf sb = STRBUF_INIT;

	memset(h, 0, sizeof(*h));
	h->hostname = first_line(r, "/etc/hostname");
	if (!h->hostname && root_is_host(r)) {
		char buf[256];
		if (gethostname(buf, sizeof(buf)) == 0) {
			buf[sizeof(buf) - 1] = '\0';
			h->hostname = xstrdup(buf);
		}
	}
	if (root_read_file(r, "/etc/os-release", HOST_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0 ||
	    root_read_file(r, "/usr/lib/os-release", HOST_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		struct span t = SPAN(sb.buf, sb.len);
		h->os_id = os_release_value(t, "ID");
		h->os_version = os_release_value(t, "VERSION_ID");
		h->os_pretty = os_release_value(t, "PRETTY_NAME");
	}
	strbuf_release(&sb);
	h->machine_id = first_line(r, "/etc/machine-id");
}

void host_facts_free(struct host_facts *h)
{
	free(h->hostname);
	free(h->os_id);
	free(h->os_version);
	free(h->os_pretty);
	free(h->machine_id);
	memset(h, 0, sizeof(*h));
}
