/* Network exposure (AC-5): risky listening ports and the firewall in front of them. */
#include "checks/exposure.h"
#include "checks/util.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define EV_MAX 2048

/* The sockets fact, or a SKIP/ERROR already reported (returns 1 / negative). */
static int load_sockets(struct check_ctx *ctx, const struct sock_facts **sf, struct err *err)
{
	struct err e;
	int ret = facts_sockets(ctx->facts, sf, &e);

	if (ret == -ENOENT && !root_is_host(ctx->root)) {
		check_add(ctx, ST_SKIP, "", _("%s: save /proc/net and /proc/PID of the system into the root to check it"),
			  e.msg);
		return 1;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err) < 0 ? ret : 1;
	return 0;
}

/* Applies ports.allow to the finding about to be added. */
static enum status accept_port(struct check_ctx *ctx, const struct sock_facts *sf, const struct listen_sock *s,
			       enum status st, char *ev, size_t size)
{
	const struct config_port_allow *a = port_allowed(ctx->ports, sf, s);
	size_t l = strlen(ev);
	long exp;

	if (!a || st == ST_PASS)
		return st;
	if (a->expires[0] && date_to_days(a->expires, 10, &exp) == 0 && exp < ctx_today(ctx)) {
		snprintf(ev + l, size - l, _("; accepted exception expired on %s (kyuka.yaml line %zu)"), a->expires,
			 a->line);
		return st;
	}
	if (a->expires[0])
		snprintf(ev + l, size - l, _("; accepted: %s (until %s)"), a->reason, a->expires);
	else
		snprintf(ev + l, size - l, _("; accepted: %s"), a->reason);
	return ST_PASS;
}

static int net_risky_ports(struct check_ctx *ctx, struct err *err)
{
	const struct sock_facts *sf;
	const struct fw_facts *fw = NULL;
	struct err fe;
	size_t i, n_checked = 0, n_risky = 0, n_unjudged = 0;
	int ret = load_sockets(ctx, &sf, err), fw_ret;

	if (ret)
		return ret < 0 ? ret : 0;
	fw_ret = facts_firewall(ctx->facts, &fw, &fe);
	for (i = 0; i < sf->n; i++) {
		const struct listen_sock *s = &sf->v[i];
		const struct risky_port *rp;
		enum addr_class cls = addr_classify(s->e.family, s->e.addr);
		char subject[96], owner[512], ev[EV_MAX], addr[64], fwtext[EV_MAX / 2];
		enum status st;
		enum severity sev = SEV_MEDIUM;
		bool unjudged = false;
		int n;

		if (s->e.proto == SP_RAW)
			continue;
		n_checked++;
		rp = risky_port_find(s->e.proto, s->e.port);
		if (!rp)
			continue;
		n_risky++;
		sock_subject(&s->e, subject, sizeof(subject));
		sock_owner_text(sf, s, owner, sizeof(owner));
		addr_format(s->e.family, s->e.addr, addr, sizeof(addr));
		n = snprintf(ev, sizeof(ev), _("%s: %s; bound to %s (%s); process %s"), rp->name, _(rp->reason), addr,
			     addr_class_name(cls), owner[0] ? owner : (sf->unreadable ? _("unknown (run kyuka as root)") : _("unknown")));
		if (n < 0 || (size_t)n >= sizeof(ev))
			n = (int)strlen(ev);
		if (cls == ADDR_LOOPBACK) {
			st = ST_PASS;
			snprintf(ev + n, sizeof(ev) - (size_t)n, "%s", _("; reachable from this host only"));
		} else if (fw_ret < 0) {
			st = ST_WARN;
			snprintf(ev + n, sizeof(ev) - (size_t)n, _("; firewall not evaluated: %s"), fe.msg);
			unjudged = true;
		} else {
			struct fw_verdict_info v;
			struct err ve;
			if (sock_fw_verdict(&fw->rs, &s->e, &v, &ve) < 0) {
				st = ST_WARN;
				snprintf(fwtext, sizeof(fwtext), "%s", ve.msg);
			} else {
				fw_verdict_text(&v, fwtext, sizeof(fwtext));
				st = v.result == FWR_OPEN ? ST_FAIL : ST_WARN;
			}
			if (st == ST_FAIL)
				sev = cls == ADDR_ANY || cls == ADDR_PUBLIC ? SEV_HIGH : SEV_MEDIUM;
			snprintf(ev + n, sizeof(ev) - (size_t)n, "; %s", fwtext);
		}
		st = accept_port(ctx, sf, s, st, ev, sizeof(ev));
		if (unjudged && st != ST_PASS)
			n_unjudged++;
		check_add_sev(ctx, st, st == ST_PASS ? SEV_INFO : sev, subject, "%s", ev);
	}
	if (!n_risky)
		check_add(ctx, ST_PASS, "", _("none of %zu listening TCP/UDP sockets is on a risky port"), n_checked);
	/*
	 * A firewall tool that failed (not one that is missing, not a lack of
	 * privilege) leaves reachable risky ports undecided: the check could not
	 * run, and says which tool failed.
	 */
	if (n_unjudged && fw_ret != -ENOENT && fw_ret != -EPERM && fw_ret != -EACCES) {
		*err = fe;
		return fw_ret;
	}
	return 0;
}

static int net_default_deny(struct check_ctx *ctx, struct err *err)
{
	const struct fw_facts *fw;
	struct fw_verdict_info v;
	struct fw_target t;
	char text[EV_MAX];
	struct err e;
	int ret = facts_firewall(ctx->facts, &fw, &e), i;

	if (ret == -ENOENT && !root_is_host(ctx->root)) {
		check_add(ctx, ST_SKIP, "", "%s", e.msg);
		return 0;
	}
	if (ret == -ENOENT) {
		check_add(ctx, ST_WARN, "", "%s", e.msg);
		return 0;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!fw_has_input_filter(&fw->rs)) {
		check_add(ctx, ST_WARN, "", _("no filter chain on the input hook (read from %s): nothing filters inbound traffic"),
			  fw->sources);
		return 0;
	}
	/* A connection to a port nobody opened on purpose: TCP and UDP 64999, IPv6 and IPv4. */
	for (i = 0; i < 2; i++) {
		const char *subject = i ? "udp" : "tcp";
		memset(&t, 0, sizeof(t));
		t.family = 6;
		t.any = t.dual = true;
		t.l4 = i ? 17 : 6;
		t.port = 64999;
		if (fw_evaluate(&fw->rs, &t, &v, err) < 0)
			return -EINVAL;
		fw_verdict_text(&v, text, sizeof(text));
		if (v.result == FWR_FILTERED || v.result == FWR_RESTRICTED)
			check_add(ctx, ST_PASS, subject,
				  _("a new connection to an unused port from outside is dropped (ruleset read from %s); %s"),
				  fw->sources, text);
		else if (v.result == FWR_OPEN)
			check_add(ctx, ST_WARN, subject,
				  _("a new connection to an unused port from outside is accepted (no default deny); %s"), text);
		else
			check_add(ctx, ST_WARN, subject, "%s", text);
	}
	return 0;
}

static const struct check checks[] = {
	{ .id = "NET-0010", .items = "AC-5", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Risky ports are not reachable from outside"),
	  .explain = N_("Every listening socket on a port the advisory names (NetBIOS 137-139, SMB 445, RDP 3389) or that is commonly attacked (telnet, FTP, VNC, databases, Docker, ...) is checked against the firewall: open on a network address and not filtered is FAIL, filtered is WARN with the rule that filters it, bound to loopback only is PASS. When the ruleset cannot be evaluated with certainty the result is WARN."),
	  .remedy = N_("Stop the service if it is not needed (systemctl disable --now UNIT), bind it to 127.0.0.1, or drop the port in the firewall; list deliberate exceptions under ports.allow with a reason and an expiry date."),
	  .run = net_risky_ports },
	{ .id = "NET-0020", .items = "AC-5", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("The firewall drops inbound traffic by default"),
	  .explain = N_("With a default-deny input policy, a service started by mistake or by an update stays unreachable from outside. kyuka asks the ruleset (nftables, iptables) what happens to a new connection from outside to a port nobody opened."),
	  .remedy = N_("Set the input policy to drop and accept only the services you need, e.g. with nftables (policy drop; ct state established,related accept; iif lo accept; tcp dport 22 accept) or ufw default deny incoming."),
	  .run = net_default_deny },
};

CHECK_AREA(network_area, "network", checks);
