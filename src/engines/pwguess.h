/*
 * Password guesses: the built-in list of common passwords (global and
 * Japanese: keyboard walks, romaji words, seasons and years), and the
 * variations of a user's own name and GECOS words and of site words (host
 * name, organisation). Lists are deduplicated and keep their order (most
 * likely first). Guesses for one account can be close to its real password:
 * pwg_free(..., true) wipes them.
 */
#ifndef KYUKA_ENGINES_PWGUESS_H
#define KYUKA_ENGINES_PWGUESS_H

#include <stdbool.h>
#include <stddef.h>

#define PWG_MAX_LEN 128		/* longest guess (and longest word varied) */

struct pwg_list {
	char **v;
	size_t n, alloc;
	void *seen;		/* GHashTable of the strings in v */
};

void pwg_init(struct pwg_list *l);
/* Adds s (len bytes, no NUL) unless empty, too long or already present. */
void pwg_add(struct pwg_list *l, const char *s, size_t len);
bool pwg_has(const struct pwg_list *l, const char *s);
/* wipe: overwrite every guess before freeing it. */
void pwg_free(struct pwg_list *l, bool wipe);

/* The built-in list, most common first. */
extern const char *const pwg_common[];
extern const size_t pwg_n_common;

/* Guesses for every account: the common list, seasons and months with the years around `year`, site words varied. */
void pwg_shared(struct pwg_list *out, int year, const char *const *site, size_t n_site);
/* Guesses from one account: its name and the words of its GECOS field, varied. */
void pwg_user(struct pwg_list *out, const char *name, const char *gecos, int year);
/* Variations of one word (lower, capitalised, upper, reversed, digits, years, symbols, leet). */
void pwg_vary(struct pwg_list *out, const char *word, size_t len, int year);

/*
 * For the self-check: why `pw` is guessable, or NULL. Compares it (and its
 * letters with trailing digits and symbols removed, lower-cased) with the
 * common list and with the given user's guesses.
 */
enum pwg_why { PWG_NONE, PWG_COMMON, PWG_COMMON_BASE, PWG_NAME, PWG_SITE };
enum pwg_why pwg_explain(const char *pw, const char *name, const char *gecos, const char *const *site,
			 size_t n_site, int year);

#endif
