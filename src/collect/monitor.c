#include "collect/monitor.h"
#include "collect/cron.h"
#include "parse/crontab.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MON_MAX_FILE ((size_t)4 << 20)	/* a config file or script we read */

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Reads a file if it is there; false when absent or unreadable. */
static bool read_opt(const struct root *r, const char *path, struct strbuf *sb)
{
	return root_read_file(r, path, MON_MAX_FILE, ROOT_MISSING_OK, sb, NULL, NULL) == 0;
}

static bool exists(const struct root *r, const char *path)
{
	struct stat st;

	return root_stat(r, path, ROOT_MISSING_OK, &st, NULL) == 0;
}

/* Whether a process with this comm runs (live host only). */
static bool proc_running(const char *comm)
{
	struct dirent *de;
	bool found = false;
	DIR *d = opendir("/proc");

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char path[64], buf[32];
		ssize_t n;
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/comm", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		found = strcmp(buf, comm) == 0;
	}
	closedir(d);
	return found;
}

void collect_unit(const struct root *r, const char *name, const char *proc, const char *bin, struct unit_state *out)
{
	static const char *const dirs[] = { "/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system" };
	char **names = NULL;
	size_t n = 0, i;
	struct stat st;
	char *p;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !out->installed; i++) {
		p = xasprintf("%s/%s", dirs[i], name);
		out->installed = exists(r, p);
		free(p);
	}
	if (!out->installed && bin)
		out->installed = exists(r, bin);
	p = xasprintf("/etc/systemd/system/%s", name);
	if (root_stat(r, p, ROOT_NOFOLLOW | ROOT_MISSING_OK, &st, NULL) == 0 && S_ISLNK(st.st_mode) &&
	    (root_stat(r, p, ROOT_MISSING_OK, &st, NULL) < 0 || S_ISCHR(st.st_mode)))
		out->masked = true;
	free(p);
	if (!out->masked &&
	    root_list_dir(r, "/etc/systemd/system", MON_MAX_FILES, ROOT_MISSING_OK, &names, &n, NULL) == 0) {
		for (i = 0; i < n && !out->enabled; i++) {
			if (!has_suffix(names[i], ".wants") && !has_suffix(names[i], ".requires"))
				continue;
			p = xasprintf("/etc/systemd/system/%s/%s", names[i], name);
			out->enabled = root_stat(r, p, ROOT_NOFOLLOW | ROOT_MISSING_OK, &st, NULL) == 0;
			free(p);
		}
		strv_free(names, n);
	}
	if (root_is_host(r) && proc) {
		out->running_known = true;
		out->running = proc_running(proc);
	}
}

/* ---- journald ---- */

/* systemd's order: drop-ins from every directory by file name, /etc winning a tie; the main file first. */
static void journald_conf(const struct root *r, struct journald_facts *j)
{
	static const char *const dirs[] = { "/usr/lib/systemd/journald.conf.d", "/run/systemd/journald.conf.d",
					    "/etc/systemd/journald.conf.d" };
	char **files = NULL;
	size_t nf = 0, af = 0, i, k;

	ALLOC_GROW(files, nf + 1, af);
	files[nf++] = xstrdup("/etc/systemd/journald.conf");
	{
		char **all = NULL;
		size_t na = 0, aa = 0;

		for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			char **names = NULL;
			size_t n = 0;

			if (root_list_dir(r, dirs[i], MON_MAX_FILES, ROOT_MISSING_OK, &names, &n, NULL) < 0)
				continue;
			for (k = 0; k < n; k++) {
				size_t m;

				if (!has_suffix(names[k], ".conf"))
					continue;
				for (m = 0; m < na; m++)	/* a later directory replaces the same name */
					if (!strcmp(strrchr(all[m], '/') + 1, names[k])) {
						free(all[m]);
						all[m] = xasprintf("%s/%s", dirs[i], names[k]);
						break;
					}
				if (m == na) {
					ALLOC_GROW(all, na + 1, aa);
					all[na++] = xasprintf("%s/%s", dirs[i], names[k]);
				}
			}
			strv_free(names, n);
		}
		/* by file name */
		for (i = 1; i < na; i++)
			for (k = i; k > 0 && strcmp(strrchr(all[k - 1], '/'), strrchr(all[k], '/')) > 0; k--) {
				char *t = all[k];

				all[k] = all[k - 1];
				all[k - 1] = t;
			}
		for (i = 0; i < na; i++) {
			ALLOC_GROW(files, nf + 1, af);
			files[nf++] = all[i];
		}
		free(all);
	}
	for (i = 0; i < nf; i++) {
		struct strbuf sb = STRBUF_INIT;
		const struct sdini_entry *e;
		struct sdini ini;
		uint64_t v;

		if (read_opt(r, files[i], &sb) && sdini_parse(sb.buf, sb.len, &ini) == 0) {
			j->bad_lines += ini.bad.n;
			if ((e = sdini_get(&ini, "Journal", "Storage"))) {
				snprintf(j->storage, sizeof(j->storage), "%s", e->value);
				snprintf(j->storage_where, sizeof(j->storage_where), "%s:%zu", files[i], e->line);
			}
			if ((e = sdini_get(&ini, "Journal", "SystemMaxUse"))) {
				if (sd_parse_bytes(e->value, strlen(e->value), &v) == 0)
					j->system_max_use = v;
				else
					j->bad_lines++;
				snprintf(j->max_use_where, sizeof(j->max_use_where), "%s:%zu", files[i], e->line);
			}
			if ((e = sdini_get(&ini, "Journal", "MaxRetentionSec"))) {
				if (sd_parse_timespan(e->value, strlen(e->value), &v) == 0)
					j->max_retention = v;
				else
					j->bad_lines++;
				snprintf(j->retention_where, sizeof(j->retention_where), "%s:%zu", files[i], e->line);
			}
			sdini_free(&ini);
		}
		strbuf_release(&sb);
		free(files[i]);
	}
	free(files);
}

/* The first entry's time from an archived journal's name (microseconds, hex), or 0. */
static time_t journal_name_time(const char *name)
{
	const char *at = strchr(name, '@'), *p;
	unsigned long long us = 0;
	size_t i;

	if (!at)
		return 0;
	if (has_suffix(name, ".journal~"))
		p = at + 1;	/* system@REALTIME-RANDOM.journal~ */
	else if (has_suffix(name, ".journal") && strlen(name) >= 8 + 16)
		p = name + strlen(name) - 8 - 16;	/* system@SEQID-SEQNUM-REALTIME.journal */
	else
		return 0;
	for (i = 0; i < 16; i++) {
		char c = p[i];

		if (!c)
			return 0;
		us = us << 4 | (unsigned long long)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99);
		if ((c < '0' || c > '9') && (c < 'a' || c > 'f'))
			return 0;
	}
	return (time_t)(us / 1000000ull);
}

int collect_journald(const struct root *r, struct journald_facts *j, struct err *err)
{
	char **ids = NULL;
	size_t nid = 0, i, k;
	struct stat st;

	(void)err;
	memset(j, 0, sizeof(*j));
	snprintf(j->storage, sizeof(j->storage), "auto");
	journald_conf(r, j);
	collect_unit(r, "systemd-journald.service", "systemd-journal", "/lib/systemd/systemd-journald", &j->unit);
	j->persistent_dir = root_stat(r, "/var/log/journal", ROOT_MISSING_OK, &st, NULL) == 0 && S_ISDIR(st.st_mode);
	if (!j->persistent_dir || root_list_dir(r, "/var/log/journal", MON_MAX_FILES, 0, &ids, &nid, NULL) < 0)
		return 0;
	for (i = 0; i < nid; i++) {
		char *dir = xasprintf("/var/log/journal/%s", ids[i]);
		char **names = NULL;
		size_t n = 0;

		if (root_list_dir(r, dir, MON_MAX_FILES, ROOT_NOFOLLOW, &names, &n, NULL) == 0) {
			for (k = 0; k < n; k++) {
				char *p;
				time_t t;

				if (!has_suffix(names[k], ".journal") && !has_suffix(names[k], ".journal~"))
					continue;
				p = xasprintf("%s/%s", dir, names[k]);
				if (root_stat(r, p, ROOT_NOFOLLOW, &st, NULL) == 0 && S_ISREG(st.st_mode)) {
					j->n_files++;
					j->bytes += (uint64_t)st.st_size;
					/* an archived file is dated by its first entry; the active one only by its mtime */
					t = journal_name_time(names[k]);
					if (t <= 0)
						t = st.st_mtime;
					if (t > 0 && (!j->oldest || t < j->oldest))
						j->oldest = t;
				}
				free(p);
			}
			strv_free(names, n);
		}
		free(dir);
	}
	strv_free(ids, nid);
	return 0;
}

/* ---- forwarding ---- */

static void add_forward(struct forward_facts *f, const struct log_forward *lf, const char *file)
{
	f->fwd = xrealloc(f->fwd, st_mult(f->n_fwd + 1, sizeof(*f->fwd)));
	f->fwd_file = xrealloc(f->fwd_file, st_mult(f->n_fwd + 1, sizeof(*f->fwd_file)));
	f->fwd[f->n_fwd] = *lf;
	f->fwd[f->n_fwd].target = xstrdup(lf->target);
	f->fwd_file[f->n_fwd] = xstrdup(file);
	f->n_fwd++;
}

/* Expands an include: a file, a directory (every file), or a glob in the last component. */
static void expand(const struct root *r, const char *base, const char *inc, char ***out, size_t *n)
{
	char *path = inc[0] == '/' ? xstrdup(inc) : xasprintf("%s/%s", base, inc);
	char *slash = strrchr(path, '/');
	struct stat st;
	char **names = NULL;
	size_t nn = 0, i;

	*out = NULL;
	*n = 0;
	if (root_stat(r, path, ROOT_MISSING_OK, &st, NULL) == 0) {
		if (S_ISREG(st.st_mode)) {
			*out = xmalloc(sizeof(char *));
			(*out)[0] = path;
			*n = 1;
			return;
		}
		if (S_ISDIR(st.st_mode) && root_list_dir(r, path, MON_MAX_FILES, 0, &names, &nn, NULL) == 0) {
			*out = xcalloc(nn ? nn : 1, sizeof(char *));
			for (i = 0; i < nn; i++)
				if (names[i][0] != '.')
					(*out)[(*n)++] = xasprintf("%s/%s", path, names[i]);
			strv_free(names, nn);
		}
		free(path);
		return;
	}
	if (slash && strpbrk(slash + 1, "*?[")) {
		*slash = '\0';
		if (root_list_dir(r, *path ? path : "/", MON_MAX_FILES, ROOT_MISSING_OK, &names, &nn, NULL) == 0) {
			*out = xcalloc(nn ? nn : 1, sizeof(char *));
			for (i = 0; i < nn; i++)
				if (fnmatch(slash + 1, names[i], FNM_PERIOD) == 0)
					(*out)[(*n)++] = xasprintf("%s/%s", path, names[i]);
			strv_free(names, nn);
		}
	}
	free(path);
}

static void read_syslog_conf(const struct root *r, const char *path, bool ng, int depth, struct forward_facts *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct syslog_conf c;
	size_t i, k;

	if (depth > MON_MAX_INCLUDE_DEPTH || !read_opt(r, path, &sb)) {
		strbuf_release(&sb);
		return;
	}
	if (ng)
		syslogng_parse(sb.buf, sb.len, &c);
	else
		rsyslog_parse(sb.buf, sb.len, &c);
	strbuf_release(&sb);
	f->bad_lines += c.bad.n;
	for (i = 0; i < c.n_fwd; i++)
		add_forward(f, &c.fwd[i], path);
	for (i = 0; i < c.n_inc; i++) {
		char **files;
		size_t n;

		expand(r, ng ? "/etc/syslog-ng" : "/etc", c.includes[i], &files, &n);
		for (k = 0; k < n; k++) {
			read_syslog_conf(r, files[k], ng, depth + 1, f);
			free(files[k]);
		}
		free(files);
	}
	syslog_conf_free(&c);
}

int collect_forwarding(const struct root *r, struct forward_facts *f, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;

	(void)err;
	memset(f, 0, sizeof(*f));
	collect_unit(r, "rsyslog.service", "rsyslogd", "/usr/sbin/rsyslogd", &f->rsyslog);
	collect_unit(r, "syslog-ng.service", "syslog-ng", "/usr/sbin/syslog-ng", &f->syslogng);
	collect_unit(r, "systemd-journal-upload.service", "systemd-journal", "/lib/systemd/systemd-journal-upload",
		     &f->upload);
	f->upload.running_known = false;	/* its comm is truncated like journald's: not distinguishable */
	f->rsyslog_conf = exists(r, "/etc/rsyslog.conf");
	f->syslogng_conf = exists(r, "/etc/syslog-ng/syslog-ng.conf");
	read_syslog_conf(r, "/etc/rsyslog.conf", false, 0, f);
	read_syslog_conf(r, "/etc/syslog-ng/syslog-ng.conf", true, 0, f);
	if (read_opt(r, "/etc/systemd/journal-upload.conf", &sb)) {
		struct sdini ini;
		const struct sdini_entry *e;

		sdini_parse(sb.buf, sb.len, &ini);
		if ((e = sdini_get(&ini, "Upload", "URL")) && e->value[0])
			f->upload_url = xstrdup(e->value);
		sdini_free(&ini);
	}
	strbuf_release(&sb);
	return 0;
}

void forward_facts_free(struct forward_facts *f)
{
	size_t i;

	for (i = 0; i < f->n_fwd; i++) {
		free(f->fwd[i].target);
		free(f->fwd_file[i]);
	}
	free(f->fwd);
	free(f->fwd_file);
	free(f->upload_url);
	memset(f, 0, sizeof(*f));
}

/* ---- auditd ---- */

int collect_auditd(const struct root *r, struct audit_facts *a, struct err *err)
{
	char **names = NULL;
	size_t n = 0, i;

	(void)err;
	memset(a, 0, sizeof(*a));
	collect_unit(r, "auditd.service", "auditd", "/sbin/auditd", &a->unit);
	/* augenrules builds audit.rules from rules.d; count rules.d when it has files, else audit.rules */
	if (root_list_dir(r, "/etc/audit/rules.d", MON_MAX_FILES, ROOT_MISSING_OK, &names, &n, NULL) == 0) {
		for (i = 0; i < n; i++) {
			struct strbuf sb = STRBUF_INIT;
			struct audit_rules ar;
			char *p;

			if (!has_suffix(names[i], ".rules"))
				continue;
			p = xasprintf("/etc/audit/rules.d/%s", names[i]);
			if (read_opt(r, p, &sb)) {
				auditrules_count(sb.buf, sb.len, &ar);
				a->rules += ar.rules;
				a->immutable |= ar.immutable;
				a->files++;
			}
			strbuf_release(&sb);
			free(p);
		}
		strv_free(names, n);
	}
	if (!a->files) {
		struct strbuf sb = STRBUF_INIT;
		struct audit_rules ar;

		if (read_opt(r, "/etc/audit/audit.rules", &sb)) {
			auditrules_count(sb.buf, sb.len, &ar);
			a->rules = ar.rules;
			a->immutable = ar.immutable;
			a->files = 1;
		}
		strbuf_release(&sb);
	}
	return 0;
}

/* ---- logrotate ---- */

static bool taboo(const char *name)
{
	static const char *const ext[] = { ",v", ".cfsaved", ".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist",
					   ".dpkg-new", ".dpkg-old", ".rpmnew", ".rpmorig", ".rpmsave", ".swp",
					   ".ucf-dist", ".ucf-new", ".ucf-old", "~" };
	size_t i;

	if (name[0] == '.')
		return true;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (has_suffix(name, ext[i]))
			return true;
	return false;
}

static void lr_read(const struct root *r, const char *path, const struct lr_opts *start, int depth,
		    struct logrotate_facts *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct lr_file lf;
	struct stat st;
	size_t i, k;

	if (depth > MON_MAX_INCLUDE_DEPTH || root_stat(r, path, ROOT_MISSING_OK, &st, NULL) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		char **names = NULL;
		size_t n = 0;

		if (root_list_dir(r, path, MON_MAX_FILES, 0, &names, &n, NULL) < 0)
			return;
		for (i = 0; i < n; i++) {
			char *p;

			if (taboo(names[i]))
				continue;
			p = xasprintf("%s/%s", path, names[i]);
			lr_read(r, p, start, depth + 1, f);
			free(p);
		}
		strv_free(names, n);
		return;
	}
	if (!read_opt(r, path, &sb)) {
		strbuf_release(&sb);
		return;
	}
	logrotate_parse(sb.buf, sb.len, start, &lf);
	strbuf_release(&sb);
	if (lf.bad.n && !f->first_bad)
		f->first_bad = xasprintf("%s:%zu (%s)", path, lf.bad.line[0], lf.bad.why[0]);
	f->bad_lines += lf.bad.n;
	for (i = 0; i < lf.n_st && f->n < MON_MAX_LOGS; i++) {
		struct strbuf paths = STRBUF_INIT;
		struct rotated_log *l;

		for (k = 0; k < lf.st[i].n_paths; k++) {
			strbuf_adds(&paths, k ? " " : "");
			strbuf_adds(&paths, lf.st[i].paths[k]);
		}
		f->v = xrealloc(f->v, st_mult(f->n + 1, sizeof(*f->v)));
		l = &f->v[f->n++];
		l->paths = strbuf_detach(&paths, NULL);
		l->file = xstrdup(path);
		l->line = lf.st[i].line;
		l->o = lf.st[i].o;
	}
	for (i = 0; i < lf.n_inc; i++)
		lr_read(r, lf.inc[i].path, &lf.inc[i].defaults, depth + 1, f);
	lr_file_free(&lf);
}

int collect_logrotate(const struct root *r, struct logrotate_facts *f, struct err *err)
{
	(void)err;
	memset(f, 0, sizeof(*f));
	f->found = exists(r, "/etc/logrotate.conf");
	if (f->found)
		lr_read(r, "/etc/logrotate.conf", NULL, 0, f);
	return 0;
}

void logrotate_facts_free(struct logrotate_facts *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].paths);
		free(f->v[i].file);
	}
	free(f->v);
	free(f->first_bad);
	memset(f, 0, sizeof(*f));
}

/* ---- watch jobs ---- */

/* "kyuka" as a word of the command (a path ending in /kyuka counts). */
static bool runs_kyuka(const char *cmd)
{
	const char *p = cmd;

	while ((p = strstr(p, "kyuka"))) {
		char before = p == cmd ? ' ' : p[-1], after = p[5];

		if ((before == ' ' || before == '/' || before == '\t' || before == '"' || before == '\'' || before == '=') &&
		    (after == '\0' || after == ' ' || after == '\t' || after == ';' || after == '"' || after == '\''))
			return true;
		p += 5;
	}
	return false;
}

static void add_job(struct watch_facts *w, char *where, char *what, bool enabled)
{
	w->v = xrealloc(w->v, st_mult(w->n + 1, sizeof(*w->v)));
	w->v[w->n].where = where;
	w->v[w->n].what = what;
	w->v[w->n].enabled = enabled;
	w->n++;
}

static void cron_file(const struct root *r, const char *path, bool system, struct watch_facts *w)
{
	struct strbuf sb = STRBUF_INIT;
	struct crontab ct = { 0 };
	size_t i;

	if (read_opt(r, path, &sb)) {
		(void)crontab_parse(sb.buf, sb.len, system, &ct, NULL);	/* beyond the cap: the entries before it */
		for (i = 0; i < ct.n; i++)
			if (runs_kyuka(ct.v[i].command))
				add_job(w, xasprintf("%s:%zu", path, ct.v[i].line),
					xasprintf("%s %s", ct.v[i].schedule, ct.v[i].command), w->cron.enabled || w->cron.running);
		crontab_free(&ct);
	}
	strbuf_release(&sb);
}

static void cron_dir(const struct root *r, const char *dir, int kind, struct watch_facts *w)
{
	char **names = NULL;
	size_t n = 0, i;

	if (root_list_dir(r, dir, MON_MAX_FILES, ROOT_MISSING_OK, &names, &n, NULL) < 0)
		return;
	for (i = 0; i < n; i++) {
		char *p;

		if (names[i][0] == '.' || strchr(names[i], '.'))	/* run-parts and cron skip names with dots */
			continue;
		p = xasprintf("%s/%s", dir, names[i]);
		if (kind == 1) {
			cron_file(r, p, false, w);
		} else {
			struct strbuf sb = STRBUF_INIT;

			if (read_opt(r, p, &sb) && memchr(sb.buf, '\0', sb.len) == NULL && runs_kyuka(sb.buf))
				add_job(w, xstrdup(p), xasprintf("run-parts %s", dir), w->cron.enabled || w->cron.running);
			strbuf_release(&sb);
		}
		free(p);
	}
	strv_free(names, n);
}

/* A unit file from where systemd looks for it. */
static bool read_unit(const struct root *r, const char *name, struct strbuf *sb)
{
	static const char *const dirs[] = { "/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
					    "/usr/lib/systemd/system" };
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *p = xasprintf("%s/%s", dirs[i], name);
		bool ok = read_opt(r, p, sb);

		free(p);
		if (ok)
			return true;
	}
	return false;
}

static void timers(const struct root *r, struct watch_facts *w)
{
	static const char *const dirs[] = { "/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system" };
	char **names = NULL;
	size_t n = 0, i, d;

	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		if (root_list_dir(r, dirs[d], MON_MAX_FILES, ROOT_MISSING_OK, &names, &n, NULL) < 0)
			continue;
		for (i = 0; i < n; i++) {
			struct strbuf sb = STRBUF_INIT, svc = STRBUF_INIT;
			struct sdini ti, si;
			const struct sdini_entry *u, *cal;
			char *service;
			size_t k;

			if (!has_suffix(names[i], ".timer"))
				continue;
			if (!read_unit(r, names[i], &sb)) {
				strbuf_release(&sb);
				continue;
			}
			sdini_parse(sb.buf, sb.len, &ti);
			u = sdini_get(&ti, "Timer", "Unit");
			cal = sdini_get(&ti, "Timer", "OnCalendar");
			service = u ? xstrdup(u->value)
				    : xasprintf("%.*s.service", (int)(strlen(names[i]) - 6), names[i]);
			if (read_unit(r, service, &svc)) {
				sdini_parse(svc.buf, svc.len, &si);
				for (k = 0; k < si.n; k++)
					if (!strcmp(si.v[k].section, "Service") && !strcmp(si.v[k].key, "ExecStart") &&
					    runs_kyuka(si.v[k].value)) {
						struct unit_state us;
						bool dup = false;
						size_t m;

						for (m = 0; m < w->n; m++)
							dup |= !strcmp(w->v[m].where, names[i]);
						if (dup)
							break;
						collect_unit(r, names[i], NULL, NULL, &us);
						add_job(w, xstrdup(names[i]),
							xasprintf("%s (%s)", si.v[k].value, cal ? cal->value : "no OnCalendar"),
							us.enabled);
						break;
					}
				sdini_free(&si);
			}
			free(service);
			sdini_free(&ti);
			strbuf_release(&sb);
			strbuf_release(&svc);
		}
		strv_free(names, n);
	}
}

int collect_watch_jobs(const struct root *r, struct watch_facts *w, struct err *err)
{
	static const char *const parts[] = { "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly" };
	char **crond = NULL;
	size_t i, n_crond = 0;

	(void)err;
	memset(w, 0, sizeof(*w));
	collect_unit(r, "cron.service", "cron", "/usr/sbin/cron", &w->cron);
	cron_file(r, "/etc/crontab", true, w);
	collect_cron_d(r, &crond, &n_crond);
	for (i = 0; i < n_crond; i++)
		cron_file(r, crond[i], true, w);
	strv_free(crond, n_crond);
	cron_dir(r, "/var/spool/cron/crontabs", 1, w);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		cron_dir(r, parts[i], 2, w);
	timers(r, w);
	return 0;
}

void watch_facts_free(struct watch_facts *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].where);
		free(w->v[i].what);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/* ---- disk room ---- */

static void walk_logs(const struct root *r, const char *dir, int depth, struct logdisk_facts *d)
{
	char **names = NULL;
	size_t n = 0, i;

	if (depth > 3 || d->files >= 100000 || root_list_dir(r, dir, MON_MAX_FILES, ROOT_NOFOLLOW, &names, &n, NULL) < 0)
		return;
	for (i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		struct stat st;

		if (strcmp(p, "/var/log/journal") != 0 && root_stat(r, p, ROOT_NOFOLLOW, &st, NULL) == 0) {
			if (S_ISREG(st.st_mode)) {
				d->files++;
				d->bytes += (uint64_t)st.st_size;
				if (st.st_mtime > 0 && (!d->oldest || st.st_mtime < d->oldest))
					d->oldest = st.st_mtime;
			} else if (S_ISDIR(st.st_mode)) {
				walk_logs(r, p, depth + 1, d);
			}
		}
		free(p);
	}
	strv_free(names, n);
}

int collect_logdisk(const struct root *r, struct logdisk_facts *d, struct err *err)
{
	struct statvfs vfs;

	memset(d, 0, sizeof(*d));
	if (!root_is_host(r))
		return err_set(err, -EOPNOTSUPP, "the free space of a foreign root's log file system cannot be measured");
	if (statvfs("/var/log", &vfs) < 0)
		return err_set(err, -errno, "cannot measure '/var/log': %s", strerror(errno));
	d->avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	d->size = (uint64_t)vfs.f_blocks * vfs.f_frsize;
	walk_logs(r, "/var/log", 0, d);
	return 0;
}
