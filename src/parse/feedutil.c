#include "parse/feedutil.h"

#include <string.h>

#include <json-c/json.h>

#include "util/span.h"
#include "util/xalloc.h"

bool cve_id_valid(const char *s, size_t len)
{
	if (len < 13 || len > 28 || memcmp(s, "CVE-", 4) != 0 || s[8] != '-')
		return false;
	return span_all_digits(SPAN(s + 4, 4)) && span_all_digits(SPAN(s + 9, len - 9));
}

bool feed_date_valid(const char *s, size_t len)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, max;

	if (len < 10 || s[4] != '-' || s[7] != '-' || !span_all_digits(SPAN(s, 4)) || !span_all_digits(SPAN(s + 5, 2)) ||
	    !span_all_digits(SPAN(s + 8, 2)))
		return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12)
		return false;
	max = dim[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	return d >= 1 && d <= max;
}

static const struct {
	const char *num, *name;
} releases[] = {
	{ "7", "wheezy" }, { "8", "jessie" }, { "9", "stretch" }, { "10", "buster" },
	{ "11", "bullseye" }, { "12", "bookworm" }, { "13", "trixie" }, { "14", "forky" },
};

const char *debian_codename(const char *num, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(releases) / sizeof(releases[0]); i++)
		if (strlen(releases[i].num) == len && !memcmp(releases[i].num, num, len))
			return releases[i].name;
	return NULL;
}

const char *debian_release_number(const char *codename)
{
	size_t i;

	for (i = 0; codename && i < sizeof(releases) / sizeof(releases[0]); i++)
		if (!strcmp(releases[i].name, codename))
			return releases[i].num;
	return NULL;
}

const char *json_str(struct json_object *obj, const char *key, size_t max, size_t *len, bool *bad)
{
	struct json_object *v;
	const char *s;
	int n;

	*len = 0;
	if (!obj || !json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) || !v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (n < 0 || (size_t)n > max || memchr(s, '\0', (size_t)n)) {
		*bad = true;
		return NULL;
	}
	*len = (size_t)n;
	return s;
}

char *json_strdup(struct json_object *obj, const char *key, size_t max, bool *bad)
{
	size_t len;
	const char *s = json_str(obj, key, max, &len, bad);

	return s ? xstrndup(s, len) : NULL;
}
