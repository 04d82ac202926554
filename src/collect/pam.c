#include "collect/accounts.h"
#include "collect/include.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Linux-PAM's pam_handlers.c stops at PAM_SUBSTACK_MAX_LEVEL (16) levels of
 * inclusion: the service file is level 0, a file at level 16 fails the stack.
 */
#define PAM_MAX_INCLUDE_DEPTH 15

struct pam_load {
	const struct root *r;
	struct pam_stack *s;
	size_t alloc_files, alloc_v;
	struct include_walk w;
	int level;		/* substack nesting of the file being read */
};

static void add_entry(struct pam_load *L, const struct pam_line *l, const char *file, int depth, bool substack)
{
	struct pam_stack *s = L->s;

	ALLOC_GROW(s->v, s->n + 1, L->alloc_v);
	s->v[s->n] = (struct pam_entry){ .l = l, .file = file, .depth = depth, .level = L->level,
					 .substack = substack };
	s->n++;
}

/* A PAM service name is a single path component. */
static bool service_name_ok(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/') && strlen(name) < 256;
}

/*
 * Inlines /etc/pam.d/NAME; only lines of type `only` unless only_all. s->files
 * moves while includes load: the file is named by its index, and the entries
 * point only into its lines and path, which stay where they are.
 */
static int load_service(struct pam_load *L, const char *name, bool only_all, enum pam_type only, struct err *err)
{
	struct pam_stack *s = L->s;
	struct strbuf sb = STRBUF_INIT;
	char *path;
	size_t fi, i;
	int depth = L->w.depth;
	int ret;

	if (!service_name_ok(name))
		return err_set(err, -EINVAL, "invalid PAM service name in an include");
	if (s->n_files >= COLLECT_MAX_INCLUDED_FILES) {
		L->w.stopped = true;
		return err_set(err, -E2BIG, "more than %d included PAM files; '%s' is not read",
			       COLLECT_MAX_INCLUDED_FILES, name);
	}
	path = xasprintf("/etc/pam.d/%s", name);
	ret = include_enter(&L->w, path, PAM_MAX_INCLUDE_DEPTH, "PAM", err);
	if (ret < 0) {
		free(path);
		return ret;
	}
	ret = root_read_file(L->r, path, ROOT_MAX_SMALL_FILE, depth ? 0 : ROOT_MISSING_OK, &sb, NULL, err);
	if (ret < 0)
		goto out;
	ret = include_account(&L->w, sb.len, err);
	if (ret < 0)
		goto out;
	ALLOC_GROW(s->files, s->n_files + 1, L->alloc_files);
	s->paths = xrealloc(s->paths, st_mult(L->alloc_files, sizeof(*s->paths)));
	fi = s->n_files;
	ret = pam_parse(sb.buf, sb.len, &s->files[fi], err);
	if (ret < 0) {
		err_prefix(err, "cannot parse '%s'", path);
		goto out;
	}
	s->paths[fi] = path;
	path = NULL;
	s->n_files++;
	if (s->files[fi].bad.n)
		s->incomplete = true;
	for (i = 0; i < s->files[fi].n; i++) {
		const struct pam_line *l = &s->files[fi].v[i];
		struct err e = { 0 };

		if (l->is_include) {
			bool all = l->type == PAM_T_INCLUDE_ALL;
			enum pam_type t = l->type;

			if (!only_all && !all && t != only)
				continue;
			if (!only_all && all)
				all = false, t = only;
			/* a substack is one unit of the stack it is in: Linux-PAM jumps over it whole */
			if (!strcmp(l->control, "substack")) {
				add_entry(L, l, s->paths[fi], depth, true);
				L->level++;
			}
			ret = load_service(L, l->module, all, t, &e);
			if (!strcmp(l->control, "substack"))
				L->level--;
			if (ret < 0) {
				s->incomplete = true;
				msg_list_add(&s->errors, &s->n_errors, "%s:%zu: %s", s->paths[fi], l->line, e.msg);
			}
			continue;
		}
		if (!only_all && l->type != only)
			continue;
		add_entry(L, l, s->paths[fi], depth, false);
	}
	ret = 0;
out:
	include_leave(&L->w);
	free(path);
	strbuf_release(&sb);
	return ret;
}

int collect_pam(const struct root *r, const char *service, struct pam_stack *out, struct err *err)
{
	struct pam_stack s = { 0 };
	struct pam_load L = { .r = r, .s = &s };
	int ret = load_service(&L, service, true, PAM_T_AUTH, err);

	if (ret == -ENOENT) {
		*out = s;
		return 0;
	}
	if (ret < 0) {
		pam_stack_free(&s);
		return ret;
	}
	s.present = true;
	*out = s;
	return 0;
}

void pam_stack_free(struct pam_stack *s)
{
	size_t i;

	for (i = 0; i < s->n_files; i++)
		pam_free(&s->files[i]);
	free(s->files);
	strv_free(s->paths, s->n_files);
	free(s->v);
	strv_free(s->errors, s->n_errors);
	memset(s, 0, sizeof(*s));
}
