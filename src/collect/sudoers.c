#include "collect/accounts.h"
#include "collect/include.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SUDOERS "/etc/sudoers"

struct sudo_load {
	const struct root *r;
	struct sudo_facts *f;
	size_t alloc;
};

/* sudo skips files in an includedir whose names end in '~' or contain '.'. */
static bool includedir_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n && name[n - 1] != '~' && !strchr(name, '.');
}

static int load(struct sudo_load *L, const char *path, int depth, struct err *err);

static void follow(struct sudo_load *L, size_t fi, int depth)
{
	size_t i, n = L->f->files[fi].s.n_includes;

	for (i = 0; i < n; i++) {
		const struct sudo_include *inc = &L->f->files[fi].s.includes[i];
		const char *from = L->f->files[fi].path;
		size_t line = inc->line;
		struct err e = { 0 };
		char *p;

		if (strchr(inc->path, '%')) {
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
		if (inc->is_dir) {
			char **names = NULL;
			size_t nn = 0, k;
			if (root_list_dir(L->r, p, 4096, 0, &names, &nn, &e) < 0) {
				if (e.code != -ENOENT)
					msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", from, line, e.msg);
			}
			for (k = 0; k < nn; k++) {
				char *fp;
				if (!includedir_name_ok(names[k]))
					continue;
				fp = xasprintf("%s/%s", p, names[k]);
				e.msg[0] = '\0';
				if (load(L, fp, depth + 1, &e) < 0)
					msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", from, line, e.msg);
				free(fp);
			}
			strv_free(names, nn);
		} else if (load(L, p, depth + 1, &e) < 0) {
			msg_list_add(&L->f->errors, &L->f->n_errors, "%s:%zu: %s", from, line, e.msg);
		}
		free(p);
	}
}

static int load(struct sudo_load *L, const char *path, int depth, struct err *err)
{
	struct sudo_facts *f = L->f;
	struct strbuf sb = STRBUF_INIT;
	struct sudo_file *sf;
	size_t fi;
	int ret;

	if (depth > COLLECT_MAX_INCLUDE_DEPTH)
		return err_set(err, -ELOOP, "sudoers includes nested deeper than %d at '%s'",
			       COLLECT_MAX_INCLUDE_DEPTH, path);
	if (f->n_files >= COLLECT_MAX_INCLUDED_FILES)
		return err_set(err, -E2BIG, "more than %d sudoers files", COLLECT_MAX_INCLUDED_FILES);
	ALLOC_GROW(f->files, f->n_files + 1, L->alloc);
	fi = f->n_files;
	sf = &f->files[fi];
	memset(sf, 0, sizeof(*sf));
	ret = root_read_file(L->r, path, ROOT_MAX_SMALL_FILE, depth ? 0 : ROOT_MISSING_OK, &sb, &sf->st, err);
	if (ret < 0)
		goto out;
	ret = sudoers_parse(sb.buf, sb.len, &sf->s, err);
	if (ret < 0) {
		err_prefix(err, "cannot parse '%s'", path);
		goto out;
	}
	sf->path = xstrdup(path);
	f->n_files++;
	follow(L, fi, depth);
out:
	strbuf_release(&sb);
	return ret;
}

int collect_sudoers(const struct root *r, struct sudo_facts *out, struct err *err)
{
	struct sudo_facts f = { 0 };
	struct sudo_load L = { r, &f, 0 };
	int ret = load(&L, SUDOERS, 0, err);

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
