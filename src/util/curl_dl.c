/* libcurl through dlopen (see curl_dl.h). */
#include "util/curl_dl.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#define LIBCURL "libcurl.so.4"	/* the soname of libcurl 7.16 and later, Debian's libcurl4 */

static struct kcurl table;
static const struct kcurl *loaded;
static char why[200];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	static const struct {
		const char *name;
		size_t off;
	} syms[] = {
		{ "curl_global_init", offsetof(struct kcurl, global_init) },
		{ "curl_global_cleanup", offsetof(struct kcurl, global_cleanup) },
		{ "curl_easy_init", offsetof(struct kcurl, easy_init) },
		{ "curl_easy_setopt", offsetof(struct kcurl, easy_setopt) },
		{ "curl_easy_perform", offsetof(struct kcurl, easy_perform) },
		{ "curl_easy_getinfo", offsetof(struct kcurl, easy_getinfo) },
		{ "curl_easy_cleanup", offsetof(struct kcurl, easy_cleanup) },
		{ "curl_easy_strerror", offsetof(struct kcurl, easy_strerror) },
		{ "curl_slist_append", offsetof(struct kcurl, slist_append) },
		{ "curl_slist_free_all", offsetof(struct kcurl, slist_free_all) },
	};
	void *h = dlopen(LIBCURL, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		const char *e = dlerror();
		snprintf(why, sizeof(why), "cannot load %s (install libcurl4): %s", LIBCURL, e ? e : "not found");
		return;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *f = dlsym(h, syms[i].name);

		if (!f) {
			snprintf(why, sizeof(why), "%s has no %s", LIBCURL, syms[i].name);
			dlclose(h);
			return;
		}
		/* POSIX: a function's address from dlsym converts to its pointer type */
		*(void **)((char *)&table + syms[i].off) = f;
	}
	loaded = &table; /* kept for the life of the process: libcurl is not meant to be unloaded */
}

const struct kcurl *kcurl_load(struct err *err)
{
	pthread_once(&once, load);
	if (!loaded)
		err_set(err, -ENOENT, "%s", why);
	return loaded;
}
