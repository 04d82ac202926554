/*
 * Collectors for access control: each reads files through the root (with
 * caps) and hands the bytes to a pure parser. Includes (sshd Include, PAM
 * @include, sudoers includes) are followed inside the root with a depth cap.
 */
#ifndef KYUKA_COLLECT_ACCOUNTS_H
#define KYUKA_COLLECT_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "collect/root.h"
#include "parse/accounts.h"
#include "parse/authkeys.h"
#include "parse/pam.h"
#include "parse/sshd_config.h"
#include "parse/sudoers.h"
#include "util/arena.h"
#include "util/err.h"

/* Each include walk follows as deep as the program does (see sshd.c, sudoers.c, pam.c). */
#define COLLECT_MAX_INCLUDED_FILES 256
#define COLLECT_MAX_KEYS_FILE ((size_t)1 << 20)	/* authorized_keys: 1 MiB */
#define COLLECT_MAX_WTMP ((size_t)512 << 20)	/* wtmp/btmp: at most 512 MiB each (the newest end) */

/* Account databases. Each fills out (freed with the parser's *_free) or returns a negative errno. */
int collect_passwd(const struct root *r, struct passwd_db *out, struct err *err);
int collect_shadow(const struct root *r, struct shadow_db *out, struct err *err);
int collect_group(const struct root *r, struct group_db *out, struct err *err);
int collect_gshadow(const struct root *r, struct gshadow_db *out, struct err *err);
/* A missing /etc/login.defs gives an empty table (shadow-utils defaults apply). */
int collect_logindefs(const struct root *r, struct logindefs *out, struct err *err);

/* Last logins from lastlog and wtmp. */
struct last_login {
	int64_t time;		/* 0 = no record */
	const char *from;	/* remote host or address, "" for local (never NULL) */
	const char *line;	/* tty or "ssh:notty", "" when none (never NULL) */
	const char *source;	/* "lastlog" or "wtmp", static */
	size_t failed;		/* failed login records in btmp */
	int64_t last_failed;	/* newest of them, 0 when none */
};
struct login_facts {
	struct last_login *v;	/* indexed like the passwd entries */
	size_t n;
	struct arena strings;	/* from and line of v */
	bool have_lastlog, have_wtmp, have_btmp;
	size_t wtmp_records;
	size_t wtmp_trailing;	/* bytes of a partial last record */
};
int collect_logins(const struct root *r, const struct passwd_db *pw, struct login_facts *out, struct err *err);
void login_facts_free(struct login_facts *lf);

/* OpenSSH's servconf.c: SERVCONF_MAX_DEPTH, the deepest Include it reads (sshd_config is depth 0). */
#define SSHD_MAX_INCLUDE_DEPTH 16

/* sshd: /etc/ssh/sshd_config with Include expanded in place. */
struct sshd_entry {
	const struct sshd_directive *d;
	const char *file;	/* path inside the root */
	const char *match;	/* criteria of the enclosing Match block, NULL when global */
	const struct sshd_match *block;	/* the Match block around it in its own file, or NULL */
	int inc;		/* the Include line that brought it in (index into incs), -1 in sshd_config */
};
struct sshd_file {
	char *path;
	struct stat st;
	struct sshd_config cfg;
};
struct sshd_facts {
	bool present;		/* sshd_config exists */
	struct sshd_file *files;
	size_t n_files;
	struct sshd_entry *v;	/* effective order */
	size_t n;
	struct sshd_entry *incs;	/* the Include lines followed, for Match scoping */
	size_t n_incs;
	size_t bad_lines;	/* over all files */
	char **errors;		/* includes that could not be read (messages) */
	size_t n_errors;
	/*
	 * Something sshd reads was not read: an include that failed for another
	 * reason than being absent (sshd skips an Include that matches nothing),
	 * nesting or a loop sshd refuses, a cap, or lines not understood.
	 */
	bool incomplete;
	bool too_deep;		/* an Include loop or nesting past SSHD_MAX_INCLUDE_DEPTH: sshd refuses the configuration */
};
int collect_sshd(const struct root *r, struct sshd_facts *out, struct err *err);
void sshd_facts_free(struct sshd_facts *f);
/* The first setting of keyword outside Match blocks (what sshd applies by default), or NULL. */
const struct sshd_entry *sshd_global(const struct sshd_facts *f, const char *keyword);

/*
 * Per connection, the way sshd applies Match (servconf.c: the global pass,
 * then the configuration read again for the connection, where only lines
 * of matching Match blocks count and each replaces the global value).
 * sshd_conn_value(): the setting of keyword (or its alias, e.g.
 * ChallengeResponseAuthentication) that applies, or NULL for the default;
 * *invalid is set when a Match line sshd would refuse is met.
 * sshd_conn_list(): the lines of a list keyword (AllowUsers, DenyUsers...)
 * that apply, up to max; returns how many there are.
 */
const struct sshd_entry *sshd_conn_value(const struct sshd_facts *f, const struct sshd_conn *c,
					 const char *keyword, bool *invalid);
size_t sshd_conn_list(const struct sshd_facts *f, const struct sshd_conn *c, const char *keyword,
		      const struct sshd_entry **out, size_t max, bool *invalid);
/*
 * Why sshd refuses the configuration (it does not start, or reload keeps
 * the old one), for the reasons kyuka models: a Match line it cannot read,
 * "any" in AuthenticationMethods after a value or beside a method, an
 * AuthenticationMethods no list of which the global settings enable. With
 * c, also what fails for that connection only. NULL when none applies.
 */
const char *sshd_refused(const struct sshd_facts *f, const struct sshd_conn *c);
/*
 * auth.c allowed_user() for the name and groups in c: DenyUsers, AllowUsers,
 * DenyGroups, AllowGroups as they apply to the connection. When refused,
 * *why is the line that refuses (for AllowUsers/AllowGroups: the first
 * line of the list that does not name the user).
 */
bool sshd_conn_user_allowed(const struct sshd_facts *f, const struct sshd_conn *c, const struct sshd_entry **why);

/*
 * Connections that stand for all others: one source address per address
 * pattern of the Match lines and user@host lists (and one matching none),
 * one local address per LocalAddress pattern (and one other), each port of
 * Port and LocalPort. A verdict per representative connection is exact for
 * it; the pattern it was drawn from names the range it stands for. out is
 * large: allocate it.
 */
#define SSHD_MAX_REPS 256
struct sshd_rep {
	char addr[64], laddr[64];
	int lport;
	char addr_from[64];	/* the pattern the address was drawn from, "" for the other addresses */
	char laddr_from[64];	/* "" when LocalAddress is not used, or for the other local addresses */
};
struct sshd_reps {
	struct sshd_rep v[SSHD_MAX_REPS];
	size_t n;
	bool several_laddr, several_ports;
	bool truncated;		/* more patterns than representatives */
};
void sshd_conn_reps(const struct sshd_facts *f, struct sshd_reps *out);

/* PAM: /etc/pam.d/SERVICE with @include, include and substack expanded. */
struct pam_entry {
	const struct pam_line *l;
	const char *file;
	int depth;		/* 0 = the service file itself */
	int level;		/* substack nesting (Linux-PAM's stack_level): 0 = the service's own stack */
	bool substack;		/* the "substack" line itself (l): its lines follow at level + 1 */
};
struct pam_stack {
	bool present;
	struct pam_file *files;
	char **paths;
	size_t n_files;
	struct pam_entry *v;
	size_t n;
	char **errors;
	size_t n_errors;
	bool incomplete;	/* an include not read (Linux-PAM fails the stack then), or lines not understood */
};
int collect_pam(const struct root *r, const char *service, struct pam_stack *out, struct err *err);
void pam_stack_free(struct pam_stack *s);

/* sudoers: /etc/sudoers and what it includes. */
struct sudo_file {
	char *path;
	struct stat st;
	struct sudoers s;
};
struct sudo_facts {
	bool present;
	struct sudo_file *files;
	size_t n_files;
	char **errors;
	size_t n_errors;
	bool incomplete;	/* an include not read (but an absent one, which sudo skips too), or lines not understood */
};
int collect_sudoers(const struct root *r, struct sudo_facts *out, struct err *err);
void sudo_facts_free(struct sudo_facts *f);

/* authorized_keys of each account (never following a link the user controls). */
struct key_file {
	char *path;		/* inside the root */
	int status;		/* 0 read; -ENOENT absent; -ELOOP link refused; -EMLINK hard-linked; other errno */
	uid_t owner;
	struct authkeys keys;
};
struct user_keys {
	struct key_file *files;
	size_t n_files;
	size_t n_keys;
};
struct key_facts {
	struct user_keys *v;	/* indexed like the passwd entries */
	size_t n;
};
/* patterns: sshd's AuthorizedKeysFile values (%h, %u, %%), NULL for the default pair. */
int collect_keys(const struct root *r, const struct passwd_db *pw, char *const *patterns, size_t n_patterns,
		 struct key_facts *out, struct err *err);
void key_facts_free(struct key_facts *kf);

#endif
