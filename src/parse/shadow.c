/*
 * /etc/shadow: name:hash:last:min:max:warn:inactive:expire:reserved, and the
 * classification of password fields (shared with gshadow).
 * The hash is a secret: it is classified here, kept for callers that must
 * compare it, and wiped before it is freed.
 */
#include "parse/accounts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/colonfile.h"
#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define SHADOW_FIELDS 9

/* ---- password field classification ---- */

/* The crypt(3) base64 alphabet. */
static bool is_b64(char c)
{
	return c == '.' || c == '/' || (c >= '0' && c <= '9') ||
	       (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Bytes that appear in modular crypt strings ($id$param=v,...$salt$hash). */
static bool is_mcf(char c)
{
	return is_b64(c) || c == '$' || c == ',' || c == '=' || c == '+' || c == '-';
}

static bool all_b64(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_b64(s[i]))
			return false;
	return true;
}

static size_t count_dollars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '$';
	return n;
}

/*
 * Known "$id$" prefixes. `seps` is the least number of '$' that must follow
 * the prefix (e.g. "$6$salt$hash" has one): a string with fewer is a crypt
 * setting, not a hash, and no password can match it. Lengths of the hash
 * part are deliberately not checked: a value we cannot be sure is dead is
 * reported as usable.
 */
static const struct {
	const char *prefix;
	enum pw_scheme scheme;
	size_t seps;
} mcf_schemes[] = {
	{ "$y$", PWS_YESCRYPT, 2 },		/* $y$params$salt$hash */
	{ "$gy$", PWS_GOST_YESCRYPT, 2 },
	{ "$7$", PWS_SCRYPT, 1 },		/* $7$params+salt$hash */
	{ "$2a$", PWS_BCRYPT, 1 },		/* $2b$NN$salt+hash */
	{ "$2b$", PWS_BCRYPT, 1 },
	{ "$2x$", PWS_BCRYPT, 1 },
	{ "$2y$", PWS_BCRYPT, 1 },
	{ "$6$", PWS_SHA512, 1 },		/* $6$[rounds=N$]salt$hash */
	{ "$5$", PWS_SHA256, 1 },
	{ "$md5$", PWS_SUNMD5, 1 },		/* $md5[,rounds=N]$salt$$hash */
	{ "$md5,", PWS_SUNMD5, 1 },
	{ "$1$", PWS_MD5, 1 },			/* $1$salt$hash */
	{ "$3$", PWS_NTHASH, 1 },		/* $3$$hash */
};

/* Whether s (terminated) has the shape of a crypt(3) result; sets *scheme if so. */
static bool hash_shape(const char *s, enum pw_scheme *scheme)
{
	size_t len = strlen(s), i;

	if (len == 13 && all_b64(s, len)) {
		*scheme = PWS_DES;
		return true;
	}
	if (len == 20 && s[0] == '_' && all_b64(s + 1, len - 1)) {
		*scheme = PWS_BSDI_DES;
		return true;
	}
	if (len < 3 || s[0] != '$' || s[len - 1] == '$')
		return false;
	for (i = 0; i < len; i++)
		if (!is_mcf(s[i]))
			return false;
	for (i = 0; i < ARRAY_SIZE(mcf_schemes); i++) {
		size_t plen = strlen(mcf_schemes[i].prefix);
		const char *rest = s + plen;

		if (len <= plen || memcmp(s, mcf_schemes[i].prefix, plen) != 0)
			continue;
		if (count_dollars(rest) < mcf_schemes[i].seps)
			return false;
		if (mcf_schemes[i].scheme == PWS_BCRYPT &&
		    !(rest[0] >= '0' && rest[0] <= '9' && rest[1] >= '0' && rest[1] <= '9' &&
		      rest[2] == '$'))
			return false;
		*scheme = mcf_schemes[i].scheme;
		return true;
	}
	/* Another scheme: "$id$" with id of [A-Za-z0-9-], then something. */
	for (i = 1; i < len && s[i] != '$'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	if (i == 1 || i + 1 >= len)
		return false;
	*scheme = PWS_UNKNOWN;
	return true;
}

void pw_classify(const char *field, enum pw_state *state, enum pw_scheme *scheme)
{
	enum pw_scheme sch = PWS_NONE;
	const char *p = field;

	*scheme = PWS_NONE;
	if (!field) {
		*state = PW_NOLOGIN;
		return;
	}
	if (!*field) {
		*state = PW_EMPTY;
		return;
	}
	/* Lock markers: "!" (usermod -L, passwd -l), "*", Solaris "*LK*". */
	for (;;) {
		if (!strncmp(p, "*LK*", 4))
			p += 4;
		else if (*p == '!' || *p == '*')
			p++;
		else
			break;
	}
	if (!hash_shape(p, &sch)) {
		*state = PW_NOLOGIN;
		return;
	}
	*state = p == field ? PW_USABLE : PW_LOCKED;
	*scheme = sch;
}

const char *pw_scheme_name(enum pw_scheme s)
{
	static const char *const names[] = {
		[PWS_NONE] = "none",
		[PWS_YESCRYPT] = "yescrypt",
		[PWS_GOST_YESCRYPT] = "gost-yescrypt",
		[PWS_SCRYPT] = "scrypt",
		[PWS_BCRYPT] = "bcrypt",
		[PWS_SHA512] = "sha512crypt",
		[PWS_SHA256] = "sha256crypt",
		[PWS_SUNMD5] = "sunmd5",
		[PWS_MD5] = "md5crypt",
		[PWS_BSDI_DES] = "bsdicrypt",
		[PWS_DES] = "des",
		[PWS_NTHASH] = "nthash",
		[PWS_UNKNOWN] = "unknown",
	};

	if ((unsigned)s >= ARRAY_SIZE(names) || !names[s])
		return "unknown";
	return names[s];
}

/* ---- /etc/shadow ---- */

/* The entries kept so far. */
struct shadow_build {
	struct shadow_db db;
	size_t alloc;
};

/*
 * One ageing number as glibc's nss_files reads it (INT_FIELD_MAYBE_NULL with
 * strtoul base 10 in sgetspent_r.c), which is what getspnam() gives pam_unix,
 * chage and login: an empty field is -1, except the line's last field, which
 * makes the line unreadable; leading white space and a sign are allowed, a
 * '-' wraps ("-1" is 2^64-1); the digits must end the field; a value over
 * 2^32-1 makes the line unreadable (over 2^64-1 glibc loops on ERANGE), and
 * the rest is cast to int, so 2147483648..4294967295 are negative.
 * tests/integration/oracle_chage.sh checks this against chage -l.
 */
static int shadow_num(struct span v, bool last, int64_t *out)
{
	size_t i = 0;
	uint64_t n = 0;
	bool neg = false;

	if (!v.len) {
		*out = -1;
		return last ? -1 : 0;
	}
	while (i < v.len && (v.p[i] == ' ' || (v.p[i] >= '\t' && v.p[i] <= '\r')))
		i++;
	if (i < v.len && (v.p[i] == '+' || v.p[i] == '-'))
		neg = v.p[i++] == '-';
	if (i == v.len || v.p[i] < '0' || v.p[i] > '9')
		return -1;
	for (; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
		if (n > (UINT64_MAX - (uint64_t)(v.p[i] - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(v.p[i] - '0');
	}
	if (i != v.len)
		return -1;
	if (neg)
		n = -n;
	if (n > UINT32_MAX)
		return -1;
	*out = (int32_t)(uint32_t)n;
	return 0;
}

/* Keeps the entry of one data line; returns a reason when the line is malformed. */
static const char *shadow_line(void *ctx, const struct span *f, size_t line)
{
	static const char *const bad_num[] = {
		"bad last change", "bad min days", "bad max days",
		"bad warn days", "bad inactive days", "bad expire", "bad reserved field",
	};
	struct shadow_build *b = ctx;
	struct shadow_entry e = { .line = line };
	int64_t num[ARRAY_SIZE(bad_num)];
	size_t i, n = 2;

	while (n < SHADOW_FIELDS && f[n].p)
		n++;
	/* glibc's lines: 5 fields (the old form), 6 with white space only after max, 8 or 9 */
	for (i = 0; i < 3; i++)
		if (shadow_num(f[2 + i], 2 + i == n - 1, &num[i]) < 0)
			return bad_num[i];
	num[3] = num[4] = num[5] = -1;
	if (n == 6 && !colonfile_skip_space(f[5]).len)
		n = 5;	/* the old form: white space only after max */
	if (n == 6 || n == 7)
		return "too few fields";
	if (n > 5) {
		for (i = 3; i < 7 && 2 + i < n; i++)
			if (shadow_num(i == 3 ? colonfile_skip_space(f[5]) : f[2 + i], 2 + i == n - 1 && i < 6,
				       &num[i]) < 0)
				return bad_num[i];
	}
	e.name = arena_strndup(&b->db.mem, f[0].p, f[0].len);
	e.hash = arena_strndup(&b->db.mem, f[1].p, f[1].len);
	pw_classify(e.hash, &e.state, &e.scheme);
	e.last_change = num[0];
	e.min_days = num[1];
	e.max_days = num[2];
	e.warn_days = num[3];
	e.inactive_days = num[4];
	e.expire = num[5];
	ALLOC_GROW(b->db.v, b->db.n + 1, b->alloc);
	b->db.v[b->db.n++] = e;
	return NULL;
}

static uint64_t hash_name(const void *ctx, size_t i)
{
	return hidx_hash_str(((const struct shadow_db *)ctx)->v[i].name);
}

static const void *name_of(const void *ctx, size_t i)
{
	return ((const struct shadow_db *)ctx)->v[i].name;
}

static bool name_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct shadow_db *)ctx)->v[i].name, key) == 0;
}

int shadow_parse(const char *buf, size_t len, struct shadow_db *out, struct err *err)
{
	struct shadow_build b = { 0 };
	int r = colonfile_walk_range(buf, len, 5, SHADOW_FIELDS, shadow_line, &b, &b.db.bad, err);

	if (r < 0) {
		shadow_free(&b.db);
		return r;
	}
	if (b.db.n)
		b.db.v = xrealloc(b.db.v, st_mult(b.db.n, sizeof(*b.db.v)));
	hidx_build(&b.db.by_name, b.db.n, &b.db, hash_name, name_is, name_of);
	*out = b.db;
	return r;
}

void shadow_free(struct shadow_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++)
		if (db->v[i].hash)
			explicit_bzero(db->v[i].hash, strlen(db->v[i].hash));
	arena_release(&db->mem);
	free(db->v);
	hidx_free(&db->by_name);
	memset(db, 0, sizeof(*db));
}

const struct shadow_entry *shadow_by_name(const struct shadow_db *db, const char *name)
{
	size_t i;

	if (!db || !name)
		return NULL;
	if (hidx_built(&db->by_name)) {
		i = hidx_find(&db->by_name, hidx_hash_str(name), db, name_is, name);
		return i == HIDX_NONE ? NULL : &db->v[i];
	}
	for (i = 0; i < db->n; i++)
		if (!strcmp(db->v[i].name, name))
			return &db->v[i];
	return NULL;
}
