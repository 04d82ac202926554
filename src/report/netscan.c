/* kyuka netscan's table: terminal and JSON (report/netscan.h). */
#include "report/netscan.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/textwidth.h"

void nsr_table_free(struct nsr_table *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->hosts[i].n_vanished; j++)
			free(t->hosts[i].vanished[j]);
		free(t->hosts[i].vanished);
		free(t->hosts[i].ports);
	}
	free(t->hosts);
	memset(t, 0, sizeof(*t));
}

/* The status word translated, padded to width display columns and one blank. */
static void put_status(struct strbuf *out, const char *st, size_t width)
{
	const char *w = !strcmp(st, "FAIL")   ? status_label(ST_FAIL)
			: !strcmp(st, "WARN") ? status_label(ST_WARN)
			: !strcmp(st, "PASS") ? status_label(ST_PASS)
					      : _("INFO");
	size_t n;

	strbuf_adds(out, w);
	for (n = text_pad(text_width(w), width); n; n--)
		strbuf_addch(out, ' ');
	strbuf_addch(out, ' ');
}

int render_netscan_terminal(const struct nsr_table *t, struct strbuf *out)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct nsr_host *h = &t->hosts[i];

		strbuf_adds(out, "== ");
		esc_terminal(out, h->address);
		if (h->name && h->name[0]) {
			strbuf_adds(out, " (");
			esc_terminal(out, h->name);
			strbuf_adds(out, ")");
		}
		if (h->device) {
			strbuf_adds(out, " — ");
			esc_terminal(out, h->device);
		}
		strbuf_addch(out, '\n');
		if (!h->answered)
			strbuf_addf(out, "  %s\n", _("no answer: nothing open or closed, every probe went unanswered"));
		if (!h->answered && h->link_answered)
			strbuf_addf(out, _("  but it answered address resolution (ARP/NDP) as %s: it is on and filters every probe\n"),
				    h->mac ? h->mac : "?");
		if (h->discovery_stop)
			strbuf_addf(out, _("  no answer on the %s discovery ports: the other ports were not probed (--no-discovery probes them)\n"),
				    "TCP");
		if (h->srtt_us)
			strbuf_addf(out, _("  %u TCP ports: %u open, %u closed, %u filtered, %u unreachable; round trip %u µs, timeout %u ms\n"),
				    h->scanned, h->n_open, h->n_closed, h->n_filtered, h->n_unreachable, h->srtt_us, h->timeout_ms);
		else
			strbuf_addf(out, _("  %u TCP ports: %u open, %u closed, %u filtered, %u unreachable; no round trip measured\n"),
				    h->scanned, h->n_open, h->n_closed, h->n_filtered, h->n_unreachable);
		for (j = 0; j < h->n_ports; j++) {
			const struct nsr_port *p = &h->ports[j];
			char pp[24];

			snprintf(pp, sizeof(pp), "%u/%s", p->port, p->proto);
			strbuf_adds(out, "  ");
			put_status(out, p->status, 6);
			strbuf_addf(out, "%-10s %-14s %-14s ", pp, p->state, p->service ? p->service : "");
			esc_terminal(out, p->evidence);
			if (p->item)
				strbuf_addf(out, " [%s]", p->item);
			if (p->appeared)
				strbuf_addf(out, " %s", _("(new since the last scan)"));
			strbuf_addch(out, '\n');
			if (p->remedy)
				strbuf_addf(out, "        %s %s\n", _("remedy:"), p->remedy);
		}
		for (j = 0; j < h->n_vanished; j++)
			strbuf_addf(out, _("  gone   %s (open at the last scan)\n"), h->vanished[j]);
		if (h->dv2_status) {
			strbuf_adds(out, "  ");
			put_status(out, h->dv2_status, 6);
			strbuf_adds(out, "DV-2 ");
			esc_terminal(out, h->dv2_text);
			strbuf_addch(out, '\n');
		}
	}
	strbuf_addf(out, _("%zu hosts, %u TCP ports each, %llu probes in %llu ms: %zu FAIL, %zu WARN\n"), t->n,
		    t->tcp_ports, (unsigned long long)t->probes, (unsigned long long)t->elapsed_ms, t->n_fail, t->n_warn);
	if (t->previous_at)
		strbuf_addf(out, _("compared with the scan of %s\n"), t->previous_at);
	else if (t->store_error)
		strbuf_addf(out, _("not compared with an earlier scan: %s\n"), t->store_error);
	return 0;
}

static json_object *tri(int v)
{
	return v < 0 ? NULL : json_object_new_boolean(v);
}

int render_netscan_json(const struct nsr_table *t, struct strbuf *out)
{
	json_object *doc = json_object_new_object(), *hosts = json_object_new_array();
	const char *text;
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct nsr_host *h = &t->hosts[i];
		json_object *o = json_object_new_object(), *ports = json_object_new_array(), *van = json_object_new_array();

		json_object_object_add(o, "target", esc_json_str(h->target));
		json_object_object_add(o, "name", h->name && h->name[0] ? esc_json_str(h->name) : NULL);
		json_object_object_add(o, "address", esc_json_str(h->address));
		json_object_object_add(o, "answered", json_object_new_boolean(h->answered));
		json_object_object_add(o, "discovery_stop", json_object_new_boolean(h->discovery_stop));
		json_object_object_add(o, "link_answered", json_object_new_boolean(h->link_answered));
		json_object_object_add(o, "mac", h->mac ? json_object_new_string(h->mac) : NULL);
		json_object_object_add(o, "tcp_scanned", json_object_new_int64(h->scanned));
		json_object_object_add(o, "tcp_open", json_object_new_int64(h->n_open));
		json_object_object_add(o, "tcp_closed", json_object_new_int64(h->n_closed));
		json_object_object_add(o, "tcp_filtered", json_object_new_int64(h->n_filtered));
		json_object_object_add(o, "tcp_unreachable", json_object_new_int64(h->n_unreachable));
		json_object_object_add(o, "rtt_us", json_object_new_int64(h->srtt_us));
		json_object_object_add(o, "timeout_ms", json_object_new_int64(h->timeout_ms));
		for (j = 0; j < h->n_ports; j++) {
			const struct nsr_port *p = &h->ports[j];
			json_object *po = json_object_new_object();

			json_object_object_add(po, "proto", json_object_new_string(p->proto));
			json_object_object_add(po, "port", json_object_new_int((int)p->port));
			json_object_object_add(po, "state", json_object_new_string(p->state));
			json_object_object_add(po, "service", p->service ? esc_json_str(p->service) : NULL);
			json_object_object_add(po, "status", json_object_new_string(p->status));
			json_object_object_add(po, "item", p->item ? json_object_new_string(p->item) : NULL);
			json_object_object_add(po, "evidence", esc_json_str(p->evidence));
			json_object_object_add(po, "remedy", p->remedy ? esc_json_str(p->remedy) : NULL);
			json_object_object_add(po, "appeared", json_object_new_boolean(p->appeared));
			json_object_object_add(po, "smb1_accepted", tri(p->smb1));
			json_object_object_add(po, "smb_signing_required", tri(p->smb_signing_required));
			json_object_object_add(po, "rdp_nla_required", tri(p->rdp_nla_required));
			json_object_object_add(po, "snmp_public", tri(p->snmp_public));
			json_object_object_add(po, "banner", p->banner ? esc_json_str(p->banner) : NULL);
			json_object_object_add(po, "http_title", p->http_title ? esc_json_str(p->http_title) : NULL);
			json_object_object_add(po, "http_server", p->http_server ? esc_json_str(p->http_server) : NULL);
			json_object_object_add(po, "snmp_sysdescr", p->snmp_sysdescr ? esc_json_str(p->snmp_sysdescr) : NULL);
			json_object_object_add(po, "netbios_names", p->nb_names[0] ? esc_json_str(p->nb_names) : NULL);
			json_object_object_add(po, "mac", p->mac[0] ? json_object_new_string(p->mac) : NULL);
			json_object_array_add(ports, po);
		}
		json_object_object_add(o, "ports", ports);
		for (j = 0; j < h->n_vanished; j++)
			json_object_array_add(van, json_object_new_string(h->vanished[j]));
		json_object_object_add(o, "vanished", h->has_previous ? van : (json_object_put(van), NULL));
		if (h->device) {
			json_object *d = json_object_new_object();

			json_object_object_add(d, "name", esc_json_str(h->device));
			json_object_object_add(d, "kind", h->kind ? esc_json_str(h->kind) : NULL);
			json_object_object_add(d, "owner", h->owner ? esc_json_str(h->owner) : NULL);
			json_object_object_add(d, "holiday", h->holiday ? json_object_new_string(h->holiday) : NULL);
			json_object_object_add(d, "status", h->dv2_status ? json_object_new_string(h->dv2_status) : NULL);
			json_object_object_add(d, "evidence", esc_json_str(h->dv2_text));
			json_object_object_add(o, "device", d);
		} else {
			json_object_object_add(o, "device", NULL);
		}
		json_object_array_add(hosts, o);
	}
	json_object_object_add(doc, "hosts", hosts);
	json_object_object_add(doc, "tcp_ports", json_object_new_int64(t->tcp_ports));
	json_object_object_add(doc, "probes", json_object_new_int64((int64_t)t->probes));
	json_object_object_add(doc, "elapsed_ms", json_object_new_int64((int64_t)t->elapsed_ms));
	json_object_object_add(doc, "fail", json_object_new_int64((int64_t)t->n_fail));
	json_object_object_add(doc, "warn", json_object_new_int64((int64_t)t->n_warn));
	json_object_object_add(doc, "previous_scan", t->previous_at ? json_object_new_string(t->previous_at) : NULL);
	json_object_object_add(doc, "store_error", t->store_error ? esc_json_str(t->store_error) : NULL);
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	esc_json_text(out, text, strlen(text));
	strbuf_addch(out, '\n');
	json_object_put(doc);
	return 0;
}
