/* Phone numbers and mail addresses of the plan, checked for shape. See contact.h. */
#include "parse/contact.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static int bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool starts(const char *digits, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(digits, prefix, k) == 0;
}

/* A Japanese number written from its leading 0 (digits only). */
static int jp_check(const char *d, size_t n, enum phone_kind *kind, const char **why)
{
	size_t want = 10;

	if (n < 2 || d[0] != '0')
		return bad(why, "a Japanese number starts with 0 (or write +81 and the number without it)");
	if (d[1] == '0')
		return bad(why, "an international call prefix (00, 010): write the number as +CC ...");
	if (starts(d, n, "0120")) {
		*kind = PHONE_JP_FREE;
	} else if (starts(d, n, "0800")) {	/* before 080 */
		*kind = PHONE_JP_FREE;
		want = 11;
	} else if (starts(d, n, "070") || starts(d, n, "080") || starts(d, n, "090") || starts(d, n, "020")) {
		*kind = PHONE_JP_MOBILE;
		want = 11;
	} else if (starts(d, n, "050") || starts(d, n, "060")) {
		*kind = PHONE_JP_IP;
		want = 11;
	} else if (starts(d, n, "0570") || starts(d, n, "0180") || starts(d, n, "0990")) {
		*kind = PHONE_JP_SHARED;
	} else {
		*kind = PHONE_JP_FIXED;
	}
	if (n < want)
		return bad(why, "too few digits for a Japanese number of this kind");
	if (n > want)
		return bad(why, "too many digits for a Japanese number of this kind");
	return 0;
}

int phone_check(const char *s, size_t len, struct phone_info *out, const char **why)
{
	char d[PHONE_MAX_DIGITS + 2];
	size_t n = 0, i = 0, pairs = 0, zero_paren = 0;
	bool plus = false, open = false, prev_hard = true;
	struct phone_info info;

	if (!s || len == 0)
		return bad(why, "empty");
	if (len > CONTACT_MAX_PHONE)
		return bad(why, "longer than 64 characters");
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '+') {
		plus = true;
		i++;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_digit(c)) {
			if (n >= PHONE_MAX_DIGITS)
				return bad(why, "more than 15 digits");
			d[n++] = (char)c;
			prev_hard = false;
		} else if (c == ' ') {
			continue;
		} else if (c == '-' || c == '.') {
			if (prev_hard)
				return bad(why, "a hyphen or dot without a digit before it");
			prev_hard = true;
		} else if (c == '(') {
			if (open || pairs >= 2)
				return bad(why, "unbalanced or too many parentheses");
			open = true;
			/* "+81 (0)3 ...": the trunk 0 people write after the country code */
			if (plus && i + 2 < len && s[i + 1] == '0' && s[i + 2] == ')')
				zero_paren = n + 1;
		} else if (c == ')') {
			if (!open)
				return bad(why, "unbalanced parentheses");
			open = false;
			pairs++;
		} else if (c == 0xef && i + 2 < len && (unsigned char)s[i + 1] == 0xbc &&
			   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			return bad(why, "full-width digits: write ASCII digits");
		} else if (c == '+') {
			return bad(why, "a plus sign only at the start");
		} else {
			return bad(why, "only digits, spaces, hyphens, dots, parentheses and a leading + are allowed");
		}
	}
	if (open)
		return bad(why, "unbalanced parentheses");
	if (n == 0)
		return bad(why, "no digits");
	memset(&info, 0, sizeof(info));
	if (plus) {
		char jp[PHONE_MAX_DIGITS + 2];
		size_t m = 0;

		if (d[0] == '0')
			return bad(why, "a country code never starts with 0");
		if (n < 8)
			return bad(why, "too few digits for an international number");
		if (starts(d, n, "81")) {
			/* drop a "(0)" trunk prefix, then check as a domestic number */
			jp[m++] = '0';
			for (i = 2; i < n; i++) {
				if (zero_paren && i + 1 == zero_paren && d[i] == '0')
					continue;
				jp[m++] = d[i];
			}
			if (m >= 2 && jp[1] == '0')
				return bad(why, "after +81 the number is written without its leading 0");
			if (jp_check(jp, m, &info.kind, why) < 0)
				return -EINVAL;
			info.e164[0] = '+';
			info.e164[1] = '8';
			info.e164[2] = '1';
			memcpy(info.e164 + 3, jp + 1, m - 1);
			info.e164[m + 2] = '\0';
		} else {
			size_t k = 0;

			info.kind = PHONE_INTL;
			info.e164[k++] = '+';
			for (i = 0; i < n; i++) {
				if (zero_paren && i + 1 == zero_paren && d[i] == '0')
					continue;
				info.e164[k++] = d[i];
			}
			info.e164[k] = '\0';
		}
	} else {
		if (jp_check(d, n, &info.kind, why) < 0)
			return -EINVAL;
		info.e164[0] = '+';
		info.e164[1] = '8';
		info.e164[2] = '1';
		memcpy(info.e164 + 3, d + 1, n - 1);
		info.e164[n + 2] = '\0';
	}
	if (out)
		*out = info;
	return 0;
}

static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool is_ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}

int mail_check(const char *s, size_t len, const char **why)
{
	size_t at = len, i, labels = 0, start, local;
	bool tld_digits = true;

	if (!s || len == 0)
		return bad(why, "empty");
	if (len > CONTACT_MAX_MAIL)
		return bad(why, "longer than 254 characters");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return bad(why, "not ASCII: write an internationalised domain in its xn-- form");
		if (c == '@') {
			if (at != len)
				return bad(why, "more than one @");
			at = i;
		}
	}
	if (at == len)
		return bad(why, "no @");
	local = at;
	if (local == 0)
		return bad(why, "nothing before the @");
	if (s[0] == '"')
		return bad(why, "a quoted local part");
	if (local > CONTACT_MAX_LOCAL)
		return bad(why, "more than 64 characters before the @");
	for (i = 0; i < local; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (i == 0 || i + 1 == local || s[i + 1] == '.')
				return bad(why, "a dot at the start or end of the local part, or two in a row");
		} else if (!is_atext(c)) {
			return bad(why, "a character not allowed before the @");
		}
	}
	if (at + 1 >= len)
		return bad(why, "no domain after the @");
	if (s[at + 1] == '[')
		return bad(why, "an address literal: write a domain name");
	start = at + 1;
	for (i = at + 1; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!is_ldh((unsigned char)s[i]))
				return bad(why, "a character not allowed in a domain");
			continue;
		}
		/* a label ends at i */
		if (i == start)
			return bad(why, "an empty label in the domain");
		if (i - start > CONTACT_MAX_LABEL)
			return bad(why, "a domain label longer than 63 characters");
		if (s[start] == '-' || s[i - 1] == '-')
			return bad(why, "a domain label starts or ends with a hyphen");
		labels++;
		tld_digits = true;
		for (size_t j = start; j < i; j++)
			if (!is_digit((unsigned char)s[j]))
				tld_digits = false;
		start = i + 1;
	}
	if (labels < 2)
		return bad(why, "the domain has no dot (a full domain such as example.jp is needed)");
	if (tld_digits)
		return bad(why, "the top-level domain is all digits");
	return 0;
}
