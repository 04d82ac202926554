/*
 * kyuka fleet ingest|status|host: the reports of many hosts in one store
 * (docs/fleet.md). Reports are untrusted input (a compromised host writes
 * its own): size-bounded before they are read, parsed and validated strictly
 * (parse/fleetreport.c), their host name checked against the inventory name
 * Ansible passes; a rejected report stores nothing.
 */
#include "checks/check.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "parse/fleetreport.h"
#include "report/escape.h"
#include "report/fleet.h"
#include "store/fleet.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/lazylib.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Reports per transaction: big enough that a commit is rare, small enough that a failure loses little work. */
#define FLEET_BATCH 1000
#define FLEET_CONNINFO_MAX 4096
#define FLEET_NAME_MAX 253
/* A report dated further ahead than this is refused: it would stay a host's newest for as long. */
#define FLEET_FUTURE_MAX (24 * 3600)

static const char usage_text[] = N_(
	"usage: kyuka fleet ingest [--host NAME | --host-from-dir] [--expect NAME,...] REPORT.json...\n"
	"       kyuka fleet status [--holiday START..END] [--max-age HOURS] [--format terminal|json|html]\n"
	"       kyuka fleet host NAME [--format terminal|json]\n"
	"  ingest   store audit reports (kyuka audit --format json) of the fleet's hosts, one transaction\n"
	"           per batch; --host: the inventory name the reports must carry; --host-from-dir: the name\n"
	"           of each report's directory (as Ansible's fetch lays them out); --expect: hosts that\n"
	"           should report (shown as not reported until they do)\n"
	"  status   each host ready, not ready or not reported, the worst findings by check, what to do first\n"
	"  host     one host's reports and the problems of its newest\n"
	"The store: --fleet-db FILE (SQLite; default: the --db database), --fleet-db postgresql://HOST/DB\n"
	"(no password on the command line), or --fleet-conninfo FILE (a libpq connection string in a file\n"
	"of mode 0600).\n");

struct fleet_args {
	struct cli_common common;
	const char *fleet_db, *conninfo, *host, *holiday, *max_age;
	bool from_dir;
	struct cli_list expect;
};

static const struct cli_option options[] = {
	CLI_LIST("expect", struct fleet_args, expect),
	CLI_STRING("fleet-conninfo", struct fleet_args, conninfo),
	CLI_STRING("fleet-db", struct fleet_args, fleet_db),
	CLI_STRING("format", struct fleet_args, common.format),
	CLI_STRING("holiday", struct fleet_args, holiday),
	CLI_STRING("host", struct fleet_args, host),
	CLI_BOOL("host-from-dir", struct fleet_args, from_dir),
	CLI_STRING("max-age", struct fleet_args, max_age),
	{ NULL },
};

/* An inventory name: 1..253 of [A-Za-z0-9._:-], not starting with '-' or '.'. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > FLEET_NAME_MAX || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

/* The claimed host name is the inventory name: equal (any case), or one the other's first label. */
static bool same_host(const char *inventory, const char *claimed)
{
	size_t a = strlen(inventory), b;

	if (!claimed)
		return false;
	b = strlen(claimed);
	if (a == b)
		return !strcasecmp(inventory, claimed);
	if (a < b)
		return claimed[a] == '.' && !strncasecmp(inventory, claimed, a);
	return inventory[b] == '.' && !strncasecmp(inventory, claimed, b);
}

/* "kyuka: rejected 'PATH': WHY" on stderr, both escaped (the reason may quote the report). */
static void rejected(const char *path, const char *why)
{
	struct strbuf p = STRBUF_INIT, w = STRBUF_INIT;

	esc_terminal(&p, path);
	esc_terminal(&w, why);
	fprintf(stderr, _("kyuka: rejected '%s': %s\n"), p.buf, w.buf);
	strbuf_release(&p);
	strbuf_release(&w);
}

/*
 * The connection string from a file of mode 0600 (or stricter) owned by us, not a link. The
 * string is a secret: it is never printed.
 */
static int read_conninfo(const char *path, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cli_error(EXIT_USAGE, _("cannot open '%s': %s"), path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cli_error(EXIT_USAGE, _("refusing '%s': not a regular file"), path);
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return cli_error(EXIT_USAGE,
				 _("refusing '%s': a connection string file must be yours and of mode 0600 (it is %04o, "
				   "uid %u): chmod 600 '%s'"),
				 path, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, path);
	}
	r = read_fd_max(fd, FLEET_CONNINFO_MAX, &sb);
	close(fd);
	if (r < 0) {
		strbuf_release(&sb);
		return cli_error(EXIT_USAGE, _("cannot read '%s': %s"), path,
				 r == -EFBIG ? _("larger than 4096 bytes") : strerror(-r));
	}
	strbuf_rtrim(&sb);
	if (!sb.len || memchr(sb.buf, '\0', sb.len)) {
		strbuf_release(&sb);
		return cli_error(EXIT_USAGE, _("'%s' holds no connection string"), path);
	}
	*out = strbuf_detach(&sb, NULL);
	return EXIT_OK;
}

static bool is_pg_uri(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11);
}

/* Opens the store the options name; EXIT_OK with *db, or the exit code (message printed). */
static int open_fleet(const struct cmd_ctx *c, bool create, struct fleet_db **db)
{
	const struct fleet_args *a = c->args;
	char *target = NULL;
	struct err e;
	bool pg = false, pw;
	int r;

	if (a->conninfo && a->fleet_db)
		return cli_error(EXIT_USAGE, "%s", _("give --fleet-db or --fleet-conninfo, not both"));
	if (a->conninfo) {
		if ((r = read_conninfo(a->conninfo, &target)) != EXIT_OK)
			return r;
		pg = true;
	} else if (a->fleet_db && is_pg_uri(a->fleet_db)) {
		if (fleet_conninfo_check(a->fleet_db, &pw, &e) < 0)
			return cli_error(EXIT_USAGE, "--fleet-db: %s", e.msg);
		if (pw)
			return cli_error(EXIT_USAGE, "%s",
					 _("--fleet-db holds a password, which every user could read on the command line: "
					   "put the connection string in a file of mode 0600 and give --fleet-conninfo FILE, "
					   "or keep the password in ~/.pgpass"));
		target = xstrdup(a->fleet_db);
		pg = true;
	} else {
		target = a->fleet_db ? xstrdup(a->fleet_db) : cli_db_path(c->g);
		if (!target)
			return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
		if (!create && access(target, F_OK) < 0 && errno == ENOENT) {
			free(target);
			*db = NULL;	/* nothing ingested yet */
			return EXIT_OK;
		}
	}
	r = fleet_db_open(target, pg, db, &e);
	if (pg)
		explicit_bzero(target, strlen(target));
	free(target);
	if (r < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	return EXIT_OK;
}

/* SHA-256 of the bytes, as hex. */
static int sha256_hex(const char *buf, size_t len, char out[65], struct err *err)
{
	const struct kcrypto *c = kcrypto_load(err);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	EVP_MD_CTX *ck;
	int ok;

	if (!c)
		return -ENOSYS;
	ck = c->md_ctx_new();
	ok = ck && c->digest_init_ex(ck, c->sha256(), NULL) == 1 && c->digest_update(ck, buf, len) == 1 &&
	     c->digest_final_ex(ck, md, &n) == 1 && n == 32;
	if (ck)
		c->md_ctx_free(ck);
	if (!ok)
		return err_set(err, -EIO, "cannot compute SHA-256");
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* kyuka's own checks by ID, sorted, for the area of every finding of every report (built once, read by the loaders). */
struct own_check {
	const char *id, *area;
};
static struct own_check *own_checks;
static size_t n_own_checks;

static int cmp_own(const void *a, const void *b)
{
	return strcmp(((const struct own_check *)a)->id, ((const struct own_check *)b)->id);
}

static void own_checks_build(void)
{
	size_t i, j, n = 0;

	for (i = 0; i < n_check_areas; i++)
		n += check_areas[i]->n;
	own_checks = xcalloc(n + 1, sizeof(*own_checks));
	for (i = 0; i < n_check_areas; i++)
		for (j = 0; j < check_areas[i]->n; j++) {
			own_checks[n_own_checks].id = check_areas[i]->checks[j].id;
			own_checks[n_own_checks++].area = check_areas[i]->name;
		}
	qsort(own_checks, n_own_checks, sizeof(*own_checks), cmp_own);
}

/* The area kyuka gives check id (IDs are upper case, as the parser checked); NULL for a check it does not know. */
static const char *own_area(const char *id)
{
	struct own_check key = { .id = id }, *c = bsearch(&key, own_checks, n_own_checks, sizeof(key), cmp_own);

	return c ? c->area : NULL;
}

/*
 * The file's bytes into buf (emptied first, kept by the caller from one report to the next): its
 * size from fstat, room for one byte more to see a file grown since, read at once; at most max.
 */
static int read_report(int fd, size_t size, size_t max, struct strbuf *buf)
{
	ssize_t n;
	int r;

	strbuf_reset(buf);
	if ((r = strbuf_grow(buf, (size < max ? size : max) + 1)) < 0)
		return r;
	while (buf->len < max) {
		size_t room = buf->alloc - buf->len - 1;

		if (!room) {
			if ((r = strbuf_grow(buf, 65536 < max - buf->len ? 65536 : max - buf->len)) < 0)
				return r;
			room = buf->alloc - buf->len - 1;
		}
		if (room > max - buf->len)
			room = max - buf->len;
		n = read(fd, buf->buf + buf->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : 0;
		buf->len += (size_t)n;
		buf->buf[buf->len] = '\0';
	}
	/* max bytes read: one more is a file larger than the cap */
	{
		char c;

		while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
			;
		return n > 0 ? -EFBIG : n < 0 ? -errno : 0;
	}
}

/*
 * Reads and validates one report file into *rep (buf: the loader's, reused); 0, or a negative
 * errno with e (nothing to store).
 */
static int load_report(const char *path, struct strbuf *buf, struct fleet_report *rep, struct err *e)
{
	struct strbuf *sb = buf;
	struct stat st;
	size_t i;
	int fd, r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return err_set(e, -errno, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, -EINVAL, "not a regular file");
	}
	/* the cap before reading: a 100 MB report is refused without being read */
	if ((uint64_t)st.st_size > FLEET_REPORT_MAX_BYTES) {
		close(fd);
		return err_set(e, -EFBIG, "larger than %zu bytes (%lld)", FLEET_REPORT_MAX_BYTES, (long long)st.st_size);
	}
	r = read_report(fd, (size_t)st.st_size, FLEET_REPORT_MAX_BYTES, sb);
	close(fd);
	if (r < 0)
		return err_set(e, r, "%s", r == -EFBIG ? "larger than the cap" : strerror(-r));
	r = fleet_report_parse(sb->buf, sb->len, rep, e);
	if (r == 0 && (r = sha256_hex(sb->buf, sb->len, rep->sha256, e)) < 0)
		fleet_report_free(rep);
	if (r < 0)
		return r;
	/* the area of each finding from kyuka's own check table, not from the host */
	for (i = 0; i < rep->n; i++)
		rep->f[i].area = own_area(rep->f[i].check_id);
	return 0;
}

/* The inventory name for path: --host, its directory's name, or the name the report claims. */
static const char *inventory_name(const struct fleet_args *a, const char *path, char *buf, size_t size)
{
	const char *slash, *start;

	if (a->host)
		return a->host;
	if (!a->from_dir)
		return NULL;
	slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	for (start = slash; start > path && start[-1] != '/'; start--)
		;
	if (slash == start || (size_t)(slash - start) >= size)
		return NULL;
	memcpy(buf, start, (size_t)(slash - start));
	buf[slash - start] = '\0';
	return buf;
}

/*
 * Reports are read and parsed in parallel by one thread per CPU (json-c's parse is most of an
 * ingest's CPU time), up to FLEET_LOAD_AHEAD reports ahead of the main thread, which stores them
 * in order: the parse goes on while the database works, through a batch's commit too (with two
 * chunks of 256 the loaders stopped after one chunk and a core idled while the server committed).
 * At most FLEET_LOAD_AHEAD parsed reports are held, as many as the two chunks before.
 */
#define FLEET_LOAD_AHEAD 512
#define FLEET_LOAD_THREADS_MAX 8

struct loaded {
	struct fleet_report rep;
	struct err e;
	int r;
	bool ready;
};

struct loader {
	char **paths;
	size_t n, next, taken;	/* next: the next report to load; taken: the reports the main thread took */
	struct loaded *slot;	/* FLEET_LOAD_AHEAD: report i in slot i % FLEET_LOAD_AHEAD */
	pthread_mutex_t lock;
	pthread_cond_t room;	/* a slot emptied, or stop (the loaders wait) */
	pthread_cond_t loaded;	/* a report loaded (the main thread waits) */
	pthread_t t[FLEET_LOAD_THREADS_MAX];
	size_t nt;
	bool stop;
	struct strbuf buf;	/* the main thread's, when no loader could start */
};

static void *load_worker(void *arg)
{
	struct loader *l = arg;
	struct strbuf buf;	/* one read buffer for the thread's reports: no large allocation a report */

	strbuf_init(&buf, FLEET_REPORT_MAX_BYTES + 1);
	pthread_mutex_lock(&l->lock);
	for (;;) {
		struct loaded *s;
		size_t i;

		while (!l->stop && l->next < l->n && l->next >= l->taken + FLEET_LOAD_AHEAD)
			pthread_cond_wait(&l->room, &l->lock);
		if (l->stop || l->next >= l->n)
			break;
		i = l->next++;
		s = &l->slot[i % FLEET_LOAD_AHEAD];	/* emptied: report i - FLEET_LOAD_AHEAD was taken */
		pthread_mutex_unlock(&l->lock);
		s->r = load_report(l->paths[i], &buf, &s->rep, &s->e);
		pthread_mutex_lock(&l->lock);
		s->ready = true;
		pthread_cond_signal(&l->loaded);
	}
	pthread_mutex_unlock(&l->lock);
	strbuf_release(&buf);
	return NULL;
}

/* Starts loading paths[0..n) (loader_next() takes them in order, loader_stop() ends). */
static void loader_start(struct loader *l, char **paths, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > FLEET_LOAD_THREADS_MAX ? FLEET_LOAD_THREADS_MAX : (size_t)cpus;

	memset(l, 0, sizeof(*l));
	l->paths = paths;
	l->n = n;
	l->slot = xcalloc(FLEET_LOAD_AHEAD, sizeof(*l->slot));
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->room, NULL);
	pthread_cond_init(&l->loaded, NULL);
	strbuf_init(&l->buf, FLEET_REPORT_MAX_BYTES + 1);
	if (nt > n)
		nt = n;
	for (l->nt = 0; l->nt < nt; l->nt++)
		if (pthread_create(&l->t[l->nt], NULL, load_worker, l) != 0)
			break;
}

/* The next report in order (waits for it), into *rep (the caller frees it); its result, e when < 0. */
static int loader_next(struct loader *l, struct fleet_report *rep, struct err *e)
{
	struct loaded *s = &l->slot[l->taken % FLEET_LOAD_AHEAD];
	int r;

	if (!l->nt) {	/* no thread: loaded here */
		memset(rep, 0, sizeof(*rep));
		return load_report(l->paths[l->taken++], &l->buf, rep, e);
	}
	pthread_mutex_lock(&l->lock);
	while (!s->ready)
		pthread_cond_wait(&l->loaded, &l->lock);
	*rep = s->rep;
	*e = s->e;
	r = s->r;
	memset(s, 0, sizeof(*s));
	l->taken++;
	pthread_cond_signal(&l->room);
	pthread_mutex_unlock(&l->lock);
	return r;
}

static void loader_stop(struct loader *l)
{
	size_t i;

	pthread_mutex_lock(&l->lock);
	l->stop = true;
	pthread_cond_broadcast(&l->room);
	pthread_mutex_unlock(&l->lock);
	for (i = 0; i < l->nt; i++)
		pthread_join(l->t[i], NULL);
	for (i = 0; i < FLEET_LOAD_AHEAD; i++)
		fleet_report_free(&l->slot[i].rep);
	free(l->slot);
	strbuf_release(&l->buf);
	pthread_cond_destroy(&l->room);
	pthread_cond_destroy(&l->loaded);
	pthread_mutex_destroy(&l->lock);
}

struct ingest_counts {
	size_t stored, duplicates, mismatches, rejected;
};

static int ingest(struct cmd_ctx *c)
{
	const struct fleet_args *a = c->args;
	struct ingest_counts n = { 0 };
	struct fleet_db *db = NULL;
	struct timespec t0, t1;
	struct loader ld;
	size_t in_batch = 0, i;
	bool open_tx = false;
	int64_t now = (int64_t)clock_now();
	struct err e;
	int r, ret = EXIT_OK;

	if (c->argc < 2)
		return cli_error(EXIT_USAGE, "%s", _("fleet ingest needs at least one REPORT.json"));
	if (a->host && a->from_dir)
		return cli_error(EXIT_USAGE, "%s", _("give --host or --host-from-dir, not both"));
	if (a->host && !valid_name(a->host))
		return cli_error(EXIT_USAGE, _("invalid --host '%s' (letters, digits, '.', '_', ':' and '-')"), a->host);
	for (i = 0; i < a->expect.n; i++)
		if (!valid_name(a->expect.v[i]))
			return cli_error(EXIT_USAGE, _("invalid --expect '%s' (letters, digits, '.', '_', ':' and '-')"),
					 a->expect.v[i]);
	if ((ret = open_fleet(c, true, &db)) != EXIT_OK)
		return ret;
	own_checks_build();
	kcrypto_load(NULL);	/* loaded here, before the loaders share it */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	loader_start(&ld, c->argv + 1, (size_t)(c->argc - 1));
	if (a->expect.n) {
		if ((r = fleet_db_begin(db, &e)) < 0)
			goto dberr;
		open_tx = true;
		for (i = 0; i < a->expect.n; i++)
			if ((r = fleet_db_enroll(db, a->expect.v[i], now, &e)) < 0)
				goto dberr;
	}
	for (int k = 1; k < c->argc; k++) {
		const char *path = c->argv[k];
		struct fleet_report rep;
		char dirname[FLEET_NAME_MAX + 1];
		const char *host = inventory_name(a, path, dirname, sizeof(dirname));
		bool mismatch;

		/* taken over from the loader: freed here from now on */
		if ((r = loader_next(&ld, &rep, &e)) < 0) {
			rejected(path, e.msg);
			n.rejected++;
			continue;
		}
		if (rep.generated_at > now + FLEET_FUTURE_MAX) {
			rejected(path, _("it was generated more than a day after the ingest's clock (--now)"));
			fleet_report_free(&rep);
			n.rejected++;
			continue;
		}
		if (a->from_dir && (!host || !valid_name(host))) {
			rejected(path, _("its directory is not a host name (--host-from-dir)"));
			fleet_report_free(&rep);
			n.rejected++;
			continue;
		}
		if (!host) {
			if (!rep.hostname || !valid_name(rep.hostname)) {
				rejected(path, _("its host name is missing or not a host name (give --host)"));
				fleet_report_free(&rep);
				n.rejected++;
				continue;
			}
			host = rep.hostname;
		}
		mismatch = !same_host(host, rep.hostname);
		if (!open_tx) {
			if ((r = fleet_db_begin(db, &e)) < 0) {
				fleet_report_free(&rep);
				goto dberr;
			}
			open_tx = true;
		}
		r = fleet_db_add(db, host, &rep, mismatch, now, &e);
		if (r > 0 && mismatch) {
			struct strbuf sb = STRBUF_INIT, p = STRBUF_INIT;

			esc_terminal(&sb, rep.hostname ? rep.hostname : "");
			esc_terminal(&p, path);
			fprintf(stderr, _("kyuka: '%s': the report claims host '%s', not '%s': recorded as a name mismatch, "
					  "its findings not stored\n"),
				p.buf, sb.buf, host);
			strbuf_release(&sb);
			strbuf_release(&p);
		}
		fleet_report_free(&rep);
		if (r < 0)
			goto dberr;
		if (r == 0)
			n.duplicates++;
		else if (mismatch)
			n.mismatches++;
		else
			n.stored++;
		if (++in_batch >= FLEET_BATCH) {
			if ((r = fleet_db_commit(db, &e)) < 0)
				goto dberr;
			open_tx = false;
			in_batch = 0;
		}
	}
	if (open_tx && (r = fleet_db_commit(db, &e)) < 0)
		goto dberr;
	loader_stop(&ld);
	free(own_checks);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		size_t total = n.stored + n.duplicates + n.mismatches;

		printf(_("ingested %zu reports into %s (%zu new, %zu duplicates, %zu name mismatches, %zu rejected) in "
			 "%.2f s, %.0f reports/s\n"),
		       total, fleet_db_kind(db), n.stored, n.duplicates, n.mismatches, n.rejected, s,
		       s > 0 ? (double)total / s : 0.0);
	}
	fleet_db_close(db);
	return n.rejected || n.mismatches ? EXIT_FINDINGS : EXIT_OK;
dberr:
	loader_stop(&ld);
	free(own_checks);
	fleet_db_rollback(db);
	fleet_db_close(db);
	return cli_error(EXIT_RUNTIME, _("nothing of the current batch was stored: %s"), e.msg);
}

/* --holiday START..END: two dates, in order. */
static int check_holiday(const char *s)
{
	long a, b;

	if (strlen(s) != 22 || strncmp(s + 10, "..", 2) || date_to_days(s, 10, &a) < 0 ||
	    date_to_days(s + 12, 10, &b) < 0 || a > b)
		return cli_error(EXIT_USAGE, _("invalid --holiday '%s' (expected START..END, e.g. 2026-12-26..2027-01-04)"),
				 s);
	return EXIT_OK;
}

/* Titles and remedies from kyuka's own check table (a host's report cannot rename a check). */
static void own_titles(struct fleet_status *s)
{
	for (size_t i = 0; i < s->n_checks; i++) {
		const struct check *ck = check_find(s->checks[i].check_id, NULL);

		s->checks[i].title = ck ? ck->title : NULL;
		s->checks[i].remedy = ck ? ck->remedy : NULL;
	}
}

static int emit(struct strbuf *sb, int r)
{
	if (r < 0) {
		strbuf_release(sb);
		return cli_error(EXIT_RUNTIME, _("cannot render: %s"), strerror(-r));
	}
	fwrite(sb->buf, 1, sb->len, stdout);
	strbuf_release(sb);
	return EXIT_OK;
}

static int status(struct cmd_ctx *c)
{
	const struct fleet_args *a = c->args;
	struct fleet_view v = { .now = (int64_t)clock_now(), .holiday = a->holiday };
	struct fleet_status s = { 0 };
	struct fleet_db *db = NULL;
	struct strbuf sb = STRBUF_INIT;
	bool json = a->common.format && !strcmp(a->common.format, "json");
	bool html = a->common.format && !strcmp(a->common.format, "html");
	struct err e;
	uint64_t h;
	int r;

	if (c->argc != 1)
		return cli_error(EXIT_USAGE, "%s", _(usage_text));
	if (a->holiday && (r = check_holiday(a->holiday)) != EXIT_OK)
		return r;
	if (a->max_age) {
		if (parse_u64_str(a->max_age, 24 * 365 * 10, &h) < 0)
			return cli_error(EXIT_USAGE, _("invalid --max-age '%s' (hours)"), a->max_age);
		v.max_age = (int64_t)h * 3600;
	}
	if ((r = open_fleet(c, false, &db)) != EXIT_OK)
		return r;
	if (db) {
		r = fleet_db_status(db, a->holiday, v.now, v.max_age, &s, &e);
		fleet_db_close(db);
		if (r < 0)
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	own_titles(&s);
	r = json ? render_fleet_status_json(&s, &v, &sb)
	    : html ? render_fleet_status_html(&s, &v, &sb) : render_fleet_status_terminal(&s, &v, &sb);
	r = emit(&sb, r);
	if (r == EXIT_OK && (s.n_verdict[FLEET_NOT_READY] || s.n_verdict[FLEET_MISMATCH] ||
			     s.n_verdict[FLEET_NOT_REPORTED]))
		r = EXIT_FINDINGS;
	fleet_status_free(&s);
	return r;
}

static int host(struct cmd_ctx *c)
{
	const struct fleet_args *a = c->args;
	struct fleet_view v = { .now = (int64_t)clock_now() };
	struct fleet_history h = { 0 };
	struct fleet_db *db = NULL;
	struct strbuf sb = STRBUF_INIT;
	bool json = a->common.format && !strcmp(a->common.format, "json");
	struct err e;
	int r;

	if (c->argc != 2)
		return cli_error(EXIT_USAGE, "%s", _(usage_text));
	if (a->common.format && !strcmp(a->common.format, "html"))
		return cli_error(EXIT_USAGE, "%s", _("fleet host has no --format html (use terminal or json)"));
	if ((r = open_fleet(c, false, &db)) != EXIT_OK)
		return r;
	if (db) {
		r = fleet_db_history(db, c->argv[1], &h, &e);
		fleet_db_close(db);
		if (r < 0)
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	r = json ? render_fleet_host_json(c->argv[1], &h, &v, &sb) : render_fleet_host_terminal(c->argv[1], &h, &v, &sb);
	r = emit(&sb, r);
	if (r == EXIT_OK && !h.known) {
		struct strbuf n = STRBUF_INIT;

		esc_terminal(&n, c->argv[1]);
		cli_warn(_("no host '%s' in the fleet"), n.buf);
		strbuf_release(&n);
		r = EXIT_FINDINGS;
	}
	fleet_history_free(&h);
	return r;
}

static int fleet_run(struct cmd_ctx *c)
{
	const char *verb = c->argc > 0 ? c->argv[0] : "";

	if (!strcmp(verb, "ingest"))
		return ingest(c);
	if (!strcmp(verb, "status"))
		return status(c);
	if (!strcmp(verb, "host"))
		return host(c);
	return cli_error(EXIT_USAGE, "%s", _(usage_text));
}

const struct cmd_def cmd_fleet = {
	.fn = fleet_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct fleet_args),
};
