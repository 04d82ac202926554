/*
 * /proc/PID/maps: the files a process has mapped, and whether each was
 * deleted (replaced on disk by an upgrade) since. Bytes in, struct out.
 *
 *   7f2c1a000000-7f2c1a022000 r--p 00000000 08:01 1234  /usr/lib/x86_64-linux-gnu/libc.so.6 (deleted)
 */
#ifndef KYUKA_PARSE_PROC_MAPS_H
#define KYUKA_PARSE_PROC_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/err.h"

#define MAPS_MAX_FILES 65536	/* distinct files of one process */

struct mapped_file {
	char *path;		/* without " (deleted)" */
	uint64_t inode;
	bool deleted;
};

struct proc_maps {
	struct mapped_file *v;	/* each (path, inode) once, in first-seen order */
	size_t n, alloc;
	struct parse_bad bad;
};

/* Returns 0, or -E2BIG past MAPS_MAX_FILES files (err set). Caller frees with proc_maps_free(). */
int proc_maps_parse(const char *buf, size_t len, struct proc_maps *out, struct err *err);
void proc_maps_free(struct proc_maps *m);

/* A deleted file that is code the package manager replaces: under /usr, /lib*, /bin, /sbin or /opt. */
bool maps_is_replaced_code(const struct mapped_file *f);

#endif
