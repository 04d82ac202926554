#include "collect/accounts.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const default_patterns[] = { ".ssh/authorized_keys", ".ssh/authorized_keys2" };

/* sshd's AuthorizedKeysFile tokens: %% %h %u (and %U, the uid). */
static char *expand(const char *pat, const struct passwd_entry *pw)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = pat; *p; p++) {
		if (*p != '%' || !p[1]) {
			strbuf_addch(&sb, *p);
			continue;
		}
		p++;
		switch (*p) {
		case '%': strbuf_addch(&sb, '%'); break;
		case 'h': strbuf_adds(&sb, pw->dir); break;
		case 'u': strbuf_adds(&sb, pw->name); break;
		case 'U': strbuf_addf(&sb, "%u", pw->uid); break;
		default: strbuf_addch(&sb, '%'); strbuf_addch(&sb, *p); break;
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void read_one(const struct root *r, const struct passwd_entry *pw, const char *pat, struct user_keys *uk)
{
	struct strbuf sb = STRBUF_INIT;
	struct key_file kf = { 0 };
	char *path = expand(pat, pw);
	struct stat st;
	struct err e = { 0 };
	int ret;

	if (path[0] == '/') {
		/* An absolute pattern names an administrator's location; still refuse every link in it. */
		kf.path = path;
		ret = root_read_user_file(r, "/", path + 1, COLLECT_MAX_KEYS_FILE, &sb, &st, &e);
	} else {
		if (!pw->dir[0] || pw->dir[0] != '/' || strcmp(pw->dir, "/") == 0) {
			free(path);
			return;
		}
		kf.path = xasprintf("%s/%s", pw->dir, path);
		free(path);
		ret = root_read_user_file(r, pw->dir, kf.path + strlen(pw->dir) + 1, COLLECT_MAX_KEYS_FILE, &sb,
					  &st, &e);
	}
	if (ret == -ENOENT || ret == -ENOTDIR) {
		free(kf.path);
		strbuf_release(&sb);
		return;
	}
	kf.status = ret;
	if (ret == 0) {
		kf.owner = st.st_uid;
		ret = authkeys_parse(sb.buf, sb.len, &kf.keys, &e);
		if (ret < 0)
			kf.status = ret;
		else
			uk->n_keys += kf.keys.n;
	}
	uk->files = xrealloc(uk->files, st_mult(uk->n_files + 1, sizeof(*uk->files)));
	uk->files[uk->n_files++] = kf;
	strbuf_release(&sb);
}

int collect_keys(const struct root *r, const struct passwd_db *pw, char *const *patterns, size_t n_patterns,
		 struct key_facts *out, struct err *err)
{
	struct key_facts kf;
	size_t i, j;

	(void)err;
	kf.n = pw->n;
	kf.v = xcalloc(pw->n ? pw->n : 1, sizeof(*kf.v));
	for (i = 0; i < pw->n; i++) {
		if (patterns && n_patterns) {
			for (j = 0; j < n_patterns; j++)
				if (strcasecmp(patterns[j], "none") != 0)
					read_one(r, &pw->v[i], patterns[j], &kf.v[i]);
		} else {
			for (j = 0; j < ARRAY_SIZE(default_patterns); j++)
				read_one(r, &pw->v[i], default_patterns[j], &kf.v[i]);
		}
	}
	*out = kf;
	return 0;
}

void key_facts_free(struct key_facts *kf)
{
	size_t i, j;

	for (i = 0; i < kf->n; i++) {
		for (j = 0; j < kf->v[i].n_files; j++) {
			free(kf->v[i].files[j].path);
			authkeys_free(&kf->v[i].files[j].keys);
		}
		free(kf->v[i].files);
	}
	free(kf->v);
	memset(kf, 0, sizeof(*kf));
}
