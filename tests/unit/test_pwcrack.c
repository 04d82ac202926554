/*
 * The password engine on hashes made here through libxcrypt (crypt_gensalt_rn +
 * crypt_rn) for every scheme at cheap costs: weak passwords are found, strong
 * ones are not, budgets and broken hashes are reported, and the guess lists.
 */
#include <crypt.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engines/pwcrack.h"
#include "engines/pwguess.h"
#include "util/xalloc.h"

static char *make(const char *prefix, unsigned long count, const char *pw)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char *h;

	memset(&cd, 0, sizeof(cd));
	assert_non_null(crypt_gensalt_rn(prefix, count, NULL, 0, setting, sizeof(setting)));
	h = crypt_rn(pw, setting, &cd, sizeof(cd));
	assert_non_null(h);
	return xstrdup(h);
}

struct acase {
	const char *name, *gecos, *prefix;
	unsigned long count;
	const char *pw;
	enum pwc_verdict want;
};

static const struct acase accounts[] = {
	{ "root", "root", "$y$", 1, "toor", PWC_WEAK },
	{ "alice", "Alice Tanaka,,,", "$gy$", 1, "Tanaka2025", PWC_WEAK },
	{ "bob", "Bob", "$6$", 1000, "Winter2026!", PWC_WEAK },
	{ "carol", "Carol", "$5$", 1000, "sakura", PWC_WEAK },
	{ "dave", "Dave", "$2b$", 4, "evad", PWC_WEAK },		/* the name reversed */
	{ "erin", "Erin", "$1$", 0, "qwerty123", PWC_WEAK },
	{ "frank", "Frank", "", 0, "frank1", PWC_WEAK },		/* DES */
	{ "gina", "Gina", "$y$", 1, "vQ8#lake tram 71", PWC_NOT_FOUND },
	{ "hiro", "Hiro", "$6$", 1000, "Zq8!vR2k-long", PWC_NOT_FOUND },
	{ "judy", "Judy", "", 0, "Zq8!vR2k", PWC_NOT_FOUND },
	{ "kim", "Kim", "$1$", 0, "Tq2#9xLm", PWC_NOT_FOUND },
};
#define N_ACC (sizeof(accounts) / sizeof(accounts[0]))

static void test_every_scheme(void **state)
{
	struct pwc_account acc[N_ACC];
	struct pwc_result res[N_ACC];
	struct pwc_stats st;
	struct pwc_opts o = { .threads = 2, .year = 2026 };
	size_t i;

	(void)state;
	for (i = 0; i < N_ACC; i++) {
		acc[i].name = accounts[i].name;
		acc[i].gecos = accounts[i].gecos;
		acc[i].hash = make(accounts[i].prefix, accounts[i].count, accounts[i].pw);
	}
	assert_int_equal(pwc_run(acc, N_ACC, &o, res, &st, NULL), 0);
	for (i = 0; i < N_ACC; i++) {
		if (res[i].verdict != accounts[i].want)
			fail_msg("%s: verdict %d, want %d", accounts[i].name, res[i].verdict, accounts[i].want);
		if (accounts[i].want == PWC_NOT_FOUND)
			assert_int_equal(res[i].tried, res[i].total);
		assert_true(res[i].total > 500);
		free((char *)acc[i].hash);
	}
	assert_int_equal(st.threads, 2);
	assert_false(st.budget_hit);
	assert_true(st.guesses > 0);
}

static void test_wordlist_and_site(void **state)
{
	static const char words[] = "#!comment: x\nnot-it\npurple-monkey-dishwasher\n";
	const char *site[] = { "Example Corp", "ExampleCorp" };
	struct wordlist wl;
	struct pwc_account acc[2] = {
		{ "judy", NULL, NULL },
		{ "ivan", NULL, NULL },
	};
	struct pwc_result res[2];
	struct pwc_stats st;
	struct pwc_opts o = { .threads = 1, .year = 2026, .wordlist = &wl };

	(void)state;
	assert_int_equal(wordlist_parse(words, sizeof(words) - 1, &wl, NULL), 0);
	acc[0].hash = make("$6$", 1000, "purple-monkey-dishwasher");
	acc[1].hash = make("$6$", 1000, "ExampleCorp1");
	assert_int_equal(pwc_run(acc, 2, &o, res, &st, NULL), 0);
	assert_int_equal(res[0].verdict, PWC_WEAK);
	assert_int_equal(res[1].verdict, PWC_NOT_FOUND);
	o.site = site;
	o.n_site = 2;
	assert_int_equal(pwc_run(acc, 2, &o, res, &st, NULL), 0);
	assert_int_equal(res[1].verdict, PWC_WEAK);
	/* only the wordlist, as the benchmark runs it */
	o.no_builtin = o.no_user = true;
	assert_int_equal(pwc_run(acc, 2, &o, res, &st, NULL), 0);
	assert_int_equal(res[0].verdict, PWC_WEAK);
	assert_int_equal(res[1].verdict, PWC_NOT_FOUND);
	assert_int_equal(res[1].total, 2);
	wordlist_free(&wl);
	free((char *)acc[0].hash);
	free((char *)acc[1].hash);
}

static void test_budget_and_untestable(void **state)
{
	struct pwc_account acc[4] = {
		{ "slow", NULL, NULL },
		{ "broken", NULL, "$6$salt$" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
		{ "huge", NULL, "$y$jjT$salt$hash" },
		{ "costly", NULL, "$2b$31$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU" },
	};
	struct pwc_result res[4];
	struct pwc_stats st;
	struct pwc_opts o = { .threads = 2, .year = 2026, .budget_ms = 300 };

	(void)state;
	acc[0].hash = make("$y$", 5, "not guessed");	/* ~16 MiB, too slow for 300 ms */
	assert_int_equal(pwc_run(acc, 4, &o, res, &st, NULL), 0);
	assert_int_equal(res[0].verdict, PWC_INCOMPLETE);
	assert_true(res[0].tried < res[0].total);
	assert_true(st.budget_hit);
	/* a well-formed hash nothing matches: not found, or cut off by the same budget */
	assert_true(res[1].verdict == PWC_NOT_FOUND || res[1].verdict == PWC_INCOMPLETE);
	assert_int_equal(res[2].verdict, PWC_UNTESTABLE);
	assert_non_null(strstr(res[2].why, "memory"));
	assert_int_equal(res[3].verdict, PWC_UNTESTABLE);
	assert_non_null(strstr(res[3].why, "take"));
	free((char *)acc[0].hash);
	assert_int_equal(pwc_run(acc, 0, &o, res, &st, NULL), 0);
	assert_true(pwc_cores() >= 1);
}

static void test_guesses(void **state)
{
	struct pwg_list l;
	const char *site[] = { "Example Corp" };

	(void)state;
	pwg_init(&l);
	pwg_user(&l, "alice", "Alice Tanaka,Room 1,,", 2026);
	assert_true(pwg_has(&l, "alice"));
	assert_true(pwg_has(&l, "Alice2026!"));
	assert_true(pwg_has(&l, "ecila"));
	assert_true(pwg_has(&l, "tanaka123"));
	assert_true(pwg_has(&l, "alicetanaka"));
	assert_true(pwg_has(&l, "@l1c3"));
	assert_false(pwg_has(&l, ""));
	pwg_free(&l, true);
	pwg_init(&l);
	pwg_shared(&l, 2026, site, 1);
	assert_true(pwg_has(&l, "Winter2026!"));
	assert_true(pwg_has(&l, "natsu2025"));
	assert_true(pwg_has(&l, "Password2026"));
	assert_true(pwg_has(&l, "doraemon"));
	assert_true(pwg_has(&l, "1qaz2wsx"));
	assert_true(pwg_has(&l, "Example Corp1"));
	assert_true(l.n > 500 && l.n < 5000);
	pwg_free(&l, false);
	pwg_free(NULL, false);

	assert_int_equal(pwg_explain("Winter2026!", "bob", NULL, NULL, 0, 2026), PWG_COMMON);
	assert_int_equal(pwg_explain("sakura123!", "bob", NULL, NULL, 0, 2026), PWG_COMMON_BASE);
	assert_int_equal(pwg_explain("Bob2026", "bob", NULL, NULL, 0, 2026), PWG_NAME);
	assert_int_equal(pwg_explain("Tanaka!!", "x1", "Taro Tanaka", NULL, 0, 2026), PWG_NAME);
	assert_int_equal(pwg_explain("ExampleCorp2026", "bob", NULL, site, 1, 2026), PWG_NONE);
	assert_int_equal(pwg_explain("Example Corp2026", "bob", NULL, site, 1, 2026), PWG_SITE);
	assert_int_equal(pwg_explain("vQ8#lake tram 71", "bob", "Bob", site, 1, 2026), PWG_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_scheme),
		cmocka_unit_test(test_wordlist_and_site),
		cmocka_unit_test(test_budget_and_untestable),
		cmocka_unit_test(test_guesses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
