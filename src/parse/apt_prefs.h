/*
 * apt preferences (apt_preferences(5): /etc/apt/preferences and the files
 * of /etc/apt/preferences.d): stanzas of Package, Pin and Pin-Priority.
 *
 *   Package: nodejs              (names and globs, "*" for every package)
 *   Pin: origin deb.nodesource.com | release a=stable,n=bookworm,o=Debian,l=...,c=main,b=amd64,v=12 | version 1.2*
 *   Pin-Priority: 600
 *
 * Bytes in, pins out (copied). What kyuka cannot evaluate exactly as apt
 * does (a /regex/, "Package: src:NAME", a "Pin: release" key it does not
 * know) makes the pin unsupported: apt_prefs.unsupported counts them so the
 * caller can fall back on apt itself.
 */
#ifndef KYUKA_PARSE_APT_PREFS_H
#define KYUKA_PARSE_APT_PREFS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

#define APT_PREFS_MAX_PINS 4096
#define APT_PIN_MAX_KEYS 8

enum apt_pin_type { APT_PIN_RELEASE, APT_PIN_ORIGIN, APT_PIN_VERSION };

struct apt_pin_key {
	char key;		/* a n v o l c b */
	char *value;		/* may hold * ? [ ] globs */
};

struct apt_pin {
	char **packages;	/* names or globs; NULL when "*" (a generic pin) */
	size_t n_packages;
	bool generic;
	enum apt_pin_type type;
	char *value;		/* origin host, or version glob */
	struct apt_pin_key keys[APT_PIN_MAX_KEYS];	/* release keys */
	size_t n_keys;
	int priority;
	size_t line;
};

struct apt_prefs {
	struct apt_pin *v;
	size_t n, alloc;
	size_t unsupported;	/* pins kyuka cannot evaluate (first one's reason in why) */
	const char *why;
	struct parse_bad bad;	/* stanzas refused */
};

/*
 * Parses one preferences file and appends its pins to *out (which starts
 * zeroed; files are parsed in apt's order). Returns 0, or -E2BIG past
 * APT_PREFS_MAX_PINS (err set). Caller frees with apt_prefs_free().
 */
int apt_prefs_parse(const char *buf, size_t len, struct apt_prefs *out, struct err *err);
void apt_prefs_free(struct apt_prefs *p);

/* fnmatch(3)-style glob with * ? and [...] (no FNM flags), bounded: pattern and text are terminated. */
bool apt_glob_match(const char *pattern, const char *text);

#endif
