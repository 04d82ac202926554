#include "checks/exposure.h"

#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "parse/config/ports.h"
#include "parse/config/services.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Sorted by port. The advisory names 137-139, 445 and 3389; the rest are the usual suspects. */
const struct risky_port risky_ports[] = {
	{ 21, 21, RP_TCP, "FTP", N_("FTP sends passwords and files in clear text and is a brute-force target") },
	{ 23, 23, RP_TCP, "telnet", N_("telnet sends passwords in clear text and is scanned for constantly") },
	{ 111, 111, RP_TCP | RP_UDP, "RPC portmapper", N_("the RPC portmapper lists internal services and is abused for DDoS amplification") },
	{ 137, 139, RP_TCP | RP_UDP, "NetBIOS", N_("NetBIOS (137-139) is named in the advisory: name, share and session services for Windows networking") },
	{ 161, 161, RP_TCP | RP_UDP, "SNMP", N_("SNMP exposes device configuration, often with default communities, and amplifies DDoS") },
	{ 389, 389, RP_TCP | RP_UDP, "LDAP", N_("LDAP exposes the directory and is abused for DDoS amplification") },
	{ 445, 445, RP_TCP | RP_UDP, "SMB", N_("SMB (445) is named in the advisory: file sharing, the way worms such as WannaCry spread") },
	{ 512, 514, RP_TCP, "rexec/rlogin/rsh", N_("the r-services log in without encryption and trust host names") },
	{ 1433, 1433, RP_TCP, "Microsoft SQL Server", N_("a database should not be reachable from outside") },
	{ 1521, 1521, RP_TCP, "Oracle", N_("a database should not be reachable from outside") },
	{ 2049, 2049, RP_TCP | RP_UDP, "NFS", N_("NFS exports files and trusts client addresses") },
	{ 2375, 2376, RP_TCP, "Docker API", N_("the Docker API gives root on the host to whoever reaches it") },
	{ 3306, 3306, RP_TCP, "MySQL/MariaDB", N_("a database should not be reachable from outside") },
	{ 3389, 3389, RP_TCP | RP_UDP, "RDP", N_("RDP (3389) is named in the advisory: remote desktop, attacked with brute force and used by ransomware") },
	{ 5432, 5432, RP_TCP, "PostgreSQL", N_("a database should not be reachable from outside") },
	{ 5900, 5910, RP_TCP, "VNC", N_("VNC gives a remote desktop, often with a weak or no password") },
	{ 6000, 6063, RP_TCP, "X11", N_("an X11 server lets whoever reaches it read keystrokes and the screen") },
	{ 6379, 6379, RP_TCP, "Redis", N_("Redis has no authentication by default and can be turned into remote code execution") },
	{ 6443, 6443, RP_TCP, "Kubernetes API", N_("the Kubernetes API server controls the cluster") },
	{ 9200, 9200, RP_TCP, "Elasticsearch", N_("Elasticsearch answers queries without authentication in many setups") },
	{ 10250, 10250, RP_TCP, "kubelet", N_("the kubelet API runs commands in containers") },
	{ 11211, 11211, RP_TCP | RP_UDP, "memcached", N_("memcached has no authentication and amplifies DDoS") },
	{ 27017, 27017, RP_TCP, "MongoDB", N_("MongoDB installations without authentication are wiped and held for ransom") },
};
const size_t n_risky_ports = ARRAY_SIZE(risky_ports);

const struct risky_port *risky_port_find(enum sock_proto p, uint16_t port)
{
	unsigned want = p == SP_TCP ? RP_TCP : p == SP_UDP ? RP_UDP : 0;
	size_t i;

	for (i = 0; i < n_risky_ports; i++)
		if ((risky_ports[i].protos & want) && port >= risky_ports[i].lo && port <= risky_ports[i].hi)
			return &risky_ports[i];
	return NULL;
}

void sock_subject(const struct sock_entry *e, char *buf, size_t size)
{
	char a[64];

	addr_format(e->family, e->addr, a, sizeof(a));
	if (e->family == 6)
		snprintf(buf, size, "%s [%s]:%u", sock_proto_name(e->proto, e->family), a, e->port);
	else
		snprintf(buf, size, "%s %s:%u", sock_proto_name(e->proto, e->family), a, e->port);
}

const struct sock_proc *sock_first_owner(const struct sock_facts *sf, const struct listen_sock *s)
{
	size_t i;

	/* with socket activation systemd (pid 1) holds the socket too: name the service, not pid 1 */
	for (i = 0; i < s->n_owners; i++)
		if (sf->procs[s->owners[i]].pid != 1)
			return &sf->procs[s->owners[i]];
	return s->n_owners ? &sf->procs[s->owners[0]] : NULL;
}

void sock_owner_text(const struct sock_facts *sf, const struct listen_sock *s, char *buf, size_t size)
{
	const struct sock_proc *p = sock_first_owner(sf, s);
	int n;

	if (!p) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (p->unit[0])
		n = snprintf(buf, size, "%s (pid %d, %s)", p->comm[0] ? p->comm : "?", (int)p->pid, p->unit);
	else
		n = snprintf(buf, size, "%s (pid %d)", p->comm[0] ? p->comm : "?", (int)p->pid);
	if (n > 0 && (size_t)n < size && s->n_owners_total > 1)
		snprintf(buf + n, size - (size_t)n, _(" and %zu more"), s->n_owners_total - 1);
}

int sock_fw_verdict(const struct fw_ruleset *rs, const struct sock_entry *e, struct fw_verdict_info *out,
		    struct err *err)
{
	struct fw_target t;
	enum addr_class c = addr_classify(e->family, e->addr);

	memset(&t, 0, sizeof(t));
	t.family = e->family;
	memcpy(t.addr, e->addr, 16);
	t.any = c == ADDR_ANY;
	t.dual = e->family == 6; /* net.ipv6.bindv6only is 0 unless set: assume the wider reach */
	t.l4 = e->proto == SP_TCP ? 6 : 17;
	t.port = e->port;
	return fw_evaluate(rs, &t, out, err);
}

void fw_verdict_text(const struct fw_verdict_info *v, char *buf, size_t size)
{
	char ev[3][FW_TEXT_MAX + 128], drop[FW_TEXT_MAX + 128];
	size_t i;

	for (i = 0; i < 3; i++)
		ev[i][0] = '\0';
	for (i = 0; i < v->n_ev && i < 3; i++)
		fw_evidence_format(&v->ev[i], ev[i], sizeof(ev[i]));
	switch (v->result) {
	case FWR_FILTERED:
		snprintf(buf, size, _("firewall drops it: %s%s%s"), ev[0], v->n_ev > 1 ? "; " : "", ev[1]);
		break;
	case FWR_RESTRICTED:
		if (v->has_drop_ev)
			fw_evidence_format(&v->drop_ev, drop, sizeof(drop));
		else
			drop[0] = '\0';
		snprintf(buf, size, _("firewall lets some sources in (%s), drops the rest (%s)"), ev[0], drop);
		break;
	case FWR_OPEN:
		if (!v->n_chains)
			snprintf(buf, size, "%s", _("no firewall rule filters inbound traffic"));
		else
			snprintf(buf, size, _("firewall accepts it: %s"), ev[0]);
		break;
	case FWR_UNCERTAIN:
		if (v->n_ev)
			snprintf(buf, size, _("the firewall ruleset cannot be evaluated with certainty (%s)"), ev[0]);
		else
			snprintf(buf, size, "%s", _("the firewall ruleset cannot be evaluated with certainty (too many cases)"));
		break;
	}
}

static bool bind_matches(const char *bind, const struct sock_entry *e)
{
	char a[64];
	enum addr_class c = addr_classify(e->family, e->addr);

	if (!strcmp(bind, addr_class_name(c)))
		return true;
	addr_format(e->family, e->addr, a, sizeof(a));
	if (!strcmp(bind, a))
		return true;
	/* "::" and "0.0.0.0" both mean the wildcard */
	return c == ADDR_ANY && (!strcmp(bind, "0.0.0.0") || !strcmp(bind, "::") || !strcmp(bind, "*"));
}

static bool name_matches(const char *want, const char *have)
{
	size_t l = strlen(want);

	if (!have[0])
		return false;
	if (!strcmp(want, have))
		return true;
	/* "ssh" matches the unit "ssh.service" */
	return !strncmp(have, want, l) && !strcmp(have + l, ".service");
}

const struct config_port_allow *port_allowed(const struct config_ports *ports, const struct sock_facts *sf,
					     const struct listen_sock *s)
{
	size_t i, j;

	for (i = 0; i < ports->n_allow; i++) {
		const struct config_port_allow *a = &ports->allow[i];
		bool proc_ok = !a->process;

		if (a->port != s->e.port)
			continue;
		if (a->proto && strcmp(a->proto, s->e.proto == SP_TCP ? "tcp" : "udp"))
			continue;
		if (a->bind && !bind_matches(a->bind, &s->e))
			continue;
		for (j = 0; !proc_ok && j < s->n_owners; j++) {
			const struct sock_proc *p = &sf->procs[s->owners[j]];
			proc_ok = name_matches(a->process, p->comm) || name_matches(a->process, p->unit);
		}
		if (proc_ok)
			return a;
	}
	return NULL;
}

bool service_allowed(const struct config_services *services, const char *name)
{
	size_t i;

	for (i = 0; i < services->n_allow; i++)
		if (name_matches(services->allow[i], name))
			return true;
	return false;
}
