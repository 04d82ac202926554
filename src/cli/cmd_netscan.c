/*
 * kyuka netscan: what answers from the network (AC-5), and devices that
 * should be off over the holiday (DV-2). Scans through engines/netscan.c,
 * judges each answer here (the catalogue of risky ports is the NET checks',
 * checks/exposure.c), compares with the last scan in the store, renders
 * through report/netscan.c.
 */
#include "checks/exposure.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "engines/netscan.h"
#include "report/netscan.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct netscan_args {
	struct cli_common common;
	const char *ports;
	const char *rate, *timeout, *retries;
	bool allow_public, no_udp, no_confirm, no_discovery;
};

static const struct cli_option options[] = {
	CLI_BOOL("allow-public", struct netscan_args, allow_public),
	CLI_STRING("format", struct netscan_args, common.format),
	CLI_BOOL("no-confirm", struct netscan_args, no_confirm),
	CLI_BOOL("no-discovery", struct netscan_args, no_discovery),
	CLI_BOOL("no-store", struct netscan_args, common.no_store),
	CLI_BOOL("no-udp", struct netscan_args, no_udp),
	CLI_STRING("ports", struct netscan_args, ports),
	CLI_STRING("rate", struct netscan_args, rate),
	CLI_STRING("retries", struct netscan_args, retries),
	CLI_STRING("timeout", struct netscan_args, timeout),
	{ NULL },
};

/* Management interfaces and device services the risky catalogue does not hold: reachable, they are worth a look (AC-5). */
static const struct {
	uint16_t port;
	const char *name;
	const char *why;
} mgmt_ports[] = {
	{ 22, "SSH", N_("a remote shell: reachable only from where administrators work") },
	{ 53, "DNS", N_("a name server answering other networks is abused for amplification") },
	{ 80, "HTTP", N_("a web page, often a device's admin page") },
	{ 81, "HTTP", N_("a web page, often a device's admin page") },
	{ 443, "HTTPS", N_("a web page, often a device's admin page") },
	{ 502, "Modbus", N_("an industrial control protocol without authentication") },
	{ 515, "LPD", N_("a printer's job queue") },
	{ 554, "RTSP", N_("a camera's video stream") },
	{ 631, "IPP", N_("a printer's admin page and job queue") },
	{ 873, "rsync", N_("rsync shares files, often without a password") },
	{ 1723, "PPTP", N_("PPTP is a VPN with broken encryption") },
	{ 1883, "MQTT", N_("an IoT message broker, often without authentication") },
	{ 1900, "UPnP", N_("UPnP lets devices open ports on the router and is abused for amplification") },
	{ 2323, "telnet", N_("telnet sends passwords in clear text and is scanned for constantly") },
	{ 4840, "OPC UA", N_("an industrial control interface") },
	{ 5000, "HTTP", N_("a web page, often a NAS's admin page") },
	{ 5353, "mDNS", N_("mDNS announces the device's services and names") },
	{ 5985, "WinRM", N_("Windows remote management") },
	{ 5986, "WinRM", N_("Windows remote management") },
	{ 7547, "TR-069", N_("a router's remote management by the provider, attacked by botnets") },
	{ 8000, "HTTP", N_("a web page, often a device's admin page") },
	{ 8008, "HTTP", N_("a web page, often a device's admin page") },
	{ 8080, "HTTP", N_("a web page, often a device's admin page") },
	{ 8081, "HTTP", N_("a web page, often a device's admin page") },
	{ 8443, "HTTPS", N_("a web page, often a device's admin page") },
	{ 8888, "HTTP", N_("a web page, often a device's admin page") },
	{ 9000, "HTTP", N_("a web page, often a device's admin page") },
	{ 9100, "JetDirect", N_("a printer's raw print port: anyone can print, some printers take commands") },
	{ 10000, "Webmin", N_("a server's admin page") },
	{ 37777, "DVR", N_("a video recorder's management port") },
	{ 49152, "UPnP", N_("UPnP lets devices open ports on the router and is abused for amplification") },
};

/* The port's name and why it matters; *risky: in the catalogue of risky ports (a FAIL when reachable). */
static const char *port_info(uint16_t port, bool udp, const char **why, bool *risky)
{
	const struct risky_port *rp = risky_port_find(udp ? SP_UDP : SP_TCP, port);
	size_t i;

	*risky = false;
	*why = NULL;
	if (rp) {
		*risky = true;
		*why = rp->reason;
		return rp->name;
	}
	for (i = 0; i < sizeof(mgmt_ports) / sizeof(mgmt_ports[0]); i++)
		if (mgmt_ports[i].port == port) {
			*why = mgmt_ports[i].why;
			return mgmt_ports[i].name;
		}
	return NULL;
}

static int opt_uint(const char *opt, const char *v, uint64_t max, unsigned *out)
{
	uint64_t n;

	if (parse_u64_str(v, max, &n) < 0)
		return cli_error(EXIT_USAGE, _("%s: give a number from 0 to %llu"), opt, (unsigned long long)max);
	*out = (unsigned)n;
	return EXIT_OK;
}

static const struct config_device *device_at(const struct config_inventory *inv, const struct ns_host *h)
{
	size_t i;

	for (i = 0; i < inv->n_devices; i++) {
		const char *a = inv->devices[i].address;

		if (!strcmp(a, h->addr_text) || (h->name[0] && !strcasecmp(a, h->name)) || !strcmp(a, h->target))
			return &inv->devices[i];
	}
	return NULL;
}

static const struct config_device_allow *device_allows(const struct config_device *d, const struct ns_port *p)
{
	size_t i;

	for (i = 0; d && i < d->n_allow; i++) {
		const char *proto = d->allow[i].proto ? d->allow[i].proto : "tcp";

		if (d->allow[i].port == p->port && !strcmp(proto, p->udp ? "udp" : "tcp"))
			return &d->allow[i];
	}
	return NULL;
}

static const char *smb_dialect(uint16_t d)
{
	switch (d) {
	case 0x0202: return "2.0.2";
	case 0x0210: return "2.1";
	case 0x0300: return "3.0";
	case 0x0302: return "3.0.2";
	case 0x0311: return "3.1.1";
	}
	return "?";
}

static void add_sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_adds(sb, "; ");
}

/* The evidence of one port and its verdict: *status raised to FAIL/WARN by what the confirmation read. */
static void judge_port(const struct ns_port *p, const struct ns_service *s, struct nsr_port *o, struct strbuf *ev,
		       const char **remedy)
{
	size_t i;

	if (!s)
		return;
	if (s->smb1_res == NSX_OK || s->smb2_res == NSX_OK || s->smb1_res == NSX_SILENT) {
		if (s->smb2_res == NSX_OK && s->smb2.version == 2 && s->smb2.accepted) {
			add_sep(ev);
			strbuf_addf(ev, _("SMB %s, signing %s"), smb_dialect(s->smb2.dialect),
				    s->smb2.signing_required ? _("required") : _("not required"));
			o->smb_signing_required = s->smb2.signing_required;
			if (!s->smb2.signing_required && o->status[0] != 'F') {
				o->status = "WARN";
				*remedy = _("require SMB signing (server signing = mandatory; on Windows: RequireSecuritySignature)");
			}
		}
		if (s->smb1_res == NSX_OK && s->smb1.version == 1 && s->smb1.accepted) {
			add_sep(ev);
			strbuf_adds(ev, _("SMBv1 accepted (NT LM 0.12)"));
			o->smb1 = 1;
			o->status = "FAIL";
			*remedy = _("turn SMBv1 off (server min protocol = SMB2_10; on Windows: Disable-WindowsOptionalFeature SMB1Protocol)");
		} else if (s->smb1_res == NSX_OK || s->smb1_res == NSX_SILENT) {
			add_sep(ev);
			strbuf_adds(ev, _("SMBv1 refused"));
			o->smb1 = 0;
		}
	}
	if (s->rdp0_res == NSX_OK || s->rdp1_res == NSX_OK) {
		bool nla = false, std = false, known = false;

		if (s->rdp0_res == NSX_OK && s->rdp0.has_neg) {
			known = true;
			if (!s->rdp0.failure && s->rdp0.selected == NP_RDP_PROTO_RDP)
				std = true;
			if (s->rdp0.failure && s->rdp0.failure_code == 5)
				nla = true;
		}
		if (s->rdp1_res == NSX_OK && s->rdp1.has_neg && !nla) {
			known = true;
			if (s->rdp1.failure && s->rdp1.failure_code == 5)
				nla = true;
		}
		add_sep(ev);
		if (!known) {
			strbuf_adds(ev, _("X.224 connection confirm without negotiation (an old RDP server: no NLA)"));
			o->rdp_nla_required = 0;
		} else if (nla) {
			strbuf_adds(ev, _("RDP requires NLA (CredSSP)"));
			o->rdp_nla_required = 1;
		} else {
			strbuf_adds(ev, std ? _("RDP does not require NLA and accepts standard RDP security without TLS")
					    : _("RDP does not require NLA"));
			o->rdp_nla_required = 0;
		}
		if (o->rdp_nla_required == 0)
			*remedy = _("require Network Level Authentication for remote desktop, and reach it only through the VPN");
	}
	if (s->banner_res == NSX_OK) {
		add_sep(ev);
		strbuf_addf(ev, _("banner '%s'"), s->banner.text);
		o->banner = s->banner.text;
		if (s->banner.kind == NPB_TELNET) {
			o->status = "FAIL";
			*remedy = _("turn telnet off; use SSH");
		}
	}
	if (s->http_res == NSX_OK) {
		add_sep(ev);
		strbuf_addf(ev, "HTTP %u", s->http.status);
		if (s->http.server[0]) {
			strbuf_addf(ev, _(", server '%s'"), s->http.server);
			o->http_server = s->http.server;
		}
		if (s->http.title[0]) {
			strbuf_addf(ev, _(", title '%s'"), s->http.title);
			o->http_title = s->http.title;
		}
		if (p->udp && s->http.location[0])
			strbuf_addf(ev, _(", location '%s'"), s->http.location);
	}
	if (s->nbns_res == NSX_OK) {
		struct strbuf nb = STRBUF_INIT;

		for (i = 0; i < s->nbns.n_names; i++)
			strbuf_addf(&nb, "%s%s<%02x>%s", i ? " " : "", s->nbns.names[i].name, s->nbns.names[i].suffix,
				    s->nbns.names[i].flags & 0x8000 ? "(group)" : "");
		snprintf(o->nb_names, sizeof(o->nb_names), "%s", nb.buf);
		strbuf_release(&nb);
		if (s->nbns.has_mac)
			snprintf(o->mac, sizeof(o->mac), "%02x:%02x:%02x:%02x:%02x:%02x", s->nbns.mac[0], s->nbns.mac[1],
				 s->nbns.mac[2], s->nbns.mac[3], s->nbns.mac[4], s->nbns.mac[5]);
		add_sep(ev);
		strbuf_addf(ev, _("NetBIOS names: %s"), o->nb_names);
		if (o->mac[0] && strcmp(o->mac, "00:00:00:00:00:00"))
			strbuf_addf(ev, ", MAC %s", o->mac);
	}
	if (s->snmp_res == NSX_OK) {
		add_sep(ev);
		o->snmp_public = 1;
		o->status = "FAIL";
		if (s->snmp.has_value) {
			strbuf_addf(ev, _("answered the SNMP community 'public': sysDescr '%s'"), s->snmp.value);
			o->snmp_sysdescr = s->snmp.value;
		} else {
			strbuf_adds(ev, _("answered the SNMP community 'public'"));
		}
		*remedy = _("change the SNMP community from public (or use SNMPv3), and answer only the monitoring host");
	}
	if (s->mdns_res == NSX_OK) {
		add_sep(ev);
		strbuf_addf(ev, _("mDNS answered with %u records"), s->mdns_answers);
	}
	if (s->dgm_res == NSX_OK) {
		add_sep(ev);
		strbuf_adds(ev, _("the NetBIOS datagram service answered"));
	}
}

static void fill_port(const struct ns_host *h, const struct ns_port *p, const struct config_device *dev,
		      struct nsr_port *o)
{
	struct strbuf ev = STRBUF_INIT;
	const struct config_device_allow *al = device_allows(dev, p);
	const char *why, *remedy = NULL;
	bool risky;

	(void)h;
	memset(o, 0, sizeof(*o));
	o->port = p->port;
	o->proto = p->udp ? "udp" : "tcp";
	o->state = ns_state_name(p->state);
	o->smb1 = o->smb_signing_required = o->rdp_nla_required = o->snmp_public = -1;
	o->service = port_info(p->port, p->udp, &why, &risky);
	o->status = "INFO";
	if (p->state == NS_OPEN) {
		o->item = "AC-5";
		if (risky) {	/* a UDP port is open when it answered */
			o->status = "FAIL";
			remedy = _("close the port, or allow it only from the hosts that need it (firewall)");
		} else if (why && !p->udp) {
			o->status = "WARN";
			remedy = _("if it is not needed, turn it off; else reach it only from the admin network");
		}
		if (why)
			strbuf_adds(&ev, _(why));
	}
	judge_port(p, p->svc, o, &ev, &remedy);
	if (p->state != NS_OPEN) {
		if (!ev.len)
			strbuf_adds(&ev, p->state == NS_CLOSED ? _("closed: an ICMP port unreachable came back")
							       : _("no answer: open, or filtered"));
		o->item = NULL;
		remedy = NULL;
	} else if (p->udp && !strcmp(o->status, "INFO") && !ev.len) {
		strbuf_adds(&ev, _("answered"));
	}
	if (al && strcmp(o->status, "INFO")) {
		o->status = "INFO";
		add_sep(&ev);
		strbuf_addf(&ev, _("allowed in the inventory: %s"), al->reason);
		remedy = NULL;
	}
	snprintf(o->evidence, sizeof(o->evidence), "%s", ev.buf);
	o->remedy = remedy;
	strbuf_release(&ev);
}

static void judge_device(const struct ns_host *h, const struct config_device *d, struct nsr_host *o)
{
	o->device = d->name;
	o->kind = d->kind;
	o->owner = d->owner;
	o->holiday = d->holiday;
	if (!d->holiday)
		return;
	if (!strcmp(d->holiday, "off")) {
		if (h->answered) {
			o->dv2_status = "FAIL";
			snprintf(o->dv2_text, sizeof(o->dv2_text),
				 _("'%s' should be off over the holiday but answered (%u open, %u closed TCP ports): power it off"),
				 d->name, h->n_open, h->n_closed);
		} else if (h->link_answered) {
			o->dv2_status = "FAIL";
			snprintf(o->dv2_text, sizeof(o->dv2_text),
				 _("'%s' should be off over the holiday but answered address resolution (ARP/NDP) as %s: it is on, behind a firewall; power it off"),
				 d->name, h->mac);
		} else {
			o->dv2_status = "PASS";
			snprintf(o->dv2_text, sizeof(o->dv2_text),
				 _("'%s' should be off and did not answer any of %u TCP ports or the UDP probes"), d->name,
				 h->scanned);
		}
	} else if (!h->answered && !h->link_answered) {
		o->dv2_status = "WARN";
		snprintf(o->dv2_text, sizeof(o->dv2_text),
			 _("'%s' should be on over the holiday but did not answer: check it is running and reachable"),
			 d->name);
	} else {
		o->dv2_status = "PASS";
		snprintf(o->dv2_text, sizeof(o->dv2_text), _("'%s' should be on and answered"), d->name);
	}
}

/* Which ports this run probed: a port open last time but not probed now did not vanish. */
struct probed {
	const uint8_t *tcp;	/* bitmap, NULL: the defaults */
	bool udp;
};

static bool was_probed(const struct probed *pr, const char *proto, unsigned port)
{
	size_t i;

	if (!strcmp(proto, "udp"))
		return pr->udp && (port == 137 || port == 138 || port == 161 || port == 1900 || port == 5353);
	if (pr->tcp)
		return port < 65536 && nt_port_isset(pr->tcp, port);
	for (i = 0; i < ns_n_default_ports; i++)
		if (ns_default_ports[i] == port)
			return true;
	return false;
}

static bool answered_udp(const struct ns_port *p)
{
	return p->udp && p->state == NS_OPEN;
}

/* Compares with the last scan of each host and records this one. */
static void compare_and_record(struct cmd_ctx *c, const struct ns_result *r, struct nsr_table *t,
			       const struct probed *pr, char **store_msg, char **prev_at)
{
	const struct netscan_args *a = c->args;
	char *path = cli_db_path(c->g);
	struct store *st = NULL;
	struct netscan_record rec = { 0 };
	struct netscan_rec_host *rh = NULL;
	struct netscan_rec_port *rp = NULL;
	struct err e;
	size_t i, j, k, np = 0;
	time_t newest = 0;

	if (!path) {
		*store_msg = xstrdup(_("no database path"));
		return;
	}
	if ((a->common.no_store ? store_open_existing(path, &st, &e) : store_open(path, &st, &e)) < 0) {
		*store_msg = xstrdup(a->common.no_store && e.code == -ENOENT ? _("no database yet") : e.msg);
		free(path);
		return;
	}
	for (i = 0; i < r->n; i++) {
		struct netscan_prev prev;
		int got = store_netscan_last(st, r->hosts[i].addr_text, &prev, &e);

		if (got <= 0)
			continue;
		t->hosts[i].has_previous = true;
		if (prev.when > newest)
			newest = prev.when;
		for (j = 0; j < t->hosts[i].n_ports; j++) {
			struct nsr_port *p = &t->hosts[i].ports[j];
			bool seen = false;

			if (strcmp(p->state, "open"))
				continue;
			for (k = 0; k < prev.n && !seen; k++)
				seen = !strcmp(prev.ports[k].proto, p->proto) && prev.ports[k].port == p->port;
			p->appeared = !seen;
		}
		for (k = 0; k < prev.n; k++) {
			bool now = false;

			if (!was_probed(pr, prev.ports[k].proto, prev.ports[k].port))
				continue;
			for (j = 0; j < t->hosts[i].n_ports && !now; j++)
				now = !strcmp(t->hosts[i].ports[j].state, "open") &&
				      !strcmp(t->hosts[i].ports[j].proto, prev.ports[k].proto) &&
				      t->hosts[i].ports[j].port == prev.ports[k].port;
			if (!now) {
				t->hosts[i].vanished = xrealloc(t->hosts[i].vanished,
								st_mult(t->hosts[i].n_vanished + 1, sizeof(char *)));
				t->hosts[i].vanished[t->hosts[i].n_vanished++] =
					xasprintf("%s/%u", prev.ports[k].proto, prev.ports[k].port);
			}
		}
		netscan_prev_free(&prev);
	}
	if (newest) {
		char when[32];

		time_format_utc(newest, when, sizeof(when));
		*prev_at = xstrdup(when);
	}
	if (!a->common.no_store) {
		rec.started = clock_now();
		rec.elapsed_ms = r->elapsed_ms;
		rec.n_hosts = r->n;
		rh = xcalloc(r->n ? r->n : 1, sizeof(*rh));
		for (i = 0; i < r->n; i++) {
			rh[i].address = r->hosts[i].addr_text;
			rh[i].answered = r->hosts[i].answered;
			for (j = 0; j < r->hosts[i].n_ports; j++)
				np += r->hosts[i].ports[j].state == NS_OPEN;
		}
		rp = xcalloc(np ? np : 1, sizeof(*rp));
		for (i = 0; i < r->n; i++)
			for (j = 0; j < r->hosts[i].n_ports; j++) {
				const struct ns_port *p = &r->hosts[i].ports[j];

				if (p->state != NS_OPEN || (p->udp && !answered_udp(p)))
					continue;
				rp[rec.n_ports++] = (struct netscan_rec_port){
					.address = r->hosts[i].addr_text, .proto = p->udp ? "udp" : "tcp", .port = p->port,
					.service = t->hosts[i].ports[j].service };
			}
		rec.hosts = rh;
		rec.ports = rp;
		if (store_add_netscan(st, &rec, &e) < 0)
			cli_warn(_("the scan was not recorded: %s"), e.msg);
		free(rh);
		free(rp);
	}
	store_close(st);
	free(path);
}

static int netscan_exec(struct cmd_ctx *c)
{
	const struct netscan_args *a = c->args;
	const struct config_netscan *cn = &c->cfg.netscan;
	const struct config_inventory *inv = &c->cfg.inventory;
	const char *format = a->common.format ? a->common.format : "terminal";
	const char *portspec = a->ports ? a->ports : cn->ports;
	uint8_t *bitmap = NULL;
	struct ns_opts o;
	struct ns_result r = { 0 };
	struct nsr_table t = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct probed pr;
	char **targets = NULL, *store_msg = NULL, *prev_at = NULL;
	size_t n_targets = 0, i, j;
	struct err e;
	int ret;

	netscan_defaults(&o);
	o.rate = cn->rate;
	o.timeout_ms = cn->timeout_ms;
	o.retries = cn->retries;
	o.allow_public = cn->allow_public || a->allow_public;
	if (a->rate && (ret = opt_uint("--rate", a->rate, 10000000, &o.rate)) != EXIT_OK)
		return ret;
	if (a->timeout && ((ret = opt_uint("--timeout", a->timeout, 60000, &o.timeout_ms)) != EXIT_OK))
		return ret;
	if (a->timeout && o.timeout_ms < 10)
		return cli_error(EXIT_USAGE, "%s", _("--timeout: give at least 10 milliseconds"));
	if (a->retries && (ret = opt_uint("--retries", a->retries, 10, &o.retries)) != EXIT_OK)
		return ret;
	if (o.min_timeout_ms > o.timeout_ms)
		o.min_timeout_ms = o.timeout_ms;
	o.udp = !a->no_udp;
	o.confirm = !a->no_confirm;
	o.no_discovery = a->no_discovery;
	if (portspec && strcmp(portspec, "default")) {
		const char *why = "";

		bitmap = xcalloc(1, NT_PORT_BITMAP);
		if (nt_ports_parse(portspec, strlen(portspec), bitmap, &why) < 0) {
			free(bitmap);
			return cli_error(EXIT_USAGE, _("invalid port list '%s': %s"), portspec, why);
		}
		o.tcp_ports = bitmap;
	}
	/* the operands, else the configured targets and the inventory's addresses */
	if (c->argc > 0) {
		targets = c->argv;
		n_targets = (size_t)c->argc;
	} else {
		targets = xcalloc(cn->n_targets + inv->n_devices + 1, sizeof(*targets));
		for (i = 0; i < cn->n_targets; i++)
			targets[n_targets++] = cn->targets[i];
		for (i = 0; i < inv->n_devices; i++)
			targets[n_targets++] = inv->devices[i].address;
	}
	if (n_targets == 0) {
		ret = cli_error(EXIT_USAGE, "%s",
				_("name the targets (kyuka netscan 192.168.1.0/24 ...), or configure netscan.targets or inventory.devices"));
		goto out;
	}
	o.targets = targets;
	o.n_targets = n_targets;
	if ((ret = netscan_targets(&o, &r, &e)) < 0) {
		ret = cli_error(ret == -EPERM || ret == -EINVAL || ret == -E2BIG ? EXIT_USAGE : EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (netscan_run(&o, &r, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	t.hosts = xcalloc(r.n ? r.n : 1, sizeof(*t.hosts));
	t.n = r.n;
	t.elapsed_ms = r.elapsed_ms;
	t.probes = r.probes;
	t.tcp_ports = r.tcp_ports;
	for (i = 0; i < r.n; i++) {
		const struct ns_host *h = &r.hosts[i];
		struct nsr_host *oh = &t.hosts[i];
		const struct config_device *d = device_at(inv, h);

		oh->target = h->target;
		oh->name = h->name;
		oh->address = h->addr_text;
		oh->answered = h->answered;
		oh->discovery_stop = h->discovery_stop;
		oh->link_answered = h->link_answered;
		oh->mac = h->mac[0] ? h->mac : NULL;
		oh->scanned = h->scanned;
		oh->n_open = h->n_open;
		oh->n_closed = h->n_closed;
		oh->n_filtered = h->n_filtered;
		oh->n_unreachable = h->n_unreachable;
		oh->srtt_us = h->srtt_us;
		oh->timeout_ms = h->timeout_ms;
		oh->ports = xcalloc(h->n_ports ? h->n_ports : 1, sizeof(*oh->ports));
		oh->n_ports = h->n_ports;
		for (j = 0; j < h->n_ports; j++) {
			fill_port(h, &h->ports[j], d, &oh->ports[j]);
			t.n_fail += !strcmp(oh->ports[j].status, "FAIL");
			t.n_warn += !strcmp(oh->ports[j].status, "WARN");
		}
		if (d) {
			judge_device(h, d, oh);
			t.n_fail += oh->dv2_status && !strcmp(oh->dv2_status, "FAIL");
			t.n_warn += oh->dv2_status && !strcmp(oh->dv2_status, "WARN");
		}
	}
	pr.tcp = bitmap;
	pr.udp = o.udp;
	compare_and_record(c, &r, &t, &pr, &store_msg, &prev_at);
	t.previous_at = prev_at;
	t.store_error = store_msg;
	if (!strcmp(format, "json"))
		render_netscan_json(&t, &out);
	else
		render_netscan_terminal(&t, &out);
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0)
		ret = cli_error(EXIT_RUNTIME, "%s", _("cannot write the output"));
	else
		ret = t.n_fail ? EXIT_FINDINGS : EXIT_OK;
out:
	if (targets != c->argv)
		free(targets);
	free(bitmap);
	free(store_msg);
	free(prev_at);
	strbuf_release(&out);
	nsr_table_free(&t);
	netscan_result_free(&r);
	return ret;
}

const struct cmd_def cmd_netscan = {
	.fn = netscan_exec,
	.usage = N_("usage: kyuka netscan [options] [TARGET...]\n"
		    "  TARGET                   an address, a CIDR (/16 at most), a range (10.0.0.1-20) or a host name\n"
		    "                           (default: netscan.targets and the inventory's devices)\n"
		    "  --ports default|all|LIST TCP ports (default: the risky and management ports)\n"
		    "  --rate N                 probes a second per host (default netscan.rate, 50000; 0: no limit)\n"
		    "  --timeout MS             the longest wait for one answer (default 1000)\n"
		    "  --retries N              probes without an answer are sent again (default 1)\n"
		    "  --allow-public           scan public addresses too (only your own)\n"
		    "  --no-udp                 no UDP probes (NBNS, NetBIOS datagram, SNMP, SSDP, mDNS)\n"
		    "  --no-confirm             no service confirmation on open ports\n"
		    "  --no-discovery           probe every port even of a host that answers none of the default ones\n"
		    "  --format terminal|json   output format (default terminal)\n"
		    "  --no-store               do not record the scan (an earlier one is still compared)\n"),
	.options = options,
	.args_size = sizeof(struct netscan_args),
};
