#include "collect/services.h"
#include "collect/cron.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "collect/exec.h"
#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define UNIT_MAX_FILE ((size_t)1 << 20)
#define CRON_MAX_FILE ((size_t)4 << 20)
#define SVC_MAX_DIR 100000

/* Where unit files live, most important first. */
static const char *const unit_dirs[] = { "/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system",
					 "/lib/systemd/system" };

static void add_error(struct svc_facts *f, const char *msg)
{
	if (f->n_errors >= 64)
		return;
	f->errors = xrealloc(f->errors, st_mult(f->n_errors + 1, sizeof(*f->errors)));
	f->errors[f->n_errors++] = xstrdup(msg);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* The target of a symbolic link dir/name inside the root (not followed), or NULL. */
static char *link_target(const struct root *r, const char *dir, const char *name)
{
	char buf[4096];
	ssize_t n;
	int dfd = root_open_fd(r, dir, O_PATH | O_DIRECTORY, ROOT_MISSING_OK, NULL);

	if (dfd < 0)
		return NULL;
	n = readlinkat(dfd, name, buf, sizeof(buf) - 1);
	close(dfd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

static bool is_masked(const struct root *r, const char *name)
{
	char *t = link_target(r, "/etc/systemd/system", name);
	bool masked = t && !strcmp(t, "/dev/null");

	free(t);
	return masked;
}

/* The unit file of name (a template instance falls back to its template), or NULL. */
static char *find_unit(const struct root *r, const char *name)
{
	char path[600], tmpl[300];
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	size_t i;
	struct stat st;

	for (i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", unit_dirs[i], name);
		if (root_stat(r, path, ROOT_MISSING_OK, &st, NULL) == 0 && S_ISREG(st.st_mode))
			return xstrdup(path);
	}
	if (at && dot && dot > at && (size_t)(at - name) + 1 + strlen(dot) < sizeof(tmpl)) {
		snprintf(tmpl, sizeof(tmpl), "%.*s@%s", (int)(at - name), name, dot);
		if (strcmp(tmpl, name))
			return find_unit(r, tmpl);
	}
	return NULL;
}

static void collect_enabled(const struct root *r, struct svc_facts *f)
{
	/* the units kept so far, by name: a unit wanted from several places is kept once, without a scan */
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t d, alloc = 0;

	for (d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
		char **names = NULL;
		size_t n = 0, i;

		if (root_list_dir(r, unit_dirs[d], SVC_MAX_DIR, ROOT_MISSING_OK, &names, &n, NULL) < 0)
			continue;
		f->have_systemd = true;
		for (i = 0; i < n; i++) {
			char dir[600], target[300];
			char **ents = NULL;
			size_t ne = 0, j;
			const char *suffix = ends_with(names[i], ".wants") ? ".wants" :
					     ends_with(names[i], ".requires") ? ".requires" : NULL;

			if (!suffix)
				continue;
			snprintf(target, sizeof(target), "%.*s", (int)(strlen(names[i]) - strlen(suffix)), names[i]);
			snprintf(dir, sizeof(dir), "%s/%s", unit_dirs[d], names[i]);
			if (root_list_dir(r, dir, SVC_MAX_DIR, ROOT_MISSING_OK, &ents, &ne, NULL) < 0)
				continue;
			for (j = 0; j < ne && f->n_units < SVC_MAX_UNITS; j++) {
				if (g_hash_table_contains(seen, ents[j]) || is_masked(r, ents[j]))
					continue;
				ALLOC_GROW(f->units, f->n_units + 1, alloc);
				memset(&f->units[f->n_units], 0, sizeof(f->units[f->n_units]));
				f->units[f->n_units].name = xstrdup(ents[j]);
				f->units[f->n_units].wanted_by = xstrdup(target);
				f->units[f->n_units].path = find_unit(r, ents[j]);
				g_hash_table_add(seen, f->units[f->n_units].name);
				f->n_units++;
			}
			strv_free(ents, ne);
		}
		strv_free(names, n);
	}
	g_hash_table_destroy(seen);
}

/* Reads a unit file and its drop-ins (the .conf files of NAME.d in every unit directory, by file name). */
static void load_unit(const struct root *r, struct svc_facts *f, const char *name, const char *path,
		      struct unit_file *u)
{
	struct strbuf sb = STRBUF_INIT;
	char **conf = NULL;
	size_t n_conf = 0, d, i;
	struct err e;

	if (root_read_file(r, path, UNIT_MAX_FILE, 0, &sb, NULL, &e) < 0 || unit_parse(sb.buf, sb.len, u, &e) < 0)
		add_error(f, e.msg);
	for (d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
		char dir[600];
		char **ents = NULL;
		size_t ne = 0, j;

		snprintf(dir, sizeof(dir), "%s/%s.d", unit_dirs[d], name);
		if (root_list_dir(r, dir, 1000, ROOT_MISSING_OK, &ents, &ne, NULL) < 0)
			continue;
		for (j = 0; j < ne; j++) {
			char *p;
			bool dup = false;
			if (!ends_with(ents[j], ".conf"))
				continue;
			for (i = 0; i < n_conf; i++)
				if (!strcmp(strrchr(conf[i], '/') + 1, ents[j]))
					dup = true; /* /etc overrides /usr/lib for the same name */
			if (dup || n_conf >= 256)
				continue;
			p = xasprintf("%s/%s", dir, ents[j]);
			conf = xrealloc(conf, st_mult(n_conf + 1, sizeof(*conf)));
			conf[n_conf++] = p;
		}
		strv_free(ents, ne);
	}
	/* drop-ins apply in the order of their file names */
	for (i = 0; i < n_conf; i++)
		for (d = i + 1; d < n_conf; d++)
			if (strcmp(strrchr(conf[d], '/'), strrchr(conf[i], '/')) < 0) {
				char *t = conf[i];
				conf[i] = conf[d];
				conf[d] = t;
			}
	for (i = 0; i < n_conf; i++)
		if (root_read_file(r, conf[i], UNIT_MAX_FILE, 0, &sb, NULL, &e) < 0 || unit_parse(sb.buf, sb.len, u, &e) < 0)
			add_error(f, e.msg);
	strv_free(conf, n_conf);
	strbuf_release(&sb);
}

static void collect_timers(const struct root *r, struct svc_facts *f)
{
	size_t i, alloc = 0;

	for (i = 0; i < f->n_units; i++) {
		struct timer_info *t;
		const char *v;
		uint64_t s;
		bool b;

		if (!ends_with(f->units[i].name, ".timer") || !f->units[i].path)
			continue;
		ALLOC_GROW(f->timers, f->n_timers + 1, alloc);
		t = &f->timers[f->n_timers++];
		memset(t, 0, sizeof(*t));
		t->name = xstrdup(f->units[i].name);
		t->path = xstrdup(f->units[i].path);
		load_unit(r, f, t->name, t->path, &t->file);
		t->n_calendar = unit_get_list(&t->file, "Timer", "OnCalendar", t->calendar, SVC_MAX_CAL);
		if (((v = unit_get(&t->file, "Timer", "OnUnitActiveSec")) || (v = unit_get(&t->file, "Timer", "OnUnitInactiveSec"))) &&
		    unit_timespan(v, &s) == 0)
			t->repeat_sec = s;
		if (((v = unit_get(&t->file, "Timer", "OnBootSec")) || (v = unit_get(&t->file, "Timer", "OnStartupSec"))) &&
		    unit_timespan(v, &s) == 0) {
			t->boot_sec = s;
			t->has_boot = true;
		}
		if ((v = unit_get(&t->file, "Timer", "WakeSystem")) && unit_bool(v, &b) == 0)
			t->wake = b;
	}
}

/* "22", "0.0.0.0:22", "[::]:22" -> 22; 0 for paths and other families. */
static uint16_t listen_port(const char *v)
{
	const char *colon = strrchr(v, ':');
	const char *digits = colon ? colon + 1 : v;
	uint64_t port;

	if (v[0] == '/' || v[0] == '@' || !strncmp(v, "vsock:", 6) || parse_u64(digits, strlen(digits), 65535, &port) < 0)
		return 0;
	return (uint16_t)port;
}

static void collect_socket_units(const struct root *r, struct svc_facts *f)
{
	static const char *const keys[] = { "ListenStream", "ListenDatagram", "ListenSequentialPacket" };
	size_t i, k, j;

	for (i = 0; i < f->n_units; i++) {
		struct enabled_unit *u = &f->units[i];
		struct unit_file file = { 0 };

		if (!ends_with(u->name, ".socket") || !u->path)
			continue;
		load_unit(r, f, u->name, u->path, &file);
		for (k = 0; k < ARRAY_SIZE(keys); k++) {
			const char *v[SVC_MAX_LISTEN];
			size_t n = unit_get_list(&file, "Socket", keys[k], v, SVC_MAX_LISTEN);
			for (j = 0; j < n && u->n_listen < SVC_MAX_LISTEN; j++) {
				uint16_t port = listen_port(v[j]);
				if (port)
					u->listen_port[u->n_listen++] = port;
			}
		}
		unit_free(&file);
	}
}

static void add_crontab(const struct root *r, struct svc_facts *f, const char *path, bool system)
{
	struct strbuf sb = STRBUF_INIT;
	struct cron_file *c;
	struct err e;
	int ret = root_read_file(r, path, CRON_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, &e);

	if (ret == -ENOENT)
		goto out;
	if (ret < 0) {
		add_error(f, e.msg);
		goto out;
	}
	f->cron = xrealloc(f->cron, st_mult(f->n_cron + 1, sizeof(*f->cron)));
	c = &f->cron[f->n_cron++];
	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	c->system = system;
	if (crontab_parse(sb.buf, sb.len, system, &c->tab, &e) < 0)
		add_error(f, e.msg);
out:
	strbuf_release(&sb);
}

static void collect_cron(const struct root *r, struct svc_facts *f)
{
	static const char *const spool[] = { "/var/spool/cron/crontabs", "/var/spool/cron" };
	char **names = NULL;
	size_t n = 0, i, s;

	add_crontab(r, f, "/etc/crontab", true);
	collect_cron_d(r, &names, &n);
	for (i = 0; i < n; i++)
		add_crontab(r, f, names[i], true);
	strv_free(names, n);
	for (s = 0; s < ARRAY_SIZE(spool); s++) {
		if (root_list_dir(r, spool[s], 100000, ROOT_MISSING_OK, &names, &n, NULL) < 0)
			continue;
		for (i = 0; i < n; i++) {
			char p[600];
			struct stat st;
			snprintf(p, sizeof(p), "%s/%s", spool[s], names[i]);
			if (names[i][0] == '.' || root_stat(r, p, ROOT_NOFOLLOW, &st, NULL) < 0 || !S_ISREG(st.st_mode))
				continue;
			add_crontab(r, f, p, false);
		}
		strv_free(names, n);
		break;
	}
}

int collect_services(const struct root *r, struct svc_facts *out, struct err *err)
{
	struct svc_facts f;

	(void)err;
	memset(&f, 0, sizeof(f));
	collect_enabled(r, &f);
	collect_timers(r, &f);
	collect_socket_units(r, &f);
	collect_cron(r, &f);
	*out = f;
	return 0;
}

void svc_facts_free(struct svc_facts *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n_units; i++) {
		free(f->units[i].name);
		free(f->units[i].wanted_by);
		free(f->units[i].path);
	}
	free(f->units);
	for (i = 0; i < f->n_timers; i++) {
		free(f->timers[i].name);
		free(f->timers[i].path);
		unit_free(&f->timers[i].file);
	}
	free(f->timers);
	for (i = 0; i < f->n_cron; i++) {
		free(f->cron[i].path);
		crontab_free(&f->cron[i].tab);
	}
	free(f->cron);
	for (i = 0; i < f->n_errors; i++)
		free(f->errors[i]);
	free(f->errors);
	memset(f, 0, sizeof(*f));
}

/* ------------------------------------------------------------------ timers */

static bool tz_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 64 || s[0] == '/' || memmem(s, len, "..", 2))
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '/' || s[i] == '_' || s[i] == '-' || s[i] == '+'))
			return false;
	return true;
}

/* The root's time zone name ("Asia/Tokyo"), or "UTC". */
static void root_tz(const struct root *r, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;
	char *link;
	const char *z;

	snprintf(out, size, "UTC");
	if (root_read_file(r, "/etc/timezone", 4096, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		rest = SPAN(sb.buf, sb.len);
		if (span_next_line(&rest, &line)) {
			line = span_trim(line);
			if (tz_name_ok(line.p, line.len) && line.len < size) {
				snprintf(out, size, "%.*s", (int)line.len, line.p);
				strbuf_release(&sb);
				return;
			}
		}
	}
	strbuf_release(&sb);
	link = link_target(r, "/etc", "localtime");
	if (link && (z = strstr(link, "zoneinfo/")) && tz_name_ok(z + 9, strlen(z + 9)) && strlen(z + 9) < size)
		snprintf(out, size, "%s", z + 9);
	free(link);
}

int timer_next_date(const struct root *r, const char *expr, const char *base_date, char date[11], struct err *err)
{
	char tz[80], tzenv[100], base[40];
	const char *env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", tzenv, NULL };
	const char *argv[] = { "systemd-analyze", "calendar", "--iterations=1", base, "--", expr, NULL };
	struct exec_opts o = { .timeout_ms = 10000, .max_stdout = 65536, .max_stderr = 65536, .env = env };
	struct exec_result res;
	int ret;

	root_tz(r, tz, sizeof(tz));
	snprintf(tzenv, sizeof(tzenv), "TZ=%s", tz);
	snprintf(base, sizeof(base), "--base-time=%.10s 23:59:59", base_date);
	ret = exec_run(argv, &o, &res, err);
	if (ret < 0)
		return ret;
	if (res.exit_code != 0) {
		strbuf_rtrim(&res.errout);
		ret = err_set(err, -EINVAL, "systemd-analyze calendar '%s': %.200s", expr, res.errout.buf);
	} else {
		ret = calendar_next_date(res.out.buf, res.out.len, date);
		if (ret == -EINVAL)
			err_set(err, ret, "systemd-analyze calendar '%s': output not understood", expr);
	}
	exec_result_release(&res);
	return ret;
}

/* ------------------------------------------------------------------ wake-up */

int collect_rtc(const struct root *r, struct rtc_alarm **out, size_t *n, struct err *err)
{
	struct rtc_alarm *v = NULL;
	char **names = NULL;
	size_t nn = 0, i, k = 0;
	int ret = root_list_dir(r, "/sys/class/rtc", 1000, ROOT_MISSING_OK, &names, &nn, err);

	if (ret < 0)
		return ret;
	v = xcalloc(nn ? nn : 1, sizeof(*v));
	for (i = 0; i < nn; i++) {
		struct strbuf sb = STRBUF_INIT;
		char path[300];
		struct span t;
		uint64_t when = 0;

		snprintf(path, sizeof(path), "/sys/class/rtc/%s/wakealarm", names[i]);
		if (root_read_file(r, path, 4096, ROOT_MISSING_OK, &sb, NULL, NULL) < 0) {
			strbuf_release(&sb);
			continue;
		}
		t = span_trim(SPAN(sb.buf, sb.len));
		if (t.len && parse_u64(t.p, t.len, INT64_MAX, &when) < 0)
			when = 0;
		snprintf(v[k].name, sizeof(v[k].name), "%s", names[i]);
		v[k].when = (int64_t)when;
		k++;
		strbuf_release(&sb);
	}
	strv_free(names, nn);
	*out = v;
	*n = k;
	return 0;
}

static int gwol(const char *ifname, struct ethtool_wolinfo *wol)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	memset(wol, 0, sizeof(*wol));
	wol->cmd = ETHTOOL_GWOL;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)wol;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int collect_wol(const struct root *r, struct wol_state **out, size_t *n, struct err *err)
{
	struct wol_state *v;
	char **names = NULL;
	size_t nn = 0, i, k = 0;
	int ret = root_list_dir(r, "/sys/class/net", 10000, ROOT_MISSING_OK, &names, &nn, err);

	if (ret < 0)
		return ret;
	v = xcalloc(nn ? nn : 1, sizeof(*v));
	for (i = 0; i < nn; i++) {
		struct wol_state *w = &v[k];
		struct strbuf sb = STRBUF_INIT;
		char path[300];

		if (!strcmp(names[i], "lo") || strlen(names[i]) >= IFNAMSIZ)
			continue;
		snprintf(w->name, sizeof(w->name), "%s", names[i]);
		w->status = -EOPNOTSUPP;
		if (root_is_host(r)) {
			struct ethtool_wolinfo wol;
			w->status = gwol(names[i], &wol);
			if (w->status == 0) {
				w->supported = wol.supported;
				w->wolopts = wol.wolopts;
			}
		}
		if (w->status < 0) {
			snprintf(path, sizeof(path), "/sys/class/net/%s/device/power/wakeup", names[i]);
			if (root_read_file(r, path, 4096, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
				struct span t = span_trim(SPAN(sb.buf, sb.len));
				w->from_sysfs = true;
				w->sysfs_enabled = span_eq(t, "enabled");
				w->status = 0;
			}
			strbuf_release(&sb);
		}
		k++;
	}
	strv_free(names, nn);
	*out = v;
	*n = k;
	return 0;
}

/* ------------------------------------------------------------------ Wake-on-LAN settings */

static void add_wol(struct wol_config **v, size_t *n, size_t *alloc, const char *path, size_t line, const char *setting)
{
	if (*n >= 256)
		return;
	ALLOC_GROW(*v, *n + 1, *alloc);
	snprintf((*v)[*n].path, sizeof((*v)[*n].path), "%s", path);
	(*v)[*n].line = line;
	snprintf((*v)[*n].setting, sizeof((*v)[*n].setting), "%s", setting);
	(*n)++;
}

/* Each file of dir ending in suffix, parsed as a unit-style file; calls check for WakeOnLan-like keys. */
static void wol_ini_dir(const struct root *r, const char *dir, const char *suffix, const char *section, const char *key,
			bool nm, struct wol_config **v, size_t *n, size_t *alloc)
{
	char **names = NULL;
	size_t nn = 0, i, j;

	if (root_list_dir(r, dir, 10000, ROOT_MISSING_OK, &names, &nn, NULL) < 0)
		return;
	for (i = 0; i < nn; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct unit_file u = { 0 };
		char path[600];

		if (!ends_with(names[i], suffix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (root_read_file(r, path, UNIT_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0 &&
		    unit_parse(sb.buf, sb.len, &u, NULL) == 0) {
			for (j = 0; j < u.n; j++) {
				char setting[160];
				uint64_t bits;
				bool on;

				if (strcmp(u.v[j].section, section) || strcmp(u.v[j].key, key))
					continue;
				if (nm)	/* NetworkManager: 2..64 are wake modes; 1 default, 0x8000 ignore */
					on = parse_u64(u.v[j].value, strlen(u.v[j].value), UINT32_MAX, &bits) == 0 && (bits & 0x7e);
				else
					on = u.v[j].value[0] && strcmp(u.v[j].value, "off") && strcmp(u.v[j].value, "no") &&
					     strcmp(u.v[j].value, "false");
				if (!on)
					continue;
				snprintf(setting, sizeof(setting), "%s=%.100s", key, u.v[j].value);
				add_wol(v, n, alloc, path, u.v[j].line, setting);
			}
		}
		unit_free(&u);
		strbuf_release(&sb);
	}
	strv_free(names, nn);
}

/* ifupdown: "ethernet-wol g" (the ethtool hook) or an "ethtool -s IF wol g" command. */
static void wol_interfaces(const struct root *r, const char *path, struct wol_config **v, size_t *n, size_t *alloc)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;
	size_t lineno = 0;

	if (root_read_file(r, path, UNIT_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) < 0)
		goto out;
	rest = SPAN(sb.buf, sb.len);
	while (span_next_line(&rest, &line)) {
		struct span t = span_trim(line), w, prev = { 0 };
		char setting[160];

		lineno++;
		if (!t.len || t.p[0] == '#' || span_has_nul(t))
			continue;
		while (span_next_word(&t, &w)) {
			struct span val;
			struct span save = t;
			if ((span_eq(w, "ethernet-wol") || (span_eq(w, "wol") && prev.len && !span_eq(prev, "ethernet-wol"))) &&
			    span_next_word(&save, &val) && !span_eq(val, "d")) {
				struct span whole = span_trim(line);
				snprintf(setting, sizeof(setting), "%.*s", (int)(whole.len < 150 ? whole.len : 150), whole.p);
				add_wol(v, n, alloc, path, lineno, setting);
				break;
			}
			prev = w;
		}
	}
out:
	strbuf_release(&sb);
}

int collect_wol_config(const struct root *r, struct wol_config **out, size_t *n, struct err *err)
{
	struct wol_config *v = NULL;
	size_t nv = 0, alloc = 0, i;
	char **names = NULL;
	size_t nn = 0;

	(void)err;
	wol_ini_dir(r, "/etc/systemd/network", ".link", "Link", "WakeOnLan", false, &v, &nv, &alloc);
	wol_ini_dir(r, "/usr/lib/systemd/network", ".link", "Link", "WakeOnLan", false, &v, &nv, &alloc);
	wol_ini_dir(r, "/etc/NetworkManager/system-connections", ".nmconnection", "ethernet", "wake-on-lan", true, &v,
		    &nv, &alloc);
	wol_interfaces(r, "/etc/network/interfaces", &v, &nv, &alloc);
	if (root_list_dir(r, "/etc/network/interfaces.d", 10000, ROOT_MISSING_OK, &names, &nn, NULL) == 0) {
		for (i = 0; i < nn; i++) {
			char p[600];
			if (!run_parts_name_ok(names[i]))
				continue;
			snprintf(p, sizeof(p), "/etc/network/interfaces.d/%s", names[i]);
			wol_interfaces(r, p, &v, &nv, &alloc);
		}
		strv_free(names, nn);
	}
	*out = v;
	*n = nv;
	return 0;
}
