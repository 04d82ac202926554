/*
 * kyuka's per-connection answer for the sshd oracle test
 * (tests/integration/oracle_sshd.sh): reads ROOT/etc/ssh/sshd_config (with
 * its includes) and ROOT/etc/passwd, ROOT/etc/group the way the checks do,
 * and for each connection spec prints the settings as "sshd -T -C SPEC"
 * prints them:
 *   sshd_conn ROOT user=U,host=H,addr=A,laddr=L,lport=P...
 * Each spec's block starts with "== SPEC"; where kyuka finds that sshd
 * refuses the configuration for that connection, the block is
 * "refused: WHY" alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/accounts.h"
#include "collect/root.h"

#define MAX_GROUPS 64

struct spec {
	char *buf;
	struct sshd_conn c;
	const char *groups[MAX_GROUPS];
};

static void parse_spec(char *s, struct spec *sp)
{
	char *tok, *save = NULL;

	memset(&sp->c, 0, sizeof(sp->c));
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq++ = '\0';
		if (!strcmp(tok, "user"))
			sp->c.user = eq;
		else if (!strcmp(tok, "host"))
			sp->c.host = eq;
		else if (!strcmp(tok, "addr"))
			sp->c.addr = eq;
		else if (!strcmp(tok, "laddr"))
			sp->c.laddr = eq;
		else if (!strcmp(tok, "lport"))
			sp->c.lport = atoi(eq);
	}
}

static void user_groups(struct spec *sp, const struct passwd_db *pw, const struct group_db *gr)
{
	const struct passwd_entry *p = sp->c.user ? passwd_by_name(pw, sp->c.user) : NULL;
	size_t n = 0;

	if (!p)
		return;
	sp->c.user_exists = true;
	for (size_t i = 0; i < gr->n && n < MAX_GROUPS; i++) {
		bool in = gr->v[i].gid == p->gid;

		for (size_t j = 0; !in && j < gr->v[i].n_members; j++)
			in = !strcmp(gr->v[i].members[j], p->name);
		if (in)
			sp->groups[n++] = gr->v[i].name;
	}
	sp->c.groups = sp->groups;
	sp->c.n_groups = n;
}

/* sshd -T prints flags and PermitRootLogin in lower case, prohibit-password as its older name. */
static void print_value(const char *name, const struct sshd_entry *e, const char *def)
{
	char v[64];
	size_t i;

	snprintf(v, sizeof(v), "%s", e ? e->d->args[0] : def);
	for (i = 0; v[i]; i++)
		if (v[i] >= 'A' && v[i] <= 'Z')
			v[i] = (char)(v[i] - 'A' + 'a');
	if (!strcmp(v, "prohibit-password"))
		snprintf(v, sizeof(v), "without-password");
	printf("%s %s\n", name, v);
}

static void print_list(const struct sshd_facts *f, const struct sshd_conn *c, const char *kw, bool *invalid)
{
	const struct sshd_entry *v[256];
	size_t n = sshd_conn_list(f, c, kw, v, 256, invalid), i, j;

	for (i = 0; i < n && i < 256; i++)
		for (j = 0; j < v[i]->d->n_args; j++)
			printf("%s %s\n", kw, v[i]->d->args[j]);
}

int main(int argc, char **argv)
{
	struct root *r;
	struct sshd_facts f = { 0 };
	struct passwd_db pw = { 0 };
	struct group_db gr = { 0 };
	struct err e = { 0 };
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: sshd_conn ROOT SPEC...\n");
		return 2;
	}
	if (root_open(argv[1], &r, &e) < 0 || collect_sshd(r, &f, &e) < 0) {
		fprintf(stderr, "sshd_conn: %s\n", e.msg);
		return 1;
	}
	if (collect_passwd(r, &pw, &e) < 0 || collect_group(r, &gr, &e) < 0) {
		fprintf(stderr, "sshd_conn: %s\n", e.msg);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		struct spec sp;
		bool invalid = false;
		const struct sshd_entry *am;
		const char *why;

		printf("== %s\n", argv[i]);
		sp.buf = strdup(argv[i]);
		parse_spec(sp.buf, &sp);
		user_groups(&sp, &pw, &gr);
		if ((why = sshd_refused(&f, &sp.c))) {
			printf("refused: %s\n", why);
			free(sp.buf);
			continue;
		}
		print_value("permitrootlogin", sshd_conn_value(&f, &sp.c, "permitrootlogin", &invalid),
			    "prohibit-password");
		print_value("pubkeyauthentication", sshd_conn_value(&f, &sp.c, "pubkeyauthentication", &invalid),
			    "yes");
		print_value("passwordauthentication",
			    sshd_conn_value(&f, &sp.c, "passwordauthentication", &invalid), "yes");
		print_value("kbdinteractiveauthentication",
			    sshd_conn_value(&f, &sp.c, "kbdinteractiveauthentication", &invalid), "yes");
		am = sshd_conn_value(&f, &sp.c, "authenticationmethods", &invalid);
		printf("authenticationmethods");
		if (am)
			for (size_t j = 0; j < am->d->n_args; j++)
				printf(" %s", am->d->args[j]);
		else
			printf(" any");
		printf("\n");
		print_list(&f, &sp.c, "allowusers", &invalid);
		print_list(&f, &sp.c, "denyusers", &invalid);
		if (invalid)
			printf("refused: Bad Match condition\n");
		free(sp.buf);
	}
	sshd_facts_free(&f);
	passwd_free(&pw);
	group_free(&gr);
	root_close(r);
	return 0;
}
