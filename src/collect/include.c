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

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = xstrdup("(message lost)");
	va_end(ap);
	*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
	(*v)[(*n)++] = m;
}
