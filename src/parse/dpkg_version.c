/*
 * dpkg's version comparison, re-implemented byte for byte from dpkg 1.21
 * (parseversion in lib/dpkg/parsehelp.c, order/verrevcmp in
 * lib/dpkg/version.c). Agreement with `dpkg --compare-versions` is tested
 * on real version pairs (tests/integration/dpkg_versions.sh).
 *
 * Strings here are spans (the input need not be terminated): a position
 * past the end reads as NUL, which is what dpkg sees at a terminator.
 * dpkg's order() takes a plain char, signed on the platforms Debian builds
 * kyuka for amd64/i386; bytes >= 0x80 are therefore ordered as negative
 * values + 256, just as dpkg on those platforms orders them.
 */
#include "parse/dpkg_version.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/span.h"

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The byte at i of a span, or 0 past its end; as dpkg's (signed) char. */
static int at(const char *s, size_t len, size_t i)
{
	return i < len ? (int)(signed char)s[i] : 0;
}

static int order(int c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

static int verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (at(a, alen, i) || at(b, blen, j)) {
		int first_diff = 0;

		while ((at(a, alen, i) && !is_digit(at(a, alen, i))) || (at(b, blen, j) && !is_digit(at(b, blen, j)))) {
			int ac = order(at(a, alen, i));
			int bc = order(at(b, blen, j));

			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (at(a, alen, i) == '0')
			i++;
		while (at(b, blen, j) == '0')
			j++;
		while (is_digit(at(a, alen, i)) && is_digit(at(b, blen, j))) {
			if (!first_diff)
				first_diff = at(a, alen, i) - at(b, blen, j);
			i++;
			j++;
		}
		if (is_digit(at(a, alen, i)))
			return 1;
		if (is_digit(at(b, blen, j)))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

int dpkg_version_cmp(const struct dpkg_version *a, const struct dpkg_version *b)
{
	int rc;

	if (a->epoch > b->epoch)
		return 1;
	if (a->epoch < b->epoch)
		return -1;
	rc = verrevcmp(a->upstream, a->upstream_len, b->upstream, b->upstream_len);
	if (rc)
		return rc;
	return verrevcmp(a->revision, a->revision_len, b->revision, b->revision_len);
}

/* strtol(s, &end, 10) over [s, s+len) for the epoch: 0 and *end_i, or -EINVAL / -ERANGE. */
static int epoch_strtol(const char *s, size_t len, size_t *end_i, long long *out)
{
	size_t i = 0, start;
	bool neg = false;
	long long v = 0;
	bool range = false;

	while (i < len && span_is_space((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	start = i;
	while (i < len && is_digit(s[i])) {
		if (!range) {
			v = v * 10 + (s[i] - '0');
			if (v > (long long)INT_MAX + 1)
				range = true;
		}
		i++;
	}
	if (i == start) {
		*end_i = 0;	/* strtol: no conversion, end = the start of the string */
		return -EINVAL;
	}
	*end_i = i;
	*out = neg ? -v : v;
	return range ? -ERANGE : 0;
}

int dpkg_version_parse(const char *s, size_t len, struct dpkg_version *out, const char **why)
{
	struct dpkg_version v = { 0 };
	const char *colon, *hyphen;
	size_t start = 0, end, p, i;
	const char *w = NULL;

	if (!s)
		len = 0;
	if (len > DPKG_VERSION_MAX) {
		*why = "version longer than 256 bytes";
		return -EINVAL;
	}
	if (len && memchr(s, '\0', len)) {
		*why = "NUL byte in version";
		return -EINVAL;
	}
	while (start < len && span_is_blank(s[start]))
		start++;
	if (start == len) {
		*why = "version string is empty";
		return -EINVAL;
	}
	end = start;
	while (end < len && !span_is_blank(s[end]))
		end++;
	for (p = end; p < len && span_is_blank(s[p]); p++)
		;
	if (p < len) {
		*why = "version string has embedded spaces";
		return -EINVAL;
	}
	/* dpkg's strchr looks at the rest of the string, which is [start, end) here. */
	colon = memchr(s + start, ':', end - start);
	if (colon) {
		size_t epoch_end;
		long long epoch = 0;
		int r = epoch_strtol(s + start, end - start, &epoch_end, &epoch);

		if (r == -EINVAL) {
			*why = "epoch in version is empty";
			return -EINVAL;
		}
		if (s + start + epoch_end != colon) {
			*why = "epoch in version is not number";
			return -EINVAL;
		}
		if (epoch < 0) {
			*why = "epoch in version is negative";
			return -EINVAL;
		}
		if (r == -ERANGE || epoch > INT_MAX) {
			*why = "epoch in version is too big";
			return -EINVAL;
		}
		if (colon + 1 == s + end) {
			*why = "nothing after colon in version number";
			return -EINVAL;
		}
		v.epoch = (unsigned)epoch;
		start = (size_t)(colon + 1 - s);
	}
	v.upstream = s + start;
	v.upstream_len = end - start;
	v.revision = "";
	v.revision_len = 0;
	hyphen = NULL;
	for (i = v.upstream_len; i > 0; i--)
		if (v.upstream[i - 1] == '-') {
			hyphen = v.upstream + i - 1;
			break;
		}
	if (hyphen) {
		v.revision = hyphen + 1;
		v.revision_len = (size_t)(v.upstream + v.upstream_len - v.revision);
		v.upstream_len = (size_t)(hyphen - v.upstream);
		if (!v.revision_len) {
			*why = "revision number is empty";
			return -EINVAL;
		}
	}
	if (!v.upstream_len) {
		*why = "upstream version is empty";
		return -EINVAL;
	}
	if (!is_digit(v.upstream[0]))
		w = "version number does not start with digit";
	for (i = 1; !w && i < v.upstream_len; i++) {
		char c = v.upstream[i];
		if (!is_digit(c) && !is_alpha(c) && !strchr(".-+~:", c))
			w = "invalid character in version number";
	}
	for (i = 0; !w && i < v.revision_len; i++) {
		char c = v.revision[i];
		if (!is_digit(c) && !is_alpha(c) && !strchr(".+~", c))
			w = "invalid character in revision number";
	}
	*out = v;
	if (w) {
		*why = w;
		return DPKG_VERSION_WARN;
	}
	*why = NULL;
	return DPKG_VERSION_OK;
}

int dpkg_version_cmp_str(const char *a, const char *b, bool *ok)
{
	struct dpkg_version va, vb;
	const char *why;
	bool a_ok = dpkg_version_parse(a, a ? strlen(a) : 0, &va, &why) >= 0;
	bool b_ok = dpkg_version_parse(b, b ? strlen(b) : 0, &vb, &why) >= 0;

	if (ok)
		*ok = a_ok && b_ok;
	if (!a_ok || !b_ok)
		return (int)a_ok - (int)b_ok;
	return dpkg_version_cmp(&va, &vb);
}

bool dpkg_name_valid(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || len > DPKG_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '+' && c != '-' && c != '.')))
			return false;
	}
	return true;
}
