/*
 * What the backup area needs from the host: where a location really is, the
 * job's password (from a file, the environment or a command; held in memory
 * only, wiped after use, handed to restic/borg through their environment and
 * never through argv), runs of restic and borg, archives through libarchive,
 * copy trees, the mount table, inode flags, and SHA-256 of open files (OpenSSL libcrypto).
 */
#ifndef KYUKA_COLLECT_BACKUP_H
#define KYUKA_COLLECT_BACKUP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "collect/exec.h"
#include "collect/root.h"
#include "parse/backup_json.h"
#include "parse/config/backup.h"
#include "parse/mountinfo.h"
#include "util/err.h"

#define BACKUP_SECRET_MAX 4096			/* bytes of a password */
#define BACKUP_TOOL_LIST_TIMEOUT_MS 300000u	/* listing snapshots when the job sets no timeout_minutes: 5 minutes */
#define BACKUP_TREE_MAX_DEPTH 256
#define BACKUP_ERR_EXCERPT 300			/* bytes of a tool's stderr quoted in a message */

/* A job's repository is local (a path) or remote (sftp:, rest:, s3:, ssh://, user@host:...). */
bool backup_repo_is_local(const struct config_backup_job *job);

/*
 * The real path on this host of an absolute path as the target sees it,
 * resolved inside the root (so a link cannot leave it). Caller frees *out.
 */
int backup_host_path(const struct root *r, const char *path, char **out, struct err *err);
/*
 * Opens a local location (an absolute path as the target sees it) inside the
 * root with oflags (O_PATH to look at it only); everything after works on the
 * descriptor. *host_path (may be NULL) gets its real path on this host, for
 * the tools' arguments and messages. Returns the fd (caller closes).
 */
int backup_location_open(const struct root *r, const char *path, int oflags, char **host_path, struct err *err);
/* The same file opened anew with oflags (a description of its own, e.g. readable from an O_PATH fd); fd or -errno. */
int backup_reopen(int fd, int oflags);
/* access(2) W_OK of the open file as this user. */
bool backup_writable(int fd);

struct backup_secret {
	char *value;	/* NUL-terminated; wiped and freed by backup_secret_free */
	size_t len;
};

/*
 * The job's password: password_file (read through the root; refused when
 * others may read or write it), password_env (this process's environment) or
 * password_command (run through exec_run; the first line of its output).
 * A job without a password source gets an empty secret. Never logged.
 */
int backup_secret_get(const struct root *r, const struct config_backup_job *job, struct backup_secret *s,
		      struct err *err);
void backup_secret_free(struct backup_secret *s);

/*
 * Runs restic or borg (argv[0]) for the job. Its environment is fixed: PATH,
 * LC_ALL=C, TZ=UTC, HOME (ours), and the secret as RESTIC_PASSWORD or
 * BORG_PASSPHRASE. A non-zero exit is an error (-EIO) whose message quotes the
 * start of stderr; res holds the output on success (caller releases it).
 */
int backup_tool_run(const struct config_backup_job *job, const struct backup_secret *s, const char *const argv[],
		    unsigned timeout_ms, size_t max_stdout, const char *cwd, volatile const sig_atomic_t *cancel,
		    struct exec_result *res, struct err *err);
/* The same, the program running at a nice value raised by nice (it yields the CPU to the rest). */
int backup_tool_run_nice(const struct config_backup_job *job, const struct backup_secret *s, const char *const argv[],
			 unsigned timeout_ms, size_t max_stdout, const char *cwd, volatile const sig_atomic_t *cancel,
			 int nice, struct exec_result *res, struct err *err);

/* The mount table the target sees (/proc/self/mountinfo through the root). */
int backup_mounts(const struct root *r, struct mount_table *t, struct err *err);

/* FS_IOC_GETFLAGS of an open file, O_PATH too (FS_IMMUTABLE_FL, FS_APPEND_FL, ...); -ENOTTY where unsupported. */
int backup_inode_flags(int fd, unsigned *flags);

/* SHA-256 of an open file from its start, in lowercase hex; *bytes gets its length. */
int backup_sha256_fd(int fd, char hex[65], uint64_t *bytes, volatile const sig_atomic_t *cancel);

/*
 * An archive's entries (libarchive: tar, tar.gz, tar.zst, tar.xz, zip, ...);
 * paths as stored. fd: the archive open for reading (read from its start);
 * host_path names it in messages.
 */
int backup_archive_list(int fd, const char *host_path, struct backup_listing *out, struct err *err);

/*
 * Reads every entry of an archive to its end (the integrity check) and
 * writes the entries at the listing indexes in want[] (sorted ascending) to
 * files named by their index ("17") in dirfd. *bytes_read counts every data
 * byte read. An entry that cannot be read is an error naming it.
 */
int backup_archive_extract(int fd, const char *host_path, const size_t *want, size_t n_want, int dirfd,
			   uint64_t *bytes_read, volatile const sig_atomic_t *cancel, struct err *err);

/*
 * A copy tree's entries, paths relative to it without a leading '/', never
 * following links; capped at PARSE_MAX_ENTRIES entries and
 * BACKUP_TREE_MAX_DEPTH levels.
 */
int backup_tree_list(int dfd, const char *host_path, struct backup_listing *out, struct err *err);

/* The newest regular file with an archive name (.tar, .tgz, .tar.gz, .tar.zst, .tar.xz, .zip) in an open directory. */
int backup_newest_archive(int dfd, const char *host_dir, char **name, struct stat *st, struct err *err);

#endif
