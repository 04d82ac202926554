/*
 * What one log message means for a security review: sshd, PAM, su, sudo,
 * shadow-utils (useradd, usermod, groupadd, gpasswd, passwd, chpasswd),
 * systemd-logind, OpenVPN, strongSwan, WireGuard, kernel firewall LOG lines
 * and ufw, and the logins of the services that ask for a password: Postfix,
 * Dovecot, Exim, Courier, vsftpd, ProFTPD, Samba, xrdp, Cockpit, Webmin. Pure: the program name and the message in (bytes, need not be
 * terminated), an event out whose spans point into the message (user may
 * be the static "root", method and pam_svc static names or the program name).
 *
 * Unknown messages are LM_UNKNOWN, never an error. A message that is known
 * but tells nothing for the review (session closed, a preauth disconnect)
 * is LM_NOISE.
 */
#ifndef KYUKA_PARSE_LOGMSG_H
#define KYUKA_PARSE_LOGMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/span.h"

#define LOGMSG_MAX_USER	256	/* a longer user name is cut */
#define LOGMSG_MAX_ADDR	64	/* an address or host name longer than this is not one */
#define LOGMSG_MAX_REPEAT 1000000	/* "message repeated N times" */

enum logmsg_kind {
	LM_UNKNOWN,
	LM_NOISE,		/* recognised, nothing to report */
	LM_AUTH_FAIL,		/* a failed login attempt (user, src, method) */
	LM_AUTH_OK,		/* a login (user, src, method) */
	LM_AUTH_MAXTRIES,	/* sshd: too many authentication failures (user, src) */
	LM_PROBE,		/* sshd: no identification string, invalid user announced, a preauth disconnect (src) */
	LM_PAM_FAIL,		/* pam_*(svc:auth): authentication failure (svc, user, src = rhost) */
	LM_SESSION,		/* pam session opened / logind new session (user, svc) */
	LM_SU_OK,		/* su to target by user */
	LM_SU_FAIL,
	LM_SUDO_CMD,		/* user ran target as runas */
	LM_SUDO_FAIL,		/* incorrect password attempts / not in sudoers */
	LM_USER_NEW,		/* useradd: target (the new account) */
	LM_GROUP_NEW,		/* groupadd: group */
	LM_GROUP_ADD,		/* usermod/useradd/gpasswd: target added to group */
	LM_PASSWD_CHANGE,	/* passwd/chpasswd: target's password changed */
	LM_USER_DEL,		/* userdel: target */
	LM_VPN_OK,		/* VPN peer connected (user = peer name, src) */
	LM_VPN_FAIL,
	LM_FW_BLOCK,		/* firewall LOG line with a drop/reject/block prefix (src, dst, proto, dport) */
	LM_FW_ALLOW,		/* ... with an accept/allow prefix */
	LM_FW_LOG,		/* ... with another prefix */
	/* Windows event logs (parse/evtxmap.h) */
	LM_USER_ENABLED,	/* 4722: target's account enabled by user */
	LM_USER_CHANGED,	/* 4738: target's account changed by user */
	LM_USER_LOCKED,		/* 4740: target's account locked out (group: where the attempts came from) */
	LM_PRIV_LOGON,		/* 4672: special privileges assigned to user's new logon */
	LM_LOG_CLEARED,		/* 1102, 104: the log target cleared by user */
	LM_SERVICE_NEW,		/* 7045: service target installed (group: its image path, user: its account) */
	LM_TASK_NEW,		/* 4698: scheduled task target created by user */
	LM__COUNT
};

enum logmsg_svc {
	LS_OTHER, LS_SSHD, LS_SU, LS_SUDO, LS_SHADOW, LS_LOGIND, LS_LOGIN, LS_OPENVPN, LS_STRONGSWAN,
	LS_WIREGUARD, LS_KERNEL, LS_UFW,
	/* services that ask for a password (their failures count like sshd's) */
	LS_POSTFIX, LS_DOVECOT, LS_EXIM, LS_COURIER, LS_VSFTPD, LS_PROFTPD, LS_SAMBA, LS_XRDP, LS_COCKPIT,
	LS_WEBMIN,
	/* Windows event logs: logons (Security 4624/4625, type 10 is LS_RDP) and Terminal Services */
	LS_WINDOWS, LS_RDP,
	/* VPN and firewall appliances (parse/logvpn.h) */
	LS_FORTIGATE, LS_YAMAHA, LS_ASA, LS_GLOBALPROTECT, LS_PULSE, LS_SONICWALL, LS_PANOS,
	LS__COUNT
};

/*
 * One attempt, several lines: sshd's "Failed password" (LP_OWN), the PAM
 * module's "authentication failure" before it (LP_PAM) and sshd's "error:
 * PAM: ... for ... from" (LP_PAMERR). For a password they come from one
 * process; for keyboard-interactive the PAM module writes from a child that
 * sshd starts for each attempt. The review counts the most lines of one kind,
 * not their sum: per source for sshd, per process and source for the others.
 * Each PAM module that fails an attempt writes its own line (a host with SSSD
 * stacks pam_unix and pam_sss): the modules are kinds of their own, so the
 * lines of two modules count once. Lines of other kinds are LP_NONE.
 */
enum logmsg_pair { LP_NONE, LP_PAM, LP_OWN, LP_PAMERR, LP_PAM_SSS, LP_PAM_OTHER, LP__COUNT };

struct logmsg {
	enum logmsg_kind kind;
	enum logmsg_svc svc;
	struct span user;	/* who (cut to LOGMSG_MAX_USER) */
	struct span src;	/* remote address or host */
	struct span method;	/* "password", "publickey", "keyboard-interactive/pam", "pam" */
	struct span target;	/* su/sudo target user, sudo command, new account, changed account */
	struct span group;	/* group of LM_GROUP_ADD / LM_GROUP_NEW */
	struct span dst;	/* firewall: destination address */
	struct span proto;	/* firewall: "TCP", "UDP" */
	struct span iface_in;	/* firewall: IN= */
	struct span iface_out;	/* firewall: OUT= */
	struct span pam_svc;	/* LM_PAM_FAIL, LM_SESSION: the PAM service ("sshd", "su") */
	uint32_t sport, dport;	/* firewall; 0 when absent */
	uint32_t count;		/* how many events this line stands for (>= 1) */
	enum logmsg_pair pair;	/* LM_AUTH_FAIL, LM_PAM_FAIL: which of one attempt's lines this is */
	bool invalid_user;	/* sshd: the account does not exist */
	bool root_login;	/* the login is as root (user "root") */
	/* appliances (parse/logvpn.h) */
	struct span device;	/* the device that wrote it when the message names it (FortiGate's devname=) */
	bool inbound;		/* LM_FW_ALLOW/BLOCK of an appliance: the source is outside (logvpn_outside_addr) */
};

/* Classifies one message. prog may be empty (OpenVPN's own log file: pass hint_prog "openvpn"). */
void logmsg_parse(struct span prog, struct span msg, struct logmsg *out);

/* "sshd", "auth failure", ...: stable names for reports (static strings). */
const char *logmsg_kind_name(enum logmsg_kind k);
const char *logmsg_svc_name(enum logmsg_svc s);

/* True when s looks like an IPv4 or IPv6 address (not a host name). */
bool logmsg_is_addr(struct span s);

#endif
