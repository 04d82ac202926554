#include "collect/packages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/exec.h"
#include "parse/dpkg_version.h"
#include "parse/feedutil.h"
#include "parse/proc_maps.h"
#include "util/num.h"
#include "util/xalloc.h"
#include "util/span.h"
#include "util/strbuf.h"

#define RELEASE_FILE_MAX ((size_t)64 << 10)

int collect_dpkg_status(const struct root *r, struct dpkg_status *out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	ret = root_read_file(r, DPKG_STATUS_PATH, DPKG_STATUS_MAX, 0, &sb, NULL, err);
	if (ret == 0)
		ret = dpkg_status_parse(sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return ret;
}

static bool word_ok(struct span s)
{
	size_t i;

	if (!s.len || s.len > 31)
		return false;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') || (s.p[i] >= '0' && s.p[i] <= '9')))
			return false;
	return true;
}

int collect_release(const struct root *r, char *out, size_t size, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;
	int ret;

	ret = root_read_file(r, "/etc/os-release", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	if (ret < 0)
		ret = root_read_file(r, "/usr/lib/os-release", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	rest = SPAN(sb.buf, ret == 0 ? sb.len : 0);
	while (span_next_line(&rest, &line)) {
		struct span v;

		if (!span_starts_with(line, "VERSION_CODENAME="))
			continue;
		v = span_trim(SPAN(line.p + 17, line.len - 17));
		if (v.len >= 2 && (v.p[0] == '"' || v.p[0] == '\'') && v.p[v.len - 1] == v.p[0])
			v = SPAN(v.p + 1, v.len - 2);
		if (word_ok(v) && v.len < size) {
			memcpy(out, v.p, v.len);
			out[v.len] = '\0';
			strbuf_release(&sb);
			return 0;
		}
	}
	ret = root_read_file(r, "/etc/debian_version", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
	if (ret == 0) {
		struct span v;
		const char *cn;

		rest = SPAN(sb.buf, sb.len);
		if (span_next_line(&rest, &line)) {
			v = span_trim(line);
			if (memchr(v.p, '/', v.len))	/* "bookworm/sid" */
				v.len = (size_t)((const char *)memchr(v.p, '/', v.len) - v.p);
			else if (memchr(v.p, '.', v.len))	/* "12.4" */
				v.len = (size_t)((const char *)memchr(v.p, '.', v.len) - v.p);
			cn = debian_codename(v.p, v.len);
			if (cn && strlen(cn) < size) {
				snprintf(out, size, "%s", cn);
				strbuf_release(&sb);
				return 0;
			}
			if (word_ok(v) && !(v.p[0] >= '0' && v.p[0] <= '9') && v.len < size) {
				memcpy(out, v.p, v.len);
				out[v.len] = '\0';
				strbuf_release(&sb);
				return 0;
			}
		}
	}
	strbuf_release(&sb);
	return err_set(err, -ENOENT, "cannot tell the Debian release: no VERSION_CODENAME in /etc/os-release "
				     "and no usable /etc/debian_version");
}

/* ---- apt ---- */

static bool has_lists(const struct root *r)
{
	char **names = NULL;
	size_t n = 0, i;
	bool found = false;

	if (root_list_dir(r, "/var/lib/apt/lists", 100000, 0, &names, &n, NULL) < 0)
		return false;
	for (i = 0; i < n && !found; i++)
		found = strstr(names[i], "_Packages") != NULL;
	strv_free(names, n);
	return found;
}

static int apt_get_sim(const struct root *r, struct apt_sim *out, struct err *err)
{
	struct exec_opts o = { .timeout_ms = APT_TIMEOUT_MS, .max_stdout = (size_t)64 << 20 };
	struct exec_result res = { 0 };
	const char *argv[16];
	char *dir = NULL, *status = NULL, *abs = NULL;
	struct stat st;
	size_t a = 0;
	int ret;

	if (root_stat(r, DPKG_STATUS_PATH, 0, &st, NULL) < 0)
		return err_set(err, -ENOENT, "no dpkg database (%s): not a Debian system", DPKG_STATUS_PATH);
	if (!has_lists(r))
		return err_set(err, -ENOENT, "no apt package lists in /var/lib/apt/lists (apt-get update never ran)");
	argv[a++] = "apt-get";
	argv[a++] = "-s";
	argv[a++] = "-q";
	argv[a++] = "-o";
	argv[a++] = "Debug::NoLocking=1";
	argv[a++] = "-o";
	argv[a++] = "Dir::Cache::pkgcache=";
	argv[a++] = "-o";
	argv[a++] = "Dir::Cache::srcpkgcache=";
	if (!root_is_host(r)) {
		abs = realpath(root_dir(r), NULL);
		if (!abs)
			return err_set(err, -errno, "cannot resolve '%s': %s", root_dir(r), strerror(errno));
		dir = xasprintf("Dir=%s/", abs);
		status = xasprintf("Dir::State::status=%s%s", abs, DPKG_STATUS_PATH);
		argv[a++] = "-o";
		argv[a++] = dir;
		argv[a++] = "-o";
		argv[a++] = status;
	}
	argv[a++] = "dist-upgrade";
	argv[a] = NULL;
	ret = exec_run(argv, &o, &res, err);
	if (ret < 0)
		goto out;
	if (res.exit_code != 0 || res.stdout_truncated) {
		struct span rest = SPAN(res.errout.buf, res.errout.len), line = SPAN("", 0);

		span_next_line(&rest, &line);
		ret = err_set(err, -EIO, "apt-get -s dist-upgrade failed (exit %d): %.*s", res.exit_code,
			      (int)(line.len > 200 ? 200 : line.len), line.p);
		goto out;
	}
	ret = apt_sim_parse(res.out.buf, res.out.len, out, err);
out:
	exec_result_release(&res);
	free(dir);
	free(status);
	free(abs);
	return ret;
}

int collect_apt_upgrades(const struct root *r, struct apt_sim *out, struct err *err)
{
	const char *mode = getenv("KYUKA_APT");
	struct err le = { 0 };
	struct stat st;
	int ret;

	if (root_stat(r, DPKG_STATUS_PATH, 0, &st, NULL) < 0)
		return err_set(err, -ENOENT, "no dpkg database (%s): not a Debian system", DPKG_STATUS_PATH);
	if (!(mode && !strcmp(mode, "apt-get"))) {
		ret = collect_apt_lists(r, out, &le);
		if (ret == 0)
			return 0;
		if (ret == -ENOENT && !has_lists(r))
			return err_set(err, -ENOENT, "no apt package lists in /var/lib/apt/lists (apt-get update never ran)");
	}
	ret = apt_get_sim(r, out, err);
	if (ret == 0)
		snprintf(out->lists_not_used, sizeof(out->lists_not_used), "%.190s",
			 le.msg[0] ? le.msg : "KYUKA_APT=apt-get");
	return ret;
}

/* ---- kernel ---- */

static void first_line_into(const struct root *r, const char *path, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;

	out[0] = '\0';
	if (root_read_file(r, path, RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		rest = SPAN(sb.buf, sb.len);
		if (span_next_line(&rest, &line)) {
			line = span_trim(line);
			if (line.len < size && !span_has_nul(line)) {
				memcpy(out, line.p, line.len);
				out[line.len] = '\0';
			}
		}
	}
	strbuf_release(&sb);
}

/* "6.1.0-18-cloud-amd64" -> "cloud-amd64": what follows the ABI number. */
static const char *flavour(const char *release)
{
	const char *d1 = strchr(release, '-');
	const char *d2 = d1 ? strchr(d1 + 1, '-') : NULL;

	return d2 ? d2 + 1 : "";
}

void collect_kernel(const struct root *r, const struct dpkg_status *st, struct kernel_facts *k)
{
	char ver[512];
	struct strbuf sb = STRBUF_INIT;
	struct stat s;
	const char *p;
	size_t i;

	memset(k, 0, sizeof(*k));
	first_line_into(r, "/proc/sys/kernel/osrelease", k->running, sizeof(k->running));
	first_line_into(r, "/proc/version", ver, sizeof(ver));
	/* "... #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)" */
	p = strstr(ver, " Debian ");
	if (p) {
		size_t n;

		p += 8;
		n = strcspn(p, " ");
		if (n < sizeof(k->running_version)) {
			memcpy(k->running_version, p, n);
			k->running_version[n] = '\0';
		}
	}
	k->reboot_required = root_stat(r, "/run/reboot-required", 0, &s, NULL) == 0;
	if (root_read_file(r, "/run/reboot-required.pkgs", RELEASE_FILE_MAX, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		struct strbuf j = STRBUF_INIT;
		struct span rest = SPAN(sb.buf, sb.len), line;

		while (span_next_line(&rest, &line))
			if ((line = span_trim(line)).len && !span_has_nul(line))
				strbuf_addf(&j, "%s%.*s", j.len ? ", " : "", (int)line.len, line.p);
		k->reboot_pkgs = strbuf_detach(&j, NULL);
	} else {
		k->reboot_pkgs = xstrdup("");
	}
	strbuf_release(&sb);
	for (i = 0; st && i < st->n; i++) {
		const struct dpkg_pkg *pk = &st->v[i];
		const char *rel;
		bool ok;

		if (!pk->installed || strncmp(pk->name, "linux-image-", 12) != 0)
			continue;
		rel = pk->name + 12;
		if (rel[0] < '0' || rel[0] > '9')
			continue;	/* linux-image-amd64 and other meta packages */
		if (k->running[0] && !strcmp(rel, k->running))
			k->running_pkg = pk;
		if (k->running[0] && strcmp(flavour(rel), flavour(k->running)) != 0)
			continue;
		if (!k->newest || dpkg_version_cmp_str(pk->version, k->newest->version, &ok) > 0)
			k->newest = pk;
	}
}

void kernel_facts_free(struct kernel_facts *k)
{
	free(k->reboot_pkgs);
	k->reboot_pkgs = NULL;
}

/* ---- processes ---- */

int collect_stale_procs(const struct root *r, struct stale_procs *out, struct err *err)
{
	struct stale_procs res = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, i, j;
	int ret;

	ret = root_list_dir(r, "/proc", PROC_MAX_PIDS + 1024, ROOT_MISSING_OK, &names, &n, NULL);
	for (i = 0; ret == 0 && i < n; i++)
		if (span_all_digits(SPAN(names[i], strlen(names[i]))))
			break;
	if (ret < 0 || i == n) {
		strv_free(names, n);
		return root_is_host(r) ? err_set(err, -ENOENT, "no processes under /proc")
				       : err_set(err, -ENOENT, "no processes under /proc in the root");
	}
	for (i = 0; i < n; i++) {
		struct proc_maps m;
		struct stale_proc sp = { 0 };
		char path[64];
		uint64_t pid;

		if (!span_all_digits(SPAN(names[i], strlen(names[i]))) || parse_u64_str(names[i], UINT32_MAX, &pid) < 0)
			continue;
		res.scanned++;
		snprintf(path, sizeof(path), "/proc/%s/maps", names[i]);
		ret = root_read_file(r, path, PROC_MAPS_MAX, ROOT_MISSING_OK, &sb, NULL, NULL);
		if (ret == -ENOENT || ret == -ESRCH) {
			res.scanned--;	/* it ended meanwhile */
			continue;
		}
		if (ret < 0 || proc_maps_parse(sb.buf, sb.len, &m, NULL) < 0) {
			res.unreadable++;
			continue;
		}
		for (j = 0; j < m.n; j++) {
			if (!maps_is_replaced_code(&m.v[j]))
				continue;
			if (!sp.n_files++)
				sp.path = xstrdup(m.v[j].path);
		}
		proc_maps_free(&m);
		if (!sp.n_files)
			continue;
		sp.pid = (unsigned)pid;
		snprintf(path, sizeof(path), "/proc/%s/comm", names[i]);
		first_line_into(r, path, sp.comm, sizeof(sp.comm));
		ALLOC_GROW(res.v, res.n + 1, res.alloc);
		res.v[res.n++] = sp;
	}
	strv_free(names, n);
	strbuf_release(&sb);
	*out = res;
	return 0;
}

void stale_procs_free(struct stale_procs *s)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		free(s->v[i].path);
	if (s)
		free(s->v);
	if (s)
		memset(s, 0, sizeof(*s));
}
