/*
 * kyuka ports: listening sockets with their owners, risk and firewall verdict.
 * Collected through the facts the NET checks use (checks/facts.h, the same
 * sockets and ruleset, judged by the same exposure helpers), rendered by
 * report/ports.c.
 */
#include "checks/exposure.h"
#include "checks/facts.h"
#include "cli/cli.h"
#include "report/ports.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ports_args {
	struct cli_common common;
	bool no_firewall, raw;
};

static const struct cli_option options[] = {
	CLI_STRING("format", struct ports_args, common.format),
	CLI_BOOL("no-firewall", struct ports_args, no_firewall),
	CLI_BOOL("raw", struct ports_args, raw),
	{ NULL },
};

static const char *proto_name(uint8_t proto)
{
	return proto == SP_TCP ? "tcp" : proto == SP_UDP ? "udp" : "raw";
}

/* One row: the socket, its owners, its catalogue entry and its verdict (fw NULL: no column; fw_err: why none). */
static void fill_row(struct port_row *r, const struct sock_facts *sf, const struct listen_sock *s,
		     const struct fw_facts *fw, const char *fw_err)
{
	enum addr_class cls = addr_classify(s->e.family, s->e.addr);
	const struct risky_port *rp = s->e.proto == SP_RAW ? NULL : risky_port_find(s->e.proto, s->e.port);
	struct fw_verdict_info v;
	struct err e;
	size_t j;

	sock_subject(&s->e, r->subject, sizeof(r->subject));
	r->proto = proto_name(s->e.proto);
	r->family = s->e.family;
	addr_format(s->e.family, s->e.addr, r->address, sizeof(r->address));
	r->port = s->e.port;
	r->class_name = addr_class_name(cls);
	r->inode = s->e.inode;
	r->uid = s->e.uid;
	r->owners = xcalloc(s->n_owners ? s->n_owners : 1, sizeof(*r->owners));
	for (j = 0; j < s->n_owners; j++) {
		const struct sock_proc *p = &sf->procs[s->owners[j]];

		r->owners[j] = (struct port_owner){ .pid = p->pid, .comm = p->comm, .exe = p->exe,
						    .unit = p->unit[0] ? p->unit : NULL };
	}
	r->n_owners = s->n_owners;
	sock_owner_text(sf, s, r->owner_text, sizeof(r->owner_text));
	r->risky = rp ? rp->name : NULL;
	r->has_firewall = (fw || fw_err) && s->e.proto != SP_RAW;
	if (!r->has_firewall)
		return;
	r->fw_result = "unknown";
	if (cls == ADDR_LOOPBACK) {
		r->fw_result = "loopback";
		snprintf(r->fw_text, sizeof(r->fw_text), "%s", _("loopback only"));
	} else if (!fw) {
		snprintf(r->fw_text, sizeof(r->fw_text), "%s", fw_err);
	} else if (sock_fw_verdict(&fw->rs, &s->e, &v, &e) == 0) {
		r->fw_result = fw_result_name(v.result);
		fw_verdict_text(&v, r->fw_text, sizeof(r->fw_text));
	}
}

static int ports_run(struct cmd_ctx *c)
{
	const struct ports_args *a = c->args;
	struct facts *f = facts_new(c->root);
	const struct sock_facts *sf;
	const struct fw_facts *fw = NULL;
	struct port_table t = { .no_firewall = a->no_firewall };
	struct strbuf out = STRBUF_INIT;
	struct err e, fe = { 0 };
	size_t i;
	int ret;

	if (facts_sockets(f, &sf, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (!a->no_firewall && facts_firewall(f, &fw, &fe) < 0)
		fw = NULL;
	t.rows = xcalloc(sf->n ? sf->n : 1, sizeof(*t.rows));
	for (i = 0; i < sf->n; i++)
		if (sf->v[i].e.proto != SP_RAW || a->raw)
			fill_row(&t.rows[t.n++], sf, &sf->v[i], fw, a->no_firewall || fw ? NULL : fe.msg);
	t.unreadable = sf->unreadable;
	t.firewall_sources = fw ? fw->sources : NULL;
	t.firewall_error = !a->no_firewall && !fw ? fe.msg : NULL;
	if (a->common.format && !strcmp(a->common.format, "json"))
		render_ports_json(&t, &out);
	else
		render_ports_terminal(&t, &out);
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0)
		ret = cli_error(EXIT_RUNTIME, "%s", _("cannot write the output"));
	else
		ret = EXIT_OK;
out:
	strbuf_release(&out);
	port_table_free(&t);
	facts_free(f);
	return ret;
}

const struct cmd_def cmd_ports = {
	.fn = ports_run,
	.usage = N_("usage: kyuka ports [options]\n"
		    "  --format terminal|json   output format (default terminal)\n"
		    "  --no-firewall            do not read the firewall ruleset\n"
		    "  --raw                    also list raw sockets\n"),
	.options = options,
	.args_size = sizeof(struct ports_args),
};
