/*
 * /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow: bytes in, struct out.
 * Input may hold any bytes and need not be terminated. Malformed lines
 * (wrong field count, bad numbers, NUL bytes, over PARSE_MAX_LINE) are
 * counted in `bad`, never an error; a return < 0 means the input as a whole
 * is unusable (-E2BIG over PARSE_MAX_ENTRIES). Comment lines ('#') and
 * empty lines are skipped; NIS compat lines ('+', '-') are kept as bad
 * lines with reason "nis compat entry".
 * Callers free with the matching *_free(), which also accepts a zeroed struct.
 */
#ifndef KYUKA_PARSE_ACCOUNTS_H
#define KYUKA_PARSE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/hidx.h"

struct passwd_entry {
	char *name, *passwd, *gecos, *dir, *shell;
	uint32_t uid, gid;
	size_t line;		/* 1-based */
};
struct passwd_db {
	struct passwd_entry *v;
	size_t n;
	struct parse_bad bad;
	struct hidx by_name, by_uid, by_gid;	/* built by passwd_parse */
	struct arena mem;	/* the entries' strings */
};
int passwd_parse(const char *buf, size_t len, struct passwd_db *out, struct err *err);
void passwd_free(struct passwd_db *db);
const struct passwd_entry *passwd_by_name(const struct passwd_db *db, const char *name);
/*
 * Every entry with a name, uid or primary gid, in file order: the first
 * index (HIDX_NONE when there is none), then the next after i. Constant time
 * on a parsed db; a db filled by hand is scanned.
 */
size_t passwd_find_name(const struct passwd_db *db, const char *name);
size_t passwd_next_name(const struct passwd_db *db, size_t i);
size_t passwd_find_uid(const struct passwd_db *db, uint32_t uid);
size_t passwd_next_uid(const struct passwd_db *db, size_t i);
size_t passwd_find_gid(const struct passwd_db *db, uint32_t gid);
size_t passwd_next_gid(const struct passwd_db *db, size_t i);

enum pw_state {
	PW_EMPTY,	/* "" : no password needed */
	PW_USABLE,	/* a hash that can match some password */
	PW_LOCKED,	/* "!" or "*" followed by a hash (usermod -L / passwd -l) */
	PW_NOLOGIN,	/* "*", "!", "!!", "!*", "x" or any value that cannot be a hash */
};
enum pw_scheme {
	PWS_NONE, PWS_YESCRYPT, PWS_GOST_YESCRYPT, PWS_SCRYPT, PWS_BCRYPT, PWS_SHA512,
	PWS_SHA256, PWS_SUNMD5, PWS_MD5, PWS_BSDI_DES, PWS_DES, PWS_NTHASH, PWS_UNKNOWN,
};
struct shadow_entry {
	char *name;
	char *hash;		/* SECRET: never printed, logged or stored */
	enum pw_state state;
	enum pw_scheme scheme;	/* of the hash (after a lock prefix) */
	/* Days since 1970-01-01; -1 when the field is empty. */
	int64_t last_change, min_days, max_days, warn_days, inactive_days, expire;
	size_t line;
};
struct shadow_db {
	struct shadow_entry *v;
	size_t n;
	struct parse_bad bad;
	struct hidx by_name;	/* built by shadow_parse */
	struct arena mem;	/* the entries' strings (hashes wiped by shadow_free) */
};
int shadow_parse(const char *buf, size_t len, struct shadow_db *out, struct err *err);
void shadow_free(struct shadow_db *db);
const struct shadow_entry *shadow_by_name(const struct shadow_db *db, const char *name);
/* Classifies a password field (also used for gshadow): sets *state and *scheme. */
void pw_classify(const char *field, enum pw_state *state, enum pw_scheme *scheme);
const char *pw_scheme_name(enum pw_scheme s);	/* "yescrypt", "sha512crypt", "md5crypt", "des", ... */

struct group_entry {
	char *name, *passwd;
	uint32_t gid;
	char **members;		/* user names, empty entries dropped */
	size_t n_members;
	size_t line;
};
struct group_db {
	struct group_entry *v;
	size_t n;
	struct parse_bad bad;
	struct hidx by_name, by_gid;	/* built by group_parse */
	struct arena mem;	/* the entries' strings and member lists */
};
int group_parse(const char *buf, size_t len, struct group_db *out, struct err *err);
void group_free(struct group_db *db);
const struct group_entry *group_by_name(const struct group_db *db, const char *name);
const struct group_entry *group_by_gid(const struct group_db *db, uint32_t gid);

struct gshadow_entry {
	char *name;
	char *passwd;		/* SECRET */
	enum pw_state state;
	char **admins;
	size_t n_admins;
	char **members;
	size_t n_members;
	size_t line;
};
struct gshadow_db {
	struct gshadow_entry *v;
	size_t n;
	struct parse_bad bad;
	struct arena mem;	/* the entries' strings and lists (passwords wiped by gshadow_free) */
};
int gshadow_parse(const char *buf, size_t len, struct gshadow_db *out, struct err *err);
void gshadow_free(struct gshadow_db *db);

/*
 * /etc/login.defs: "KEY value" lines ('#' comments). Later duplicates win, as
 * in shadow-utils. Values are kept as strings.
 */
struct logindefs_entry {
	char *key, *value;
	size_t line;
};
struct logindefs {
	struct logindefs_entry *v;
	size_t n;
	struct parse_bad bad;
};
int logindefs_parse(const char *buf, size_t len, struct logindefs *out, struct err *err);
void logindefs_free(struct logindefs *ld);
/* The value of key, or NULL. */
const char *logindefs_get(const struct logindefs *ld, const char *key);
/* Strict unsigned value of key (decimal, or 0x hex / leading-0 octal like shadow-utils); def when absent or invalid. */
uint64_t logindefs_get_u64(const struct logindefs *ld, const char *key, uint64_t def);
/*
 * A value as shadow-utils' getdef_num() reads it (useradd's PASS_MAX_DAYS,
 * PASS_MIN_DAYS, PASS_WARN_AGE): strtol base 0, so a sign is allowed, and
 * the int range; def when absent, invalid or negative (useradd's "unset").
 */
uint64_t logindefs_get_int(const struct logindefs *ld, const char *key, uint64_t def);

#endif
