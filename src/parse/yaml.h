/*
 * The YAML layer of kyuka.yaml (parse/config.c drives it; no I/O):
 *   1. yaml_prescan(): a byte scan (size, line length, NUL, control
 *      characters, lone CR, UTF-8), so every later message can trust the
 *      text it quotes;
 *   2. yaml_build(): libfyaml's event parser builds a small tree of our own,
 *      with a line for every node; aliases and tags are refused and the node
 *      count, depth and list lengths are capped while events arrive, so
 *      nothing can expand (no billion laughs). Quoted and block scalars are
 *      decoded here from the bytes of the file, not by libfyaml 0.7.12, which
 *      gets some quoted ones wrong and leaks on some block ones.
 * And the messages: "FILE:LINE: message" through the catalogue, user text quoted.
 */
#ifndef KYUKA_PARSE_YAML_H
#define KYUKA_PARSE_YAML_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "parse/config/caps.h"
#include "util/err.h"

#define CONFIG_MAX_NODES	100000	/* scalars, lists and mappings in one file */
#define QUOTE_MAX		48	/* bytes of user text quoted in a message */
#define QBUF_SIZE (QUOTE_MAX * 4 + 8)

/* ---- messages ---- */

struct pctx {
	const char *fname;
	struct err *err;
};

/*
 * User text for a message: printable ASCII as is, anything else as \xNN,
 * at most max input bytes (then "...").
 */
const char *cfg_quote_n(char *out, size_t size, const char *s, size_t len, size_t max);
/* The same, at most QUOTE_MAX bytes; out holds QBUF_SIZE. */
const char *cfg_quote(char *out, size_t size, const char *s, size_t len);

/* "FILE:LINE: message" (or "FILE: message" when line is 0); returns code. The format goes through
 * the catalogue (update-po.sh extracts cfg_err formats). */
int cfg_errc(struct pctx *c, int code, size_t line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define cfg_err(c, line, ...) cfg_errc((c), -EINVAL, (line), __VA_ARGS__)

/* ---- the tree ---- */

enum ykind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ykind kind;
	bool plain;		/* plain scalar: may be a null or a number */
	size_t line;		/* 1-based, never 0 */
	char *text;		/* scalar text, terminated; may hold NUL bytes ("\0" escapes) */
	size_t len;
	struct ynode **kids;	/* SEQ: items; MAP: key, value, key, value, ... */
	size_t n, alloc;
};

struct ytree {
	struct ynode *root;
	struct ynode **all;	/* every node, for freeing without recursion */
	size_t n_all, alloc_all;
};

/* Pass 1 over the bytes (len already at most CONFIG_MAX_BYTES). */
int yaml_prescan(struct pctx *c, const char *buf, size_t len);
/* Pass 2: the tree of buf (len > 0); t->root is NULL for an empty document. */
int yaml_build(struct pctx *c, const char *buf, size_t len, struct ytree *t);
void yaml_free(struct ytree *t);
/* Absent, or a plain null scalar (empty, ~, null, Null, NULL). */
bool yaml_is_null(const struct ynode *y);

#endif
