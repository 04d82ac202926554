#include "collect/include.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INCLUDE_MAX_DIR_ENTRIES 4096

int include_glob(const struct root *r, const char *pattern, char ***paths, size_t *n, struct err *err)
{
	const char *slash = strrchr(pattern, '/');
	char **names = NULL, **out = NULL;
	size_t nn = 0, no = 0, i;
	char *dir;
	int ret;

	if (!strpbrk(pattern, "*?[")) {
		out = xmalloc(sizeof(*out));
		out[0] = xstrdup(pattern);
		*paths = out;
		*n = 1;
		return 0;
	}
	if (!slash)
		return err_set(err, -EINVAL, "include pattern '%s' is not an absolute path", pattern);
	dir = xstrndup(pattern, slash == pattern ? 1 : (size_t)(slash - pattern));
	if (strpbrk(dir, "*?[")) {
		ret = err_set(err, -EINVAL, "wildcards in directory names are not supported: '%s'", pattern);
		goto out;
	}
	ret = root_list_dir(r, dir, INCLUDE_MAX_DIR_ENTRIES, ROOT_MISSING_OK, &names, &nn, err);
	if (ret == -ENOENT) {
		ret = 0;
		goto done;
	}
	if (ret < 0)
		goto out;
	out = xcalloc(nn ? nn : 1, sizeof(*out));
	for (i = 0; i < nn; i++)
		if (fnmatch(slash + 1, names[i], FNM_PERIOD) == 0)
			out[no++] = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, names[i]);
done:
	*paths = out ? out : xcalloc(1, sizeof(*out));
	*n = no;
	out = NULL;
out:
	strv_free(names, nn);
	free(out);
	free(dir);
	return ret;
}

void msg_list_add(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (*n >= INCLUDE_MAX_MESSAGES)
		return;
	if (*n == INCLUDE_MAX_MESSAGES - 1) {
		m = xasprintf("more than %d problems; the rest are not listed", INCLUDE_MAX_MESSAGES - 1);
		goto add;
	}
	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = xstrdup("(message lost)");
	va_end(ap);
add:
	*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
	(*v)[(*n)++] = m;
}

int include_enter(struct include_walk *w, const char *path, int max_depth, const char *program, struct err *err)
{
	int i;

	if (w->stopped)
		return err_set(err, -E2BIG, "'%s' not read: the include walk was stopped at a cap", path);
	if (++w->attempts > INCLUDE_MAX_ATTEMPTS) {
		w->stopped = true;
		return err_set(err, -E2BIG, "more than %d includes tried; '%s' and the rest are not read",
			       INCLUDE_MAX_ATTEMPTS, path);
	}
	if (w->depth > max_depth || w->depth >= INCLUDE_MAX_CHAIN)
		return err_set(err, -ELOOP, "includes nested deeper than %d at '%s' (the limit of %s)", max_depth,
			       path, program);
	for (i = 0; i < w->depth; i++)
		if (strcmp(w->chain[i], path) == 0)
			return i == w->depth - 1
				       ? err_set(err, -ELOOP, "include loop: '%s' includes itself (%s refuses it)", path,
						 program)
				       : err_set(err, -ELOOP, "include loop: '%s' includes itself through '%s' (%s refuses it)",
						 path, w->chain[i + 1], program);
	w->chain[w->depth++] = path;
	return 0;
}

void include_leave(struct include_walk *w)
{
	if (w->depth > 0)
		w->depth--;
}

int include_account(struct include_walk *w, size_t n, struct err *err)
{
	w->bytes += n;
	if (w->bytes <= INCLUDE_MAX_BYTES)
		return 0;
	w->stopped = true;
	return err_set(err, -E2BIG, "more than %zu MiB read through includes; the rest is not read",
		       INCLUDE_MAX_BYTES >> 20);
}
