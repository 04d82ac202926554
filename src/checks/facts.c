#include "checks/facts.h"
#include "checks/privileged.h"
#include "engines/logreview.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A fact: loaded once; its result (0 or the first error) is kept. */
struct slot {
	bool tried;
	int ret;
	struct err err;
};

struct pam_slot {
	char *service;
	struct slot s;
	struct pam_stack stack;
};

struct facts {
	struct root *root;
	struct slot s_passwd, s_shadow, s_group, s_gshadow, s_logindefs, s_logins, s_sshd, s_sudo, s_keys, s_priv, s_dpkg, s_apt, s_logs, s_sockets, s_firewall, s_services;
	struct passwd_db passwd;
	struct shadow_db shadow;
	struct group_db group;
	struct gshadow_db gshadow;
	struct logindefs logindefs;
	struct login_facts logins;
	struct sshd_facts sshd;
	struct sudo_facts sudo;
	struct key_facts keys;
	struct priv_facts priv;
	struct dpkg_status dpkg;
	struct apt_sim apt;
	struct logreview logs;
	struct sock_facts sockets;
	struct fw_facts firewall;
	struct svc_facts services;
	struct pam_slot **pam;	/* pointers: stacks handed out must not move */
	size_t n_pam;
};

struct facts *facts_new(struct root *root)
{
	struct facts *f = xcalloc(1, sizeof(*f));
	f->root = root;
	return f;
}

void facts_free(struct facts *f)
{
	size_t i;

	if (!f)
		return;
	passwd_free(&f->passwd);
	shadow_free(&f->shadow);
	group_free(&f->group);
	gshadow_free(&f->gshadow);
	logindefs_free(&f->logindefs);
	login_facts_free(&f->logins);
	sshd_facts_free(&f->sshd);
	sudo_facts_free(&f->sudo);
	key_facts_free(&f->keys);
	priv_facts_free(&f->priv);
	dpkg_status_free(&f->dpkg);
	apt_sim_free(&f->apt);
	logreview_free(&f->logs);
	sock_facts_free(&f->sockets);
	fw_facts_free(&f->firewall);
	svc_facts_free(&f->services);
	for (i = 0; i < f->n_pam; i++) {
		free(f->pam[i]->service);
		pam_stack_free(&f->pam[i]->stack);
		free(f->pam[i]);
	}
	free(f->pam);
	free(f);
}

/* Returns the slot's result, copying its error out. */
static int slot_result(const struct slot *s, struct err *err)
{
	if (s->ret < 0 && err)
		*err = s->err;
	return s->ret;
}

#define FACT(name, field, type, slotname, load)                                  \
	int name(struct facts *f, const type **out, struct err *err)            \
	{                                                                        \
		if (!f->slotname.tried) {                                        \
			f->slotname.tried = true;                                \
			f->slotname.ret = (load);                                \
		}                                                                \
		if (f->slotname.ret == 0)                                        \
			*out = &f->field;                                        \
		return slot_result(&f->slotname, err);                           \
	}

FACT(facts_passwd, passwd, struct passwd_db, s_passwd, collect_passwd(f->root, &f->passwd, &f->s_passwd.err))
FACT(facts_shadow, shadow, struct shadow_db, s_shadow, collect_shadow(f->root, &f->shadow, &f->s_shadow.err))
FACT(facts_group, group, struct group_db, s_group, collect_group(f->root, &f->group, &f->s_group.err))
FACT(facts_gshadow, gshadow, struct gshadow_db, s_gshadow,
     collect_gshadow(f->root, &f->gshadow, &f->s_gshadow.err))
FACT(facts_logindefs, logindefs, struct logindefs, s_logindefs,
     collect_logindefs(f->root, &f->logindefs, &f->s_logindefs.err))
FACT(facts_sshd, sshd, struct sshd_facts, s_sshd, collect_sshd(f->root, &f->sshd, &f->s_sshd.err))
FACT(facts_sudoers, sudo, struct sudo_facts, s_sudo, collect_sudoers(f->root, &f->sudo, &f->s_sudo.err))

static int load_logins(struct facts *f)
{
	const struct passwd_db *pw;
	int ret = facts_passwd(f, &pw, &f->s_logins.err);

	return ret < 0 ? ret : collect_logins(f->root, pw, &f->logins, &f->s_logins.err);
}
FACT(facts_logins, logins, struct login_facts, s_logins, load_logins(f))

/* sshd's AuthorizedKeysFile decides where keys are read from. */
static int load_keys(struct facts *f)
{
	const struct passwd_db *pw;
	const struct sshd_facts *sshd;
	const struct sshd_entry *e = NULL;
	struct err ignored;
	int ret = facts_passwd(f, &pw, &f->s_keys.err);

	if (ret < 0)
		return ret;
	if (facts_sshd(f, &sshd, &ignored) == 0)
		e = sshd_global(sshd, "authorizedkeysfile");
	return collect_keys(f->root, pw, e ? e->d->args : NULL, e ? e->d->n_args : 0, &f->keys, &f->s_keys.err);
}
FACT(facts_keys, keys, struct key_facts, s_keys, load_keys(f))

FACT(facts_privileged, priv, struct priv_facts, s_priv, priv_compute(f, &f->priv, &f->s_priv.err))
FACT(facts_dpkg, dpkg, struct dpkg_status, s_dpkg, collect_dpkg_status(f->root, &f->dpkg, &f->s_dpkg.err))
FACT(facts_apt, apt, struct apt_sim, s_apt, collect_apt_upgrades(f->root, &f->apt, &f->s_apt.err))
FACT(facts_sockets, sockets, struct sock_facts, s_sockets, collect_sockets(f->root, 0, &f->sockets, &f->s_sockets.err))
FACT(facts_firewall, firewall, struct fw_facts, s_firewall,
     collect_firewall(f->root, &f->firewall, &f->s_firewall.err))
FACT(facts_services, services, struct svc_facts, s_services,
     collect_services(f->root, &f->services, &f->s_services.err))

int facts_pam(struct facts *f, const char *service, const struct pam_stack **out, struct err *err)
{
	struct pam_slot *p = NULL;
	size_t i;

	for (i = 0; i < f->n_pam; i++)
		if (strcmp(f->pam[i]->service, service) == 0)
			p = f->pam[i];
	if (!p) {
		f->pam = xrealloc(f->pam, st_mult(f->n_pam + 1, sizeof(*f->pam)));
		p = xcalloc(1, sizeof(*p));
		f->pam[f->n_pam++] = p;
		p->service = xstrdup(service);
		p->s.tried = true;
		p->s.ret = collect_pam(f->root, service, &p->stack, &p->s.err);
	}
	if (p->s.ret == 0)
		*out = &p->stack;
	return slot_result(&p->s, err);
}

int facts_logreview(struct facts *f, const struct logreview_opts *o, const struct logreview **out, struct err *err)
{
	if (!f->s_logs.tried) {
		f->s_logs.tried = true;
		f->s_logs.ret = logreview_run(f->root, o, &f->logs, &f->s_logs.err);
	}
	if (f->s_logs.ret == 0)
		*out = &f->logs;
	return slot_result(&f->s_logs, err);
}
