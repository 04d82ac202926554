/*
 * Escaping of hostile strings for each output. Every string that came from
 * the host goes through the function of the renderer that prints it.
 *
 * Terminal and HTML share one rule for what is made visible instead of being
 * passed through (valid UTF-8 text, Japanese included, is copied as is):
 *
 *   C0 controls U+0000..U+001F (ESC, CR, LF, TAB...) and DEL   "\x1b"
 *   C1 controls U+0080..U+009F                                  "\u009b"
 *   bidi controls U+061C, U+200E, U+200F, U+202A..U+202E,
 *     U+2066..U+2069, line/paragraph separators U+2028, U+2029  "\u202e"
 *   each byte that is not part of valid UTF-8 (overlong forms,
 *     surrogates, beyond U+10FFFF, truncated sequences)         "\xff"
 *   the backslash itself                                        "\\"
 *
 * so that a string can neither drive the terminal nor pass off an escape
 * sequence of its own as one of ours. Lowercase hex throughout.
 *
 * Each function appends to out and returns 0, or -E2BIG when out's maximum
 * would be exceeded; then out is left as it was (nothing is appended).
 * A NULL string appends nothing.
 */
#ifndef KYUKA_REPORT_ESCAPE_H
#define KYUKA_REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* For a terminal: the rule above. The _mem variants take len bytes (NUL bytes become "\x00"). */
int esc_terminal(struct strbuf *out, const char *s);
int esc_terminal_mem(struct strbuf *out, const char *s, size_t len);

/* For HTML text and attribute values: the rule above, plus & < > " ' as entities. */
int esc_html(struct strbuf *out, const char *s);
int esc_html_mem(struct strbuf *out, const char *s, size_t len);

/*
 * For JSON (json-c escapes the controls but passes invalid UTF-8 through):
 * copies s, replacing each maximal ill-formed subsequence with U+FFFD, so
 * the result is valid UTF-8. NUL bytes are kept (json-c escapes them).
 */
int esc_utf8_valid(struct strbuf *out, const char *s, size_t len);

struct json_object;
/* The one JSON string maker: the len bytes at s made valid UTF-8 as a json-c string; 0 or -ENOMEM/-E2BIG. */
int esc_json_string(const char *s, size_t len, struct json_object **out);
/* The same for a C string: NULL stays NULL (a JSON null), and so does a failure. */
struct json_object *esc_json_str(const char *s);

/*
 * Copies serialised JSON text (json-c's output), writing DEL, C1 controls,
 * bidi controls and separators as \u escapes ("\u007f", "\u202e") and any
 * invalid UTF-8 byte as "\ufffd". Outside strings JSON text holds none of
 * these, so the result means the same to every JSON reader, and the file can
 * be shown in a terminal without driving it (json-c escapes C0 itself).
 */
int esc_json_text(struct strbuf *out, const char *json, size_t len);

/* True when the len bytes at s are valid UTF-8 (no overlongs, surrogates or code points beyond U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

#endif
