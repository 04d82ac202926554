#include "collect/packages.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse/feedutil.h"
#include "util/span.h"
#include "util/strbuf.h"

#define RELEASE_FILE_MAX ((size_t)64 << 10)

int collect_dpkg_status(const struct root *r, struct dpkg_status *out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	ret = root_read_file(r, DPKG_STATUS_PATH, DPKG_STATUS_MAX, 0, &sb, NULL, err);
	if (ret == 0)
		ret = dpkg_status_parse(sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return ret;
}

static bool word_ok(struct span s)
{
	size_t i;

	if (!s.len || s.len > 31)
		return false;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') || (s.p[i] >= '0' && s.p[i] <= '9')))
			return false;
	return true;
}

int collect_release(const struct root *r, char *out, size_t size, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;
	int ret;

	ret = root_read_file(r, "/etc/os-release", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	if (ret < 0)
		ret = root_read_file(r, "/usr/lib/os-release", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	rest = SPAN(sb.buf, ret == 0 ? sb.len : 0);
	while (span_next_line(&rest, &line)) {
		struct span v;

		if (!span_starts_with(line, "VERSION_CODENAME="))
			continue;
		v = span_trim(SPAN(line.p + 17, line.len - 17));
		if (v.len >= 2 && (v.p[0] == '"' || v.p[0] == '\'') && v.p[v.len - 1] == v.p[0])
			v = SPAN(v.p + 1, v.len - 2);
		if (word_ok(v) && v.len < size) {
			memcpy(out, v.p, v.len);
			out[v.len] = '\0';
			strbuf_release(&sb);
			return 0;
		}
	}
	ret = root_read_file(r, "/etc/debian_version", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	if (ret == 0) {
		struct span v;
		const char *cn;

		rest = SPAN(sb.buf, sb.len);
		if (span_next_line(&rest, &line)) {
			v = span_trim(line);
			if (memchr(v.p, '/', v.len))	/* "bookworm/sid" */
				v.len = (size_t)((const char *)memchr(v.p, '/', v.len) - v.p);
			else if (memchr(v.p, '.', v.len))	/* "12.4" */
				v.len = (size_t)((const char *)memchr(v.p, '.', v.len) - v.p);
			cn = debian_codename(v.p, v.len);
			if (cn && strlen(cn) < size) {
				snprintf(out, size, "%s", cn);
				strbuf_release(&sb);
				return 0;
			}
			if (word_ok(v) && !(v.p[0] >= '0' && v.p[0] <= '9') && v.len < size) {
				memcpy(out, v.p, v.len);
				out[v.len] = '\0';
				strbuf_release(&sb);
				return 0;
			}
		}
	}
	strbuf_release(&sb);
	return err_set(err, -ENOENT, "cannot tell the Debian release: no VERSION_CODENAME in /etc/os-release "
				     "and no usable /etc/debian_version");
}
