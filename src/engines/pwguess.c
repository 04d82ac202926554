/* Guess lists: see pwguess.h. */
#include "engines/pwguess.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void pwg_init(struct pwg_list *l)
{
	memset(l, 0, sizeof(*l));
	l->seen = g_hash_table_new(g_str_hash, g_str_equal);
}

void pwg_add(struct pwg_list *l, const char *s, size_t len)
{
	char *copy;

	if (!len || len > PWG_MAX_LEN || memchr(s, '\0', len))
		return;
	copy = xstrndup(s, len);
	if (g_hash_table_contains(l->seen, copy)) {
		explicit_bzero(copy, len);
		free(copy);
		return;
	}
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = copy;
	g_hash_table_add(l->seen, copy);
}

static void pwg_adds(struct pwg_list *l, const char *s)
{
	pwg_add(l, s, strlen(s));
}

bool pwg_has(const struct pwg_list *l, const char *s)
{
	return l->seen && g_hash_table_contains(l->seen, s);
}

void pwg_free(struct pwg_list *l, bool wipe)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		if (wipe)
			explicit_bzero(l->v[i], strlen(l->v[i]));
		free(l->v[i]);
	}
	free(l->v);
	if (l->seen)
		g_hash_table_destroy(l->seen);
	memset(l, 0, sizeof(*l));
}

/* ---- variations ---- */

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Suffixes people add to a word, most common first. */
static const char *const suffixes[] = {
	"1", "123", "12", "!", "1234", "1!", "01", "123!", "0", "2", "00", "11", "7", "@123", "#1", "321",
	"12345", "99", "3", "69", "@", "#", "!!", "1!!", "@1", "000", "111",
};

/* base + every suffix and year form into out. */
static void with_suffixes(struct pwg_list *out, const char *base, int year)
{
	char buf[PWG_MAX_LEN + 16];
	size_t i;
	int y;

	pwg_adds(out, base);
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		snprintf(buf, sizeof(buf), "%s%s", base, suffixes[i]);
		pwg_adds(out, buf);
	}
	for (y = year - 3; y <= year + 1; y++) {
		snprintf(buf, sizeof(buf), "%s%d", base, y);
		pwg_adds(out, buf);
		snprintf(buf, sizeof(buf), "%s%d!", base, y);
		pwg_adds(out, buf);
		snprintf(buf, sizeof(buf), "%s%02d", base, y % 100);
		pwg_adds(out, buf);
		snprintf(buf, sizeof(buf), "%s@%d", base, y);
		pwg_adds(out, buf);
	}
	explicit_bzero(buf, sizeof(buf));
}

void pwg_vary(struct pwg_list *out, const char *word, size_t len, int year)
{
	char lower[PWG_MAX_LEN + 1], cap[PWG_MAX_LEN + 1], upper[PWG_MAX_LEN + 1], rev[PWG_MAX_LEN + 1];
	char leet[PWG_MAX_LEN + 1], twice[2 * PWG_MAX_LEN + 1];
	size_t i;

	if (!len || len > PWG_MAX_LEN || memchr(word, '\0', len))
		return;
	for (i = 0; i < len; i++) {
		char c = ascii_lower(word[i]);

		lower[i] = c;
		upper[i] = ascii_upper(word[i]);
		rev[len - 1 - i] = c;
		switch (c) {
		case 'a': leet[i] = '@'; break;
		case 'o': leet[i] = '0'; break;
		case 'e': leet[i] = '3'; break;
		case 'i': leet[i] = '1'; break;
		case 's': leet[i] = '$'; break;
		default: leet[i] = c; break;
		}
	}
	lower[len] = upper[len] = rev[len] = leet[len] = '\0';
	memcpy(cap, lower, len + 1);
	cap[0] = ascii_upper(cap[0]);
	memcpy(twice, lower, len);
	memcpy(twice + len, lower, len + 1);

	if (memcmp(word, lower, len) != 0 && memcmp(word, cap, len) != 0) {
		/* as written ("ExampleCorp"), with the same suffixes */
		memcpy(twice, word, len);
		twice[len] = '\0';
		with_suffixes(out, twice, year);
		memcpy(twice, lower, len);
		memcpy(twice + len, lower, len + 1);
	}
	pwg_add(out, word, len);
	with_suffixes(out, lower, year);
	if (ascii_alpha(lower[0]))
		with_suffixes(out, cap, year);
	pwg_adds(out, upper);
	pwg_adds(out, rev);
	pwg_adds(out, twice);
	if (strcmp(leet, lower) != 0) {
		pwg_adds(out, leet);
		leet[0] = ascii_upper(leet[0]);
		pwg_adds(out, leet);
		snprintf(twice, sizeof(twice), "%s1", leet);
		pwg_adds(out, twice);
		snprintf(twice, sizeof(twice), "%s!", leet);
		pwg_adds(out, twice);
	}
	explicit_bzero(lower, sizeof(lower));
	explicit_bzero(cap, sizeof(cap));
	explicit_bzero(upper, sizeof(upper));
	explicit_bzero(rev, sizeof(rev));
	explicit_bzero(leet, sizeof(leet));
	explicit_bzero(twice, sizeof(twice));
}

/* ---- the shared list ---- */

static const char *const seasons[] = {
	"Winter", "Summer", "Spring", "Autumn", "Fall", "Fuyu", "Natsu", "Haru", "Aki",
	"Shogatsu", "Oshogatsu", "Nenmatsu",
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December",
};

static void season_years(struct pwg_list *out, const char *word, int year)
{
	static const char *const tails[] = { "", "!", "@", "#", "!!" };
	char buf[64], low[32];
	size_t i, k;
	int y;

	snprintf(low, sizeof(low), "%s", word);
	low[0] = ascii_lower(low[0]);
	for (y = year; y >= year - 2; y--)
		for (k = 0; k < ARRAY_SIZE(tails); k++) {
			snprintf(buf, sizeof(buf), "%s%d%s", word, y, tails[k]);
			pwg_adds(out, buf);
			snprintf(buf, sizeof(buf), "%s%d%s", low, y, tails[k]);
			pwg_adds(out, buf);
		}
	snprintf(buf, sizeof(buf), "%s%d", word, year + 1);
	pwg_adds(out, buf);
	snprintf(buf, sizeof(buf), "%s%d!", word, year + 1);
	pwg_adds(out, buf);
	for (i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "%s%02d%s", i ? low : word, year % 100, "!");
		pwg_adds(out, buf);
	}
}

void pwg_shared(struct pwg_list *out, int year, const char *const *site, size_t n_site)
{
	size_t i;
	char buf[64];
	int y;

	/* The first fifty are the most likely of all; then the years people put in passwords. */
	for (i = 0; i < pwg_n_common && i < 50; i++)
		pwg_adds(out, pwg_common[i]);
	for (i = 0; i < ARRAY_SIZE(seasons); i++)
		season_years(out, seasons[i], year);
	for (y = year; y >= year - 2; y--) {
		static const char *const words[] = { "Password", "password", "Passw0rd", "P@ssw0rd", "Welcome",
						     "welcome", "Admin", "admin", "Qwerty", "Tokyo", "Japan" };
		size_t k;

		for (k = 0; k < ARRAY_SIZE(words); k++) {
			snprintf(buf, sizeof(buf), "%s%d", words[k], y);
			pwg_adds(out, buf);
			snprintf(buf, sizeof(buf), "%s%d!", words[k], y);
			pwg_adds(out, buf);
			snprintf(buf, sizeof(buf), "%s@%d", words[k], y);
			pwg_adds(out, buf);
		}
	}
	for (i = 0; i < ARRAY_SIZE(months); i++) {
		snprintf(buf, sizeof(buf), "%s%d", months[i], year);
		pwg_adds(out, buf);
		snprintf(buf, sizeof(buf), "%s%d!", months[i], year);
		pwg_adds(out, buf);
	}
	for (i = 0; i < n_site; i++)
		if (site[i])
			pwg_vary(out, site[i], strlen(site[i]), year);
	for (i = 50; i < pwg_n_common; i++)
		pwg_adds(out, pwg_common[i]);
}

/* ---- one account ---- */

/* Splits text into words of letters and digits (ASCII), calling vary on each of at least 3 bytes. */
static void vary_words(struct pwg_list *out, const char *text, int year, char *joined, size_t *jlen)
{
	const char *p = text;

	while (*p) {
		size_t n = 0;

		while (p[n] && (ascii_alpha(p[n]) || (p[n] >= '0' && p[n] <= '9')))
			n++;
		if (n >= 3 && n <= PWG_MAX_LEN) {
			pwg_vary(out, p, n, year);
			if (*jlen + n <= PWG_MAX_LEN) {
				memcpy(joined + *jlen, p, n);
				*jlen += n;
			}
		}
		p += n;
		if (*p)
			p++;
	}
}

void pwg_user(struct pwg_list *out, const char *name, const char *gecos, int year)
{
	char joined[PWG_MAX_LEN + 1];
	size_t jlen = 0;

	if (name && *name)
		pwg_vary(out, name, strlen(name), year);
	if (gecos) {
		/* The full name is the GECOS field up to the first comma. */
		size_t full = strcspn(gecos, ",");
		char *first = xstrndup(gecos, full);

		vary_words(out, first, year, joined, &jlen);
		if (jlen > 0) {
			joined[jlen] = '\0';
			pwg_vary(out, joined, jlen, year);
		}
		explicit_bzero(first, full);
		free(first);
		if (gecos[full]) {
			jlen = 0;
			vary_words(out, gecos + full + 1, year, joined, &jlen);
		}
	}
	explicit_bzero(joined, sizeof(joined));
}

/* ---- the self-check ---- */

/* Letters of pw, lower-cased, with trailing digits and symbols removed ("Summer2026!" -> "summer"). */
static size_t letters_base(const char *pw, char *out, size_t size)
{
	size_t len = strlen(pw), i;

	while (len && !ascii_alpha(pw[len - 1]))
		len--;
	if (len >= size)
		return 0;
	for (i = 0; i < len; i++)
		out[i] = ascii_lower(pw[i]);
	out[len] = '\0';
	return len;
}

static bool in_common(const char *s)
{
	size_t i;

	for (i = 0; i < pwg_n_common; i++)
		if (!strcmp(pwg_common[i], s))
			return true;
	return false;
}

enum pwg_why pwg_explain(const char *pw, const char *name, const char *gecos, const char *const *site,
			 size_t n_site, int year)
{
	char base[PWG_MAX_LEN + 1];
	struct pwg_list l;
	enum pwg_why why = PWG_NONE;
	size_t blen = letters_base(pw, base, sizeof(base));

	pwg_init(&l);
	pwg_user(&l, name, gecos, year);
	if (pwg_has(&l, pw) || (blen >= 3 && pwg_has(&l, base)))
		why = PWG_NAME;
	pwg_free(&l, true);
	if (why == PWG_NONE) {
		pwg_init(&l);
		pwg_shared(&l, year, NULL, 0);
		if (pwg_has(&l, pw))
			why = PWG_COMMON;
		pwg_free(&l, true);
	}
	if (why == PWG_NONE && blen >= 3 && in_common(base))
		why = PWG_COMMON_BASE;
	if (why == PWG_NONE && n_site) {
		pwg_init(&l);
		pwg_shared(&l, year, site, n_site);
		if (pwg_has(&l, pw) || (blen >= 3 && pwg_has(&l, base)))
			why = PWG_SITE;
		pwg_free(&l, true);
	}
	explicit_bzero(base, sizeof(base));
	return why;
}
