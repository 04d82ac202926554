/* kyuka ports: listening sockets with their owners, risk and firewall verdict. */
#include "checks/exposure.h"
#include "cli/cli.h"
#include "collect/firewall.h"
#include "collect/sockets.h"
#include "report/escape.h"
#include "util/i18n.h"

#include <json-c/json.h>
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

/* s escaped for the terminal into sb (reset first). */
static const char *tesc(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	esc_terminal(sb, s);
	return sb->buf;
}

static json_object *jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_object *o;

	esc_utf8_valid(&sb, s, strlen(s));
	o = json_object_new_string_len(sb.buf, (int)sb.len);
	strbuf_release(&sb);
	return o;
}

static int ports_run(struct cmd_ctx *c)
{
	const struct ports_args *a = c->args;
	const char *format = a->common.format ? a->common.format : "terminal";
	bool no_fw = a->no_firewall, raw = a->raw;
	struct root *root = c->root;
	struct sock_facts sf = { 0 };
	struct fw_facts fw = { 0 };
	struct strbuf esc = STRBUF_INIT, out = STRBUF_INIT;
	json_object *doc = NULL, *arr = NULL;
	struct err e, fe = { 0 };
	int fw_ret = -1, ret;
	size_t i, j;

	if (collect_sockets(root, 0, &sf, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (!no_fw)
		fw_ret = collect_firewall(root, &fw, &fe);
	if (!strcmp(format, "json")) {
		doc = json_object_new_object();
		arr = json_object_new_array();
	} else {
		print_padded(_("PROTO"), 10);
		print_padded(_("LOCAL ADDRESS"), 42);
		print_padded(_("CLASS"), 11);
		print_padded(_("PROCESS"), 40);
		print_padded(_("RISK"), 14);
		printf("%s\n", no_fw ? "" : _("FIREWALL"));
	}
	for (i = 0; i < sf.n; i++) {
		const struct listen_sock *s = &sf.v[i];
		const struct risky_port *rp = s->e.proto == SP_RAW ? NULL : risky_port_find(s->e.proto, s->e.port);
		enum addr_class cls = addr_classify(s->e.family, s->e.addr);
		struct fw_verdict_info v;
		bool have_v = false;
		char subj[96], owner[512], fwtext[1024] = "";

		if (s->e.proto == SP_RAW && !raw)
			continue;
		sock_subject(&s->e, subj, sizeof(subj));
		sock_owner_text(&sf, s, owner, sizeof(owner));
		if (!no_fw && s->e.proto != SP_RAW) {
			if (cls == ADDR_LOOPBACK) {
				snprintf(fwtext, sizeof(fwtext), "%s", _("loopback only"));
			} else if (fw_ret < 0) {
				snprintf(fwtext, sizeof(fwtext), "%s", fe.msg);
			} else if (sock_fw_verdict(&fw.rs, &s->e, &v, &e) == 0) {
				have_v = true;
				fw_verdict_text(&v, fwtext, sizeof(fwtext));
			}
		}
		if (arr) {
			json_object *o = json_object_new_object(), *owners = json_object_new_array();
			char addr[64];

			addr_format(s->e.family, s->e.addr, addr, sizeof(addr));
			json_object_object_add(o, "proto", json_object_new_string(s->e.proto == SP_TCP ? "tcp" : s->e.proto == SP_UDP ? "udp" : "raw"));
			json_object_object_add(o, "family", json_object_new_int(s->e.family));
			json_object_object_add(o, "address", json_object_new_string(addr));
			json_object_object_add(o, "port", json_object_new_int(s->e.port));
			json_object_object_add(o, "class", json_object_new_string(addr_class_name(cls)));
			json_object_object_add(o, "inode", json_object_new_int64((int64_t)s->e.inode));
			json_object_object_add(o, "uid", json_object_new_int64(s->e.uid));
			for (j = 0; j < s->n_owners; j++) {
				const struct sock_proc *p = &sf.procs[s->owners[j]];
				json_object *po = json_object_new_object();
				json_object_object_add(po, "pid", json_object_new_int(p->pid));
				json_object_object_add(po, "comm", jstr(p->comm));
				json_object_object_add(po, "exe", p->exe ? jstr(p->exe) : NULL);
				json_object_object_add(po, "unit", p->unit[0] ? jstr(p->unit) : NULL);
				json_object_array_add(owners, po);
			}
			json_object_object_add(o, "owners", owners);
			json_object_object_add(o, "risky", rp ? json_object_new_string(rp->name) : NULL);
			if (no_fw || s->e.proto == SP_RAW)
				json_object_object_add(o, "firewall", NULL);
			else {
				json_object *fo = json_object_new_object();
				json_object_object_add(fo, "result", json_object_new_string(
					cls == ADDR_LOOPBACK ? "loopback" : have_v ? fw_result_name(v.result) : "unknown"));
				json_object_object_add(fo, "evidence", jstr(fwtext));
				json_object_object_add(o, "firewall", fo);
			}
			json_object_array_add(arr, o);
		} else {
			char proto[8];

			snprintf(proto, sizeof(proto), "%.*s", (int)strcspn(subj, " "), subj);
			print_padded(proto, 10);
			print_padded(subj + strcspn(subj, " ") + 1, 42);
			print_padded(addr_class_name(cls), 11);
			print_padded(owner[0] ? tesc(&esc, owner) : "-", 40);
			print_padded(rp ? rp->name : "", 14);
			printf("%s\n", tesc(&esc, fwtext));
		}
	}
	if (doc) {
		json_object_object_add(doc, "sockets", arr);
		json_object_object_add(doc, "unreadable_processes", json_object_new_int64((int64_t)sf.unreadable));
		json_object_object_add(doc, "firewall_sources", no_fw || fw_ret < 0 ? NULL : jstr(fw.sources));
		json_object_object_add(doc, "firewall_error", fw_ret < 0 && !no_fw ? jstr(fe.msg) : NULL);
		const char *text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

		esc_json_text(&out, text, strlen(text));
		fwrite(out.buf, 1, out.len, stdout);
		fputc('\n', stdout);
	} else if (sf.unreadable) {
		printf(_("(%zu processes could not be read: run kyuka as root to see every owner)\n"), sf.unreadable);
	}
	ret = EXIT_OK;
out:
	if (doc)
		json_object_put(doc);
	strbuf_release(&esc);
	strbuf_release(&out);
	sock_facts_free(&sf);
	fw_facts_free(&fw);
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
