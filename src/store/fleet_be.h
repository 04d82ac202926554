/*
 * Private to the fleet store (fleet.c, fleet_pg.c): query results as text
 * cells, and the PostgreSQL connection through libpq loaded when first
 * needed (a kyuka that never meets a fleet on PostgreSQL never loads it).
 */
#ifndef KYUKA_STORE_FLEET_BE_H
#define KYUKA_STORE_FLEET_BE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* Rows of text cells: cell[row * ncols + col], NULL for SQL NULL (owned). */
struct fleet_rows {
	char **cell;
	size_t nrows, ncols;
};
void fleet_rows_free(struct fleet_rows *r);
static inline const char *fleet_cell(const struct fleet_rows *r, size_t row, size_t col)
{
	return r->cell[row * r->ncols + col];
}

struct fpg;
/* Connects; the connection string is never copied into err. */
int fpg_connect(const char *conninfo, struct fpg **out, struct err *err);
void fpg_close(struct fpg *c);
/* A script without parameters (DDL, BEGIN, COMMIT). */
int fpg_script(struct fpg *c, const char *sql, struct err *err);
/* Statement number idx (prepared on first use) with text parameters; rows into out when not NULL. */
int fpg_exec(struct fpg *c, int idx, const char *sql, int nparams, const char *const *params, struct fleet_rows *out,
	     struct err *err);
/* COPY ... FROM STDIN with the text-format rows in data[0..len). */
int fpg_copy(struct fpg *c, const char *copy_sql, const char *data, size_t len, struct err *err);
/* Whether a connection string or URI holds a password (-EINVAL when it does not parse). */
int fpg_conninfo_has_password(const char *conninfo, bool *has, struct err *err);

#endif
