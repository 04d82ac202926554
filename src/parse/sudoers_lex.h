/*
 * sudoers(5) lexical layer, private to parse/sudoers.c and
 * parse/sudoers_lex.c: a cursor over the input that reads line
 * continuations as one blank and stops at the end of the logical line, and
 * the readers of names, lists, quoted strings, commands, Runas lists and
 * tags. Readers append to or leave their token in sp->tok; on a syntax error
 * they return -1 with slex_fail(), which records the first reason in sp->why.
 */
#ifndef KYUKA_PARSE_SUDOERS_LEX_H
#define KYUKA_PARSE_SUDOERS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "parse/sudoers.h"
#include "util/span.h"
#include "util/strbuf.h"

#define CEOL (-1)	/* end of the logical line (or of the input) */

/* Where a name is read: decides '%'/'+' prefixes, IPv6 colons, path characters. */
enum nctx { NC_USER, NC_HOST, NC_CMND };

struct cur {
	const char *p;
	size_t len;
	size_t pos;
	size_t lineno;		/* physical line of pos, from 1 */
	size_t limit;		/* the statement may not read at or past this offset */
	bool too_long;
};

struct strvec {
	char **v;
	size_t n;
	size_t alloc;
};

struct sp {
	struct cur c;
	struct strbuf tok;	/* scratch for the token being read */
	struct sudoers *out;
	size_t a_rules, a_aliases, a_defaults, a_includes;
	size_t *ahash;		/* (kind, name) of committed aliases: index + 1, 0 = free */
	size_t ahash_cap;
	size_t line;		/* first physical line of the statement */
	size_t names;		/* user and host names copied into the statement's rules */
	const char *why;	/* reason of the first syntax error in the statement */
	int fatal;		/* a cap on the whole file was hit */
	char *pack_cur;		/* free bytes of the arena chunk strings and lists are packed into */
	size_t pack_left;
};

/* ---- character classes (both files use these) ------------------------ */

static inline bool is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

static inline bool is_lower(int ch)
{
	return ch >= 'a' && ch <= 'z';
}

/* ch is one of the bytes of set (never CEOL or NUL). */
static inline bool in_set(int ch, const char *set)
{
	return ch > 0 && strchr(set, ch) != NULL;
}

/* Records why (unless a reason is already set); returns -1. */
int slex_fail(struct sp *s, const char *why);

/* ---- cursor ---------------------------------------------------------- */

/* Length of a line continuation (backslash, blanks, newline or end of input) at pos; 0 if none. */
size_t slex_cont_len(const struct cur *c, size_t pos);
/* Is pos at the end of the physical line (LF, CRLF, a final CR, or the end of input)? */
bool slex_raw_eol(const struct cur *c, size_t pos);
/* The character at the cursor: a continuation reads as ' ', the line end as CEOL. */
int slex_peek(struct cur *c);
/* The byte after a (non-continuation) backslash at the cursor; slex_peek() made sure it exists. */
int slex_escaped(const struct cur *c);
/* Moves past one byte, or a whole continuation; does not move at the end of the physical line. */
void slex_adv(struct cur *c);
/* Skips blanks and continuations; true if there were any. */
bool slex_skip_blanks(struct cur *c);
/* A '#' at pos starts a comment unless a uid/gid ("#123", "#-1") follows. */
bool slex_comment_at(const struct cur *c, size_t pos);
/* Moves to the end of the physical line (before its CR LF): no continuation, no length cap. */
void slex_skip_comment(struct cur *c);
/* Blanks, then an optional comment, then the end of the line? */
bool slex_at_end(struct cur *c);
/* Skips what is left of the logical line, then its newline. */
void slex_skip_rest(struct cur *c);
/* Do the raw bytes at the cursor start with lit? */
bool slex_raw_starts(const struct cur *c, const char *lit);
/* An uppercase identifier [A-Z][A-Z0-9_]* at the cursor, not followed by more word characters. */
struct span slex_ident_at(const struct cur *c);

/* ---- small containers ------------------------------------------------ */

/* Appends s (the vector takes it). */
void slex_strvec_push(struct strvec *sv, char *s);
/* Frees the n strings of v, then v. */
void slex_free_strs(char **v, size_t n);
/* Frees the strings and empties the vector. */
void slex_strvec_clear(struct strvec *sv);
/* A copy of the vector's strings; caller frees with slex_free_strs(v, sv->n). */
char **slex_strs_dup(const struct strvec *sv);

/* ---- tokens ---------------------------------------------------------- */

/* Appends ch to sp->tok; fails on NUL or when the token is too long. */
int slex_addc(struct sp *s, int ch);
/* A copy of sp->tok; caller frees. */
char *slex_tok_dup(const struct sp *s);
/* Bytes [from, to) of the input with continuations as one blank, trimmed; NULL on error. */
char *slex_raw_text(struct sp *s, size_t from, size_t to);
/* A "quoted string" at the cursor, appended to sp->tok without the quotes; \" is a quote. */
int slex_read_quoted(struct sp *s);
/* A ','-separated list of (negated) names, pushed onto sv. */
int slex_read_list(struct sp *s, enum nctx ctx, struct strvec *sv);
/* Is w an alias name ([A-Z][A-Z0-9_]*, not ALL)? */
bool slex_is_alias_name(struct span w);
/*
 * A command with its digests and negations: leaves the canonical text in
 * s->tok ("!" when negated, the command, " args"); digests are checked and dropped.
 */
int slex_read_cmnd(struct sp *s, bool *neg_out, bool *all_out);
/* "(runas)" at the cursor: *out is the raw text between the parentheses, trimmed; caller frees. */
int slex_read_runas(struct sp *s, char **out);
/* Tags ("NOPASSWD:") and options ("CWD=/x") before a command; updates *nopasswd. */
int slex_read_tags(struct sp *s, bool *nopasswd, bool *passwd);

#endif
