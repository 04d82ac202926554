/*
 * The mount table (/proc/self/mountinfo) through libmount: bytes in, struct
 * out (no I/O: the bytes are handed to libmount through fmemopen).
 */
#ifndef KYUKA_PARSE_MOUNTINFO_H
#define KYUKA_PARSE_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

#define MOUNTINFO_MAX_BYTES ((size_t)16 << 20)
#define MOUNTINFO_MAX_ENTRIES ((size_t)100000)

struct mount_entry {
	char *target;		/* the mount point, unescaped ("/mnt/backup") */
	char *source;		/* "/dev/sdb1", "server:/export", "" */
	char *fstype;		/* "ext4", "nfs4" */
	bool read_only;		/* "ro" in the mount or the superblock options */
	bool netfs;		/* a network filesystem (libmount's list: nfs, cifs, smb3, ceph, 9p, ...) */
};

struct mount_table {
	struct mount_entry *v;	/* in the order mounted */
	size_t n;
	struct parse_bad bad;
};

/* 0, or -EFBIG / -E2BIG / -EINVAL / -ENOMEM with err. Caller frees with mount_table_free. */
int mountinfo_parse(const char *buf, size_t len, struct mount_table *out, struct err *err);
void mount_table_free(struct mount_table *t);
/* The mount that holds path (absolute, normalised): the last-mounted entry whose target is path or a parent of it. */
const struct mount_entry *mount_find(const struct mount_table *t, const char *path);

#endif
