#include "collect/pwquality.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pwqconf.h"
#include "util/xalloc.h"

#define PWQ_CONF "/etc/security/pwquality.conf"
#define PWQ_CONF_DIR "/etc/security/pwquality.conf.d"

static void problem(struct pwq_facts *f, const char *fmt, const char *a, size_t line, const char *b)
{
	char *msg = xasprintf(fmt, a, line, b);

	f->problems = xrealloc(f->problems, st_mult(f->n_problems + 1, sizeof(*f->problems)));
	f->problems[f->n_problems++] = msg;
}

/* PAM modules skip arguments they do not know; libpwquality's config reader stops at them. Both are reported. */
static void apply(pwquality_settings_t *s, const char *option, const char *where, size_t line, struct pwq_facts *f)
{
	int r = pwquality_set_option(s, option);

	if (r == PWQ_ERROR_UNKNOWN_SETTING)
		problem(f, "%s:%zu: unknown setting '%s'", where, line, option);
	else if (r < 0)
		problem(f, "%s:%zu: invalid value in '%s'", where, line, option);
}

static int read_one(const struct root *r, const char *path, struct pwq_facts *f, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct pwqconf c = { 0 };
	size_t i;
	int ret = root_read_file(r, path, PWQ_MAX_CONF_BYTES, ROOT_MISSING_OK, &sb, NULL, err);

	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		goto out;
	f->present = true;
	if ((ret = pwqconf_parse(sb.buf, sb.len, &c, err)) < 0)
		goto out;
	for (i = 0; i < c.n; i++)
		apply(f->pwq, c.v[i].option, path, c.v[i].line, f);
	for (i = 0; i < c.bad.n && i < PARSE_MAX_BAD_KEPT; i++)
		problem(f, "%s:%zu: %s", path, c.bad.line[i], c.bad.why[i]);
out:
	pwqconf_free(&c);
	strbuf_release(&sb);
	return ret;
}

int collect_pwquality(const struct root *r, struct pwq_facts *out, struct err *err)
{
	struct pwq_facts f = { 0 };
	char **names = NULL;
	size_t n = 0, i;
	int ret;

	f.pwq = pwquality_default_settings();
	if (!f.pwq)
		return err_set(err, -ENOMEM, "cannot create the password quality settings");
	ret = root_list_dir(r, PWQ_CONF_DIR, PWQ_MAX_CONF_FILES, ROOT_MISSING_OK, &names, &n, err);
	if (ret == -ENOENT)
		ret = 0;
	for (i = 0; ret >= 0 && i < n; i++) {
		size_t len = strlen(names[i]);
		char *path;

		if (len <= 5 || strcmp(names[i] + len - 5, ".conf") != 0)
			continue;
		path = xasprintf("%s/%s", PWQ_CONF_DIR, names[i]);
		ret = read_one(r, path, &f, err);
		free(path);
	}
	strv_free(names, n);
	if (ret >= 0)
		ret = read_one(r, PWQ_CONF, &f, err);
	if (ret < 0) {
		pwq_facts_free(&f);
		return ret;
	}
	*out = f;
	return 0;
}

void pwq_apply_options(pwquality_settings_t *s, char *const *opts, size_t n, const char *where, size_t line,
		       struct pwq_facts *f)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(opts[i], "reject_username")) {	/* pam_cracklib's name for usercheck */
			pwquality_set_option(s, "usercheck=1");
			continue;
		}
		/* PAM's own arguments, not settings */
		if (!strcmp(opts[i], "use_authtok") || !strcmp(opts[i], "try_first_pass") ||
		    !strcmp(opts[i], "use_first_pass") || !strncmp(opts[i], "authtok_type=", 13) ||
		    !strcmp(opts[i], "debug"))
			continue;
		apply(s, opts[i], where, line, f);
	}
}

void pwq_facts_free(struct pwq_facts *f)
{
	size_t i;

	if (!f)
		return;
	if (f->pwq)
		pwquality_free_settings(f->pwq);
	for (i = 0; i < f->n_problems; i++)
		free(f->problems[i]);
	free(f->problems);
	memset(f, 0, sizeof(*f));
}
