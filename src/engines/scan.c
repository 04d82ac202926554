/* The malware scan (see scan.h). */
#include "engines/scan.h"
#include "collect/clock.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <clamav.h>
#include <dirent.h>
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
#include <yara.h>

#define QUEUE_LEN 64

struct item {
	int fd;
	char *path;
	uint64_t size;
};

struct scanner {
	const struct scan_opts *o;
	struct cl_engine *engine;
	YR_RULES *rules;
	struct scan_result *res;
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	struct item q[QUEUE_LEN];
	size_t head, n;
	bool done;
	unsigned long long progress_files, progress_bytes;
	struct timespec last_progress;
};

/* ---- results (under the mutex) ---- */

static void add_hit(struct scanner *s, const char *path, const char *engine, const char *name, const char *detail)
{
	struct scan_result *r = s->res;

	if (r->n_hits >= SCAN_MAX_LISTED)
		return;
	r->hits = xrealloc(r->hits, st_mult(r->n_hits + 1, sizeof(*r->hits)));
	r->hits[r->n_hits].path = xstrdup(path);
	r->hits[r->n_hits].engine = xstrdup(engine);
	r->hits[r->n_hits].name = xstrdup(name);
	r->hits[r->n_hits].detail = xstrdup(detail ? detail : "");
	r->n_hits++;
}

static void add_note(struct scan_note **v, size_t *n, const char *path, const char *why)
{
	if (*n >= SCAN_MAX_LISTED)
		return;
	*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
	(*v)[*n].path = xstrdup(path);
	(*v)[*n].why = xstrdup(why);
	(*n)++;
}

static void note_error(struct scanner *s, const char *path, const char *why)
{
	pthread_mutex_lock(&s->mu);
	s->res->errors++;
	add_note(&s->res->errs, &s->res->n_errs, path, why);
	pthread_mutex_unlock(&s->mu);
}

static void note_skip(struct scanner *s, const char *path, const char *why)
{
	pthread_mutex_lock(&s->mu);
	s->res->skipped++;
	add_note(&s->res->skips, &s->res->n_skips, path, why);
	pthread_mutex_unlock(&s->mu);
}

/* ---- YARA ---- */

struct yara_ctx {
	struct scanner *s;
	const char *path;
	bool hit;
};

static int yara_cb(YR_SCAN_CONTEXT *context, int message, void *message_data, void *user_data)
{
	struct yara_ctx *y = user_data;
	YR_RULE *rule = message_data;
	YR_STRING *string;
	YR_MATCH *match;
	struct strbuf sb = STRBUF_INIT;
	size_t k = 0;

	if (message != CALLBACK_MSG_RULE_MATCHING)
		return CALLBACK_CONTINUE;
	/* the strings' names and offsets, never the matched bytes */
	yr_rule_strings_foreach(rule, string)
	{
		yr_string_matches_foreach(context, string, match)
		{
			if (k++ >= SCAN_YARA_MAX_OFFSETS)
				break;
			strbuf_addf(&sb, "%s%s at 0x%llx", sb.len ? ", " : "", string->identifier,
				    (unsigned long long)match->base + (unsigned long long)match->offset);
		}
	}
	if (k > SCAN_YARA_MAX_OFFSETS)
		strbuf_adds(&sb, ", ...");
	pthread_mutex_lock(&y->s->mu);
	add_hit(y->s, y->path, "yara", rule->identifier, sb.buf ? sb.buf : "");
	pthread_mutex_unlock(&y->s->mu);
	y->hit = true;
	strbuf_release(&sb);
	return CALLBACK_CONTINUE;
}

/* ---- scanning one file ---- */

static void scan_item(struct scanner *s, struct item *it)
{
	struct cl_scan_options opt = { 0 };
	const char *virname = NULL;
	unsigned long scanned = 0;
	bool infected = false;
	cl_error_t rc;

	opt.general = CL_SCAN_GENERAL_HEURISTICS;
	opt.parse = ~0u;
	opt.heuristic = CL_SCAN_HEURISTIC_MACROS | CL_SCAN_HEURISTIC_ENCRYPTED_ARCHIVE | CL_SCAN_HEURISTIC_ENCRYPTED_DOC |
			CL_SCAN_HEURISTIC_BROKEN;
	rc = cl_scandesc_callback(it->fd, it->path, &virname, &scanned, s->engine, &opt, NULL);
	if (rc == CL_VIRUS) {
		infected = true;
		pthread_mutex_lock(&s->mu);
		add_hit(s, it->path, "clamav", virname ? virname : "?", "");
		pthread_mutex_unlock(&s->mu);
	} else if (rc != CL_CLEAN) {
		note_error(s, it->path, cl_strerror(rc));
	}
	if (s->rules) {
		struct yara_ctx y = { .s = s, .path = it->path };
		int yr = yr_rules_scan_fd(s->rules, it->fd, SCAN_FLAGS_REPORT_RULES_MATCHING, yara_cb, &y,
					  SCAN_MAX_SCANTIME_MS / 1000);
		if (yr != ERROR_SUCCESS) {
			char why[64];
			snprintf(why, sizeof(why), "yara error %d", yr);
			note_error(s, it->path, why);
		}
		infected = infected || y.hit;
	}
	pthread_mutex_lock(&s->mu);
	s->res->files++;
	s->res->bytes += it->size;
	if (infected)
		s->res->infected++;
	pthread_mutex_unlock(&s->mu);
}

static void *worker(void *arg)
{
	struct scanner *s = arg;

	for (;;) {
		struct item it;

		pthread_mutex_lock(&s->mu);
		while (!s->n && !s->done)
			pthread_cond_wait(&s->not_empty, &s->mu);
		if (!s->n) {
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		it = s->q[s->head];
		s->head = (s->head + 1) % QUEUE_LEN;
		s->n--;
		pthread_cond_signal(&s->not_full);
		pthread_mutex_unlock(&s->mu);
		scan_item(s, &it);
		close(it.fd);
		free(it.path);
	}
}

static void push(struct scanner *s, int fd, const char *path, uint64_t size)
{
	pthread_mutex_lock(&s->mu);
	while (s->n == QUEUE_LEN)
		pthread_cond_wait(&s->not_full, &s->mu);
	s->q[(s->head + s->n) % QUEUE_LEN] = (struct item){ .fd = fd, .path = xstrdup(path), .size = size };
	s->n++;
	pthread_cond_signal(&s->not_empty);
	pthread_mutex_unlock(&s->mu);
}

/* ---- walking ---- */

static bool is_autostart(const char *path)
{
	char low[4096];
	size_t i;

	for (i = 0; path[i] && i + 1 < sizeof(low); i++)
		low[i] = (path[i] >= 'A' && path[i] <= 'Z') ? (char)(path[i] - 'A' + 'a') : path[i];
	low[i] = '\0';
	return strstr(low, "/start menu/programs/startup/") || strstr(low, "/windows/system32/tasks/") ||
	       strstr(low, "/windows/tasks/");
}

static void progress(struct scanner *s, bool force)
{
	struct timespec now;
	unsigned long long f, b, inf;

	if (!s->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - s->last_progress.tv_sec) * 1000 + (now.tv_nsec - s->last_progress.tv_nsec) / 1000000 < 100)
		return;
	s->last_progress = now;
	pthread_mutex_lock(&s->mu);
	f = s->res->files;
	b = s->res->bytes;
	inf = s->res->infected;
	pthread_mutex_unlock(&s->mu);
	s->o->progress(s->o->progress_arg, f, b, inf);
}

/* A regular file (fd open, st its status): queue it, or skip it when too large. Takes fd. */
static void file_found(struct scanner *s, int fd, const char *path, const struct stat *st)
{
	if (is_autostart(path)) {
		pthread_mutex_lock(&s->mu);
		if (s->res->n_autostart < SCAN_MAX_LISTED) {
			s->res->autostart = xrealloc(s->res->autostart, st_mult(s->res->n_autostart + 1, sizeof(char *)));
			s->res->autostart[s->res->n_autostart++] = xstrdup(path);
		}
		pthread_mutex_unlock(&s->mu);
	}
	if ((uint64_t)st->st_size > SCAN_MAX_FILESIZE) {
		note_skip(s, path, "larger than the scan limit (200 MiB)");
		close(fd);
		return;
	}
	push(s, fd, path, (uint64_t)st->st_size);
	progress(s, false);
}

static void walk_dir(struct scanner *s, int dfd, const char *path, unsigned depth)
{
	DIR *d;
	struct dirent *de;

	if (depth > SCAN_MAX_DEPTH) {
		note_skip(s, path, "deeper than the walk limit (64 levels)");
		close(dfd);
		return;
	}
	d = fdopendir(dfd);
	if (!d) {
		note_error(s, path, strerror(errno));
		close(dfd);
		return;
	}
	pthread_mutex_lock(&s->mu);
	s->res->dirs++;
	pthread_mutex_unlock(&s->mu);
	while ((de = readdir(d))) {
		struct stat st;
		char *child;
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = xasprintf("%s%s%s", path, strcmp(path, "/") ? "/" : "", de->d_name);
		/* look before opening: a FIFO or device is never opened */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			note_error(s, child, strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			note_skip(s, child, "symbolic link (not followed)");
		} else if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				note_error(s, child, strerror(errno));
			else
				walk_dir(s, fd, child, depth + 1);
		} else if (!S_ISREG(st.st_mode)) {
			note_skip(s, child, "not a regular file");
		} else {
			fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
			if (fd < 0) {
				note_error(s, child, strerror(errno));
			} else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
				note_skip(s, child, "not a regular file");
				close(fd);
			} else {
				file_found(s, fd, child, &st);
			}
		}
		free(child);
	}
	closedir(d);
}

static void walk_path(struct scanner *s, const char *path)
{
	struct stat st;
	struct err e;
	int fd = root_open_fd(s->o->root, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, &e);

	if (fd < 0) {
		note_error(s, path, e.msg);
		return;
	}
	if (fstat(fd, &st) < 0) {
		note_error(s, path, strerror(errno));
		close(fd);
	} else if (S_ISDIR(st.st_mode)) {
		walk_dir(s, fd, path, 0);
	} else if (S_ISREG(st.st_mode)) {
		file_found(s, fd, path, &st);
	} else {
		note_skip(s, path, "not a regular file");
		close(fd);
	}
}

/* ---- loading ---- */

struct yara_compile {
	struct strbuf msg;
	int errors;
};

static void yara_compile_cb(int error_level, const char *file_name, int line_number, const YR_RULE *rule,
			    const char *message, void *user_data)
{
	struct yara_compile *c = user_data;

	(void)rule;
	if (error_level != YARA_ERROR_LEVEL_ERROR)
		return;
	if (!c->errors++)
		strbuf_addf(&c->msg, "%s:%d: %s", file_name ? file_name : "?", line_number, message);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcasecmp(s + a - b, suf);
}

static int load_yara(const char *dir, YR_RULES **out, unsigned *n_rules, struct err *err)
{
	struct yara_compile c = { .msg = STRBUF_INIT };
	YR_COMPILER *comp = NULL;
	struct dirent **names = NULL;
	int n, i, ret = 0, files = 0;

	if (yr_initialize() != ERROR_SUCCESS)
		return err_set(err, -ENOMEM, "cannot initialise libyara");
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		ret = err_set(err, -errno, "cannot read the YARA rules directory '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (yr_compiler_create(&comp) != ERROR_SUCCESS) {
		ret = err_set(err, -ENOMEM, "cannot create a YARA compiler");
		goto out;
	}
	yr_compiler_set_callback(comp, yara_compile_cb, &c);
	for (i = 0; i < n; i++) {
		char *p;
		FILE *f;
		int fd;

		if (!has_suffix(names[i]->d_name, ".yar") && !has_suffix(names[i]->d_name, ".yara"))
			continue;
		p = xasprintf("%s/%s", dir, names[i]->d_name);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		f = fd >= 0 ? fdopen(fd, "r") : NULL;
		if (!f) {
			ret = err_set(err, -errno, "cannot read '%s': %s", p, strerror(errno));
			if (fd >= 0)
				close(fd);
			free(p);
			goto out;
		}
		yr_compiler_add_file(comp, f, NULL, p);
		fclose(f);
		free(p);
		files++;
	}
	if (c.errors) {
		ret = err_set(err, -EINVAL, "the YARA rules do not compile (%d errors): %s", c.errors, c.msg.buf);
		goto out;
	}
	if (!files) {
		ret = err_set(err, -ENOENT, "no YARA rules (*.yar, *.yara) in '%s'", dir);
		goto out;
	}
	if (yr_compiler_get_rules(comp, out) != ERROR_SUCCESS) {
		ret = err_set(err, -ENOMEM, "cannot build the YARA rules");
		goto out;
	}
	*n_rules = (*out)->num_rules;
out:
	if (comp)
		yr_compiler_destroy(comp);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&c.msg);
	if (ret < 0)
		yr_finalize();
	return ret;
}

/* libclamav's own messages are not printed (only cli/ prints): the last error is kept for ours. */
static char clam_last_error[256];

static void clam_msg(enum cl_msg severity, const char *fullmsg, const char *msg, void *context)
{
	size_t n;

	(void)fullmsg;
	(void)context;
	if (severity != CL_MSG_ERROR || !msg)
		return;
	snprintf(clam_last_error, sizeof(clam_last_error), "%s", msg);
	n = strlen(clam_last_error);
	while (n && (clam_last_error[n - 1] == '\n' || clam_last_error[n - 1] == ' '))
		clam_last_error[--n] = '\0';
}

static int load_clamav(const char *database, struct cl_engine **out, unsigned *sigs, struct err *err)
{
	const char *db = database ? database : cl_retdbdir();
	struct cl_engine *e;
	struct stat st;
	cl_error_t rc;

	cl_set_clcb_msg(clam_msg);
	clam_last_error[0] = '\0';
	rc = cl_init(CL_INIT_DEFAULT);
	if (rc != CL_SUCCESS)
		return err_set(err, -EIO, "cannot initialise libclamav: %s", cl_strerror(rc));
	if (stat(db, &st) < 0)
		return err_set(err, -ENOENT,
			       "no ClamAV database at '%s': fetch one with freshclam (as root), or name one with --database", db);
	e = cl_engine_new();
	if (!e)
		return err_set(err, -ENOMEM, "cannot create the ClamAV engine");
	*sigs = 0;
	rc = cl_load(db, e, sigs, CL_DB_STDOPT);
	if (rc != CL_SUCCESS) {
		cl_engine_free(e);
		return err_set(err, rc == CL_EOPEN ? -ENOENT : -EIO,
			       "cannot load the ClamAV database '%s': %s%s%s: fetch the definitions with freshclam (as root), or name a database with --database",
			       db, cl_strerror(rc), clam_last_error[0] ? ": " : "", clam_last_error);
	}
	if (!*sigs) {
		cl_engine_free(e);
		return err_set(err, -ENOENT,
			       "the ClamAV database '%s' holds no signature: fetch one with freshclam (as root), or name one with --database",
			       db);
	}
	cl_engine_set_num(e, CL_ENGINE_MAX_FILESIZE, (long long)SCAN_MAX_FILESIZE);
	cl_engine_set_num(e, CL_ENGINE_MAX_SCANSIZE, (long long)SCAN_MAX_SCANSIZE);
	cl_engine_set_num(e, CL_ENGINE_MAX_RECURSION, SCAN_MAX_RECURSION);
	cl_engine_set_num(e, CL_ENGINE_MAX_FILES, SCAN_MAX_FILES_IN);
	cl_engine_set_num(e, CL_ENGINE_MAX_SCANTIME, SCAN_MAX_SCANTIME_MS);
	rc = cl_engine_compile(e);
	if (rc != CL_SUCCESS) {
		cl_engine_free(e);
		return err_set(err, -EIO, "cannot compile the ClamAV engine: %s", cl_strerror(rc));
	}
	*out = e;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct scan_hit *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (!c)
		c = strcmp(x->engine, y->engine);
	return c ? c : strcmp(x->name, y->name);
}

static int cmp_note(const void *a, const void *b)
{
	return strcmp(((const struct scan_note *)a)->path, ((const struct scan_note *)b)->path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int scan_run(const struct scan_opts *o, struct scan_result *res, struct err *err)
{
	struct scanner s = { .o = o, .res = res };
	pthread_t tid[SCAN_MAX_THREADS];
	unsigned nt, i;
	long cores;
	int ret;

	memset(res, 0, sizeof(*res));
	res->started = clock_now();
	ret = load_clamav(o->database, &s.engine, &res->sigs, err);
	if (ret < 0)
		return ret;
	snprintf(res->engine, sizeof(res->engine), "%s", cl_retver());
	res->db_version = (unsigned)cl_engine_get_num(s.engine, CL_ENGINE_DB_VERSION, NULL);
	if (o->yara_rules) {
		ret = load_yara(o->yara_rules, &s.rules, &res->yara_rules, err);
		if (ret < 0) {
			cl_engine_free(s.engine);
			return ret;
		}
	}
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	nt = o->threads ? o->threads : (cores > 0 ? (unsigned)cores : 1);
	if (nt > SCAN_MAX_THREADS)
		nt = SCAN_MAX_THREADS;
	res->threads = nt;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.not_empty, NULL);
	pthread_cond_init(&s.not_full, NULL);
	for (i = 0; i < nt; i++)
		if (pthread_create(&tid[i], NULL, worker, &s) != 0)
			break;
	nt = i;
	if (!nt) {
		ret = err_set(err, -EAGAIN, "cannot start a scanning thread");
		goto out;
	}
	for (i = 0; i < o->n_paths; i++)
		walk_path(&s, o->paths[i]);
	pthread_mutex_lock(&s.mu);
	s.done = true;
	pthread_cond_broadcast(&s.not_empty);
	pthread_mutex_unlock(&s.mu);
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	progress(&s, true);
	res->complete = res->errors == 0;
	/* the threads finish in any order: report in path order */
	if (res->n_hits > 1)
		qsort(res->hits, res->n_hits, sizeof(*res->hits), cmp_hit);
	if (res->n_errs > 1)
		qsort(res->errs, res->n_errs, sizeof(*res->errs), cmp_note);
	if (res->n_skips > 1)
		qsort(res->skips, res->n_skips, sizeof(*res->skips), cmp_note);
	if (res->n_autostart > 1)
		qsort(res->autostart, res->n_autostart, sizeof(char *), cmp_str);
out:
	res->finished = clock_now();
	pthread_cond_destroy(&s.not_empty);
	pthread_cond_destroy(&s.not_full);
	pthread_mutex_destroy(&s.mu);
	if (s.rules) {
		yr_rules_destroy(s.rules);
		yr_finalize();
	}
	cl_engine_free(s.engine);
	return ret;
}

void scan_result_free(struct scan_result *r)
{
	size_t i;

	for (i = 0; i < r->n_hits; i++) {
		free(r->hits[i].path);
		free(r->hits[i].engine);
		free(r->hits[i].name);
		free(r->hits[i].detail);
	}
	for (i = 0; i < r->n_errs; i++) {
		free(r->errs[i].path);
		free(r->errs[i].why);
	}
	for (i = 0; i < r->n_skips; i++) {
		free(r->skips[i].path);
		free(r->skips[i].why);
	}
	for (i = 0; i < r->n_autostart; i++)
		free(r->autostart[i]);
	free(r->hits);
	free(r->errs);
	free(r->skips);
	free(r->autostart);
	memset(r, 0, sizeof(*r));
}
