/*
 * Contact details from the plan: phone numbers and mail addresses, checked
 * for shape only (pure: bytes in, verdict out; input need not be
 * terminated). Nothing here dials or resolves anything.
 *
 * Phone numbers: Japanese domestic numbers as people write them
 * ("03-1234-5678", "090-1234-5678", "0120-123-456", "03(1234)5678"), and
 * international numbers ("+81 3-1234-5678", "+1 202 555 0100",
 * "+81 (0)3 1234 5678"). Separators are spaces, hyphens, dots and one pair of
 * parentheses; digits are ASCII. A Japanese number must have the length its
 * prefix calls for (mobile, IP phone and 0800: 11 digits; others 10).
 *
 * Mail addresses: addr-spec of RFC 5321 with a dot-atom local part (quoted
 * local parts are refused: they are legal, and rarely anything but a
 * mistake), at most 64 bytes before '@', a domain of at least two LDH labels
 * (1..63 bytes, no leading or trailing hyphen, a top-level label that is not
 * all digits), at most 254 bytes in all. ASCII only: write an
 * internationalised domain in its xn-- form.
 */
#ifndef KYUKA_PARSE_CONTACT_H
#define KYUKA_PARSE_CONTACT_H

#include <stddef.h>

#define CONTACT_MAX_PHONE	64	/* bytes of a written phone number */
#define CONTACT_MAX_MAIL	254	/* RFC 5321 path limit less the brackets */
#define CONTACT_MAX_LOCAL	64
#define CONTACT_MAX_LABEL	63
#define PHONE_MAX_DIGITS	15	/* E.164 */

enum phone_kind {
	PHONE_JP_FIXED,		/* 0A-..., 10 digits */
	PHONE_JP_MOBILE,	/* 070/080/090, 11 digits */
	PHONE_JP_IP,		/* 050, 11 digits */
	PHONE_JP_FREE,		/* 0120 (10 digits), 0800 (11) */
	PHONE_JP_SHARED,	/* 0570 navi-dial, 0180, 0990: 10 digits */
	PHONE_INTL,		/* +CC ... outside Japan */
};

struct phone_info {
	enum phone_kind kind;
	char e164[PHONE_MAX_DIGITS + 2];	/* "+81312345678" */
};

/*
 * Returns 0 and fills *out (may be NULL), or -EINVAL with *why set to a
 * static English reason ("too few digits for a Japanese number").
 */
int phone_check(const char *s, size_t len, struct phone_info *out, const char **why);
int mail_check(const char *s, size_t len, const char **why);

#endif
