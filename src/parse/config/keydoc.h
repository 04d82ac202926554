/*
 * What each key of kyuka.yaml means, beside the schema's tables: one row per key path, read by
 * the generators (kyuka config init, docs/config.md's key table, kyuka.yaml(5)). A key without a
 * row fails it_docs_gen: a new key adds its row in keydoc.c.
 */
#ifndef KYUKA_PARSE_CONFIG_KEYDOC_H
#define KYUKA_PARSE_CONFIG_KEYDOC_H

#include <stdbool.h>
#include <stddef.h>

struct ckey;
struct csection;

/* The top-level table of kyuka.yaml (parse/config.c). */
const struct csection *config_schema(void);

struct keydoc {
	const char *path;	/* "accounts.dormant_days", list elements as "allow[].check" */
	const char *doc;	/* what it means (English, one sentence or two) */
	const char *example;	/* a value for the commented template when the table has no default, or NULL */
	const char *deflt;	/* the default in words when the table cannot say it (computed defaults), or NULL */
};

/* The row of path, or NULL. */
const struct keydoc *keydoc_find(const char *path);

/*
 * Every key of the schema, depth first in table order: fn(path, key, depth, in_list, arg), depth 0 at
 * the top; in_list is true for the keys of a list's elements. Returns the number of keys visited.
 */
size_t config_schema_walk(void (*fn)(const char *path, const struct ckey *k, int depth, bool in_list, void *arg),
			  void *arg);

/* The schema's type of k in words ("whole number", "list of absolute paths" ...). */
const char *keydoc_type(const struct ckey *k);
/* The allowed values of k in words ("1 to 36500", "smtp, webhook, syslog"), or "" into buf. */
void keydoc_range(const struct ckey *k, char *buf, size_t size);
/* The default of k in words into buf: the row's deflt, else the table's, else "" (none). */
void keydoc_default(const char *path, const struct ckey *k, char *buf, size_t size);

#endif
