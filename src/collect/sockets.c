#include "collect/sockets.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/num.h"
#include "util/xalloc.h"

#define PROC_SMALL_FILE ((size_t)64 << 10)	/* comm, cgroup */

static const struct {
	const char *path;
	enum sock_proto proto;
	int family;
} tables[] = {
	{ "/proc/net/tcp", SP_TCP, 4 }, { "/proc/net/tcp6", SP_TCP, 6 }, { "/proc/net/udp", SP_UDP, 4 },
	{ "/proc/net/udp6", SP_UDP, 6 }, { "/proc/net/raw", SP_RAW, 4 },  { "/proc/net/raw6", SP_RAW, 6 },
};

static int cmp_sock(const void *a, const void *b)
{
	const struct sock_entry *x = &((const struct listen_sock *)a)->e, *y = &((const struct listen_sock *)b)->e;
	int c;

	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	c = memcmp(x->addr, y->addr, 16);
	if (c)
		return c;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* An index of the listening sockets by inode. */
struct ino_ref {
	uint64_t inode;
	size_t i;
};

static int cmp_ino(const void *a, const void *b)
{
	const struct ino_ref *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return x < y ? -1 : x > y;
}

/* Reads a small regular file name under the directory dfd (no links followed). */
static int read_small_at(int dfd, const char *name, struct strbuf *out)
{
	struct stat st;
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	int ret;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	ret = read_fd_max(fd, PROC_SMALL_FILE, out);
	close(fd);
	return ret;
}

static void load_proc(const struct root *r, pid_t pid, struct sock_proc *p)
{
	struct strbuf sb = STRBUF_INIT;
	char path[64], link[4096];
	ssize_t n;
	int dfd;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dfd = root_open_fd(r, path, O_PATH | O_DIRECTORY, 0, NULL);
	if (dfd < 0)
		return;
	if (read_small_at(dfd, "comm", &sb) == 0) {
		size_t len = sb.len;
		while (len && (sb.buf[len - 1] == '\n'))
			len--;
		if (len >= sizeof(p->comm))
			len = sizeof(p->comm) - 1;
		memcpy(p->comm, sb.buf, len);
		p->comm[len] = '\0'; /* a NUL inside cuts it short */
	}
	n = readlinkat(dfd, "exe", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		p->exe = xstrdup(link);
	}
	if (read_small_at(dfd, "cgroup", &sb) == 0)
		(void)proc_cgroup_unit(sb.buf, sb.len, p->unit, sizeof(p->unit));
	strbuf_release(&sb);
	close(dfd);
}

/* Matches the fds of one process against the index; returns how many sockets it holds. */
static size_t scan_fds(const struct root *r, pid_t pid, const struct ino_ref *idx, size_t n_idx,
		       struct sock_facts *f, size_t proc_index, int *status)
{
	char path[64], link[64];
	struct dirent *de;
	size_t found = 0;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	fd = root_open_fd(r, path, O_RDONLY | O_DIRECTORY, 0, NULL);
	if (fd < 0) {
		*status = fd;
		return 0;
	}
	d = fdopendir(fd);
	if (!d) {
		*status = -errno;
		close(fd);
		return 0;
	}
	*status = 0;
	while ((de = readdir(d))) {
		struct ino_ref key;
		const struct ino_ref *hit;
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link))
			continue;
		if (proc_socket_inode(link, (size_t)n, &key.inode) < 0)
			continue;
		{
			size_t lo = 0, hi = n_idx;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (idx[mid].inode < key.inode)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == n_idx || idx[lo].inode != key.inode)
				continue;
			hit = &idx[lo];
		}
		for (; hit < idx + n_idx && hit->inode == key.inode; hit++) {
			struct listen_sock *s = &f->v[hit->i];

			if (s->n_owners_total && s->n_owners && s->owners[s->n_owners - 1] == proc_index)
				continue; /* the same process, another fd */
			s->n_owners_total++;
			if (s->n_owners < SOCKETS_MAX_OWNERS)
				s->owners[s->n_owners++] = proc_index;
			found++;
		}
	}
	closedir(d);
	return found;
}

static int walk_procs(const struct root *r, struct sock_facts *f, struct err *err)
{
	struct ino_ref *idx;
	char **names = NULL;
	size_t n_names = 0, i, n_pids = 0, alloc_procs = 0;
	pid_t *pids;
	int ret;

	ret = root_list_dir(r, "/proc", SOCKETS_MAX_PROCS, 0, &names, &n_names, err);
	if (ret == -ENOENT || ret == -ENOTDIR)
		return 0;
	if (ret < 0)
		return ret;
	pids = xcalloc(n_names ? n_names : 1, sizeof(*pids));
	for (i = 0; i < n_names; i++) {
		uint64_t v;
		if (parse_u64(names[i], strlen(names[i]), 0x7fffffff, &v) == 0 && v > 0)
			pids[n_pids++] = (pid_t)v;
	}
	strv_free(names, n_names);
	if (n_pids)
		qsort(pids, n_pids, sizeof(*pids), cmp_pid);
	f->owners_known = n_pids > 0;

	idx = xcalloc(f->n ? f->n : 1, sizeof(*idx));
	for (i = 0; i < f->n; i++) {
		idx[i].inode = f->v[i].e.inode;
		idx[i].i = i;
	}
	if (f->n)
		qsort(idx, f->n, sizeof(*idx), cmp_ino);

	for (i = 0; i < n_pids && f->n; i++) {
		int status = 0;
		size_t found = scan_fds(r, pids[i], idx, f->n, f, f->n_procs, &status);

		if (status == -EACCES || status == -EPERM)
			f->unreadable++;
		if (!found)
			continue;
		ALLOC_GROW(f->procs, f->n_procs + 1, alloc_procs);
		load_proc(r, pids[i], &f->procs[f->n_procs]);
		f->n_procs++;
	}
	free(idx);
	free(pids);
	return 0;
}

int collect_sockets(const struct root *r, unsigned flags, struct sock_facts *out, struct err *err)
{
	struct sock_facts f;
	struct proc_net pn = { 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t i, alloc = 0, have = 0;
	int ret = 0;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		ret = root_read_file(r, tables[i].path, SOCKETS_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, err);
		if (ret == -ENOENT) {
			ret = 0;
			continue;
		}
		if (ret < 0)
			goto out;
		have++;
		ret = proc_net_parse(sb.buf, sb.len, tables[i].proto, tables[i].family, &pn, err);
		if (ret < 0) {
			err_prefix(err, "%s", tables[i].path);
			goto out;
		}
	}
	if (!have) {
		ret = err_set(err, -ENOENT, "no socket tables in the root (/proc/net/tcp is missing)");
		goto out;
	}
	f.bad_lines = pn.bad.n;
	for (i = 0; i < pn.n; i++) {
		if (!sock_is_listening(&pn.v[i]))
			continue;
		ALLOC_GROW(f.v, f.n + 1, alloc);
		memset(&f.v[f.n], 0, sizeof(f.v[f.n]));
		f.v[f.n++].e = pn.v[i];
	}
	if (!(flags & SOCKETS_NO_OWNERS)) {
		ret = walk_procs(r, &f, err);
		if (ret < 0)
			goto out;
	}
	if (f.n)
		qsort(f.v, f.n, sizeof(*f.v), cmp_sock);
	*out = f;
	memset(&f, 0, sizeof(f));
out:
	sock_facts_free(&f);
	proc_net_free(&pn);
	strbuf_release(&sb);
	return ret;
}

void sock_facts_free(struct sock_facts *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n_procs; i++)
		free(f->procs[i].exe);
	free(f->procs);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
