/* The JSON parsers' shared prologue. See strictjson.h. */
#include "parse/strictjson.h"

#include <errno.h>
#include <limits.h>

#include <json-c/json.h>

#include "util/span.h"

int strict_json_parse(const char *buf, size_t len, size_t max_bytes, int max_depth, unsigned flags,
		      struct json_object **out, struct err *err)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error je;
	size_t i;
	int r = 0;

	*out = NULL;
	if (len > max_bytes || len > INT_MAX)
		return err_set(err, -EFBIG, "larger than %zu bytes", max_bytes);
	tok = json_tokener_new_ex(max_depth);
	if (!tok)
		return err_set(err, -ENOMEM, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    (flags & STRICT_JSON_ANY_BYTES ? 0 : JSON_TOKENER_VALIDATE_UTF8));
	o = json_tokener_parse_ex(tok, buf ? buf : "", (int)len);
	je = json_tokener_get_error(tok);
	/* json-c cannot tell a bare null at the end of the bytes from the start of a longer word */
	if (!o && (flags & STRICT_JSON_NULL_OK) && je == json_tokener_continue &&
	    span_eq(span_trim(SPAN(buf, len)), "null"))
		goto out;
	if (!o && !((flags & STRICT_JSON_NULL_OK) && je == json_tokener_success)) {
		if (je == json_tokener_continue || je == json_tokener_success)
			r = err_set(err, -EINVAL, "truncated JSON (ends after %zu bytes)", len);
		else
			r = err_set(err, -EINVAL, "invalid JSON at byte %zu: %s", json_tokener_get_parse_end(tok),
				    json_tokener_error_desc(je));
		goto out;
	}
	for (i = json_tokener_get_parse_end(tok); i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r') {
			r = err_set(err, -EINVAL, "trailing bytes after the JSON at byte %zu", i);
			goto out;
		}
	*out = o;
	o = NULL;
out:
	json_object_put(o);
	json_tokener_free(tok);
	return r;
}
