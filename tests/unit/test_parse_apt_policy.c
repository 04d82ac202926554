/* Unit tests for the candidate choice from apt's lists (parse/apt_policy.c), preferences and deb822. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/apt_policy.h"
#include "parse/apt_prefs.h"
#include "parse/deb822.h"

static const struct apt_release stable = { .origin = "Debian", .label = "Debian", .suite = "stable",
					   .codename = "bookworm", .version = "12.5" };
static const struct apt_release security = { .origin = "Debian", .label = "Debian-Security",
					     .suite = "stable-security", .codename = "bookworm-security",
					     .version = "12" };
static const struct apt_release bpo = { .origin = "Debian Backports", .label = "Debian Backports",
					.suite = "stable-backports", .codename = "bookworm-backports",
					.not_automatic = true, .but_automatic_upgrades = true };
static const struct apt_release exp_ = { .origin = "Debian", .label = "Debian", .suite = "experimental",
					 .codename = "rc-buggy", .not_automatic = true };

#define IN_ARMOR "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Debian\nSuite: stable\n-----BEGIN PGP SIGNATURE-----\nxx\n-----END PGP SIGNATURE-----\n"
#define INST(n, v) "Package: " n "\nStatus: install ok installed\nArchitecture: amd64\nVersion: " v "\n\n"
#define AVAIL(n, v) "Package: " n "\nVersion: " v "\nArchitecture: amd64\n\n"

/* Runs the policy on status and up to four indexes (NULL: none); prefs text may be NULL. */
static void run(const char *status, const char *main_, const char *sec, const char *bp, const char *ex,
		const char *prefs_text, struct apt_sim *out)
{
	const char *data[4] = { main_, sec, bp, ex };
	const struct apt_release *rel[4] = { &stable, &security, &bpo, &exp_ };
	const char *site[4] = { "deb.debian.org", "security.debian.org", "deb.debian.org", "deb.debian.org" };
	struct apt_index idx[4];
	struct apt_prefs prefs = { 0 };
	struct apt_policy_in in = { 0 };
	size_t i, n = 0;

	for (i = 0; i < 4; i++)
		if (data[i])
			idx[n++] = (struct apt_index){ .data = data[i], .len = strlen(data[i]), .release = rel[i],
						       .component = "main", .arch = "amd64", .site = site[i] };
	if (prefs_text)
		assert_int_equal(apt_prefs_parse(prefs_text, strlen(prefs_text), &prefs, NULL), 0);
	in.status = status;
	in.status_len = strlen(status);
	in.idx = idx;
	in.n_idx = n;
	in.prefs = &prefs;
	in.native_arch = "amd64";
	assert_int_equal(apt_policy_upgrades(&in, out, NULL, NULL), 0);
	apt_prefs_free(&prefs);
}

static const struct apt_upgrade *find(const struct apt_sim *s, const char *pkg)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].package, pkg))
			return &s->v[i];
	return NULL;
}

static void test_upgrade_and_security(void **state)
{
	struct apt_sim s;
	const struct apt_upgrade *u;

	(void)state;
	run(INST("libssl3", "3.0.11-1") INST("bash", "5.2-1") INST("zlib1g", "1:1.2.13-1"),
	    AVAIL("libssl3", "3.0.13-1") AVAIL("bash", "5.2-2") AVAIL("zlib1g", "1:1.2.13-1"),
	    AVAIL("libssl3", "3.0.13-1"), NULL, NULL, NULL, &s);
	assert_int_equal(s.n, 2);
	u = find(&s, "libssl3");
	assert_non_null(u);
	assert_string_equal(u->current, "3.0.11-1");
	assert_string_equal(u->candidate, "3.0.13-1");
	assert_string_equal(u->origins, "Debian:12.5/stable, Debian-Security:12/stable-security");
	assert_true(u->security);
	u = find(&s, "bash");
	assert_non_null(u);
	assert_false(u->security);
	assert_string_equal(u->arch, "amd64");
	assert_int_equal(s.n_security, 1);
	apt_sim_free(&s);
}

static void test_priorities(void **state)
{
	struct apt_sim s;

	(void)state;
	/* backports (100) newer than an installed version stable also has (500): kept */
	run(INST("a0", "1.0-1"), AVAIL("a0", "1.0-1"), NULL, AVAIL("a0", "2.0-1~bpo12+1"), NULL, NULL, &s);
	assert_int_equal(s.n, 0);
	apt_sim_free(&s);
	/* ... but over an installed version only dpkg's status has (100 vs 100: the newer first wins) */
	run(INST("a0", "1.0-1"), AVAIL("a0", "0.9-1"), NULL, AVAIL("a0", "2.0-1~bpo12+1"), NULL, NULL, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].candidate, "2.0-1~bpo12+1");
	apt_sim_free(&s);
	/* experimental (NotAutomatic: 1) never upgrades */
	run(INST("a0", "1.0-1"), AVAIL("a0", "1.0-1"), NULL, NULL, AVAIL("a0", "3.0-1"), NULL, &s);
	assert_int_equal(s.n, 0);
	apt_sim_free(&s);
	/* a pin of 1001 downgrades */
	run(INST("a0", "2.0-1"), AVAIL("a0", "1.0-1"), NULL, NULL, NULL,
	    "Package: a0\nPin: version 1.0*\nPin-Priority: 1001\n", &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].candidate, "1.0-1");
	apt_sim_free(&s);
	/* a negative pin on the security archive keeps the installed version */
	run(INST("a0", "1.0-1"), AVAIL("a0", "1.0-1"), AVAIL("a0", "1.0-1+deb12u1"), NULL, NULL,
	    "Package: a*\nPin: release l=Debian-Security\nPin-Priority: -1\n", &s);
	assert_int_equal(s.n, 0);
	apt_sim_free(&s);
	/* a generic origin pin lifts experimental to 600 */
	run(INST("a0", "1.0-1"), AVAIL("a0", "1.0-1"), NULL, NULL, AVAIL("a0", "3.0-1"),
	    "Package: *\nPin: release a=experimental\nPin-Priority: 600\n", &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].origins, "Debian:experimental");
	apt_sim_free(&s);
}

static void test_hold_new_foreign(void **state)
{
	struct apt_sim s;

	(void)state;
	run("Package: a0\nStatus: hold ok installed\nArchitecture: amd64\nVersion: 1\n\n"
	    "Package: b0\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n\n"
	    "Package: c0\nStatus: install ok installed\nArchitecture: i386\nVersion: 1\n\n"
	    "Package: d0\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1\n\n"
	    "Package: mta0\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\nProvides: mail-transport-agent\n\n",
	    AVAIL("a0", "2") "Package: b0\nVersion: 2\nArchitecture: amd64\nDepends: libnew1 (>= 1), mail-transport-agent | exim4, d0\n\n"
	    AVAIL("libnew1", "1.5") AVAIL("exim4", "4") AVAIL("d0", "2")
	    "Package: c0\nVersion: 2\nArchitecture: i386\n\n",
	    NULL, NULL, NULL, NULL, &s);
	assert_null(find(&s, "a0"));
	assert_non_null(find(&s, "b0"));
	assert_non_null(find(&s, "libnew1"));
	assert_string_equal(find(&s, "libnew1")->current, "");
	assert_null(find(&s, "exim4"));	/* mta0 provides mail-transport-agent */
	assert_non_null(find(&s, "d0"));	/* config-files only: a new install */
	assert_non_null(find(&s, "c0:i386"));
	assert_int_equal(s.n, 4);
	apt_sim_free(&s);
}

static void test_kept_back(void **state)
{
	struct apt_sim s;

	(void)state;
	/* a0 is held and needs liba0 at its version: liba0 stays too */
	run("Package: a0\nStatus: hold ok installed\nArchitecture: amd64\nVersion: 1\nDepends: liba0 (= 1)\n\n"
	    INST("liba0", "1") INST("b0", "1") INST("c0", "1"),
	    AVAIL("a0", "2") AVAIL("liba0", "2")
	    /* b0's candidate needs a c0 newer than any: kept back */
	    "Package: b0\nVersion: 2\nArchitecture: amd64\nDepends: c0 (>= 3)\n\n"
	    /* c0's candidate breaks nothing that stays */
	    "Package: c0\nVersion: 2\nArchitecture: amd64\nBreaks: b0 (<< 1)\n\n",
	    NULL, NULL, NULL, NULL, &s);
	assert_null(find(&s, "a0"));
	assert_null(find(&s, "liba0"));
	assert_null(find(&s, "b0"));
	assert_non_null(find(&s, "c0"));
	assert_int_equal(s.n, 1);
	apt_sim_free(&s);
}

static void test_prefs(void **state)
{
	struct apt_prefs p = { 0 };
	static const char text[] =
		"Explanation: a comment stanza\n\n"
		"Package: *\nPin: release a=stable,n=bookworm\nPin-Priority: 990\n\n"
		"Package: nodejs npm\nPin: origin deb.nodesource.com\nPin-Priority: 600\n\n"
		"Package: /^lib/\nPin: version 1*\nPin-Priority: 50\n\n"
		"Package: x0\nPin: release q=1\nPin-Priority: 5\n\n"
		"Package: x0\nPin: version 1\nPin-Priority: high\n\n"
		"Package: x0\nPin-Priority: -10\n";

	(void)state;
	assert_int_equal(apt_prefs_parse(text, sizeof(text) - 1, &p, NULL), 0);
	assert_int_equal(p.n, 2);
	assert_true(p.v[0].generic);
	assert_int_equal(p.v[0].n_keys, 2);
	assert_int_equal(p.v[0].priority, 990);
	assert_int_equal(p.v[1].type, APT_PIN_ORIGIN);
	assert_string_equal(p.v[1].value, "deb.nodesource.com");
	assert_int_equal(p.v[1].n_packages, 2);
	assert_int_equal(p.unsupported, 2);	/* the regex, the unknown key */
	assert_int_equal(p.bad.n, 2);		/* "high", no Pin */
	apt_prefs_free(&p);
}

static void test_deb822(void **state)
{
	static const char text[] = "# comment\nPackage: a\nDescription: x\n y\n .\n z\n\n\n"
				   "\tcontinuation first\n\nNo colon here\n\nPackage: b\n";
	struct deb822_stanza st;
	struct span rest = SPAN(text, sizeof(text) - 1), v;
	size_t lineno = 0;
	const char *why;

	(void)state;
	assert_int_equal(deb822_next(&rest, &lineno, &st, &why), 1);
	assert_int_equal(st.line, 2);
	v = deb822_get(&st, "description");
	assert_int_equal(v.len, strlen("x\n y\n .\n z"));
	assert_int_equal(deb822_next(&rest, &lineno, &st, &why), -EBADMSG);
	assert_int_equal(deb822_next(&rest, &lineno, &st, &why), -EBADMSG);
	assert_int_equal(deb822_next(&rest, &lineno, &st, &why), 1);
	assert_true(span_eq(deb822_get(&st, "Package"), "b"));
	assert_int_equal(deb822_next(&rest, &lineno, &st, &why), 0);
	v = deb822_unarmor(SPAN(IN_ARMOR, sizeof(IN_ARMOR) - 1));
	assert_true(span_starts_with(v, "Origin: Debian\n"));
	assert_int_equal(v.len, strlen("Origin: Debian\nSuite: stable\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_and_security),
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_hold_new_foreign),
		cmocka_unit_test(test_kept_back),
		cmocka_unit_test(test_prefs),
		cmocka_unit_test(test_deb822),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
