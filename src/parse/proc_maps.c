#include "parse/proc_maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

static bool hexes(struct span s)
{
	size_t i;

	if (!s.len)
		return false;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f')))
			return false;
	return true;
}

/* Fields are separated by single spaces, the path by padding. */
static const char *maps_line(struct span line, struct span *path, uint64_t *inode)
{
	struct span rest = line, f[5], range, lo;
	size_t i;

	for (i = 0; i < 5; i++)
		if (!span_next_word(&rest, &f[i]))
			return i == 0 ? "empty" : "too few fields";
	range = f[0];
	if (!span_split(&range, '-', &lo) || !hexes(lo) || !hexes(range))
		return "bad address range";
	if (f[1].len != 4 || !hexes(f[2]) || !memchr(f[3].p, ':', f[3].len))
		return "bad fields";
	if (parse_u64(f[4].p, f[4].len, UINT64_MAX, inode) < 0)
		return "bad inode";
	*path = span_trim(rest);
	return NULL;
}

static const char deleted_suffix[] = " (deleted)";

int proc_maps_parse(const char *buf, size_t len, struct proc_maps *out, struct err *err)
{
	struct proc_maps res = { 0 };
	struct span rest = SPAN(buf ? buf : "", buf ? len : 0), line;
	size_t lineno = 0, i;

	while (span_next_line(&rest, &line)) {
		struct span path;
		uint64_t inode;
		bool deleted = false;
		const char *why;

		lineno++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&res.bad, lineno, line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte");
			continue;
		}
		why = maps_line(line, &path, &inode);
		if (why) {
			if (strcmp(why, "empty") != 0)
				parse_bad_add(&res.bad, lineno, why);
			continue;
		}
		if (!path.len || path.p[0] != '/' || inode == 0)
			continue;	/* anonymous, [heap], [stack], [vdso] */
		if (path.len > sizeof(deleted_suffix) - 1 &&
		    !memcmp(path.p + path.len - (sizeof(deleted_suffix) - 1), deleted_suffix, sizeof(deleted_suffix) - 1)) {
			deleted = true;
			path.len -= sizeof(deleted_suffix) - 1;
		}
		for (i = 0; i < res.n; i++)
			if (res.v[i].inode == inode && strlen(res.v[i].path) == path.len &&
			    !memcmp(res.v[i].path, path.p, path.len))
				break;
		if (i < res.n)
			continue;
		if (res.n >= MAPS_MAX_FILES) {
			proc_maps_free(&res);
			return err_set(err, -E2BIG, "more than %d mapped files", MAPS_MAX_FILES);
		}
		ALLOC_GROW(res.v, res.n + 1, res.alloc);
		res.v[res.n].path = xstrndup(path.p, path.len);
		res.v[res.n].inode = inode;
		res.v[res.n].deleted = deleted;
		res.n++;
	}
	*out = res;
	return 0;
}

void proc_maps_free(struct proc_maps *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

bool maps_is_replaced_code(const struct mapped_file *f)
{
	static const char *const dirs[] = { "/usr/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/bin/", "/sbin/",
					    "/opt/" };
	size_t i;

	if (!f->deleted)
		return false;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strncmp(f->path, dirs[i], strlen(dirs[i])))
			return true;
	return false;
}
