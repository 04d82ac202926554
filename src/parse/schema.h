/*
 * The schema of kyuka.yaml as tables: a section is a table of keys (struct
 * ckey), each with a type, flags and the offset of its field in the section's
 * struct. schema_parse_section() checks a mapping of the tree (parse/yaml.h)
 * against a table and fills the struct; schema_free_section() frees what it
 * filled; schema_defaults() sets the defaults the tables carry. A new key is
 * a field in its area's struct (src/parse/config/<area>.h) and a line in its
 * area's table (src/parse/config/<area>.c); a new area is such a pair plus a
 * member of struct config and a line in top_keys (parse/config.[ch]).
 */
#ifndef KYUKA_PARSE_SCHEMA_H
#define KYUKA_PARSE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/yaml.h"

#define CONFIG_MAX_STRING	4096	/* bytes of one string value */
#define CONFIG_SECTION_MAX_KEYS	32	/* keys of one table */

enum ktype {
	KT_STRING,	/* char * */
	KT_UINT,	/* uint32_t (or int with KF_INT), min..max */
	KT_DATE,	/* char[11] */
	KT_SEVERITY,	/* int (enum severity) */
	KT_STRLIST,	/* char ** at off, size_t count at off2 */
	KT_HOLIDAY,	/* "A..B" or {start, end}: char[11] at off and off2 */
	KT_SECTION,	/* a nested mapping; its keys' offsets are relative to base + off */
	KT_LIST,	/* a list of mappings: array at off, size_t count at off2, elements per sub */
	KT_CHOICE,	/* char *: one of the words in choices (stored lower case) */
	KT_SECTION_OR_NONE,	/* a mapping as KT_SECTION, or the word "none": bool at off2 */
	KT_HOURS,	/* "22-6": two local hours 0..23, uint32_t at off and off2 */
	KT_BOOL,	/* bool: true or false */
	KT_ENUM,	/* int: the index of the value in names */
	KT_SAMPLE,	/* a count (uint32_t at off, min..max) or "N%" (uint32_t at off2, 1..100) */
};

enum {
	KF_REQUIRED = 1u << 0,
	KF_UPPER = 1u << 1,	/* uppercase ASCII letters */
	KF_WORD = 1u << 2,	/* no blanks or line breaks */
	KF_HAS = 1u << 3,	/* set the bool at off_has when given */
	KF_INT = 1u << 4,	/* KT_UINT stores an int */
	KF_ABSPATH = 1u << 5,	/* an absolute path; stored without trailing '/' */
};

struct csection;

struct ckey {
	const char *name;
	enum ktype type;
	unsigned flags;
	size_t off;
	size_t off2;
	size_t off_has;
	uint32_t min, max;
	uint32_t def, def2;	/* KT_UINT (def) and KT_HOURS (def, def2): the value when the key is absent */
	const struct csection *sub;
	const char *const *choices;	/* KT_CHOICE, NULL-terminated */
	const char *const *names;	/* KT_ENUM, NULL-terminated */
};

struct csection {
	const struct ckey *keys;
	size_t n_keys;
	size_t elem_size;	/* KT_LIST elements */
	bool has_line;		/* KT_LIST elements and sections: store the mapping's line at off_line */
	size_t off_line;
};

#define FIELD(base, off, type) ((type *)(void *)((char *)(base) + (off)))
#define SECTION(k) .keys = (k), .n_keys = ARRAY_SIZE(k)

/* A mapping (or null: an empty one) checked against sec into base; path names it in messages ("" for the top). */
int schema_parse_section(struct pctx *c, const struct csection *sec, const char *path, const struct ynode *map,
			 void *base);
/* The defaults of sec's keys into base (zeroed by the caller), nested sections included; the
 * elements of a KT_LIST start zeroed. */
void schema_defaults(const struct csection *sec, void *base);
/* Frees what schema_parse_section() allocated in base (strings, lists, nested sections). */
void schema_free_section(const struct csection *sec, void *base);
/* An absolute path s (s[0] == '/') without "." or ".." components and no empty one but a trailing slash. */
bool schema_abspath_clean(const char *s, size_t len);

#endif
