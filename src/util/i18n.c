#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KYUKA_LOCALEDIR
#define KYUKA_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *current = "en";

/* The catalogue next to a binary run from the build tree: <exe dir>/po/ja/LC_MESSAGES/kyuka.mo. */
static char *build_tree_localedir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *dir, *mo;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	/* tests and fuzzers live one level below the build root */
	for (int up = 0; up < 2; up++) {
		dir = xasprintf("%s/po", exe);
		mo = xasprintf("%s/ja/LC_MESSAGES/kyuka.mo", dir);
		if (access(mo, R_OK) == 0) {
			free(mo);
			return dir;
		}
		free(mo);
		free(dir);
		slash = strrchr(exe, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	return NULL;
}

static const char *locale_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
	}
	return "en";
}

int i18n_init(const char *lang, struct err *err)
{
	const char *env = getenv("KYUKA_LOCALEDIR");
	char *dir = NULL;

	if (!lang)
		lang = locale_lang();
	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return err_set(err, -EINVAL, "unknown language '%s' (use ja or en)", lang);
	current = strcmp(lang, "ja") == 0 ? "ja" : "en";

	/*
	 * The catalogue must not depend on which locales the host generated:
	 * keep the user's character type if it is UTF-8, else C.UTF-8, and pick
	 * the catalogue with LANGUAGE (honoured by glibc unless the locale is "C").
	 */
	if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
	setenv("LANGUAGE", current, 1);

	if (env && *env)
		dir = xstrdup(env);
	else if (!(dir = build_tree_localedir()))
		dir = xstrdup(KYUKA_LOCALEDIR);
	bindtextdomain("kyuka", dir);
	bind_textdomain_codeset("kyuka", "UTF-8");
	textdomain("kyuka");
	free(dir);
	return 0;
}

const char *i18n_lang(void)
{
	return current;
}
