/*
 * ClamAV on the audited system, read through the root: its configuration
 * (freshclam.conf, clamd.conf), the databases' headers (version, build
 * time, read with libclamav's cl_cvdparse from a bounded copy of the
 * 512-byte header), freshclam's log and the two services.
 */
#ifndef KYUKA_COLLECT_CLAMAV_H
#define KYUKA_COLLECT_CLAMAV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "collect/monitor.h"
#include "collect/root.h"
#include "parse/clamconf.h"
#include "parse/mdatp.h"

#define CLAMAV_CVD_HEADER	512			/* the header of .cvd/.cld/.cud files */
#define CLAMAV_MAX_DBFILES	256			/* entries of the database directory we look at */
#define CLAMAV_LOG_TAIL		((size_t)1 << 20)	/* the end of freshclam's log we read */

struct clamav_db {
	char name[64];		/* "daily.cld" */
	char path[4200];	/* as the target sees it */
	int status;		/* 0: header read; negative errno (-EINVAL: not a ClamAV database header) */
	unsigned version, sigs, flevel;
	time_t built;		/* the header's build time (seconds since the epoch); 0: none */
	char time_text[64];	/* the header's time field as written */
	char builder[64];
	time_t mtime;
};

struct clamav_facts {
	bool have_freshclam_conf, have_clamd_conf;
	struct clamconf freshclam, clamd;
	char dbdir[4096];
	char dbdir_from[300];	/* "/etc/clamav/freshclam.conf:12", or "" for the default */
	int dbdir_status;	/* 0, or negative errno listing it */
	struct clamav_db *dbs;	/* main, daily, bytecode and any other .cvd/.cld/.cud, sorted by name */
	size_t n_dbs;
	char log_path[4096];
	int log_status;		/* 0, or negative errno reading it */
	struct freshclam_log log;
	struct unit_state freshclam_unit, clamd_unit;
};

/* Never fails on a missing file: what is absent is recorded. Free with clamav_facts_free(). */
int collect_clamav(const struct root *r, struct clamav_facts *out, struct err *err);
void clamav_facts_free(struct clamav_facts *f);

/*
 * Reads a database header from a buffer of len bytes (at most the first
 * CLAMAV_CVD_HEADER are used). Returns 0 and fills db's version, sigs,
 * flevel, built, time_text and builder, or -EINVAL when it is not a header.
 */
int clamav_header_parse(const char *buf, size_t len, struct clamav_db *db);

/*
 * Microsoft Defender for Endpoint on Linux: `mdatp health` through the exec
 * helper. -ENOENT when it is not installed (no /opt/microsoft/mdatp, no
 * /usr/bin/mdatp under the root), -EREMOTE when installed but the root is
 * not the live host (its state cannot be asked), other negative errno with
 * err when it could not be run.
 */
int collect_mdatp(const struct root *r, struct mdatp_health *out, struct err *err);

#endif
