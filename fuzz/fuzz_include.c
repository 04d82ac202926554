/*
 * libFuzzer target for the include walks of collect/ (sshd.c, sudoers.c,
 * pam.c, include.c): the input decodes into a small tree of files inside a
 * temporary directory used as the root, then collect_sshd(),
 * collect_sudoers() and collect_pam() run on it and every entry they keep is
 * touched. Parsers have targets of their own; this one is for what lies
 * between them: following includes (globs, includedirs, relative paths,
 * loops, links, directories where files are expected) while the arrays of
 * files grow.
 *
 * Input: chunks separated by NUL bytes, at most MAX_CHUNKS. A chunk's first
 * byte s says what to make: path = paths[s & 63], and by s >> 6 a file
 * (0, 1) whose content is the rest of the chunk, a symbolic link (2) to
 * paths[rest[0] & 63] (or, with rest[0] & 64, to a path outside the tree),
 * or a directory (3). Later chunks for the same path lose.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/accounts.h"
#include "collect/include.h"
#include "collect/root.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define N_PATHS 64
#define MAX_CHUNKS 48

static char tmpdir[] = "/tmp/kyuka-fuzz-include.XXXXXX";
static char paths[N_PATHS][64];
static struct root *root;
static const char *const dirs[] = { "/etc", "/etc/ssh", "/etc/ssh/sshd_config.d", "/etc/sudoers.d", "/etc/pam.d" };

volatile size_t sink;

static void full(char *buf, size_t size, const char *path)
{
	snprintf(buf, size, "%s%s", tmpdir, path);
}

static void clear_tree(void)
{
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < N_PATHS; i++) {
		full(p, sizeof(p), paths[i]);
		if (unlink(p) < 0 && errno != ENOENT)
			(void)rmdir(p);
	}
}

static void cleanup(void)
{
	char p[PATH_MAX];
	size_t i;

	clear_tree();
	for (i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;) {
		full(p, sizeof(p), dirs[i]);
		(void)rmdir(p);
	}
	(void)rmdir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[PATH_MAX];
	size_t i, k = 0;

	(void)argc;
	(void)argv;
	if (!mkdtemp(tmpdir))
		abort();
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		full(p, sizeof(p), dirs[i]);
		if (mkdir(p, 0755) < 0)
			abort();
	}
	snprintf(paths[k++], sizeof(paths[0]), "/etc/ssh/sshd_config");
	for (i = 1; i < 16; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/ssh/sshd_config.d/%02zu.conf", i);
	for (i = 0; i < 8; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/ssh/%zu", i);
	snprintf(paths[k++], sizeof(paths[0]), "/etc/sudoers");
	for (i = 1; i < 16; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/sudoers.d/%zu", i);
	for (i = 0; i < 4; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/sudoers.d/%zu.bak", i);
	for (i = 0; i < 4; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/sudoers.d/%zu~", i);
	snprintf(paths[k++], sizeof(paths[0]), "/etc/pam.d/sudo");
	snprintf(paths[k++], sizeof(paths[0]), "/etc/pam.d/login");
	snprintf(paths[k++], sizeof(paths[0]), "/etc/pam.d/other");
	snprintf(paths[k++], sizeof(paths[0]), "/etc/pam.d/sshd");
	for (i = 0; k < N_PATHS; i++)
		snprintf(paths[k++], sizeof(paths[0]), "/etc/pam.d/p%zu", i);
	if (root_open(tmpdir, &root, NULL) < 0)
		abort();
	atexit(cleanup);
	return 0;
}

static void make(const uint8_t *c, size_t n)
{
	char p[PATH_MAX];
	const char *path;
	int fd;

	if (!n)
		return;
	path = paths[c[0] & 63];
	full(p, sizeof(p), path);
	switch (c[0] >> 6) {
	case 2:
		if (n > 1 && (c[1] & 64))
			(void)symlink(c[1] & 1 ? "../../../../../../etc/passwd" : "/nonexistent", p);
		else
			(void)symlink(paths[n > 1 ? c[1] & 63 : 0], p);
		return;
	case 3:
		(void)mkdir(p, 0755);
		return;
	default:
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			return;
		if (n > 1 && write(fd, c + 1, n - 1) != (ssize_t)(n - 1))
			abort();
		close(fd);
	}
}

static void check_messages(char *const *v, size_t n)
{
	size_t i;

	if (n > INCLUDE_MAX_MESSAGES)
		abort();
	for (i = 0; i < n; i++)
		sink += strlen(v[i]);
}

static void run_sshd(void)
{
	struct sshd_facts f;
	size_t i;

	if (collect_sshd(root, &f, NULL) < 0)
		return;
	if (f.n_files > COLLECT_MAX_INCLUDED_FILES || (f.bad_lines && !f.incomplete))
		abort();
	for (i = 0; i < f.n; i++) {
		/* every entry points into a file that is still there */
		sink += strlen(f.v[i].d->keyword) + strlen(f.v[i].file) + f.v[i].d->n_args;
		if (f.v[i].match)
			sink += strlen(f.v[i].match);
	}
	for (i = 0; i < f.n_files; i++)
		sink += strlen(f.files[i].path) + f.files[i].cfg.n;
	check_messages(f.errors, f.n_errors);
	sink += sshd_global(&f, "permitrootlogin") != NULL;
	sshd_facts_free(&f);
}

static void run_sudoers(void)
{
	struct sudo_facts f;
	size_t i, j;

	if (collect_sudoers(root, &f, NULL) < 0)
		return;
	if (f.n_files > COLLECT_MAX_INCLUDED_FILES)
		abort();
	for (i = 0; i < f.n_files; i++) {
		sink += strlen(f.files[i].path);
		if (f.files[i].s.bad.n && !f.incomplete)
			abort();
		for (j = 0; j < f.files[i].s.n_rules; j++)
			sink += f.files[i].s.rules[j].n_users + f.files[i].s.rules[j].n_cmnds;
	}
	check_messages(f.errors, f.n_errors);
	sudo_facts_free(&f);
}

static void run_pam(const char *service)
{
	struct pam_stack s;
	size_t i;

	if (collect_pam(root, service, &s, NULL) < 0)
		return;
	if (s.n_files > COLLECT_MAX_INCLUDED_FILES)
		abort();
	for (i = 0; i < s.n; i++) {
		sink += strlen(s.v[i].l->module) + strlen(s.v[i].file) + (size_t)s.v[i].depth;
		if (s.v[i].depth < 0 || s.v[i].depth > 15)
			abort();
	}
	for (i = 0; i < s.n_files; i++)
		sink += strlen(s.paths[i]);
	check_messages(s.errors, s.n_errors);
	pam_stack_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t start = 0, i, chunks = 0;

	clear_tree();
	for (i = 0; i <= size && chunks < MAX_CHUNKS; i++)
		if (i == size || data[i] == 0) {
			make(data + start, i - start);
			start = i + 1;
			chunks++;
		}
	run_sshd();
	run_sudoers();
	run_pam("sudo");
	run_pam("login");
	return 0;
}
