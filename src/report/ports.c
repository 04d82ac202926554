/* kyuka ports' table: terminal and JSON. */
#include "report/ports.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "util/i18n.h"
#include "util/textwidth.h"

void port_table_free(struct port_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->rows[i].owners);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* s, spaces to width terminal columns (CJK characters count two), and one more. */
static void put_padded(struct strbuf *out, const char *s, size_t width)
{
	size_t n;

	strbuf_adds(out, s);
	for (n = text_pad(text_width(s), width); n; n--)
		strbuf_addch(out, ' ');
	strbuf_addch(out, ' ');
}

static void put_padded_esc(struct strbuf *out, const char *s, size_t width)
{
	struct strbuf sb = STRBUF_INIT;

	esc_terminal(&sb, s);
	put_padded(out, sb.buf, width);
	strbuf_release(&sb);
}

int render_ports_terminal(const struct port_table *t, struct strbuf *out)
{
	size_t i;

	put_padded(out, _("PROTO"), 10);
	put_padded(out, _("LOCAL ADDRESS"), 42);
	put_padded(out, _("CLASS"), 11);
	put_padded(out, _("PROCESS"), 40);
	put_padded(out, _("RISK"), 14);
	strbuf_addf(out, "%s\n", t->no_firewall ? "" : _("FIREWALL"));
	for (i = 0; i < t->n; i++) {
		const struct port_row *r = &t->rows[i];
		size_t sp = strcspn(r->subject, " ");
		char proto[8];

		snprintf(proto, sizeof(proto), "%.*s", (int)sp, r->subject);
		put_padded(out, proto, 10);
		put_padded(out, r->subject[sp] ? r->subject + sp + 1 : "", 42);
		put_padded(out, r->class_name, 11);
		if (r->owner_text[0])
			put_padded_esc(out, r->owner_text, 40);
		else
			put_padded(out, "-", 40);
		put_padded(out, r->risky ? r->risky : "", 14);
		esc_terminal(out, r->fw_text);
		strbuf_addch(out, '\n');
	}
	if (t->unreadable)
		strbuf_addf(out, _("(%zu processes could not be read: run kyuka as root to see every owner)\n"), t->unreadable);
	return 0;
}

int render_ports_json(const struct port_table *t, struct strbuf *out)
{
	json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	const char *text;
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct port_row *r = &t->rows[i];
		json_object *o = json_object_new_object(), *owners = json_object_new_array();

		json_object_object_add(o, "proto", json_object_new_string(r->proto));
		json_object_object_add(o, "family", json_object_new_int(r->family));
		json_object_object_add(o, "address", json_object_new_string(r->address));
		json_object_object_add(o, "port", json_object_new_int((int)r->port));
		json_object_object_add(o, "class", json_object_new_string(r->class_name));
		json_object_object_add(o, "inode", json_object_new_int64((int64_t)r->inode));
		json_object_object_add(o, "uid", json_object_new_int64(r->uid));
		for (j = 0; j < r->n_owners; j++) {
			const struct port_owner *p = &r->owners[j];
			json_object *po = json_object_new_object();

			json_object_object_add(po, "pid", json_object_new_int(p->pid));
			json_object_object_add(po, "comm", esc_json_str(p->comm));
			json_object_object_add(po, "exe", esc_json_str(p->exe));
			json_object_object_add(po, "unit", esc_json_str(p->unit));
			json_object_array_add(owners, po);
		}
		json_object_object_add(o, "owners", owners);
		json_object_object_add(o, "risky", r->risky ? json_object_new_string(r->risky) : NULL);
		if (!r->has_firewall) {
			json_object_object_add(o, "firewall", NULL);
		} else {
			json_object *fo = json_object_new_object();

			json_object_object_add(fo, "result", json_object_new_string(r->fw_result));
			json_object_object_add(fo, "evidence", esc_json_str(r->fw_text));
			json_object_object_add(o, "firewall", fo);
		}
		json_object_array_add(arr, o);
	}
	json_object_object_add(doc, "sockets", arr);
	json_object_object_add(doc, "unreadable_processes", json_object_new_int64((int64_t)t->unreadable));
	json_object_object_add(doc, "firewall_sources", esc_json_str(t->firewall_sources));
	json_object_object_add(doc, "firewall_error", esc_json_str(t->firewall_error));
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	esc_json_text(out, text, strlen(text));
	strbuf_addch(out, '\n');
	json_object_put(doc);
	return 0;
}
