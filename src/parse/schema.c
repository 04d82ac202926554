/*
 * The schema of kyuka.yaml: the section binder (schema_parse_section), the
 * typed getters it calls per key, and the dates. Every error names the file,
 * the 1-based line and the key path ("accounts.dormant_days").
 */
#include "parse/schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libintl.h>

#include "parse/config/dates.h"
#include "model/finding.h"	/* enum severity (values only; nothing is linked) */
#include "util/num.h"
#include "util/xalloc.h"

#define PATH_MAX_LEN		128	/* "allow[4095].expires" */

/* ------------------------------------------------------------------ */
/* Dates */

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int date_parse(const char *s, size_t len, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2))
		return -EINVAL;
	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (yy < 1970 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(yy, mm))
		return -EINVAL;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

/* Both dates already valid; YYYY-MM-DD compares as text. */
static int holiday_order(const char *start, const char *end, struct err *err)
{
	if (strcmp(end, start) < 0)
		return err_set(err, -EINVAL, "holiday ends on %s, before it starts on %s", end, start);
	return 0;
}

int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err)
{
	char q[QBUF_SIZE];
	char a[11], b[11];
	int y, m, d, r;

	if (!s || len != 22 || s[10] != '.' || s[11] != '.')
		return err_set(err, -EINVAL, "invalid holiday '%s': expected YYYY-MM-DD..YYYY-MM-DD",
			       cfg_quote(q, sizeof(q), s ? s : "", s ? len : 0));
	if (date_parse(s, 10, &y, &m, &d) < 0)
		return err_set(err, -EINVAL, "invalid date '%s' in holiday", cfg_quote(q, sizeof(q), s, 10));
	if (date_parse(s + 12, 10, &y, &m, &d) < 0)
		return err_set(err, -EINVAL, "invalid date '%s' in holiday", cfg_quote(q, sizeof(q), s + 12, 10));
	memcpy(a, s, 10);
	a[10] = '\0';
	memcpy(b, s + 12, 10);
	b[10] = '\0';
	r = holiday_order(a, b, err);
	if (r < 0)
		return r;
	memcpy(start, a, 11);
	memcpy(end, b, 11);
	return 0;
}
/* ------------------------------------------------------------------ */
/* The binder and its getters */

/* The mapping form of holiday, parsed into this. */
struct holiday_map {
	char start[11];
	char end[11];
};

static const struct ckey holiday_keys[] = {
	{ .name = "start", .type = KT_DATE, .flags = KF_REQUIRED, .off = offsetof(struct holiday_map, start) },
	{ .name = "end", .type = KT_DATE, .flags = KF_REQUIRED, .off = offsetof(struct holiday_map, end) },
};

static const struct csection holiday_section = { SECTION(holiday_keys) };

_Static_assert(ARRAY_SIZE(holiday_keys) <= CONFIG_SECTION_MAX_KEYS, "holiday_keys");

static const struct {
	const char *name;
	int sev;
} severities[] = {
	{ "info", SEV_INFO }, { "low", SEV_LOW }, { "medium", SEV_MEDIUM },
	{ "high", SEV_HIGH }, { "critical", SEV_CRITICAL },
};

void schema_defaults(const struct csection *sec, void *base)
{
	size_t i;

	for (i = 0; i < sec->n_keys; i++) {
		const struct ckey *k = &sec->keys[i];

		switch (k->type) {
		case KT_UINT:
			if (k->flags & KF_INT)
				*FIELD(base, k->off, int) = (int)k->def;
			else
				*FIELD(base, k->off, uint32_t) = k->def;
			break;
		case KT_HOURS:
			*FIELD(base, k->off, uint32_t) = k->def;
			*FIELD(base, k->off2, uint32_t) = k->def2;
			break;
		case KT_SECTION:
		case KT_SECTION_OR_NONE:
			schema_defaults(k->sub, FIELD(base, k->off, char));
			break;
		default:
			break;
		}
	}
}

void schema_free_section(const struct csection *sec, void *base)
{
	size_t i, j;

	for (i = 0; i < sec->n_keys; i++) {
		const struct ckey *k = &sec->keys[i];

		switch (k->type) {
		case KT_STRING:
		case KT_CHOICE:
			free(*FIELD(base, k->off, char *));
			*FIELD(base, k->off, char *) = NULL;
			break;
		case KT_STRLIST: {
			char **list = *FIELD(base, k->off, char **);
			size_t n = *FIELD(base, k->off2, size_t);

			for (j = 0; list && j < n; j++)
				free(list[j]);
			free(list);
			*FIELD(base, k->off, char **) = NULL;
			*FIELD(base, k->off2, size_t) = 0;
			break;
		}
		case KT_SECTION:
		case KT_SECTION_OR_NONE:
			schema_free_section(k->sub, FIELD(base, k->off, char));
			break;
		case KT_LIST: {
			char *arr = *FIELD(base, k->off, char *);
			size_t n = *FIELD(base, k->off2, size_t);

			for (j = 0; arr && j < n; j++)
				schema_free_section(k->sub, arr + j * k->sub->elem_size);
			free(arr);
			*FIELD(base, k->off, char *) = NULL;
			*FIELD(base, k->off2, size_t) = 0;
			break;
		}
		default:
			break;
		}
	}
}

/* "accounts" + "dormant_days" -> "accounts.dormant_days" (paths are short: tables are ours) */
static void join_path(char *out, size_t size, const char *path, const char *name)
{
	if (snprintf(out, size, "%s%s%s", path, *path ? "." : "", name) < 0)
		out[0] = '\0';
}

/* "allow" + 3 -> "allow[3]" */
static void index_path(char *out, size_t size, const char *path, size_t i)
{
	if (snprintf(out, size, "%s[%zu]", path, i) < 0)
		out[0] = '\0';
}

static const char *kind_name(const struct ynode *y)
{
	if (yaml_is_null(y))
		return gettext("nothing");
	return y->kind == YN_MAP ? gettext("a mapping") : y->kind == YN_SEQ ? gettext("a list") : gettext("a scalar");
}

/* No "." or ".." component and no empty one but a trailing slash ("/a//b" is refused). */
bool schema_abspath_clean(const char *s, size_t len)
{
	size_t i = 1;

	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != '/')
			j++;
		if ((j == i && j < len) || (j - i == 1 && s[i] == '.') || (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			return false;
		i = j + 1;
	}
	return true;
}

/*
 * A string value: any scalar style, not null, not empty, no NUL or control
 * characters (tab and line feed allowed unless KF_WORD), at most
 * CONFIG_MAX_STRING bytes. Caller frees *out.
 */
static int get_string(struct pctx *c, const char *path, const struct ynode *y, unsigned flags, char **out)
{
	char q[QBUF_SIZE];
	const unsigned char *s;
	char *copy;
	size_t i;

	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a string, got %s", path, kind_name(y));
	if (!y->len)
		return cfg_err(c, y->line, "%s: must not be empty", path);
	if (y->len > CONFIG_MAX_STRING)
		return cfg_err(c, y->line, "%s: longer than %d bytes", path, CONFIG_MAX_STRING);
	s = (const unsigned char *)y->text;
	for (i = 0; i < y->len; i++) {
		if (s[i] == 0)
			return cfg_err(c, y->line, "%s: contains a NUL byte", path);
		if ((flags & KF_WORD) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			return cfg_err(c, y->line, "%s: must be a single word without blanks", path);
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7f ||
		    (s[i] == 0xc2 && i + 1 < y->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f))
			return cfg_err(c, y->line, "%s: contains a control character", path);
	}
	if ((flags & KF_ABSPATH) && (y->text[0] != '/' || !schema_abspath_clean(y->text, y->len)))
		return cfg_err(c, y->line, "%s: expected an absolute path without '.' or '..' components, got '%s'", path,
			       cfg_quote(q, sizeof(q), y->text, y->len));
	copy = xstrndup(y->text, y->len);
	if (flags & KF_ABSPATH)
		for (i = strlen(copy); i > 1 && copy[i - 1] == '/'; i--)
			copy[i - 1] = '\0';
	if (flags & KF_UPPER)
		for (i = 0; copy[i]; i++)
			if (copy[i] >= 'a' && copy[i] <= 'z')
				copy[i] = (char)(copy[i] - 'a' + 'A');
	*out = copy;
	return 0;
}

static int get_uint(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, uint32_t *out)
{
	char q[QBUF_SIZE];
	uint64_t v;
	int r;

	if (y->kind != YN_SCALAR || !y->plain || yaml_is_null(y))
		return cfg_err(c, y->line, "%s: expected a whole number, got %s", path,
			       y->kind == YN_SCALAR && !yaml_is_null(y) ? "a quoted string" : kind_name(y));
	if (y->len > 1 && y->text[0] == '-' && all_digits(y->text + 1, y->len - 1))
		goto range;
	if (y->len > 1 && y->text[0] == '0' && all_digits(y->text, y->len))
		return cfg_err(c, y->line, "%s: a whole number may not start with 0", path);
	r = parse_u64(y->text, y->len, UINT64_MAX, &v);
	if (r == -ERANGE)
		goto range;
	if (r < 0)
		return cfg_err(c, y->line, "%s: expected a whole number, got '%s'", path,
			       cfg_quote(q, sizeof(q), y->text, y->len));
	if (v < k->min || v > k->max)
		goto range;
	*out = (uint32_t)v;
	return 0;
range:
	if (k->min == k->max)
		return cfg_err(c, y->line, "%s must be %u", path, (unsigned)k->min);
	return cfg_err(c, y->line, "%s must be between %u and %u", path, (unsigned)k->min, (unsigned)k->max);
}

static int get_date(struct pctx *c, const char *path, const struct ynode *y, char out[11])
{
	char q[QBUF_SIZE];
	int yy, mm, dd;

	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a date (YYYY-MM-DD), got %s", path, kind_name(y));
	if (date_parse(y->text, y->len, &yy, &mm, &dd) < 0)
		return cfg_err(c, y->line, "%s: invalid date '%s' (expected YYYY-MM-DD, years 1970 to 9999)", path,
			       cfg_quote(q, sizeof(q), y->text, y->len));
	memcpy(out, y->text, 10);
	out[10] = '\0';
	return 0;
}

/* Case-insensitive for ASCII letters only (no locale). */
static bool ascii_eq_icase(const char *s, size_t len, const char *lit)
{
	size_t i;

	if (len != strlen(lit))
		return false;
	for (i = 0; i < len; i++) {
		char a = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];

		if (a != lit[i])
			return false;
	}
	return true;
}

static int get_severity(struct pctx *c, const char *path, const struct ynode *y, int *out)
{
	char q[QBUF_SIZE];
	size_t i;

	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a severity, got %s", path, kind_name(y));
	for (i = 0; i < ARRAY_SIZE(severities); i++) {
		if (ascii_eq_icase(y->text, y->len, severities[i].name)) {
			*out = severities[i].sev;
			return 0;
		}
	}
	return cfg_err(c, y->line, "%s: expected info, low, medium, high or critical, got '%s'", path,
		       cfg_quote(q, sizeof(q), y->text, y->len));
}

/* "22-6": from hour 22 to hour 6 (local, 0..23, the start and end differ). */
static int get_hours(struct pctx *c, const char *path, const struct ynode *y, uint32_t *from, uint32_t *to)
{
	char q[QBUF_SIZE];
	const char *dash;
	uint64_t a, b;

	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected hours like 22-6, got %s", path, kind_name(y));
	dash = memchr(y->text, '-', y->len);
	if (!dash || parse_u64(y->text, (size_t)(dash - y->text), 23, &a) < 0 ||
	    parse_u64(dash + 1, y->len - (size_t)(dash - y->text) - 1, 23, &b) < 0 || a == b)
		return cfg_err(c, y->line, "%s: expected two different hours 0-23 like 22-6, got '%s'", path,
			       cfg_quote(q, sizeof(q), y->text, y->len));
	*from = (uint32_t)a;
	*to = (uint32_t)b;
	return 0;
}

static int get_bool(struct pctx *c, const char *path, const struct ynode *y, bool *out)
{
	if (y->kind == YN_SCALAR && y->plain && ascii_eq_icase(y->text, y->len, "true")) {
		*out = true;
		return 0;
	}
	if (y->kind == YN_SCALAR && y->plain && ascii_eq_icase(y->text, y->len, "false")) {
		*out = false;
		return 0;
	}
	return cfg_err(c, y->line, "%s: expected true or false", path);
}

static int get_enum(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, int *out)
{
	char q[QBUF_SIZE];
	char list[256] = "";
	size_t i;

	if (!yaml_is_null(y) && y->kind == YN_SCALAR)
		for (i = 0; k->names[i]; i++)
			if (y->len == strlen(k->names[i]) && !memcmp(y->text, k->names[i], y->len)) {
				*out = (int)i;
				return 0;
			}
	for (i = 0; k->names[i]; i++) {
		size_t n = strlen(list);

		snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", k->names[i]);
	}
	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected one of %s, got %s", path, list, kind_name(y));
	return cfg_err(c, y->line, "%s: expected one of %s, got '%s'", path, list, cfg_quote(q, sizeof(q), y->text, y->len));
}

/* A count ("20", min..max) or a percentage ("5%", 1..100). */
static int get_sample(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	uint64_t v;
	uint32_t u;

	if (y->kind == YN_SCALAR && !yaml_is_null(y) && y->len >= 2 && y->text[y->len - 1] == '%') {
		if (y->text[0] == '0' || parse_u64(y->text, y->len - 1, 100, &v) < 0 || v < 1)
			return cfg_err(c, y->line, "%s: a percentage must be between 1%% and 100%%", path);
		*FIELD(base, k->off, uint32_t) = 0;
		*FIELD(base, k->off2, uint32_t) = (uint32_t)v;
		return 0;
	}
	if (y->kind != YN_SCALAR || !y->plain || yaml_is_null(y))
		return cfg_err(c, y->line, "%s: expected a number of files or a percentage (\"5%%\"), got %s", path,
			       y->kind == YN_SCALAR && !yaml_is_null(y) ? "a quoted string" : kind_name(y));
	if (get_uint(c, path, k, y, &u) < 0)
		return -EINVAL;
	*FIELD(base, k->off, uint32_t) = u;
	*FIELD(base, k->off2, uint32_t) = 0;
	return 0;
}

static int get_holiday(struct pctx *c, const char *path, const struct ynode *y, char start[11], char end[11])
{
	struct holiday_map h;
	struct err e;
	int r;

	memset(&h, 0, sizeof(h));
	if (y->kind == YN_MAP) {
		r = schema_parse_section(c, &holiday_section, path, y, &h);
		if (r < 0)
			return r;
	} else if (y->kind == YN_SCALAR && !yaml_is_null(y)) {
		r = holiday_parse(y->text, y->len, h.start, h.end, &e);
		if (r < 0)	/* the message already says "holiday" */
			return cfg_err(c, y->line, "%s", e.msg);
	} else {
		return cfg_err(c, y->line, "%s: expected YYYY-MM-DD..YYYY-MM-DD or {start: ..., end: ...}, got %s",
			       path, kind_name(y));
	}
	r = holiday_order(h.start, h.end, &e);
	if (r < 0)
		return cfg_err(c, y->line, "%s", e.msg);
	memcpy(start, h.start, 11);
	memcpy(end, h.end, 11);
	return 0;
}

/* Lists are stored in base as soon as they are allocated, so free_section can clean up after an error. */
/* A list's value: 1 to read its entries, 0 for null (nothing to set), or the error (not a list, too long). */
static int list_value(struct pctx *c, const char *path, const struct ynode *y)
{
	if (yaml_is_null(y))
		return 0;
	if (y->kind != YN_SEQ)
		return cfg_err(c, y->line, "%s: expected a list, got %s", path, kind_name(y));
	if (y->n > CONFIG_MAX_LIST)
		return cfg_err(c, y->line, "%s: more than %d entries", path, CONFIG_MAX_LIST);
	return 1;
}

static int get_strlist(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	char item_path[PATH_MAX_LEN];
	char **list;
	size_t i;
	int r;

	if ((r = list_value(c, path, y)) <= 0)
		return r;
	list = xcalloc(y->n, sizeof(*list));
	*FIELD(base, k->off, char **) = list;
	*FIELD(base, k->off2, size_t) = y->n;
	for (i = 0; i < y->n; i++) {
		index_path(item_path, sizeof(item_path), path, i);
		r = get_string(c, item_path, y->kids[i], k->flags, &list[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int get_list(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, void *base)
{
	const struct csection *sub = k->sub;
	char item_path[PATH_MAX_LEN];
	char *arr;
	size_t i;
	int r;

	if ((r = list_value(c, path, y)) <= 0)
		return r;
	arr = xcalloc(y->n, sub->elem_size);
	*FIELD(base, k->off, char *) = arr;
	*FIELD(base, k->off2, size_t) = y->n;
	for (i = 0; i < y->n; i++) {
		void *elem = arr + i * sub->elem_size;

		index_path(item_path, sizeof(item_path), path, i);
		if (y->kids[i]->kind != YN_MAP)
			return cfg_err(c, y->kids[i]->line, "%s: expected a mapping, got %s", item_path,
				       kind_name(y->kids[i]));
		if (sub->has_line)
			*FIELD(elem, sub->off_line, size_t) = y->kids[i]->line;
		r = schema_parse_section(c, sub, item_path, y->kids[i], elem);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A nested mapping at sub_base, with its line when the section keeps one. */
static int get_section(struct pctx *c, const struct csection *sub, const char *path, const struct ynode *y,
		       void *sub_base)
{
	if (sub->has_line)
		*FIELD(sub_base, sub->off_line, size_t) = y->line;
	return schema_parse_section(c, sub, path, y, sub_base);
}

static int get_choice(struct pctx *c, const char *path, const struct ckey *k, const struct ynode *y, char **out)
{
	char q[QBUF_SIZE];
	char list[256];
	size_t i, o = 0;

	if (yaml_is_null(y) || y->kind != YN_SCALAR)
		return cfg_err(c, y->line, "%s: expected a word, got %s", path, kind_name(y));
	for (i = 0; k->choices[i]; i++) {
		if (ascii_eq_icase(y->text, y->len, k->choices[i])) {
			*out = xstrdup(k->choices[i]);
			return 0;
		}
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", k->choices[i]);
		if (o >= sizeof(list))
			o = sizeof(list) - 1;
	}
	return cfg_err(c, y->line, "%s: expected one of %s, got '%s'", path, list,
		       cfg_quote(q, sizeof(q), y->text, y->len));
}

static int parse_value(struct pctx *c, const struct ckey *k, const char *path, const struct ynode *y, void *base)
{
	uint32_t u = 0;
	int r = 0;

	switch (k->type) {
	case KT_STRING:
		r = get_string(c, path, y, k->flags, FIELD(base, k->off, char *));
		break;
	case KT_UINT:
		r = get_uint(c, path, k, y, &u);
		if (r == 0 && (k->flags & KF_INT))
			*FIELD(base, k->off, int) = (int)u;
		else if (r == 0)
			*FIELD(base, k->off, uint32_t) = u;
		break;
	case KT_DATE:
		r = get_date(c, path, y, FIELD(base, k->off, char));
		break;
	case KT_SEVERITY:
		r = get_severity(c, path, y, FIELD(base, k->off, int));
		break;
	case KT_STRLIST:
		r = get_strlist(c, path, k, y, base);
		break;
	case KT_HOLIDAY:
		r = get_holiday(c, path, y, FIELD(base, k->off, char), FIELD(base, k->off2, char));
		break;
	case KT_SECTION:
		r = get_section(c, k->sub, path, y, FIELD(base, k->off, char));
		break;
	case KT_LIST:
		r = get_list(c, path, k, y, base);
		break;
	case KT_CHOICE:
		r = get_choice(c, path, k, y, FIELD(base, k->off, char *));
		break;
	case KT_SECTION_OR_NONE:
		if (y->kind == YN_SCALAR && !yaml_is_null(y) && ascii_eq_icase(y->text, y->len, "none")) {
			*FIELD(base, k->off2, bool) = true;
			break;
		}
		if (y->kind != YN_MAP) {
			r = cfg_err(c, y->line, "%s: expected a mapping or the word none, got %s", path, kind_name(y));
			break;
		}
		r = get_section(c, k->sub, path, y, FIELD(base, k->off, char));
		break;
	case KT_HOURS:
		r = get_hours(c, path, y, FIELD(base, k->off, uint32_t), FIELD(base, k->off2, uint32_t));
		break;
	case KT_BOOL:
		r = get_bool(c, path, y, FIELD(base, k->off, bool));
		break;
	case KT_ENUM:
		r = get_enum(c, path, k, y, FIELD(base, k->off, int));
		break;
	case KT_SAMPLE:
		r = get_sample(c, path, k, y, base);
		break;
	}
	if (r == 0 && (k->flags & KF_HAS))
		*FIELD(base, k->off_has, bool) = true;
	return r;
}

/* A mapping checked against sec; a null value is an empty mapping. */
int schema_parse_section(struct pctx *c, const struct csection *sec, const char *path, const struct ynode *map,
			 void *base)
{
	size_t seen[CONFIG_SECTION_MAX_KEYS] = { 0 };
	char q[QBUF_SIZE];
	char kpath[PATH_MAX_LEN];
	size_t i, j;
	int r;

	if (!yaml_is_null(map) && map->kind != YN_MAP) {
		if (!*path)
			return cfg_err(c, map->line, "the top level must be a mapping of keys, got %s",
				       kind_name(map));
		return cfg_err(c, map->line, "%s: expected a mapping, got %s", path, kind_name(map));
	}
	for (i = 0; map && map->kind == YN_MAP && i + 1 < map->n; i += 2) {
		const struct ynode *key = map->kids[i];
		const struct ynode *val = map->kids[i + 1];

		if (key->kind != YN_SCALAR || yaml_is_null(key))
			return cfg_err(c, key->line, "%s%skeys must be plain words, got %s", path, *path ? ": " : "",
				       kind_name(key));
		for (j = 0; j < sec->n_keys; j++)
			if (key->len == strlen(sec->keys[j].name) && !memcmp(key->text, sec->keys[j].name, key->len))
				break;
		if (j == sec->n_keys) {
			if (!*path)
				return cfg_err(c, key->line, "unknown key '%s'", cfg_quote(q, sizeof(q), key->text, key->len));
			return cfg_err(c, key->line, "unknown key '%s' in '%s'", cfg_quote(q, sizeof(q), key->text, key->len),
				       path);
		}
		join_path(kpath, sizeof(kpath), path, sec->keys[j].name);
		if (seen[j])
			return cfg_err(c, key->line, "duplicate key '%s' (first given on line %zu)", kpath, seen[j]);
		seen[j] = key->line;
		r = parse_value(c, &sec->keys[j], kpath, val, base);
		if (r < 0)
			return r;
	}
	for (j = 0; j < sec->n_keys; j++) {
		if ((sec->keys[j].flags & KF_REQUIRED) && !seen[j])
			return cfg_err(c, map ? map->line : 0, "%s: missing '%s'", *path ? path : "config",
				       sec->keys[j].name);
	}
	return 0;
}

