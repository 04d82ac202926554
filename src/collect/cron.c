/* The one walker of /etc/cron.d. See cron.h. */
#include "collect/cron.h"

#include "util/xalloc.h"

bool run_parts_name_ok(const char *n)
{
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') || *n == '_' ||
		      *n == '-'))
			return false;
	return true;
}

void collect_cron_d(const struct root *r, char ***paths, size_t *n)
{
	char **names = NULL;
	size_t nn = 0, i;

	*paths = NULL;
	*n = 0;
	if (root_list_dir(r, "/etc/cron.d", CRON_D_MAX_FILES, ROOT_MISSING_OK, &names, &nn, NULL) < 0)
		return;
	*paths = xcalloc(nn ? nn : 1, sizeof(**paths));
	for (i = 0; i < nn; i++)
		if (names[i][0] && run_parts_name_ok(names[i]))
			(*paths)[(*n)++] = xasprintf("/etc/cron.d/%s", names[i]);
	strv_free(names, nn);
}
