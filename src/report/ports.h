/*
 * The table of `kyuka ports`: listening sockets with their owners, risk and
 * firewall verdict, as the command assembled them from the facts the NET
 * checks use; rendered for the terminal or as JSON. Pure data: the strings
 * are borrowed from whoever filled the table and must outlive the rendering.
 */
#ifndef KYUKA_REPORT_PORTS_H
#define KYUKA_REPORT_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct port_owner {
	int pid;
	const char *comm;
	const char *exe;	/* NULL: unknown */
	const char *unit;	/* NULL: none */
};

struct port_row {
	char subject[96];	/* "tcp 0.0.0.0:445", "udp6 [::]:137": the terminal's PROTO and LOCAL ADDRESS */
	const char *proto;	/* "tcp", "udp", "raw" */
	int family;
	char address[64];
	unsigned port;
	const char *class_name;	/* "any", "loopback", ... (not translated) */
	uint64_t inode;
	int64_t uid;
	struct port_owner *owners;
	size_t n_owners;
	char owner_text[512];	/* "smbd (pid 812, smbd.service)", "" when unknown */
	const char *risky;	/* the catalogue's name ("SMB"), or NULL */
	bool has_firewall;	/* a verdict column (TCP/UDP, the firewall read) */
	const char *fw_result;	/* "loopback", "open", ..., "unknown" */
	char fw_text[1024];	/* the verdict as evidence, or why there is none ("" without a column) */
};

struct port_table {
	struct port_row *rows;
	size_t n;
	size_t unreadable;		/* processes whose sockets could not be read */
	bool no_firewall;		/* --no-firewall: no FIREWALL column */
	const char *firewall_sources;	/* what the ruleset was read from, or NULL */
	const char *firewall_error;	/* why it could not be read, or NULL */
};

void port_table_free(struct port_table *t);

/* One line a socket under translated headings, owners and evidence escaped for the terminal. */
int render_ports_terminal(const struct port_table *t, struct strbuf *out);
/* {"sockets": [...], "unreadable_processes", "firewall_sources", "firewall_error"} (pretty, newline-terminated). */
int render_ports_json(const struct port_table *t, struct strbuf *out);

#endif
