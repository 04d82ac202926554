/* The malware scan (see scan.h). */
#include "engines/scan.h"
#include "collect/clock.h"
#include "collect/exec.h"
#include "util/fileio.h"
#include "util/lazyav.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The files are scanned in processes forked once the engine is compiled, not
 * in threads: they share the compiled engine and rules as the threads did
 * (copy on write, never written by a scan), but libclamav maps and unmaps
 * every file it reads, and in a process with threads each unmap interrupts
 * the other processors to flush their address translations: two threads
 * took 1.65 times the CPU of one here (clamd's threads too), two processes
 * take what one does. A process that crashes or hangs on a hostile file
 * costs that file (listed as an error), not the scan.
 *
 * The walking process opens each file (no symlink followed) and hands the
 * descriptor to a process over a socket pair (SCM_RIGHTS), a few files
 * ahead; the process answers with records (a detection, an error, done),
 * in the order it was given the files.
 */
/* the libraries' tables, loaded by scan_run before anything else (one scan at a time) */
static const struct kclam *clam;
static const struct kyara *yara;

#define WORKER_DEPTH 4		/* files handed to one process ahead of its answers */
#define MAX_RECORD 4096		/* one record of an answer, bytes */
#define MAX_RESTARTS 16		/* processes started again after a crash, in one scan */
#define WATCHDOG_MS (SCAN_MAX_SCANTIME_MS + 60000)	/* a file taking longer: its process is killed */

enum rec_type { REC_CLAM = 1, REC_YARA, REC_ERROR, REC_DONE, REC_READY };	/* REC_READY: confined, first of all */

struct rec_head {
	uint32_t seq;		/* of the file, as it was handed over */
	uint8_t type;		/* enum rec_type; then text: the name (or error), NUL, the detail, NUL */
	uint8_t pad[3];
};

struct item {
	int fd;
	char *path;
	uint64_t size;
	uint32_t seq;
	bool hit;
};

struct worker {
	pid_t pid;		/* 0: none */
	int sock;
	struct item q[WORKER_DEPTH];	/* handed over, not done yet, in order */
	unsigned head, n;
	struct timespec since;	/* the head's scan began (at the latest) */
	bool overtime;		/* killed for taking longer than WATCHDOG_MS */
	bool ready;		/* said it was confined (REC_READY): its ending is never "could not be confined" */
};

struct scanner {
	const struct scan_opts *o;
	struct cl_engine *engine;
	YR_RULES *rules;
	struct scan_result *res;
	struct worker w[SCAN_MAX_THREADS];
	unsigned nw, restarts;
	struct item *retry;	/* handed to a process that died before it came to them */
	size_t n_retry, alloc_retry;
	uint32_t seq;
	unsigned long long progress_files, progress_bytes;
	struct timespec last_progress;
	struct exec_worker_opts wo;	/* what the processes run as */
	bool unconfined;	/* a process could not be confined (EXEC_WORKER_NOPRIV): none is started again */
};

/* ---- results (the walking process) ---- */

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
	s->res->errors++;
	add_note(&s->res->errs, &s->res->n_errs, path, why);
}

static void note_skip(struct scanner *s, const char *path, const char *why)
{
	s->res->skipped++;
	add_note(&s->res->skips, &s->res->n_skips, path, why);
}

/* ---- a scanning process ---- */

/* Sends one record (a, b: NUL-terminated, cut to fit); a process whose walker is gone ends. */
static void send_rec(int sock, uint32_t seq, enum rec_type type, const char *a, const char *b)
{
	char buf[MAX_RECORD];
	struct rec_head h = { .seq = seq, .type = (uint8_t)type };
	size_t n = sizeof(h), room, k;

	memcpy(buf, &h, sizeof(h));
	room = (sizeof(buf) - n - 2) / 2;
	k = a ? strnlen(a, room) : 0;
	memcpy(buf + n, a ? a : "", k);
	n += k;
	buf[n++] = '\0';
	k = b ? strnlen(b, room) : 0;
	memcpy(buf + n, b ? b : "", k);
	n += k;
	buf[n++] = '\0';
	while (send(sock, buf, n, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			_exit(0);
}

struct yara_ctx {
	int sock;
	uint32_t seq;
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
	send_rec(y->sock, y->seq, REC_YARA, rule->identifier, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return CALLBACK_CONTINUE;
}

static void scan_fd(const struct scanner *s, int sock, uint32_t seq, int fd)
{
	struct cl_scan_options opt = { 0 };
	const char *virname = NULL;
	unsigned long scanned = 0;
	cl_error_t rc;

	opt.general = CL_SCAN_GENERAL_HEURISTICS;
	opt.parse = ~0u;
	opt.heuristic = CL_SCAN_HEURISTIC_MACROS | CL_SCAN_HEURISTIC_ENCRYPTED_ARCHIVE | CL_SCAN_HEURISTIC_ENCRYPTED_DOC |
			CL_SCAN_HEURISTIC_BROKEN;
	rc = clam->scandesc_callback(fd, NULL, &virname, &scanned, s->engine, &opt, NULL);
	if (rc == CL_VIRUS)
		send_rec(sock, seq, REC_CLAM, virname ? virname : "?", NULL);
	else if (rc != CL_CLEAN)
		send_rec(sock, seq, REC_ERROR, clam->strerror(rc), NULL);
	if (s->rules) {
		struct yara_ctx y = { .sock = sock, .seq = seq };
		int yr = yara->rules_scan_fd(s->rules, fd, SCAN_FLAGS_REPORT_RULES_MATCHING, yara_cb, &y,
					  SCAN_MAX_SCANTIME_MS / 1000);
		if (yr != ERROR_SUCCESS) {
			char why[64];
			snprintf(why, sizeof(why), "yara error %d", yr);
			send_rec(sock, seq, REC_ERROR, why, NULL);
		}
	}
}

/* Receives the next file: its descriptor, -1 when the message came without one, -2 at the end. */
static int recv_file(int sock, uint32_t *seq)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { seq, sizeof(*seq) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -2;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (n != sizeof(*seq) || (m.msg_flags & MSG_CTRUNC)) {
		if (fd >= 0)
			close(fd);
		return -2;
	}
	return fd;
}

static __attribute__((noreturn)) void worker_main(const struct scanner *s, int sock)
{
	send_rec(sock, 0, REC_READY, NULL, NULL);
	for (;;) {
		uint32_t seq = 0;
		int fd = recv_file(sock, &seq);

		if (fd == -2)
			_exit(0);
		if (s->o->test_in_process)
			s->o->test_in_process(seq);
		if (fd < 0) {
			send_rec(sock, seq, REC_ERROR, "no descriptor received", NULL);
		} else {
			scan_fd(s, sock, seq, fd);
			close(fd);
		}
		send_rec(sock, seq, REC_DONE, NULL, NULL);
	}
}

/* ---- the pool (the walking process) ---- */

static void worker_entry(void *arg, int sock)
{
	worker_main(arg, sock);
}

static void start_worker(struct scanner *s, struct worker *w)
{
	int pid;

	w->head = w->n = 0;
	w->overtime = w->ready = false;
	pid = exec_fork_worker(worker_entry, s, &s->wo, &w->sock);
	w->pid = pid > 0 ? pid : 0;
}

static void item_free(struct item *it)
{
	close(it->fd);
	free(it->path);
}

static long watchdog_ms(const struct scanner *s)
{
	return s->o->test_watchdog_ms ? (long)s->o->test_watchdog_ms : WATCHDOG_MS;
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* Takes the oldest file a process holds off its queue. */
static struct item pop_head(struct worker *w)
{
	struct item it = w->q[w->head];

	w->head = (w->head + 1) % WORKER_DEPTH;
	w->n--;
	return it;
}

/* The oldest file a process holds is done with (scanned, or its process gone): counted if infected, closed. */
static void finish_head(struct scanner *s, struct worker *w)
{
	struct item it = pop_head(w);

	if (it.hit)
		s->res->infected++;
	item_free(&it);
}

/* A process ended (or was killed): its file in hand is an error, the ones behind it go to another. */
static void worker_died(struct scanner *s, struct worker *w)
{
	int status = 0;
	bool unconfinable;

	/* its REC_READY may still be unread (when a file could not be handed to it); a reset comes first */
	for (int tries = 0; !w->ready && tries < 4; tries++) {
		char buf[MAX_RECORD];
		struct rec_head h;
		ssize_t got = recv(w->sock, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);

		if (got < 0 && (errno == EINTR || errno == ECONNRESET))
			continue;
		if (got < (ssize_t)sizeof(h))
			break;
		memcpy(&h, buf, sizeof(h));
		w->ready = h.type == REC_READY;
		break;
	}
	close(w->sock);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	/* only before it said it was confined: afterwards the status is the file's to choose */
	unconfinable = !w->ready && WIFEXITED(status) && WEXITSTATUS(status) == EXEC_WORKER_NOPRIV;
	if (w->n) {
		struct item *it = &w->q[w->head];
		char why[128];

		if (w->overtime)
			snprintf(why, sizeof(why), "the scan of this file took longer than %ld s: stopped",
				 watchdog_ms(s) / 1000);
		else if (unconfinable)
			snprintf(why, sizeof(why), "not scanned: the scanning process could not %s",
				 s->wo.drop ? "drop root's privileges" : "be confined");
		else if (WIFSIGNALED(status))
			snprintf(why, sizeof(why), "the scanning process ended on this file (signal %d)", WTERMSIG(status));
		else
			snprintf(why, sizeof(why), "the scanning process ended on this file (status %d)",
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		note_error(s, it->path, why);
		finish_head(s, w);
		while (w->n) {
			ALLOC_GROW(s->retry, s->n_retry + 1, s->alloc_retry);
			s->retry[s->n_retry++] = pop_head(w);
		}
	}
	if (unconfinable)
		s->unconfined = true;
	if (s->restarts < MAX_RESTARTS && !s->unconfined) {
		s->restarts++;
		start_worker(s, w);
	}
}

static void progress(struct scanner *s, bool force)
{
	struct timespec now;

	if (!s->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - s->last_progress.tv_sec) * 1000 + (now.tv_nsec - s->last_progress.tv_nsec) / 1000000 < 100)
		return;
	s->last_progress = now;
	s->o->progress(s->o->progress_arg, s->res->files, s->res->bytes, s->res->infected);
}

/* One record of a process's answer; false when it breaks the protocol (the process is then stopped). */
static bool take_record(struct scanner *s, struct worker *w, const char *buf, size_t len)
{
	struct rec_head h;
	const char *a, *b, *end = buf + len;
	struct item *it;

	if (len < sizeof(h) + 2 || buf[len - 1] != '\0')
		return false;
	memcpy(&h, buf, sizeof(h));
	if (h.type == REC_READY && !w->ready && !h.seq) {	/* before any file's records, handed or not */
		w->ready = true;
		return true;
	}
	if (!w->n)
		return false;
	it = &w->q[w->head];
	if (h.seq != it->seq)
		return false;
	a = buf + sizeof(h);
	b = memchr(a, '\0', (size_t)(end - a));
	if (!b || ++b >= end)
		return false;
	switch (h.type) {
	case REC_CLAM:
		add_hit(s, it->path, "clamav", a, "");
		it->hit = true;
		break;
	case REC_YARA:
		add_hit(s, it->path, "yara", a, b);
		it->hit = true;
		break;
	case REC_ERROR:
		note_error(s, it->path, a);
		break;
	case REC_DONE:
		s->res->files++;
		s->res->bytes += it->size;
		finish_head(s, w);
		clock_gettime(CLOCK_MONOTONIC, &w->since);
		break;
	default:
		return false;
	}
	return true;
}

/* Reads what the processes answered: waits up to wait_ms for something (0: only what is there). */
static void pump(struct scanner *s, int wait_ms)
{
	struct pollfd pfd[SCAN_MAX_THREADS];
	unsigned idx[SCAN_MAX_THREADS], n = 0, i;
	int r;

	for (i = 0; i < s->nw; i++) {
		struct worker *w = &s->w[i];

		if (!w->pid)
			continue;
		if (w->n && !w->overtime && ms_since(&w->since) > watchdog_ms(s)) {
			w->overtime = true;
			kill(w->pid, SIGKILL);	/* its socket reads as closed next */
		}
		pfd[n].fd = w->sock;
		pfd[n].events = POLLIN;
		idx[n++] = i;
	}
	if (!n)
		return;
	r = poll(pfd, n, wait_ms);
	if (r <= 0)
		return;
	for (i = 0; i < n; i++) {
		struct worker *w = &s->w[idx[i]];

		bool reset = false;

		if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		for (;;) {
			char buf[MAX_RECORD];
			ssize_t got = recv(w->sock, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);

			/*
			 * a process that ended with files unread in its socket resets it: the
			 * error comes first, then what it wrote before it ended
			 */
			if (got < 0 && (errno == EINTR || (errno == ECONNRESET && !reset))) {
				reset = reset || errno == ECONNRESET;
				continue;
			}
			if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			if (got <= 0 || (size_t)got > sizeof(buf) || !take_record(s, w, buf, (size_t)got)) {
				if (got > 0)
					kill(w->pid, SIGKILL);
				worker_died(s, w);
				break;
			}
		}
	}
	progress(s, false);
}

/* Hands a file to the least busy process, waiting for one to have room. Takes it. */
static void dispatch(struct scanner *s, struct item it)
{
	for (;;) {
		struct worker *best = NULL;
		unsigned i;

		for (i = 0; i < s->nw; i++) {
			struct worker *w = &s->w[i];

			if (w->pid && w->n < WORKER_DEPTH && (!best || w->n < best->n))
				best = w;
		}
		if (!best) {
			for (i = 0; i < s->nw && !s->w[i].pid; i++)
				;
			if (i == s->nw) {
				note_error(s, it.path, "no scanning process left");
				item_free(&it);
				return;
			}
			pump(s, 1000);
			continue;
		}
		{
			union {
				char buf[CMSG_SPACE(sizeof(int))];
				struct cmsghdr align;
			} ctl;
			struct iovec iov = { &it.seq, sizeof(it.seq) };
			struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
					    .msg_controllen = sizeof(ctl.buf) };
			struct cmsghdr *c = CMSG_FIRSTHDR(&m);
			ssize_t sent;

			memset(ctl.buf, 0, sizeof(ctl.buf));
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &it.fd, sizeof(int));
			do
				sent = sendmsg(best->sock, &m, MSG_NOSIGNAL);
			while (sent < 0 && errno == EINTR);
			if (sent < 0) {
				/* it died: its files in hand go to the retry list, this one to another */
				kill(best->pid, SIGKILL);
				worker_died(s, best);
				continue;
			}
			if (!best->n)
				clock_gettime(CLOCK_MONOTONIC, &best->since);
			best->q[(best->head + best->n) % WORKER_DEPTH] = it;
			best->n++;
			return;
		}
	}
}

/* The files of a process that died, to the others (they may die too: the list is taken whole first). */
static void dispatch_retries(struct scanner *s)
{
	while (s->n_retry) {
		struct item *v = s->retry;
		size_t n = s->n_retry, i;

		s->retry = NULL;
		s->n_retry = s->alloc_retry = 0;
		for (i = 0; i < n; i++)
			dispatch(s, v[i]);
		free(v);
	}
}

static void push(struct scanner *s, int fd, const char *path, uint64_t size)
{
	dispatch_retries(s);
	dispatch(s, (struct item){ .fd = fd, .path = xstrdup(path), .size = size, .seq = ++s->seq });
	pump(s, 0);
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

/* A regular file (fd open, st its status): queue it, or skip it when too large. Takes fd. */
static void file_found(struct scanner *s, int fd, const char *path, const struct stat *st)
{
	if (is_autostart(path) && s->res->n_autostart < SCAN_MAX_LISTED) {
		s->res->autostart = xrealloc(s->res->autostart, st_mult(s->res->n_autostart + 1, sizeof(char *)));
		s->res->autostart[s->res->n_autostart++] = xstrdup(path);
	}
	if ((uint64_t)st->st_size > SCAN_MAX_FILESIZE) {
		note_skip(s, path, "larger than the scan limit (200 MiB)");
		close(fd);
		return;
	}
	push(s, fd, path, (uint64_t)st->st_size);
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
	s->res->dirs++;
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

	if (yara->initialize() != ERROR_SUCCESS)
		return err_set(err, -ENOMEM, "cannot initialise libyara");
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		ret = err_set(err, -errno, "cannot read the YARA rules directory '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (yara->compiler_create(&comp) != ERROR_SUCCESS) {
		ret = err_set(err, -ENOMEM, "cannot create a YARA compiler");
		goto out;
	}
	yara->compiler_set_callback(comp, yara_compile_cb, &c);
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
		yara->compiler_add_file(comp, f, NULL, p);
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
	if (yara->compiler_get_rules(comp, out) != ERROR_SUCCESS) {
		ret = err_set(err, -ENOMEM, "cannot build the YARA rules");
		goto out;
	}
	*n_rules = (*out)->num_rules;
out:
	if (comp)
		yara->compiler_destroy(comp);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&c.msg);
	if (ret < 0)
		yara->finalize();
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

static int load_clamav(const char *database, const char *tmpdir, struct cl_engine **out, unsigned *sigs,
		       struct err *err)
{
	const char *db = database ? database : clam->retdbdir();
	struct cl_engine *e;
	struct stat st;
	cl_error_t rc;

	clam->set_clcb_msg(clam_msg);
	clam_last_error[0] = '\0';
	rc = clam->init(CL_INIT_DEFAULT);
	if (rc != CL_SUCCESS)
		return err_set(err, -EIO, "cannot initialise libclamav: %s", clam->strerror(rc));
	if (stat(db, &st) < 0)
		return err_set(err, -ENOENT,
			       "no ClamAV database at '%s': fetch one with freshclam (as root), or name one with --database", db);
	e = clam->engine_new();
	if (!e)
		return err_set(err, -ENOMEM, "cannot create the ClamAV engine");
	rc = clam->engine_set_str(e, CL_ENGINE_TMPDIR, tmpdir);
	if (rc != CL_SUCCESS) {
		clam->engine_free(e);
		return err_set(err, -EIO, "cannot set ClamAV's scratch directory: %s", clam->strerror(rc));
	}
	*sigs = 0;
	rc = clam->load(db, e, sigs, CL_DB_STDOPT);
	if (rc != CL_SUCCESS) {
		clam->engine_free(e);
		return err_set(err, rc == CL_EOPEN ? -ENOENT : -EIO,
			       "cannot load the ClamAV database '%s': %s%s%s: fetch the definitions with freshclam (as root), or name a database with --database",
			       db, clam->strerror(rc), clam_last_error[0] ? ": " : "", clam_last_error);
	}
	if (!*sigs) {
		clam->engine_free(e);
		return err_set(err, -ENOENT,
			       "the ClamAV database '%s' holds no signature: fetch one with freshclam (as root), or name one with --database",
			       db);
	}
	clam->engine_set_num(e, CL_ENGINE_MAX_FILESIZE, (long long)SCAN_MAX_FILESIZE);
	clam->engine_set_num(e, CL_ENGINE_MAX_SCANSIZE, (long long)SCAN_MAX_SCANSIZE);
	clam->engine_set_num(e, CL_ENGINE_MAX_RECURSION, SCAN_MAX_RECURSION);
	clam->engine_set_num(e, CL_ENGINE_MAX_FILES, SCAN_MAX_FILES_IN);
	clam->engine_set_num(e, CL_ENGINE_MAX_SCANTIME, SCAN_MAX_SCANTIME_MS);
	rc = clam->engine_compile(e);
	if (rc != CL_SUCCESS) {
		clam->engine_free(e);
		return err_set(err, -EIO, "cannot compile the ClamAV engine: %s", clam->strerror(rc));
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

/*
 * What the scanning processes run as. As root: nobody (the host's account,
 * 65534 when it has none), so that a file that takes libclamav or libyara
 * over gets an account that owns nothing and can open no file of the host's
 * (the files come to the processes as descriptors); otherwise the caller's.
 */
static int worker_account(struct exec_worker_opts *wo, struct err *err)
{
	const struct passwd *pw;

	memset(wo, 0, sizeof(*wo));
	if (geteuid() != 0)
		return 0;
	pw = getpwnam("nobody");
	wo->drop = true;
	wo->uid = pw ? pw->pw_uid : 65534;
	wo->gid = pw ? pw->pw_gid : 65534;
	if (!wo->uid || !wo->gid)
		return err_set(err, -EPERM, "the account 'nobody' has user or group ID 0: the scanning processes would keep root's privileges");
	return 0;
}

/*
 * May the scratch directory go in dir? Nobody but root and us may rename
 * what is in it (not writable by others, or sticky like /tmp), and, when the
 * processes drop to another account, that account reaches into it (search
 * permission for others on it and every directory above).
 */
static bool scratch_base_ok(const char *dir, bool drop)
{
	char p[PATH_MAX];
	size_t n = strlen(dir), i;
	struct stat st;

	if (dir[0] != '/' || n >= sizeof(p) || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) || ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)))
		return false;
	if (!drop)
		return true;
	memcpy(p, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode) || !(st.st_mode & S_IXOTH))
			return false;
		p[i] = dir[i];
	}
	return true;
}

/*
 * libclamav's scratch files (the members of archives and documents it
 * unpacks) go into a directory of the scan's own: DIR/kyuka-scan.XXXXXX
 * (root's, 0711: nobody can list it) holding one directory with a random
 * name (the processes' account's, 0700). Other processes of that account
 * cannot find it, and it goes at the end whatever a process left in it.
 * DIR is $TMPDIR when it is fit for it (scratch_base_ok), else /tmp.
 */
static int make_scratch(const struct exec_worker_opts *wo, char **outer, char **inner, struct err *err)
{
	const char *base = getenv("TMPDIR");
	char *o, *in = NULL;
	struct stat st;
	int fd = -1, e;

	if (!base || !scratch_base_ok(base, wo->drop)) {
		base = "/tmp";
		if (!scratch_base_ok(base, wo->drop))
			return err_set(err, -EPERM, "no directory for the scan's scratch files: '%s' is writable by others without the sticky bit, or out of the scanning processes' reach", base);
	}
	o = xasprintf("%s/kyuka-scan.XXXXXX", base);
	if (!mkdtemp(o)) {
		e = errno;
		free(o);
		return err_set(err, -e, "cannot make a scratch directory in '%s': %s", base, strerror(e));
	}
	/* ours, as mkdtemp made it: changed by descriptor */
	fd = open(o, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 07777) != 0700) {
		errno = EPERM;
		goto fail;
	}
	in = xasprintf("%s/XXXXXXXXXXXX", o);
	if (!mkdtemp(in))
		goto fail;
	if (wo->drop) {
		int ifd = open(in, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (ifd < 0)
			goto fail;
		if (fchown(ifd, wo->uid, wo->gid) < 0) {
			e = errno;
			close(ifd);
			errno = e;
			goto fail;
		}
		close(ifd);
		if (fchmod(fd, 0711) < 0)
			goto fail;
	}
	close(fd);
	*outer = o;
	*inner = in;
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	rm_tree_at(AT_FDCWD, o, 1);
	free(o);
	free(in);
	return err_set(err, -e, "cannot make a scratch directory in '%s': %s", base, strerror(e));
}

int scan_run(const struct scan_opts *o, struct scan_result *res, struct err *err)
{
	struct scanner s = { .o = o, .res = res };
	char *scratch_outer = NULL, *scratch = NULL;
	unsigned nw, i;
	long cores;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	res->started = clock_now();
	if (!(clam = kclam_load(err)))
		return err->code;
	if (o->yara_rules && !(yara = kyara_load(err)))
		return err->code;
	ret = worker_account(&s.wo, err);
	if (ret < 0)
		return ret;
	ret = make_scratch(&s.wo, &scratch_outer, &scratch, err);
	if (ret < 0)
		return ret;
	ret = load_clamav(o->database, scratch, &s.engine, &res->sigs, err);
	if (ret < 0)
		goto out_scratch;
	snprintf(res->engine, sizeof(res->engine), "%s", clam->retver());
	res->db_version = (unsigned)clam->engine_get_num(s.engine, CL_ENGINE_DB_VERSION, NULL);
	if (o->yara_rules) {
		ret = load_yara(o->yara_rules, &s.rules, &res->yara_rules, err);
		if (ret < 0) {
			clam->engine_free(s.engine);
			goto out_scratch;
		}
	}
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	/*
	 * one more than the cores: a process waiting for the scratch files libclamav
	 * writes (an archive's members) leaves its core to the extra one (5 % less
	 * time on two cores than one a core, the same with two more)
	 */
	nw = o->threads ? o->threads : (cores > 0 ? (unsigned)cores + 1 : 2);
	if (nw > SCAN_MAX_THREADS)
		nw = SCAN_MAX_THREADS;
	for (i = 0; i < nw; i++) {
		s.nw = i + 1;
		start_worker(&s, &s.w[i]);
		if (!s.w[i].pid) {
			s.nw = i;
			break;
		}
	}
	res->threads = s.nw;
	if (!s.nw) {
		ret = err_set(err, -EAGAIN, "cannot start a scanning process: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < o->n_paths; i++)
		walk_path(&s, o->paths[i]);
	/* the files still in the processes' hands */
	for (;;) {
		bool busy = false;

		dispatch_retries(&s);
		for (i = 0; i < s.nw; i++)
			busy = busy || (s.w[i].pid && s.w[i].n);
		if (!busy && !s.n_retry)
			break;
		pump(&s, 1000);
	}
	progress(&s, true);
	res->complete = res->errors == 0;
	/* the processes finish in any order: report in path order */
	if (res->n_hits > 1)
		qsort(res->hits, res->n_hits, sizeof(*res->hits), cmp_hit);
	if (res->n_errs > 1)
		qsort(res->errs, res->n_errs, sizeof(*res->errs), cmp_note);
	if (res->n_skips > 1)
		qsort(res->skips, res->n_skips, sizeof(*res->skips), cmp_note);
	if (res->n_autostart > 1)
		qsort(res->autostart, res->n_autostart, sizeof(char *), cmp_str);
out:
	/* a closed socket ends a process */
	for (i = 0; i < s.nw; i++) {
		if (!s.w[i].pid)
			continue;
		close(s.w[i].sock);
		while (waitpid(s.w[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	res->finished = clock_now();
	if (s.rules) {
		yara->rules_destroy(s.rules);
		yara->finalize();
	}
	clam->engine_free(s.engine);
	/* no process could be confined, so none scanned (otherwise the files it held are errors) */
	if (s.unconfined && !ret && !res->files && s.wo.drop)
		ret = err_set(err, -EPERM, "the scanning processes could not drop root's privileges (to user %u, group %u): the scan did not run",
			      (unsigned)s.wo.uid, (unsigned)s.wo.gid);
	else if (s.unconfined && !ret && !res->files)
		ret = err_set(err, -EPERM, "the scanning processes could not be confined: the scan did not run");
out_scratch:
	rm_tree_at(AT_FDCWD, scratch_outer, 64);
	free(scratch_outer);
	free(scratch);
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
