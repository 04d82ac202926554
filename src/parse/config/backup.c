/* kyuka.yaml, backup: the keys and what the tables cannot say (parse/config/backup.h has the structs). */
#include "parse/config/backup.h"

#include <errno.h>
#include <string.h>

#include "parse/schema.h"
#include "util/xalloc.h"

static const char *const backup_kinds[] = { "restic", "borg", "archive", "directory", NULL };

const char *backup_kind_name(int kind)
{
	return kind >= 0 && kind < (int)ARRAY_SIZE(backup_kinds) - 1 ? backup_kinds[kind] : "?";
}

#define JOB(f) offsetof(struct config_backup_job, f)
static const struct ckey job_keys[] = {
	{ .name = "name", .type = KT_STRING, .flags = KF_REQUIRED | KF_WORD, .off = JOB(name) },
	{ .name = "kind", .type = KT_ENUM, .flags = KF_REQUIRED, .off = JOB(kind), .names = backup_kinds },
	{ .name = "repository", .type = KT_STRING, .flags = KF_REQUIRED, .off = JOB(repository) },
	{ .name = "password_file", .type = KT_STRING, .flags = KF_ABSPATH, .off = JOB(password_file) },
	{ .name = "password_env", .type = KT_STRING, .flags = KF_WORD, .off = JOB(password_env) },
	{ .name = "password_command", .type = KT_STRING, .off = JOB(password_command) },
	{ .name = "paths", .type = KT_STRLIST, .flags = KF_REQUIRED | KF_ABSPATH, .off = JOB(paths),
	  .off2 = JOB(n_paths) },
	{ .name = "max_age_hours", .type = KT_UINT, .off = JOB(max_age_hours), .min = 1, .max = 87600 },
	{ .name = "offline", .type = KT_BOOL, .off = JOB(offline) },
	{ .name = "sample", .type = KT_SAMPLE, .off = JOB(sample_files), .off2 = JOB(sample_percent), .min = 1,
	  .max = 100000 },
	{ .name = "check_percent", .type = KT_UINT, .flags = KF_HAS, .off = JOB(check_percent),
	  .off_has = JOB(has_check_percent), .min = 0, .max = 100 },
	{ .name = "timeout_minutes", .type = KT_UINT, .off = JOB(timeout_minutes), .min = 1, .max = 10080 },
};
#undef JOB

static const struct csection job_section = { SECTION(job_keys), .elem_size = sizeof(struct config_backup_job),
					     .has_line = true, .off_line = offsetof(struct config_backup_job, line) };

#define F(f) offsetof(struct config_backup, f)
static const struct ckey keys[] = {
	{ .name = "important", .type = KT_STRLIST, .flags = KF_ABSPATH, .off = F(important), .off2 = F(n_important) },
	{ .name = "config", .type = KT_STRLIST, .flags = KF_ABSPATH, .off = F(config), .off2 = F(n_config) },
	{ .name = "max_age_hours", .type = KT_UINT, .off = F(max_age_hours), .min = 1, .max = 87600,
	  .def = BACKUP_DEFAULT_MAX_AGE_HOURS },
	{ .name = "verify_max_age_days", .type = KT_UINT, .off = F(verify_max_age_days), .min = 1, .max = 3650,
	  .def = BACKUP_DEFAULT_VERIFY_DAYS },
	{ .name = "jobs", .type = KT_LIST, .off = F(jobs), .off2 = F(n_jobs), .sub = &job_section },
};
#undef F

_Static_assert(ARRAY_SIZE(job_keys) <= CONFIG_SECTION_MAX_KEYS, "backup job keys");
_Static_assert(ARRAY_SIZE(keys) <= CONFIG_SECTION_MAX_KEYS, "backup keys");

const struct csection config_backup_section = { SECTION(keys) };

static bool env_name_ok(const char *s)
{
	size_t i;

	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return i <= 128;
}

/* What the tables cannot say: unique names, one password source, what each kind needs. */
int config_backup_validate(struct pctx *c, const struct config_backup *bk)
{
	char q[QBUF_SIZE];
	size_t i, j;

	for (i = 0; i < bk->n_jobs; i++) {
		const struct config_backup_job *b = &bk->jobs[i];
		int n_pw = !!b->password_file + !!b->password_env + !!b->password_command;

		for (j = 0; j < i; j++)
			if (!strcmp(bk->jobs[j].name, b->name))
				return cfg_err(c, b->line, "backup.jobs[%zu]: the name '%s' is already used on line %zu", i,
					       cfg_quote(q, sizeof(q), b->name, strlen(b->name)), bk->jobs[j].line);
		if (n_pw > 1)
			return cfg_err(c, b->line,
				       "backup.jobs[%zu]: give only one of password_file, password_env and password_command", i);
		if (b->kind == BACKUP_RESTIC && n_pw == 0)
			return cfg_err(c, b->line,
				       "backup.jobs[%zu]: a restic job needs password_file, password_env or password_command", i);
		if ((b->kind == BACKUP_ARCHIVE || b->kind == BACKUP_DIRECTORY) && n_pw)
			return cfg_err(c, b->line, "backup.jobs[%zu]: a %s job takes no password", i,
				       backup_kind_name(b->kind));
		if ((b->kind == BACKUP_ARCHIVE || b->kind == BACKUP_DIRECTORY) &&
		    (b->repository[0] != '/' || !schema_abspath_clean(b->repository, strlen(b->repository))))
			return cfg_err(c, b->line, "backup.jobs[%zu].repository: a %s job needs an absolute path", i,
				       backup_kind_name(b->kind));
		if (b->has_check_percent && b->kind != BACKUP_RESTIC && b->kind != BACKUP_BORG)
			return cfg_err(c, b->line, "backup.jobs[%zu].check_percent: only for restic and borg jobs", i);
		if (b->password_env && !env_name_ok(b->password_env))
			return cfg_err(c, b->line, "backup.jobs[%zu].password_env: not an environment variable name", i);
		if (b->n_paths == 0)
			return cfg_err(c, b->line, "backup.jobs[%zu].paths: name at least one path", i);
	}
	return 0;
}

