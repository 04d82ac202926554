/*
 * The fleet store's PostgreSQL connection (fleet_be.h): libpq through
 * dlopen on first use, as util/lazylib.c loads libcurl, so that libpq and
 * what it brings (TLS, Kerberos, LDAP) cost nothing to the commands that do
 * not talk to PostgreSQL. Types and constants come from libpq-fe.h, which
 * only store/ includes.
 */
#include "store/fleet_be.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "util/xalloc.h"

struct kpq {
	PGconn *(*connectdb)(const char *conninfo);
	ConnStatusType (*status)(const PGconn *c);
	char *(*errorMessage)(const PGconn *c);
	void (*finish)(PGconn *c);
	PGresult *(*exec)(PGconn *c, const char *q);
	PGresult *(*prepare)(PGconn *c, const char *name, const char *q, int n, const Oid *types);
	PGresult *(*execPrepared)(PGconn *c, const char *name, int n, const char *const *values, const int *lengths,
				  const int *formats, int result_format);
	ExecStatusType (*resultStatus)(const PGresult *r);
	char *(*resultErrorMessage)(const PGresult *r);
	void (*clear)(PGresult *r);
	char *(*getvalue)(const PGresult *r, int row, int col);
	int (*getlength)(const PGresult *r, int row, int col);
	int (*getisnull)(const PGresult *r, int row, int col);
	int (*ntuples)(const PGresult *r);
	int (*nfields)(const PGresult *r);
	int (*putCopyData)(PGconn *c, const char *buf, int n);
	int (*putCopyEnd)(PGconn *c, const char *errormsg);
	PGresult *(*getResult)(PGconn *c);
	PQconninfoOption *(*conninfoParse)(const char *conninfo, char **errmsg);
	void (*conninfoFree)(PQconninfoOption *o);
	void (*freemem)(void *p);
};

#define PQSYM(f) { "PQ" #f, offsetof(struct kpq, f) }
static const struct {
	const char *name;
	size_t off;
} pq_syms[] = {
	PQSYM(connectdb), PQSYM(status), PQSYM(errorMessage), PQSYM(finish), PQSYM(exec), PQSYM(prepare),
	PQSYM(execPrepared), PQSYM(resultStatus), PQSYM(resultErrorMessage), PQSYM(clear), PQSYM(getvalue),
	PQSYM(getlength), PQSYM(getisnull), PQSYM(ntuples), PQSYM(nfields), PQSYM(putCopyData), PQSYM(putCopyEnd),
	PQSYM(getResult), PQSYM(conninfoParse), PQSYM(conninfoFree), PQSYM(freemem),
};

static struct kpq pq;
static char pq_why[200];
static int pq_ok;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;

static void pq_load(void)
{
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		const char *e = dlerror();
		snprintf(pq_why, sizeof(pq_why), "cannot load libpq.so.5 (install libpq5): %s", e ? e : "not found");
		return;
	}
	for (i = 0; i < sizeof(pq_syms) / sizeof(pq_syms[0]); i++) {
		void *f = dlsym(h, pq_syms[i].name);

		if (!f) {
			snprintf(pq_why, sizeof(pq_why), "libpq.so.5 has no %s", pq_syms[i].name);
			dlclose(h);
			return;
		}
		*(void **)((char *)&pq + pq_syms[i].off) = f;
	}
	pq_ok = 1;	/* kept for the life of the process */
}

static const struct kpq *pq_get(struct err *err)
{
	pthread_once(&pq_once, pq_load);
	if (!pq_ok) {
		err_set(err, -ENOENT, "%s", pq_why);
		return NULL;
	}
	return &pq;
}

#define FPG_MAX_STMTS 64

struct fpg {
	PGconn *conn;
	uint64_t prepared;	/* bit idx: statement "k<idx>" prepared */
};

void fleet_rows_free(struct fleet_rows *r)
{
	size_t i;

	if (!r->cell)
		return;
	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

/* libpq's message: one line, without its trailing newline. */
static int pg_error(int code, const char *what, const char *msg, struct err *err)
{
	char buf[400];
	size_t n;

	snprintf(buf, sizeof(buf), "%s", msg ? msg : "");
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	return err_set(err, code, "%s: %s", what, buf);
}

int fpg_conninfo_has_password(const char *conninfo, bool *has, struct err *err)
{
	const struct kpq *p = pq_get(err);
	PQconninfoOption *o, *i;
	char *msg = NULL;

	if (!p)
		return -ENOENT;
	o = p->conninfoParse(conninfo, &msg);
	if (!o) {
		/* libpq's message may quote the string: say only that it did not parse */
		if (msg)
			p->freemem(msg);
		return err_set(err, -EINVAL, "invalid PostgreSQL connection string");
	}
	*has = false;
	for (i = o; i->keyword; i++)
		if (!strcmp(i->keyword, "password") && i->val && i->val[0])
			*has = true;
	p->conninfoFree(o);
	return 0;
}

int fpg_connect(const char *conninfo, struct fpg **out, struct err *err)
{
	const struct kpq *p = pq_get(err);
	struct fpg *c;
	int r;

	if (!p)
		return -ENOENT;
	c = xcalloc(1, sizeof(*c));
	c->conn = p->connectdb(conninfo);
	if (!c->conn || p->status(c->conn) != CONNECTION_OK) {
		r = pg_error(-ECONNREFUSED, "cannot connect to PostgreSQL", c->conn ? p->errorMessage(c->conn) : "out of memory",
			     err);
		fpg_close(c);
		return r;
	}
	/* the fleet's text is UTF-8 (validated when parsed); the session says so whatever the server's default */
	r = fpg_script(c, "SET client_encoding = 'UTF8'; SET client_min_messages = warning;", err);
	if (r < 0) {
		fpg_close(c);
		return r;
	}
	*out = c;
	return 0;
}

void fpg_close(struct fpg *c)
{
	if (!c)
		return;
	if (c->conn && pq_ok)
		pq.finish(c->conn);
	free(c);
}

static int result_ok(PGresult *res, struct fpg *c, const char *what, struct err *err)
{
	ExecStatusType st = res ? pq.resultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return 0;
	return pg_error(-EIO, what, res ? pq.resultErrorMessage(res) : pq.errorMessage(c->conn), err);
}

int fpg_script(struct fpg *c, const char *sql, struct err *err)
{
	PGresult *res = pq.exec(c->conn, sql);
	int r = result_ok(res, c, "PostgreSQL", err);

	pq.clear(res);
	return r;
}

static void take_rows(PGresult *res, struct fleet_rows *out)
{
	int nr = pq.ntuples(res), nc = pq.nfields(res), i, j;

	out->nrows = (size_t)(nr > 0 ? nr : 0);
	out->ncols = (size_t)(nc > 0 ? nc : 0);
	out->cell = xcalloc(out->nrows * out->ncols + 1, sizeof(char *));
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++)
			if (!pq.getisnull(res, i, j))
				out->cell[(size_t)i * out->ncols + (size_t)j] =
					xstrndup(pq.getvalue(res, i, j), (size_t)pq.getlength(res, i, j));
}

int fpg_exec(struct fpg *c, int idx, const char *sql, int nparams, const char *const *params, struct fleet_rows *out,
	     struct err *err)
{
	char name[16];
	PGresult *res;
	int r;

	if (idx < 0 || idx >= FPG_MAX_STMTS)
		return err_set(err, -EINVAL, "statement %d out of range", idx);
	snprintf(name, sizeof(name), "k%d", idx);
	if (!(c->prepared & ((uint64_t)1 << idx))) {
		res = pq.prepare(c->conn, name, sql, nparams, NULL);
		r = result_ok(res, c, "cannot prepare a PostgreSQL statement", err);
		pq.clear(res);
		if (r < 0)
			return r;
		c->prepared |= (uint64_t)1 << idx;
	}
	res = pq.execPrepared(c->conn, name, nparams, params, NULL, NULL, 0);
	r = result_ok(res, c, "PostgreSQL", err);
	if (r == 0 && out)
		take_rows(res, out);
	pq.clear(res);
	return r;
}

int fpg_copy(struct fpg *c, const char *copy_sql, const char *data, size_t len, struct err *err)
{
	PGresult *res = pq.exec(c->conn, copy_sql);
	size_t off = 0;
	int r = 0;

	if (!res || pq.resultStatus(res) != PGRES_COPY_IN) {
		r = pg_error(-EIO, "cannot start COPY", res ? pq.resultErrorMessage(res) : pq.errorMessage(c->conn), err);
		pq.clear(res);
		return r;
	}
	pq.clear(res);
	while (off < len) {
		int n = len - off > (1 << 20) ? 1 << 20 : (int)(len - off);

		if (pq.putCopyData(c->conn, data + off, n) != 1) {
			r = pg_error(-EIO, "COPY", pq.errorMessage(c->conn), err);
			break;
		}
		off += (size_t)n;
	}
	if (pq.putCopyEnd(c->conn, r < 0 ? "aborted" : NULL) != 1 && r == 0)
		r = pg_error(-EIO, "COPY", pq.errorMessage(c->conn), err);
	while ((res = pq.getResult(c->conn))) {
		if (r == 0 && pq.resultStatus(res) != PGRES_COMMAND_OK)
			r = pg_error(-EIO, "COPY", pq.resultErrorMessage(res), err);
		pq.clear(res);
	}
	return r;
}
