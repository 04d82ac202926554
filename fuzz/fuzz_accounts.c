/*
 * libFuzzer target for the account-database parsers. The first byte picks
 * the parser (passwd, shadow, group, gshadow, login.defs); the rest is the
 * file, copied into an exactly-sized buffer without a terminator.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/accounts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_passwd(const char *buf, size_t len)
{
	struct passwd_db db = { 0 };
	size_t i;

	if (passwd_parse(buf, len, &db, NULL) < 0)
		return;
	for (i = 0; i < db.n; i++)
		if (passwd_by_name(&db, db.v[i].name) == NULL)
			abort();
	passwd_free(&db);
}

static void run_shadow(const char *buf, size_t len)
{
	struct shadow_db db = { 0 };
	size_t i;

	if (shadow_parse(buf, len, &db, NULL) < 0)
		return;
	for (i = 0; i < db.n; i++) {
		enum pw_state st;
		enum pw_scheme sch;

		if (shadow_by_name(&db, db.v[i].name) == NULL)
			abort();
		pw_classify(db.v[i].hash, &st, &sch);
		if (st != db.v[i].state || sch != db.v[i].scheme || !pw_scheme_name(sch))
			abort();
		if ((st == PW_USABLE || st == PW_LOCKED) != (sch != PWS_NONE))
			abort();
	}
	shadow_free(&db);
}

static void run_group(const char *buf, size_t len)
{
	struct group_db db = { 0 };
	size_t i, j;

	if (group_parse(buf, len, &db, NULL) < 0)
		return;
	for (i = 0; i < db.n; i++) {
		if (group_by_name(&db, db.v[i].name) == NULL ||
		    group_by_gid(&db, db.v[i].gid) == NULL)
			abort();
		for (j = 0; j < db.v[i].n_members; j++)
			if (!db.v[i].members[j][0])
				abort();
	}
	group_free(&db);
}

static void run_gshadow(const char *buf, size_t len)
{
	struct gshadow_db db = { 0 };
	size_t i, j;

	if (gshadow_parse(buf, len, &db, NULL) < 0)
		return;
	for (i = 0; i < db.n; i++) {
		for (j = 0; j < db.v[i].n_admins; j++)
			if (!db.v[i].admins[j][0])
				abort();
		for (j = 0; j < db.v[i].n_members; j++)
			if (!db.v[i].members[j][0])
				abort();
	}
	gshadow_free(&db);
}

static void run_logindefs(const char *buf, size_t len)
{
	struct logindefs ld = { 0 };
	size_t i;

	if (logindefs_parse(buf, len, &ld, NULL) < 0)
		return;
	for (i = 0; i < ld.n; i++) {
		if (logindefs_get(&ld, ld.v[i].key) == NULL)
			abort();
		(void)logindefs_get_u64(&ld, ld.v[i].key, 0);
	}
	logindefs_free(&ld);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	switch (data[0] % 5) {
	case 0:
		run_passwd(buf, len);
		break;
	case 1:
		run_shadow(buf, len);
		break;
	case 2:
		run_group(buf, len);
		break;
	case 3:
		run_gshadow(buf, len);
		break;
	default:
		run_logindefs(buf, len);
		break;
	}
	free(buf);
	return 0;
}
