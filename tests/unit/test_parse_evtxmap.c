/*
 * Unit tests for the Windows event record mapping: records as libevtx hands
 * them over (the provider and the strings by index). The 4624, 4732 and
 * 1102 cases are records of the real samples in ../shared/data/evtx (as
 * evtxexport prints them); the others follow Microsoft's documentation of
 * each event (its Event XML, fields in order). Then hostile ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/evtxmap.h"

#define SEC "Microsoft-Windows-Security-Auditing"
#define MAXS 40

struct ecase {
	uint32_t id;
	const char *provider;
	const char *s[MAXS];		/* NULL ends the strings */
	enum logmsg_kind kind;
	enum logmsg_svc svc;		/* LS_OTHER: not checked */
	const char *user, *src, *target, *group;	/* NULL: not checked */
	const char *summary;		/* a part of the summary; NULL: not checked */
	bool invalid_user;
};

static const struct ecase cases[] = {
	/* rdp_tunneling_4624.evtx record 15: an RDP logon (type 10) through a tunnel, from 127.0.0.1 (version 0: 20 strings) */
	{ 4624, SEC, { "S-1-5-18", "PC02$", "EXAMPLE", "0x00000000000003e7", "S-1-5-21-3583694148-1414552638-2922671848-1000",
		       "IEUser", "PC02", "0x0000000000045120", "10", "User32 ", "Negotiate", "PC02",
		       "{00000000-0000-0000-0000-000000000000}", "-", "-", "0", "0x00000658",
		       "C:\\Windows\\System32\\winlogon.exe", "127.0.0.1", "49164" },
	  LM_AUTH_OK, LS_RDP, "IEUser", "127.0.0.1", NULL, NULL,
	  "4624 logon: PC02\\IEUser, logon type 10 (remote interactive, RDP), from 127.0.0.1:49164", false },
	/* the same file, record 1: a service logon of SYSTEM (recognised, not a login to list) */
	{ 4624, SEC, { "S-1-5-18", "PC02$", "EXAMPLE", "0x00000000000003e7", "S-1-5-18", "SYSTEM", "NT AUTHORITY",
		       "0x00000000000003e7", "5", "Advapi  ", "Negotiate", "", "{00000000-0000-0000-0000-000000000000}",
		       "-", "-", "0", "0x000001d4", "C:\\Windows\\System32\\services.exe", "-", "-" },
	  LM_NOISE, LS_WINDOWS, NULL, "", NULL, NULL, "logon type 5 (service)", false },
	/* version 2 (27 strings): a network logon of a person from another host */
	{ 4624, SEC, { "S-1-0-0", "-", "-", "0x0", "S-1-5-21-1-2-3-1105", "alice", "CONTOSO", "0x8dcdc", "3", "NtLmSsp ",
		       "NTLM", "WS01", "{00000000-0000-0000-0000-000000000000}", "-", "NTLM V2", "128", "0x0", "-",
		       "::ffff:192.0.2.44", "50322", "%%1833", "-", "-", "-", "%%1843", "0x0", "%%1842" },
	  LM_AUTH_OK, LS_WINDOWS, "alice", "192.0.2.44", NULL, NULL, "logon type 3 (network)", false },
	/* type 3 from the machine itself: not listed */
	{ 4624, SEC, { "S-1-0-0", "-", "-", "0x0", "S-1-5-21-1-2-3-1105", "alice", "CONTOSO", "0x8dcdc", "3", "Kerberos",
		       "Kerberos", "-", "{0}", "-", "-", "0", "0x0", "-", "127.0.0.1", "0" },
	  LM_NOISE, LS_WINDOWS, NULL, NULL, NULL, NULL, NULL, false },
	/* ANONYMOUS LOGON over the network: not a person */
	{ 4624, SEC, { "S-1-0-0", "-", "-", "0x0", "S-1-5-7", "ANONYMOUS LOGON", "NT AUTHORITY", "0x1", "3", "NtLmSsp ",
		       "NTLM", "PC01", "{0}", "-", "NTLM V1", "0", "0x0", "-", "10.0.2.17", "49169" },
	  LM_NOISE, LS_WINDOWS, NULL, NULL, NULL, NULL, NULL, false },
	/* 4625 (Microsoft's example, version 0: 21 strings): a failed network logon of an unknown user */
	{ 4625, SEC, { "S-1-0-0", "-", "-", "0x0", "S-1-0-0", "administrator", "", "0xc000006d", "%%2313", "0xc0000064",
		       "3", "NtLmSsp ", "NTLM", "kali", "-", "-", "0", "0x0", "-", "203.0.113.5", "0" },
	  LM_AUTH_FAIL, LS_WINDOWS, "administrator", "203.0.113.5", NULL, NULL,
	  "4625 logon failed: administrator, logon type 3 (network), from 203.0.113.5 (workstation kali), status 0xc000006d/0xc0000064",
	  true },
	/* ... a wrong password over RDP (type 10) */
	{ 4625, SEC, { "S-1-5-18", "SRV$", "CONTOSO", "0x3e7", "S-1-0-0", "bob", "CONTOSO", "0xc000006d", "%%2313",
		       "0xc000006a", "10", "User32 ", "Negotiate", "SRV", "-", "-", "0", "0x1f0", "C:\\Windows\\System32\\svchost.exe",
		       "198.51.100.7", "0" },
	  LM_AUTH_FAIL, LS_RDP, "bob", "198.51.100.7", NULL, NULL, "logon type 10", false },
	/* 4648 */
	{ 4648, SEC, { "S-1-5-21-1-2-3-500", "admin", "CONTOSO", "0x31365", "{0}", "svc_sql", "CONTOSO", "{0}", "db01",
		       "db01", "0x2e4", "C:\\Windows\\System32\\runas.exe", "-", "-" },
	  LM_SESSION, LS_WINDOWS, "svc_sql", "", NULL, NULL, "explicit credentials: CONTOSO\\admin as CONTOSO\\svc_sql on db01", false },
	/* 4672 of a person, and of SYSTEM */
	{ 4672, SEC, { "S-1-5-21-1-2-3-500", "Administrator", "SRV", "0x3fd12", "SeDebugPrivilege\n\t\t\tSeBackupPrivilege" },
	  LM_PRIV_LOGON, LS_WINDOWS, "Administrator", NULL, NULL, NULL, "special privileges", false },
	{ 4672, SEC, { "S-1-5-18", "SYSTEM", "NT AUTHORITY", "0x3e7", "SeAssignPrimaryTokenPrivilege" },
	  LM_NOISE, LS_OTHER, NULL, NULL, NULL, NULL, NULL, false },
	/* 4720 */
	{ 4720, SEC, { "svc_backup2", "SRV", "S-1-5-21-1-2-3-1010", "S-1-5-21-1-2-3-500", "Administrator", "SRV", "0x3fd12",
		       "-", "svc_backup2", "%%1793", "-", "%%1793", "%%1793", "%%1793", "%%1793", "%%1793", "%%1794", "%%1794",
		       "513", "-", "0x0", "0x15", "%%2080", "%%1793", "-", "%%1797" },
	  LM_USER_NEW, LS_WINDOWS, "Administrator", NULL, "svc_backup2", NULL, "4720 user account created: SRV\\svc_backup2 by SRV\\Administrator", false },
	/* 4722 */
	{ 4722, SEC, { "Guest", "SRV", "S-1-5-21-1-2-3-501", "S-1-5-21-1-2-3-500", "Administrator", "SRV", "0x3fd12" },
	  LM_USER_ENABLED, LS_WINDOWS, "Administrator", NULL, "Guest", NULL, "user account enabled", false },
	/* 4738: the fields follow a Dummy */
	{ 4738, SEC, { "-", "Guest", "SRV", "S-1-5-21-1-2-3-501", "S-1-5-21-1-2-3-500", "Administrator", "SRV", "0x3fd12", "-",
		       "-", "-" },
	  LM_USER_CHANGED, LS_WINDOWS, "Administrator", NULL, "Guest", NULL, "user account changed: SRV\\Guest", false },
	/* guest_added_to_admins_4732.evtx record 1: Guest (RID 501) added to Builtin\Administrators by its SID */
	{ 4732, SEC, { "-", "S-1-5-21-3461203602-4096304019-2269080069-501", "Administrators", "Builtin", "S-1-5-32-544",
		       "S-1-5-21-3461203602-4096304019-2269080069-1000", "IEUser", "MSEDGEWIN10", "0x000000000027a10f", "-" },
	  LM_GROUP_ADD, LS_WINDOWS, "IEUser", NULL, "S-1-5-21-3461203602-4096304019-2269080069-501", "Administrators",
	  "local security group Builtin\\Administrators (S-1-5-32-544)", false },
	/* a privileged group by its SID whatever its local name */
	{ 4732, SEC, { "-", "S-1-5-21-1-2-3-1010", "Administratoren", "VORDEFINIERT", "S-1-5-32-544", "S-1-5-21-1-2-3-500",
		       "Administrator", "SRV", "0x1", "-" },
	  LM_GROUP_ADD, LS_WINDOWS, NULL, NULL, NULL, "Administrators", NULL, false },
	/* 4728 Domain Admins, by member name */
	{ 4728, SEC, { "CN=mallory,CN=Users,DC=contoso,DC=local", "S-1-5-21-9-9-9-1120", "Domain Admins", "CONTOSO",
		       "S-1-5-21-9-9-9-512", "S-1-5-21-9-9-9-500", "Administrator", "CONTOSO", "0x1", "-" },
	  LM_GROUP_ADD, LS_WINDOWS, NULL, NULL, "CN=mallory,CN=Users,DC=contoso,DC=local", "Domain Admins", "global security group", false },
	/* 4756, an ordinary group */
	{ 4756, SEC, { "CN=bob,DC=x", "S-1-5-21-9-9-9-1121", "Sales", "CONTOSO", "S-1-5-21-9-9-9-3001", "S-1-5-21-9-9-9-500",
		       "Administrator", "CONTOSO", "0x1", "-" },
	  LM_GROUP_ADD, LS_WINDOWS, NULL, NULL, NULL, "Sales", "universal security group", false },
	/* 4740 (Microsoft's example) */
	{ 4740, SEC, { "Auditor", "WIN81", "S-1-5-21-3457937927-2839227994-823803824-2104", "S-1-5-18", "DC01$", "CONTOSO", "0x3e7" },
	  LM_USER_LOCKED, LS_WINDOWS, "DC01$", NULL, "Auditor", "WIN81", "user account locked out: Auditor (caller computer WIN81", false },
	/* 4698 */
	{ 4698, SEC, { "S-1-5-21-1-2-3-500", "Administrator", "SRV", "0x3fd12", "\\Microsoft\\Windows\\Update",
		       "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Task><Actions><Exec><Command>c:\\temp\\x.exe</Command></Exec></Actions></Task>" },
	  LM_TASK_NEW, LS_WINDOWS, "Administrator", NULL, "\\Microsoft\\Windows\\Update", NULL, "scheduled task created: \\Microsoft\\Windows\\Update by SRV\\Administrator", false },
	/* security_log_cleared_1102.evtx record 1 */
	{ 1102, "Microsoft-Windows-Eventlog", { "S-1-5-21-1587066498-1489273250-1035260531-1106", "user01", "EXAMPLE", "0x0000000000017dad" },
	  LM_LOG_CLEARED, LS_WINDOWS, "user01", NULL, "Security", NULL, "1102 the Security log was cleared by EXAMPLE\\user01", false },
	/* 104: the System log */
	{ 104, "Microsoft-Windows-Eventlog", { "Administrator", "SRV", "System", "" },
	  LM_LOG_CLEARED, LS_WINDOWS, "Administrator", NULL, "System", NULL, "the System log was cleared by SRV\\Administrator", false },
	/* 7045 */
	{ 7045, "Service Control Manager", { "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe", "user mode service", "demand start", "LocalSystem" },
	  LM_SERVICE_NEW, LS_WINDOWS, "LocalSystem", NULL, "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe", "7045 service installed: PSEXESVC", false },
	/* 1149 (UserData Param1..3), with and without a leading namespace string */
	{ 1149, "Microsoft-Windows-TerminalServices-RemoteConnectionManager", { "admin01", "example", "203.0.113.80" },
	  LM_AUTH_OK, LS_RDP, "admin01", "203.0.113.80", NULL, NULL, "from 203.0.113.80", false },
	{ 1149, "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
	  { "http://schemas.microsoft.com/win/2004/08/events", "admin01", "example", "203.0.113.80" },
	  LM_AUTH_OK, LS_RDP, "admin01", "203.0.113.80", NULL, NULL, NULL, false },
	/* 21, 25: RDP session logon and reconnect; 21 at the console; 24 a disconnect */
	{ 21, "Microsoft-Windows-TerminalServices-LocalSessionManager", { "CONTOSO\\alice", "2", "198.51.100.20" },
	  LM_AUTH_OK, LS_RDP, "alice", "198.51.100.20", NULL, NULL, "21 session logon succeeded: CONTOSO\\alice, session 2", false },
	{ 21, "Microsoft-Windows-TerminalServices-LocalSessionManager", { "SRV\\Administrator", "1", "LOCAL" },
	  LM_AUTH_OK, LS_WINDOWS, "Administrator", "", NULL, NULL, NULL, false },
	{ 25, "Microsoft-Windows-TerminalServices-LocalSessionManager", { "CONTOSO\\alice", "2", "198.51.100.20" },
	  LM_AUTH_OK, LS_RDP, "alice", "198.51.100.20", NULL, NULL, "reconnection", false },
	{ 24, "Microsoft-Windows-TerminalServices-LocalSessionManager", { "CONTOSO\\alice", "2", "198.51.100.20" },
	  LM_NOISE, LS_OTHER, NULL, NULL, NULL, NULL, "disconnected", false },

	/* hostile or unknown */
	{ 4625, SEC, { "S-1-0-0", "-", "-" }, LM_UNKNOWN, LS_OTHER, NULL, NULL, NULL, NULL, "", false },	/* too few strings */
	{ 4624, "Some-Other-Provider", { "a", "b" }, LM_UNKNOWN, LS_OTHER, NULL, NULL, NULL, NULL, "", false },
	{ 1149, SEC, { "a", "b", "1.2.3.4" }, LM_UNKNOWN, LS_OTHER, NULL, NULL, NULL, NULL, "", false },	/* wrong provider */
	{ 5156, SEC, { "812" }, LM_UNKNOWN, LS_OTHER, NULL, NULL, NULL, NULL, "", false },
	{ 4625, SEC, { "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "not-an-address", "" },
	  LM_AUTH_FAIL, LS_WINDOWS, "", "", NULL, NULL, "logon type ?", false },
	{ 21, "Microsoft-Windows-TerminalServices-LocalSessionManager", { "", "", "" }, LM_NOISE, LS_OTHER, NULL, NULL, NULL, NULL, NULL, false },
};

static void test_cases(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ecase *c = &cases[i];
		struct span str[MAXS];
		struct evtx_fields f;
		struct logmsg m;
		char buf[EVTXMAP_SUMMARY];
		size_t len;

		for (k = 0; k < MAXS && c->s[k]; k++)
			str[k] = SPAN(c->s[k], strlen(c->s[k]));
		f.event_id = c->id;
		f.provider = SPAN(c->provider, strlen(c->provider));
		f.str = str;
		f.n_str = k;
		evtxmap_parse(&f, &m, buf, &len);
		if (m.kind != c->kind)
			fail_msg("case %zu (%u): kind %d, expected %d (%s)", i, c->id, m.kind, c->kind, buf);
		assert_int_equal(len, strlen(buf));
		assert_int_equal(m.count, 1);
		if (c->svc != LS_OTHER && m.svc != c->svc)
			fail_msg("case %zu: svc %d, expected %d", i, m.svc, c->svc);
#define CHECK(field) \
		if (c->field && (m.field.len != strlen(c->field) || memcmp(m.field.p, c->field, m.field.len) != 0)) \
			fail_msg("case %zu: " #field " '%.*s', expected '%s'", i, (int)m.field.len, m.field.p, c->field);
		CHECK(user)
		CHECK(src)
		CHECK(target)
		CHECK(group)
		if (c->summary && !strstr(buf, c->summary))
			fail_msg("case %zu: summary '%s' lacks '%s'", i, buf, c->summary);
		if (c->summary && !c->summary[0] && len)
			fail_msg("case %zu: summary '%s' for an unknown record", i, buf);
		if (c->kind == LM_AUTH_FAIL && m.invalid_user != c->invalid_user)
			fail_msg("case %zu: invalid_user %d", i, m.invalid_user);
	}
}

/* Long and odd strings: the summary stays in its buffer, fields are cut, spans stay inside the strings. */
static void test_hostile(void **state)
{
	static char big[100000];
	struct span str[EVTXMAP_MAX_STRINGS + 10];
	struct evtx_fields f = { 4625, SPAN(SEC, strlen(SEC)), str, EVTXMAP_MAX_STRINGS + 10 };
	struct logmsg m;
	char buf[EVTXMAP_SUMMARY];
	size_t len, i;

	(void)state;
	memset(big, 'A', sizeof(big));
	big[5] = '\x1b';
	for (i = 0; i < EVTXMAP_MAX_STRINGS + 10; i++)
		str[i] = SPAN(big, sizeof(big));
	evtxmap_parse(&f, &m, buf, &len);
	assert_int_equal(m.kind, LM_AUTH_FAIL);
	assert_true(len < EVTXMAP_SUMMARY);
	assert_int_equal(strlen(buf), len);
	assert_true(m.user.len <= LOGMSG_MAX_USER);
	assert_int_equal(m.src.len, 0);
	assert_true(m.user.p >= big && m.user.p + m.user.len <= big + sizeof(big));
	/* a UTF-8 sequence is not split where a field is cut */
	memset(big, 0, sizeof(big));
	for (i = 0; i + 3 <= 3000; i += 3)
		memcpy(big + i, "\xe3\x81\x82", 3);
	for (i = 0; i < 21; i++)
		str[i] = SPAN(big, 3000);
	f.n_str = 21;
	evtxmap_parse(&f, &m, buf, &len);
	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] == 0xe3)
			assert_true(i + 2 < len);
	/* no strings at all */
	f.str = NULL;
	f.n_str = 0;
	evtxmap_parse(&f, &m, buf, &len);
	assert_int_equal(m.kind, LM_UNKNOWN);
	assert_int_equal(len, 0);
}

static void test_priv_group(void **state)
{
	(void)state;
	assert_string_equal(evtxmap_priv_group(SPAN("S-1-5-32-544", 12)), "Administrators");
	assert_string_equal(evtxmap_priv_group(SPAN("S-1-5-32-555", 12)), "Remote Desktop Users");
	assert_string_equal(evtxmap_priv_group(SPAN("S-1-5-21-1-2-3-512", 18)), "Domain Admins");
	assert_null(evtxmap_priv_group(SPAN("S-1-5-21-1-2-3-513", 18)));
	assert_null(evtxmap_priv_group(SPAN("S-1-5-32-545", 12)));
	assert_null(evtxmap_priv_group(SPAN("S-1-5-21-", 9)));
	assert_null(evtxmap_priv_group(SPAN("", 0)));
	assert_true(evtxmap_wanted(4625));
	assert_false(evtxmap_wanted(5156));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_priv_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
