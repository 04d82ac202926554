/* kyuka ports' renderers: columns, escaping, the JSON's nulls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "report/ports.h"
#include "util/i18n.h"

static void table(struct port_table *t, struct port_row *rows, struct port_owner *own)
{
	memset(t, 0, sizeof(*t));
	memset(rows, 0, 2 * sizeof(*rows));
	own[0] = (struct port_owner){ .pid = 812, .comm = "sm\033]0;x\abd", .exe = "/usr/sbin/smbd", .unit = NULL };
	snprintf(rows[0].subject, sizeof(rows[0].subject), "tcp 0.0.0.0:445");
	rows[0].proto = "tcp";
	rows[0].family = 4;
	snprintf(rows[0].address, sizeof(rows[0].address), "0.0.0.0");
	rows[0].port = 445;
	rows[0].class_name = "any";
	rows[0].owners = own;
	rows[0].n_owners = 1;
	snprintf(rows[0].owner_text, sizeof(rows[0].owner_text), "sm\033]0;x\abd (pid 812)");
	rows[0].risky = "SMB";
	rows[0].has_firewall = true;
	rows[0].fw_result = "open";
	snprintf(rows[0].fw_text, sizeof(rows[0].fw_text), "firewall accepts it");
	snprintf(rows[1].subject, sizeof(rows[1].subject), "raw6 [::]:58");
	rows[1].proto = "raw";
	rows[1].family = 6;
	snprintf(rows[1].address, sizeof(rows[1].address), "::");
	rows[1].port = 58;
	rows[1].class_name = "any";
	t->rows = rows;
	t->n = 2;
	t->unreadable = 3;
	t->firewall_sources = "nft -j list ruleset";
}

static void test_terminal(void **state)
{
	struct port_row rows[2];
	struct port_owner own[1];
	struct port_table t;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	table(&t, rows, own);
	assert_int_equal(render_ports_terminal(&t, &sb), 0);
	assert_non_null(strstr(sb.buf, "PROTO      LOCAL ADDRESS"));
	assert_non_null(strstr(sb.buf, "\ntcp        0.0.0.0:445"));
	assert_non_null(strstr(sb.buf, "SMB            firewall accepts it\n"));
	assert_non_null(strstr(sb.buf, "\nraw6       [::]:58"));
	assert_null(strchr(sb.buf, '\033'));	/* the owner's escape sequence is shown escaped */
	assert_non_null(strstr(sb.buf, "(3 processes could not be read"));
	strbuf_release(&sb);
}

static void test_json(void **state)
{
	struct port_row rows[2];
	struct port_owner own[1];
	struct port_table t;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	table(&t, rows, own);
	assert_int_equal(render_ports_json(&t, &sb), 0);
	assert_non_null(strstr(sb.buf, "\"proto\":\"tcp\""));
	assert_non_null(strstr(sb.buf, "\"unit\":null"));
	assert_non_null(strstr(sb.buf, "\"result\":\"open\""));
	assert_non_null(strstr(sb.buf, "\"firewall\":null"));	/* the raw socket */
	assert_non_null(strstr(sb.buf, "\"firewall_error\":null"));
	assert_null(strchr(sb.buf, '\033'));
	assert_int_equal(sb.buf[sb.len - 1], '\n');
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_json),
	};
	i18n_init("en", NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
