/*
 * The one prologue of the JSON parsers (kev, osv, nft, fwupd, restic and
 * borg listings): a size cap, a depth cap, json-c's strict mode with UTF-8
 * validated, blanks only after the document, and the same error text. Pure.
 */
#ifndef KYUKA_PARSE_STRICTJSON_H
#define KYUKA_PARSE_STRICTJSON_H

#include <stddef.h>

#include "util/err.h"

struct json_object;

enum strict_json_flags {
	STRICT_JSON_NULL_OK = 1u << 0,	/* the document null is *out == NULL, not an error */
	STRICT_JSON_ANY_BYTES = 1u << 1,	/* strings may hold bytes that are not UTF-8 (kept; renderers escape) */
};

/*
 * Parses buf[0..len) (any bytes, need not be terminated; NULL reads as
 * empty) as one JSON document nested at most max_depth deep and at most
 * max_bytes long (also INT_MAX); spaces, tabs and line ends may follow it.
 * Returns 0 with *out (caller puts it), or a negative errno with err:
 * "larger than N bytes" (-EFBIG), "truncated JSON (ends after N bytes)",
 * "invalid JSON at byte N: WHY", "trailing bytes after the JSON at byte N"
 * (-EINVAL), "out of memory". UTF-8 is validated unless flags has
 * STRICT_JSON_ANY_BYTES; the document null is *out == NULL with
 * STRICT_JSON_NULL_OK, else "truncated JSON" like an empty one.
 */
int strict_json_parse(const char *buf, size_t len, size_t max_bytes, int max_depth, unsigned flags,
		      struct json_object **out, struct err *err);

#endif
