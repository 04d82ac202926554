#include "collect/accounts.h"
#include "collect/include.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SUDOERS "/etc/sudoers"
/*
 * The deepest include sudo reads (/etc/sudoers is depth 0). sudo's toke.l
 * compares its depth with MAX_SUDOERS_DEPTH (128) only when its include
 * stack grows, 16 entries at a time: the include that fails is the one made
 * from depth 144, so files down to depth 144 are read.
 */
#define SUDO_MAX_INCLUDE_DEPTH 144

struct sudo_load {
	const struct root *r;
	struct sudo_facts *f;
	size_t alloc;
	struct include_walk w;
};

/* sudo skips files in an includedir whose names end in '~' or contain '.'. */
static bool includedir_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n && name[n - 1] != '~' && !strchr(name, '.');
}

static int load(struct sudo_load *L, const char *path, struct err *err);

/* An include of path failed: note it (an absent file adds nothing, sudo reads nothing from it either). */
static void unread(struct sudo_load *L, int ret, const char *from, size_t line, const struct err *e)
{
	if (ret != -ENOENT)
		L->f->incomplete = true;
	msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", from, line, e->msg);
}

/* Follows the includes of file fi. L->f->files moves while they load: it is named by its index only. */
static void follow(struct sudo_load *L, size_t fi)
{
	size_t i, n = L->f->files[fi].s.n_includes;

	for (i = 0; i < n; i++) {
		const struct sudo_include *inc = &L->f->files[fi].s.includes[i];
		const char *from = L->f->files[fi].path;	/* a string of its own: stays put */
		size_t line = inc->line;
		bool is_dir = inc->is_dir;
		struct err e = { 0 };
		char *p;

		if (strchr(inc->path, '%')) {
			L->f->incomplete = true;
			msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: include path with escapes not followed",
				     from, line);
			continue;
		}
		/* Relative paths are relative to the including file's directory. */
		if (inc->path[0] == '/') {
			p = xstrdup(inc->path);
		} else {
			const char *slash = strrchr(from, '/');
			p = xasprintf("%.*s/%s", (int)(slash ? slash - from : 0), from, inc->path);
		}
		inc = NULL;	/* L->f->files moves from here on */
		if (is_dir) {
			char **names = NULL;
			size_t nn = 0, k;
			int ret;

			if (L->w.stopped || ++L->w.attempts > INCLUDE_MAX_ATTEMPTS) {
				L->w.stopped = L->f->incomplete = true;
				msg_list_add(&L->f->errors, &L->f->n_errors,
					     "%s:%zu: '%s' not read: the include walk was stopped at a cap", from, line, p);
			} else if ((ret = root_list_dir(L->r, p, 4096, 0, &names, &nn, &e)) < 0 && ret != -ENOENT) {
				unread(L, ret, from, line, &e);
			}
			for (k = 0; k < nn; k++) {
				struct stat st;
				char *fp;

				if (!includedir_name_ok(names[k]))
					continue;
				fp = xasprintf("%s/%s", p, names[k]);
				e.msg[0] = '\0';
				/* sudo reads the regular files of the directory, and skips the rest */
				if (root_stat(L->r, fp, 0, &st, NULL) == 0 && !S_ISREG(st.st_mode))
					;
				else if ((ret = load(L, fp, &e)) < 0)
					unread(L, ret, from, line, &e);
				free(fp);
			}
			strv_free(names, nn);
		} else {
			int ret = load(L, p, &e);
			if (ret < 0)
				unread(L, ret, from, line, &e);
		}
		free(p);
	}
}

static int load(struct sudo_load *L, const char *path, struct err *err)
{
	struct sudo_facts *f = L->f;
	struct strbuf sb = STRBUF_INIT;
	struct sudo_file *sf;
	size_t fi;
	bool top = L->w.depth == 0;
	int ret;

	if (f->n_files >= COLLECT_MAX_INCLUDED_FILES) {
		L->w.stopped = true;
		return err_set(err, -E2BIG, "more than %d sudoers files; '%s' is not read", COLLECT_MAX_INCLUDED_FILES,
			       path);
	}
	ret = include_enter(&L->w, path, SUDO_MAX_INCLUDE_DEPTH, "sudo", err);
	if (ret < 0)
		return ret;
	/* Included again from elsewhere (not a loop): sudo reads the same grants twice, the review needs them once. */
	for (fi = 0; fi < f->n_files; fi++)
		if (strcmp(f->files[fi].path, path) == 0)
			goto out;
	ALLOC_GROW(f->files, f->n_files + 1, L->alloc);
	fi = f->n_files;
	sf = &f->files[fi];
	memset(sf, 0, sizeof(*sf));
	ret = root_read_file(L->r, path, ROOT_MAX_SMALL_FILE, top ? ROOT_MISSING_OK : 0, &sb, &sf->st, err);
	if (ret < 0)
		goto out;
	ret = include_account(&L->w, sb.len, err);
	if (ret < 0)
		goto out;
	ret = sudoers_parse(sb.buf, sb.len, &sf->s, err);
	if (ret < 0) {
		err_prefix(err, "cannot parse '%s'", path);
		goto out;
	}
	sf->path = xstrdup(path);
	if (sf->s.bad.n)
		f->incomplete = true;
	f->n_files++;
	follow(L, fi);
out:
	include_leave(&L->w);
	strbuf_release(&sb);
	return ret;
}

int collect_sudoers(const struct root *r, struct sudo_facts *out, struct err *err)
{
	struct sudo_facts f = { 0 };
	struct sudo_load L = { .r = r, .f = &f };
	int ret = load(&L, SUDOERS, err);

	if (ret == -ENOENT) {
		*out = f;
		return 0;
	}
	if (ret < 0) {
		sudo_facts_free(&f);
		return ret;
	}
	f.present = true;
	*out = f;
	return 0;
}

void sudo_facts_free(struct sudo_facts *f)
{
	size_t i;

	for (i = 0; i < f->n_files; i++) {
		free(f->files[i].path);
		sudoers_free(&f->files[i].s);
	}
	free(f->files);
	strv_free(f->errors, f->n_errors);
	memset(f, 0, sizeof(*f));
}
