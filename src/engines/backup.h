/*
 * Backups: what a job's newest backup is (inventory), how a job's location
 * is protected (isolation), and the restore drill (kyuka backup verify):
 * the repository's own integrity check, a real restore of a sample of files
 * into a private temporary directory, and a SHA-256 comparison with the live
 * files that have not changed since the backup. Nothing here prints.
 */
#ifndef KYUKA_ENGINES_BACKUP_H
#define KYUKA_ENGINES_BACKUP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "collect/root.h"
#include "parse/config/backup.h"
#include "util/err.h"

#define DRILL_MAX_SAMPLE 2000			/* files restored by one drill */
#define DRILL_MAX_CONFIG_SAMPLE 200		/* small configuration files always included */
#define DRILL_SMALL_CONFIG_BYTES ((uint64_t)64 << 10)
#define DRILL_MAX_REPORTED 20			/* differences kept with their detail */

/* True when path is configuration: under /etc, /usr/local/etc, /opt/<x>/etc or a backup.config path. */
bool backup_is_config_path(const struct config_backup *cfg, const char *path);
/* True when parent is path or one of its parent directories (both absolute, normalised). */
bool backup_path_covers(const char *parent, const char *path);

struct backup_inventory {
	char *location;		/* the real path of a local location, or the repository as given */
	size_t n_snapshots;
	bool have_newest;
	time_t newest;		/* the newest backup's time */
	char *newest_id;	/* snapshot ID, archive name, archive file name, or newest file */
	char **newest_paths;	/* restic: the paths the newest snapshot holds (target paths) */
	size_t n_newest_paths;
	time_t newest_entry;	/* archive: the newest entry's mtime (0 when unknown) */
	char **ids;		/* every snapshot ID / archive name (restic, borg) */
	time_t *times;
	bool have_fd;		/* archive: the archive file open for reading; directory: the copy tree (O_PATH) */
	int fd;			/* closed by backup_inventory_free */
};

/* Lists the job's backups with the tool itself. 0, or a negative errno with err. */
int backup_inventory(struct root *r, const struct config_backup_job *job, struct backup_inventory *inv,
		     struct err *err);
void backup_inventory_free(struct backup_inventory *inv);

/* How the job's location is protected from this host. */
struct backup_isolation {
	bool remote;		/* a network repository (sftp:, rest:, ssh://, host:path) */
	bool absent;		/* the location does not exist right now (not mounted, disconnected) */
	bool have_mount;
	char mount_target[256], mount_fstype[64], mount_source[256];
	bool read_only_mount, netfs;
	bool writable;		/* access(2) W_OK as this user */
	bool immutable, append_only_attr;
	bool repo_append_only;	/* borg's append_only = 1 */
	bool checked_repo_mode;
	unsigned owner_uid;
	unsigned mode;
	char host_path[512];
};

int backup_isolation(struct root *r, const struct config_backup_job *job, struct backup_isolation *iso,
		     struct err *err);

enum drill_file_state {
	DF_SAME,		/* restored bytes equal the live file, unchanged since the backup */
	DF_CHANGED,		/* the live file changed after the backup: not compared */
	DF_NO_LIVE,		/* no live file (deleted, or not a regular file now): not compared */
	DF_DIFFERENT,		/* the live file has not changed since the backup, yet differs */
	DF_BAD_RESTORE,		/* not restored, or restored with another size than listed */
};

struct drill_file {
	char *path;		/* the live path (as the target sees it) */
	uint64_t size;
	enum drill_file_state state;
	char restored_sha[65];
	char live_sha[65];
	char *why;		/* detail for DF_BAD_RESTORE / DF_NO_LIVE */
};

struct drill_result {
	char *job;
	int kind;
	time_t started, finished;
	char *snapshot_id;
	time_t snapshot_time;
	bool integrity_ok;
	char *integrity;	/* what the integrity check said (or why it failed) */
	size_t n_entries, n_files;
	uint64_t total_bytes;	/* of every file in the backup */
	size_t n_sampled, n_config_sampled;
	size_t n_same, n_changed, n_no_live, n_different, n_bad_restore;
	struct drill_file *files;	/* every sampled file */
	uint64_t bytes_restored;
	uint64_t restore_ms;
	double throughput;	/* bytes per second of the restore step */
	uint64_t est_full_restore_s;	/* total_bytes / throughput */
	bool ok;		/* integrity ok, every file restored, no difference */
	char *error;		/* the drill could not finish: why (NULL when it did) */
};

/* The steps of a drill, for a progress line (drill_opts.progress). */
enum drill_step {
	DRILL_STEP_LIST,	/* finding the newest backup and what it holds */
	DRILL_STEP_RESTORE,	/* restoring n sampled files */
	DRILL_STEP_COMPARE,	/* comparing n files with the live ones */
	DRILL_STEP_CHECK,	/* waiting for the repository's own check (restic, borg) */
};

struct drill_opts {
	/* called from the drill's thread as each step starts (n: the files of the step); may be NULL */
	void (*progress)(void *arg, enum drill_step step, size_t n);
	void *progress_arg;
	const char *tmpdir;	/* where the private directory is made; NULL: $TMPDIR or /var/tmp */
	volatile const sig_atomic_t *cancel;
	uint32_t sample_files;	/* overrides the job's sample when non-zero */
	uint32_t sample_percent;
};

/*
 * Runs a drill. Returns 0 when it ran to an outcome (res->ok; res->error
 * when a step failed), -ECANCELED when interrupted. The temporary directory
 * is always removed before returning. Caller frees with drill_result_free.
 */
int backup_drill(struct root *r, const struct config_backup *cfg, const struct config_backup_job *job,
		 const struct drill_opts *o, struct drill_result *res);
void drill_result_free(struct drill_result *res);

/* A snapshot ID for people: a restic ID (64 hex digits) shortened to 12, other names whole. */
const char *backup_id_short(const char *id, char buf[16]);

/* "1.5 MB/s", "3 h 20 min" and the like. */
void fmt_bytes(uint64_t n, char *buf, size_t size);
void fmt_duration(uint64_t seconds, char *buf, size_t size);

#endif
