/* Network scans (kyuka netscan, AC-5, DV-2): see store.h. */
#include "store/internal.h"
#include "store/store.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_add_netscan(struct store *s, const struct netscan_record *r, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t id;
	size_t i;
	int ret, rc;

	ret = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (ret < 0)
		return ret;
	ret = store_i_prepare(s, "INSERT INTO netscans (started_at, elapsed_ms) VALUES (?1, ?2)", &st, err);
	if (ret < 0)
		goto out;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)r->started);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)r->elapsed_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		ret = store_i_error(s, rc, err, "cannot record the network scan in");
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	st = NULL;
	ret = store_i_prepare(s, "INSERT OR IGNORE INTO netscan_hosts (netscan_id, address, answered) VALUES (?1, ?2, ?3)",
			      &st, err);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->n_hosts; i++) {
		sqlite3_reset(st);
		rc = sqlite3_bind_int64(st, 1, id);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 2, r->hosts[i].address);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(st, 3, r->hosts[i].answered ? 1 : 0);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			ret = store_i_error(s, rc, err, "cannot record the network scan in");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	ret = store_i_prepare(s, "INSERT OR IGNORE INTO netscan_ports (netscan_id, address, proto, port, service)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)", &st, err);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->n_ports; i++) {
		sqlite3_reset(st);
		rc = sqlite3_bind_int64(st, 1, id);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 2, r->ports[i].address);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 3, r->ports[i].proto);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(st, 4, (int)r->ports[i].port);
		if (rc == SQLITE_OK)
			rc = r->ports[i].service ? store_i_bind_text(st, 5, r->ports[i].service) : sqlite3_bind_null(st, 5);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			ret = store_i_error(s, rc, err, "cannot record the network scan in");
			goto out;
		}
	}
	ret = store_i_exec(s, "COMMIT", err, "cannot record the network scan in");
out:
	sqlite3_finalize(st);
	if (ret < 0)
		store_i_rollback(s);
	return ret;
}

int store_netscan_last(struct store *s, const char *address, struct netscan_prev *out, struct err *err)
{
	static const char q_host[] =
		"SELECT h.netscan_id, n.started_at, h.answered FROM netscan_hosts h JOIN netscans n ON n.id = h.netscan_id"
		" WHERE h.address = ?1 ORDER BY h.netscan_id DESC LIMIT 1";
	static const char q_ports[] = "SELECT proto, port FROM netscan_ports WHERE netscan_id = ?1 AND address = ?2"
				      " ORDER BY proto, port";
	sqlite3_stmt *st = NULL;
	int64_t id;
	size_t cap = 0;
	int ret, rc;

	memset(out, 0, sizeof(*out));
	ret = store_i_prepare(s, q_host, &st, err);
	if (ret < 0)
		return ret;
	rc = store_i_bind_text(st, 1, address);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = store_i_error(s, rc, err, "cannot read network scans from");
		goto out;
	}
	id = sqlite3_column_int64(st, 0);
	out->when = (time_t)sqlite3_column_int64(st, 1);
	out->answered = sqlite3_column_int(st, 2) == 1;
	sqlite3_finalize(st);
	st = NULL;
	ret = store_i_prepare(s, q_ports, &st, err);
	if (ret < 0)
		return ret;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, address);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->ports = xrealloc(out->ports, st_mult(cap, sizeof(*out->ports)));
		}
		store_i_col_copy(out->ports[out->n].proto, sizeof(out->ports[out->n].proto), st, 0);
		out->ports[out->n].port = (unsigned)sqlite3_column_int(st, 1);
		out->n++;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		ret = store_i_error(s, rc, err, "cannot read network scans from");
		netscan_prev_free(out);
		goto out;
	}
	ret = 1;
out:
	sqlite3_finalize(st);
	return ret;
}

void netscan_prev_free(struct netscan_prev *p)
{
	free(p->ports);
	memset(p, 0, sizeof(*p));
}
