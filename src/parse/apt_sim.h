/*
 * The upgrades `apt-get -s dist-upgrade` would make, from its "Inst" lines:
 *
 *   Inst libssl3 [3.0.11-1~deb12u1] (3.0.13-1~deb12u1 Debian:12.4/stable, Debian-Security:12/stable-security [amd64]) []
 *
 * package, current version (absent for a new package), candidate, the
 * origins ("Label:Version/Suite") and architecture. An update is a security
 * update when one of its origins is a "-security" suite or labelled
 * "...Security". Bytes in, struct out.
 */
#ifndef KYUKA_PARSE_APT_SIM_H
#define KYUKA_PARSE_APT_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"
#include "util/span.h"

struct apt_upgrade {
	char *package;
	char *current;		/* "" for a new package */
	char *candidate;
	char *origins;		/* "Debian:12.4/stable, Debian-Security:12/stable-security" */
	char *arch;
	bool security;
};

struct apt_sim {
	struct apt_upgrade *v;
	size_t n, alloc;
	size_t n_security;
	size_t n_remove;	/* "Remv" lines */
	struct parse_bad bad;	/* "Inst" lines not understood */
	bool from_lists;	/* computed from apt's lists (parse/apt_policy.c), not apt-get -s output */
	char lists_not_used[200];	/* why apt-get -s ran instead of reading the lists ("" none said) */
};

/* Returns 0, or -E2BIG past PARSE_MAX_ENTRIES (err set). Caller frees with apt_sim_free(). */
int apt_sim_parse(const char *buf, size_t len, struct apt_sim *out, struct err *err);
void apt_sim_free(struct apt_sim *s);

/* One origin ("Debian-Security:12/stable-security") is a security one: a "-security" suite or a label ending in "Security". */
bool apt_origin_is_security(struct span o);

#endif
