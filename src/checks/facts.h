/*
 * Facts gathered once per run and shared by the checks that need them, each
 * loaded on first use. A fact that could not be gathered keeps its error, so
 * every check that needs it reports the same ERROR or SKIP.
 */
#ifndef KYUKA_CHECKS_FACTS_H
#define KYUKA_CHECKS_FACTS_H

#include "collect/accounts.h"
#include "collect/packages.h"
#include "collect/firewall.h"
#include "collect/services.h"
#include "collect/sockets.h"

struct priv_facts;
struct logreview;
struct logreview_opts;
#include "collect/root.h"
#include "util/err.h"

struct facts;

struct facts *facts_new(struct root *root);
void facts_free(struct facts *f);

/* Each returns 0 and the cached fact, or the negative errno of the first attempt (err filled). */
int facts_passwd(struct facts *f, const struct passwd_db **out, struct err *err);
int facts_shadow(struct facts *f, const struct shadow_db **out, struct err *err);
int facts_group(struct facts *f, const struct group_db **out, struct err *err);
int facts_gshadow(struct facts *f, const struct gshadow_db **out, struct err *err);
int facts_logindefs(struct facts *f, const struct logindefs **out, struct err *err);
/* Last logins, indexed like the passwd entries. */
int facts_logins(struct facts *f, const struct login_facts **out, struct err *err);
int facts_sshd(struct facts *f, const struct sshd_facts **out, struct err *err);
int facts_sudoers(struct facts *f, const struct sudo_facts **out, struct err *err);
/* The PAM stack of a service with includes expanded (cached per service). */
int facts_pam(struct facts *f, const char *service, const struct pam_stack **out, struct err *err);
/* authorized_keys of every account, indexed like the passwd entries. */
int facts_keys(struct facts *f, const struct key_facts **out, struct err *err);
/* Privileged accounts (uid 0, admin groups, sudo grants). */
int facts_privileged(struct facts *f, const struct priv_facts **out, struct err *err);
/* Installed packages (/var/lib/dpkg/status). */
int facts_dpkg(struct facts *f, const struct dpkg_status **out, struct err *err);
/* Pending upgrades (apt-get -s dist-upgrade). */
int facts_apt(struct facts *f, const struct apt_sim **out, struct err *err);
/* The holiday log review, run once with the options of its first caller. */
int facts_logreview(struct facts *f, const struct logreview_opts *o, const struct logreview **out, struct err *err);
/* Listening sockets with their owners (/proc through the root). */
int facts_sockets(struct facts *f, const struct sock_facts **out, struct err *err);
/* The packet filter ruleset (nft/iptables on the host, saved copies under --root). */
int facts_firewall(struct facts *f, const struct fw_facts **out, struct err *err);
/* Enabled units, timers and crontabs (through the root). */
int facts_services(struct facts *f, const struct svc_facts **out, struct err *err);

#endif
