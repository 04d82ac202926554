#include "collect/accounts.h"
#include "collect/include.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SSHD_CONFIG "/etc/ssh/sshd_config"


struct sshd_load {
	const struct root *r;
	struct sshd_facts *f;
	size_t alloc_files, alloc_v, alloc_incs;
	struct include_walk w;
};

static int load_file(struct sshd_load *L, const char *path, const char *match, int inc, struct err *err);

/* OpenSSH: relative Include paths are taken from /etc/ssh. */
static char *include_path(const char *arg)
{
	return arg[0] == '/' ? xstrdup(arg) : xasprintf("/etc/ssh/%s", arg);
}

/* inc is a copy owned by the caller: nothing in it points into L->f->files, which loading may move. */
static void expand_include(struct sshd_load *L, const struct sshd_entry *inc)
{
	int ii = (int)L->f->n_incs;
	size_t a;

	ALLOC_GROW(L->f->incs, L->f->n_incs + 1, L->alloc_incs);
	L->f->incs[L->f->n_incs++] = *inc;

	for (a = 0; a < inc->d->n_args; a++) {
		char *pat = include_path(inc->d->args[a]);
		char **paths = NULL;
		size_t np = 0, i;
		struct err e = { 0 };

		if (L->w.stopped) {
			L->f->incomplete = true;
			msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: '%s' not read: the include walk was stopped at a cap",
				     inc->file, inc->d->line, pat);
		} else if (++L->w.attempts > INCLUDE_MAX_ATTEMPTS) {
			L->w.stopped = L->f->incomplete = true;
			msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: more than %d includes tried; '%s' and the rest are not read",
				     inc->file, inc->d->line, INCLUDE_MAX_ATTEMPTS, pat);
		} else if (include_glob(L->r, pat, &paths, &np, &e) < 0) {
			L->f->incomplete = true;
			msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", inc->file, inc->d->line, e.msg);
		} else {
			for (i = 0; i < np; i++) {
				int r;

				e.msg[0] = '\0';
				r = load_file(L, paths[i], inc->match, ii, &e);
				if (r < 0 && r != -ENOENT)
					L->f->incomplete = true;
				if (r == -ELOOP)
					L->f->too_deep = true;
				if (r < 0 && e.msg[0])
					msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", inc->file,
						     inc->d->line, e.msg);
			}
		}
		strv_free(paths, np);
		free(pat);
	}
}

/*
 * Reads path and what it includes, at the walk's depth. f->files grows while
 * includes load, so nothing here keeps a pointer into it across a load: the
 * file is named by its index, and entries point only into the file's own
 * directives, Match blocks and strings, which stay where they are. inc: the
 * index in f->incs of the Include that read this file (-1: the main file).
 */
static int load_file(struct sshd_load *L, const char *path, const char *match, int inc, struct err *err)
{
	struct sshd_facts *f = L->f;
	struct strbuf sb = STRBUF_INIT;
	struct sshd_file *sf;
	size_t fi, i;
	bool top = L->w.depth == 0;
	int ret;

	if (f->n_files >= COLLECT_MAX_INCLUDED_FILES) {
		L->w.stopped = true;
		return err_set(err, -E2BIG, "more than %d included files; '%s' is not read", COLLECT_MAX_INCLUDED_FILES,
			       path);
	}
	ret = include_enter(&L->w, path, SSHD_MAX_INCLUDE_DEPTH, "sshd", err);
	if (ret < 0)
		return ret;
	ALLOC_GROW(f->files, f->n_files + 1, L->alloc_files);
	fi = f->n_files;
	sf = &f->files[fi];
	memset(sf, 0, sizeof(*sf));
	ret = root_read_file(L->r, path, ROOT_MAX_SMALL_FILE, top ? ROOT_MISSING_OK : 0, &sb, &sf->st, err);
	if (ret < 0)
		goto out;
	ret = include_account(&L->w, sb.len, err);
	if (ret < 0)
		goto out;
	ret = sshd_config_parse(sb.buf, sb.len, &sf->cfg, err);
	if (ret < 0) {
		err_prefix(err, "cannot parse '%s'", path);
		goto out;
	}
	sf->path = xstrdup(path);
	f->n_files++;
	f->bad_lines += sf->cfg.bad.n;
	if (sf->cfg.bad.n)
		f->incomplete = true;
	sf = NULL;	/* f->files moves from here on */
	for (i = 0; i < f->files[fi].cfg.n; i++) {
		const struct sshd_file *cur = &f->files[fi];
		const struct sshd_directive *d = &cur->cfg.v[i];
		struct sshd_entry e;

		e.d = d;
		e.file = cur->path;
		e.inc = inc;
		e.block = d->match >= 0 ? &cur->cfg.matches[d->match] : NULL;
		/* A Match inside an included file lasts to that file's end; the includer's Match applies around it. */
		if (d->match >= 0 && !cur->cfg.matches[d->match].all)
			e.match = cur->cfg.matches[d->match].criteria;
		else
			e.match = match;
		if (strcmp(d->keyword, "match") == 0)
			continue;
		if (strcmp(d->keyword, "include") == 0) {
			expand_include(L, &e);
			continue;
		}
		ALLOC_GROW(f->v, f->n + 1, L->alloc_v);
		f->v[f->n++] = e;
	}
out:
	include_leave(&L->w);
	strbuf_release(&sb);
	return ret;
}

int collect_sshd(const struct root *r, struct sshd_facts *out, struct err *err)
{
	struct sshd_facts f = { 0 };
	struct sshd_load L = { .r = r, .f = &f };
	int ret;

	ret = load_file(&L, SSHD_CONFIG, NULL, -1, err);
	if (ret == -ENOENT) {
		*out = f;
		return 0;
	}
	if (ret < 0) {
		sshd_facts_free(&f);
		return ret;
	}
	f.present = true;
	*out = f;
	return 0;
}

void sshd_facts_free(struct sshd_facts *f)
{
	size_t i;

	for (i = 0; i < f->n_files; i++) {
		free(f->files[i].path);
		sshd_config_free(&f->files[i].cfg);
	}
	free(f->files);
	free(f->v);
	free(f->incs);
	strv_free(f->errors, f->n_errors);
	memset(f, 0, sizeof(*f));
}

const struct sshd_entry *sshd_global(const struct sshd_facts *f, const char *keyword)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!f->v[i].match && strcmp(f->v[i].d->keyword, keyword) == 0)
			return &f->v[i];
	return NULL;
}
