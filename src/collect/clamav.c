/* ClamAV's configuration, databases and log (see clamav.h). */
#include "collect/clamav.h"
#include "collect/exec.h"
#include "util/lazyav.h"
#include "util/strbuf.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DBDIR "/var/lib/clamav"
#define DEFAULT_LOG "/var/log/clamav/freshclam.log"

static void copy_clean(char *dst, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s && s[i] && i + 1 < size; i++)
		dst[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	dst[i] = '\0';
}

int clamav_header_parse(const char *buf, size_t len, struct clamav_db *db)
{
	char head[CLAMAV_CVD_HEADER + 1];
	const struct kclam *clam;
	struct cl_cvd *cvd;
	size_t i;

	if (len > CLAMAV_CVD_HEADER)
		len = CLAMAV_CVD_HEADER;
	if (len < 11 || memcmp(buf, "ClamAV-VDB:", 11))
		return -EINVAL;
	memcpy(head, buf, len);
	head[len] = '\0';
	/* the header is padded with spaces; a NUL or newline ends it */
	for (i = 0; i < len; i++)
		if (head[i] == '\n' || head[i] == '\r')
			head[i] = '\0';
	i = strlen(head);
	while (i && head[i - 1] == ' ')
		head[--i] = '\0';
	/* cl_cvdparse needs the 9 fields; fewer colons would read past what it expects */
	{
		size_t colons = 0;
		for (i = 0; head[i]; i++)
			colons += head[i] == ':';
		if (colons < 8)
			return -EINVAL;
	}
	if (!(clam = kclam_load(NULL)))
		return -ELIBACC;	/* "cannot access a needed shared library" */
	cvd = clam->cvdparse(head);
	if (!cvd)
		return -EINVAL;
	db->version = cvd->version;
	db->sigs = cvd->sigs;
	db->flevel = cvd->fl;
	db->built = (time_t)cvd->stime;
	copy_clean(db->time_text, sizeof(db->time_text), cvd->time);
	copy_clean(db->builder, sizeof(db->builder), cvd->builder);
	clam->cvdfree(cvd);
	return 0;
}

static void read_conf(const struct root *r, const char *path, bool *have, struct clamconf *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (root_read_file(r, path, ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0 &&
	    clamconf_parse(sb.buf, sb.len, c) == 0)
		*have = true;
	strbuf_release(&sb);
}

static bool db_name(const char *n)
{
	size_t l = strlen(n);

	return l > 4 && l < 64 && (!strcmp(n + l - 4, ".cvd") || !strcmp(n + l - 4, ".cld") || !strcmp(n + l - 4, ".cud"));
}

static void read_header(const struct root *r, struct clamav_db *db)
{
	char buf[CLAMAV_CVD_HEADER];
	ssize_t k;
	struct stat st;
	size_t got = 0;
	int fd = root_open_regular(r, db->path, 0, &st, NULL);

	if (fd < 0) {
		db->status = fd;
		return;
	}
	db->mtime = st.st_mtime;
	k = pread_full(fd, buf, sizeof(buf), 0);
	close(fd);
	if (k < 0) {
		db->status = (int)k;	/* reported as an open failure is */
		return;
	}
	got = (size_t)k;
	db->status = clamav_header_parse(buf, got, db);
}

static int cmp_db(const void *a, const void *b)
{
	return strcmp(((const struct clamav_db *)a)->name, ((const struct clamav_db *)b)->name);
}

static void read_log(const struct root *r, struct clamav_facts *f)
{
	struct stat st;
	char *buf;
	size_t want, got = 0;
	ssize_t k;
	off_t off;
	int fd = root_open_regular(r, f->log_path, 0, &st, NULL);

	if (fd < 0) {
		f->log_status = fd;
		return;
	}
	want = (uint64_t)st.st_size > CLAMAV_LOG_TAIL ? CLAMAV_LOG_TAIL : (size_t)st.st_size;
	off = st.st_size - (off_t)want;
	buf = xmalloc(want + 1);
	k = pread_full(fd, buf, want, off);
	close(fd);
	if (k < 0) {
		f->log_status = (int)k;
		free(buf);
		return;
	}
	got = (size_t)k;
	freshclam_log_parse(buf, got, &f->log);
	free(buf);
}

int collect_clamav(const struct root *r, struct clamav_facts *f, struct err *err)
{
	const char *v;
	size_t line = 0, i;
	char **names = NULL;
	size_t n = 0;

	(void)err;
	memset(f, 0, sizeof(*f));
	read_conf(r, "/etc/clamav/freshclam.conf", &f->have_freshclam_conf, &f->freshclam);
	read_conf(r, "/etc/clamav/clamd.conf", &f->have_clamd_conf, &f->clamd);

	snprintf(f->dbdir, sizeof(f->dbdir), "%s", DEFAULT_DBDIR);
	if (f->have_freshclam_conf && (v = clamconf_get(&f->freshclam, "DatabaseDirectory", &line)) && v[0] == '/') {
		snprintf(f->dbdir, sizeof(f->dbdir), "%s", v);
		snprintf(f->dbdir_from, sizeof(f->dbdir_from), "/etc/clamav/freshclam.conf:%zu", line);
	} else if (f->have_clamd_conf && (v = clamconf_get(&f->clamd, "DatabaseDirectory", &line)) && v[0] == '/') {
		snprintf(f->dbdir, sizeof(f->dbdir), "%s", v);
		snprintf(f->dbdir_from, sizeof(f->dbdir_from), "/etc/clamav/clamd.conf:%zu", line);
	}
	f->dbdir_status = root_list_dir(r, f->dbdir, CLAMAV_MAX_DBFILES * 16, ROOT_MISSING_OK, &names, &n, NULL);
	if (f->dbdir_status == 0) {
		for (i = 0; i < n && f->n_dbs < CLAMAV_MAX_DBFILES; i++) {
			struct clamav_db *db;
			if (!db_name(names[i]))
				continue;
			f->dbs = xrealloc(f->dbs, st_mult(f->n_dbs + 1, sizeof(*f->dbs)));
			db = &f->dbs[f->n_dbs++];
			memset(db, 0, sizeof(*db));
			snprintf(db->name, sizeof(db->name), "%s", names[i]);
			snprintf(db->path, sizeof(db->path), "%s/%s", f->dbdir, names[i]);
			read_header(r, db);
		}
		strv_free(names, n);
		if (f->n_dbs > 1)
			qsort(f->dbs, f->n_dbs, sizeof(*f->dbs), cmp_db);
	}

	snprintf(f->log_path, sizeof(f->log_path), "%s", DEFAULT_LOG);
	if (f->have_freshclam_conf && (v = clamconf_get(&f->freshclam, "UpdateLogFile", NULL)) && v[0] == '/')
		snprintf(f->log_path, sizeof(f->log_path), "%s", v);
	read_log(r, f);

	collect_unit(r, "clamav-freshclam.service", "freshclam", "/usr/bin/freshclam", &f->freshclam_unit);
	collect_unit(r, "clamav-daemon.service", "clamd", "/usr/sbin/clamd", &f->clamd_unit);
	return 0;
}

void clamav_facts_free(struct clamav_facts *f)
{
	clamconf_free(&f->freshclam);
	clamconf_free(&f->clamd);
	free(f->dbs);
	memset(f, 0, sizeof(*f));
}

int collect_mdatp(const struct root *r, struct mdatp_health *out, struct err *err)
{
	static const char *const argv[] = { "/usr/bin/mdatp", "health", NULL };
	struct exec_opts o = { .timeout_ms = 30000, .max_stdout = (size_t)1 << 20, .max_stderr = 4096 };
	struct exec_result res = { 0 };
	struct stat st;
	int ret;

	if (root_stat(r, "/opt/microsoft/mdatp", 0, &st, NULL) < 0 && root_stat(r, "/usr/bin/mdatp", 0, &st, NULL) < 0)
		return -ENOENT;
	if (!root_is_host(r))
		return -EREMOTE;
	ret = exec_run(argv, &o, &res, err);
	if (ret < 0)
		return ret;
	if (res.exit_code != 0) {
		ret = err_set(err, -EIO, "mdatp health exited with %d: %.200s", res.exit_code,
			      res.errout.len ? res.errout.buf : "");
		exec_result_release(&res);
		return ret;
	}
	mdatp_health_parse(res.out.buf ? res.out.buf : "", res.out.len, out);
	exec_result_release(&res);
	return 0;
}
