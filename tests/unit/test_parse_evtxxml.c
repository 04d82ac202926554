/* Unit tests for TimeCreated from a Windows event record's XML (libxml2, loaded on first use). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parse/evtxxml.h"

/* guest_added_to_admins_4732.evtx record 2 as evtxexport -f xml prints it (its written time is 0) */
static const char sample[] =
	"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
	"  <System>\n"
	"    <Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-A5BA-3E3B0328C30D}\"/>\n"
	"    <EventID>4732</EventID>\n"
	"    <TimeCreated SystemTime=\"2019-09-22T11:23:19.251925800Z\"/>\n"
	"    <EventRecordID>191030</EventRecordID>\n"
	"  </System>\n"
	"  <EventData>\n"
	"    <Data Name=\"MemberSid\">S-1-5-20</Data>\n"
	"  </EventData>\n"
	"</Event>\n";

static int run(const char *xml, int64_t *t)
{
	struct err e = { 0 };

	return evtxxml_time_created(xml, strlen(xml), t, &e);
}

static void test_time(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(run(sample, &t), 0);
	assert_int_equal(t, 1569151399);	/* 2019-09-22T11:23:19Z */
	assert_int_equal(run("<Event><System><TimeCreated SystemTime=\"2026-12-31T03:20:34Z\"/></System></Event>", &t), 0);
	assert_int_equal(t, 1798687234);
}

static void test_hostile(void **state)
{
	int64_t t = 7;

	(void)state;
	assert_int_equal(run("<Event><System/></Event>", &t), -ENOENT);
	assert_int_equal(run("<Other><System><TimeCreated SystemTime=\"2026-12-31T03:20:34Z\"/></System></Other>", &t), -ENOENT);
	assert_int_equal(run("<Event><System><TimeCreated SystemTime=\"yesterday\"/></System></Event>", &t), -ENOENT);
	assert_int_equal(run("<Event><System><TimeCreated/></System></Event>", &t), -ENOENT);
	assert_int_equal(run("not xml at all", &t), -EINVAL);
	assert_int_equal(run("", &t), -EINVAL);
	/* an entity is not substituted, an external one not fetched: no time (libxml2 refuses the document) */
	assert_true(run("<!DOCTYPE Event [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			     "<Event><System><TimeCreated SystemTime=\"&x;\"/></System></Event>", &t) < 0);
	assert_int_equal(t, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
