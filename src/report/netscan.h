/*
 * The table of `kyuka netscan`: per host what answered, per open port the
 * service, what the confirmation read, the verdict with its advisory item
 * and remedy, and what appeared or vanished since the last scan; the command
 * fills it from the scanner's result (engines/netscan.h) and renders it for
 * the terminal or as JSON. Pure data: strings are borrowed from whoever
 * filled the table and must outlive the rendering; hostile ones (banners,
 * titles, names) are escaped here.
 */
#ifndef KYUKA_REPORT_NETSCAN_H
#define KYUKA_REPORT_NETSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct nsr_port {
	unsigned port;
	const char *proto;		/* "tcp", "udp" */
	const char *state;		/* "open", "closed", "open|filtered" */
	const char *service;		/* "SMB", "RDP", ... or NULL */
	const char *status;		/* "FAIL", "WARN", "INFO" */
	const char *item;		/* "AC-5" or NULL */
	char evidence[1024];		/* what answered, translated, hostile parts included raw */
	const char *remedy;		/* translated, or NULL */
	bool appeared;			/* not open at the last scan of this host */
	/* structured facts for JSON; -1: not known */
	int smb1, smb_signing_required, rdp_nla_required, snmp_public;
	const char *banner, *http_title, *http_server, *snmp_sysdescr;
	char nb_names[512];		/* "NAME<20> ..." (NBNS) */
	char mac[18];
};

struct nsr_host {
	const char *target, *name, *address;
	bool answered, discovery_stop;
	bool link_answered;		/* answered ARP/NDP during the scan */
	const char *mac;		/* its link-layer address then, or NULL */
	uint32_t scanned, n_open, n_closed, n_filtered, n_unreachable, srtt_us, timeout_ms;
	struct nsr_port *ports;
	size_t n_ports;
	char **vanished;		/* "tcp/445" open at the last scan, not now */
	size_t n_vanished;
	bool has_previous;
	/* the inventory's device at this address, if any (DV-2) */
	const char *device, *kind, *owner, *holiday;
	const char *dv2_status;		/* "FAIL", "WARN", "PASS" or NULL */
	char dv2_text[512];
};

struct nsr_table {
	struct nsr_host *hosts;
	size_t n;
	uint64_t elapsed_ms, probes;
	unsigned tcp_ports;
	const char *previous_at;	/* the last scan compared with, or NULL */
	const char *store_error;	/* why no comparison, or NULL */
	size_t n_fail, n_warn;
};

void nsr_table_free(struct nsr_table *t);

int render_netscan_terminal(const struct nsr_table *t, struct strbuf *out);
/* {"hosts": [...], "elapsed_ms", "probes", "tcp_ports", "previous_scan"} (pretty, newline-terminated). */
int render_netscan_json(const struct nsr_table *t, struct strbuf *out);

#endif
