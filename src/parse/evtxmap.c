/*
 * Windows event log records to the review's events (see evtxmap.h). The
 * field indexes are those of Microsoft's documentation of each event
 * ("4625(F): An account failed to log on." ... Event XML, version 0), and
 * were checked on the real samples in ../shared/data/evtx (4624, 4732, 1102).
 */
#include "parse/evtxmap.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

#define LIT(s) SPAN(s, sizeof(s) - 1)

/* Providers, by the record's source name. */
#define P_SECURITY "Microsoft-Windows-Security-Auditing"
#define P_EVENTLOG "Microsoft-Windows-Eventlog"
#define P_SCM "Service Control Manager"
#define P_RCM "Microsoft-Windows-TerminalServices-RemoteConnectionManager"
#define P_LSM "Microsoft-Windows-TerminalServices-LocalSessionManager"

bool evtxmap_wanted(uint32_t id)
{
	switch (id) {
	case 21: case 24: case 25: case 104: case 1102: case 1149: case 4624: case 4625: case 4648: case 4672:
	case 4698: case 4720: case 4722: case 4728: case 4732: case 4738: case 4740: case 4756: case 7045:
		return true;
	default:
		return false;
	}
}

static bool provider_is(const struct evtx_fields *f, const char *name)
{
	return span_eq_icase(f->provider, name);
}

/* The strings of a record, UserData events without a leading namespace string some writers add. */
struct strs {
	const struct span *v;
	size_t n;
};

static struct strs strings(const struct evtx_fields *f, bool user_data)
{
	struct strs s = { f->str, f->n_str > EVTXMAP_MAX_STRINGS ? EVTXMAP_MAX_STRINGS : f->n_str };

	if (!s.v)
		s.n = 0;
	if (user_data && s.n && s.v[0].len >= 7 && memcmp(s.v[0].p, "http://", 7) == 0) {
		s.v++;
		s.n--;
	}
	return s;
}

static struct span at(struct strs s, size_t i)
{
	return i < s.n ? s.v[i] : SPAN("", 0);
}

/* "-" and "" say nothing. */
static bool empty(struct span s)
{
	return !s.len || (s.len == 1 && s.p[0] == '-');
}

static struct span cut_user(struct span s)
{
	if (empty(s))
		return SPAN("", 0);
	return span_cut_utf8(s, LOGMSG_MAX_USER);
}

/* A remote address, or nothing ("-", a host name); "::ffff:192.0.2.1" as "192.0.2.1". */
static struct span addr(struct span s)
{
	if (s.len > 7 && (memcmp(s.p, "::ffff:", 7) == 0 || memcmp(s.p, "::FFFF:", 7) == 0) &&
	    logmsg_is_addr(SPAN(s.p + 7, s.len - 7)))
		s = SPAN(s.p + 7, s.len - 7);
	return logmsg_is_addr(s) ? s : SPAN("", 0);
}

static bool loopback(struct span a)
{
	return (a.len >= 4 && memcmp(a.p, "127.", 4) == 0) || span_eq(a, "::1");
}

/* Accounts of the system itself: their logons and privileges are the machine's own work. */
static bool system_account(struct span user, struct span sid)
{
	return empty(user) || span_eq(sid, "S-1-5-18") || span_eq(sid, "S-1-5-19") || span_eq(sid, "S-1-5-20") ||
	       span_eq(sid, "S-1-0-0") || span_eq(sid, "S-1-5-7") || user.p[user.len - 1] == '$' ||
	       span_eq_icase(user, "SYSTEM") || span_eq_icase(user, "LOCAL SERVICE") || span_eq_icase(user, "NETWORK SERVICE") ||
	       span_eq_icase(user, "ANONYMOUS LOGON") || span_eq_icase(user, "DWM-1") || span_eq_icase(user, "UMFD-0");
}

const char *evtxmap_priv_group(struct span sid)
{
	static const struct {
		const char *rid, *name;
	} builtin[] = {
		{ "544", "Administrators" }, { "548", "Account Operators" }, { "549", "Server Operators" },
		{ "550", "Print Operators" }, { "551", "Backup Operators" }, { "555", "Remote Desktop Users" },
		{ "578", "Hyper-V Administrators" }, { "580", "Remote Management Users" },
	}, domain[] = {
		{ "512", "Domain Admins" }, { "518", "Schema Admins" }, { "519", "Enterprise Admins" },
		{ "520", "Group Policy Creator Owners" }, { "526", "Key Admins" }, { "527", "Enterprise Key Admins" },
	};
	const char *dash;
	struct span rid;
	size_t i;

	if (sid.len > 9 && memcmp(sid.p, "S-1-5-32-", 9) == 0) {
		rid = SPAN(sid.p + 9, sid.len - 9);
		for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
			if (span_eq(rid, builtin[i].rid))
				return builtin[i].name;
		return NULL;
	}
	if (sid.len > 9 && memcmp(sid.p, "S-1-5-21-", 9) == 0) {
		dash = memrchr(sid.p, '-', sid.len);
		rid = SPAN(dash + 1, sid.len - (size_t)(dash + 1 - sid.p));
		for (i = 0; i < sizeof(domain) / sizeof(domain[0]); i++)
			if (span_eq(rid, domain[i].rid))
				return domain[i].name;
	}
	return NULL;
}

/* The logon types of 4624/4625 (Microsoft: "Logon types and descriptions"). */
static const char *logon_type_name(struct span t)
{
	static const char *const names[] = {
		[2] = "logon type 2 (interactive)", [3] = "logon type 3 (network)", [4] = "logon type 4 (batch)",
		[5] = "logon type 5 (service)", [7] = "logon type 7 (unlock)",
		[8] = "logon type 8 (network cleartext)", [9] = "logon type 9 (new credentials)",
		[10] = "logon type 10 (remote interactive, RDP)", [11] = "logon type 11 (cached interactive)",
		[12] = "logon type 12 (cached remote interactive)", [13] = "logon type 13 (cached unlock)",
	};
	unsigned v = 0;
	size_t i;

	if (!t.len || t.len > 2)
		return "logon type ?";
	for (i = 0; i < t.len; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return "logon type ?";
		v = v * 10 + (unsigned)(t.p[i] - '0');
	}
	return v < sizeof(names) / sizeof(names[0]) && names[v] ? names[v] : "logon type ?";
}

static unsigned logon_type(struct span t)
{
	unsigned v = 0;
	size_t i;

	if (!t.len || t.len > 2)
		return 0;
	for (i = 0; i < t.len; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(t.p[i] - '0');
	}
	return v;
}

/* ------------------------------------------------------------------ the summary */

struct out {
	char *buf;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t room = EVTXMAP_SUMMARY - 1 - o->len;

	if (n > room)
		n = room;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A field of the record, cut to EVTXMAP_MAX_FIELD bytes (not inside a UTF-8 sequence), "-" when empty. */
static void field(struct out *o, struct span s)
{
	size_t n = s.len;

	if (!n) {
		put(o, "-", 1);
		return;
	}
	if (n > EVTXMAP_MAX_FIELD) {
		n = EVTXMAP_MAX_FIELD;
		while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
			n--;
	}
	put(o, s.p, n);
	if (n < s.len)
		puts_(o, "[...]");
}

/* DOMAIN\user, or user when the domain says nothing. */
static void account(struct out *o, struct span domain, struct span user)
{
	if (!empty(domain)) {
		field(o, domain);
		put(o, "\\", 1);
	}
	field(o, user);
}

static void head(struct out *o, uint32_t id, const char *what)
{
	char n[16];

	snprintf(n, sizeof(n), "%u ", (unsigned)id);
	puts_(o, n);
	puts_(o, what);
}

/* ------------------------------------------------------------------ the events */

/* 4624 (v0 20 strings, v1 21, v2 27) and 4625 (21): where TargetUserName, LogonType and IpAddress are. */
static void logon(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	bool fail = f->event_id == 4625;
	struct span user = at(s, 5), domain = at(s, 6), sid = at(s, 4);
	struct span type = at(s, fail ? 10 : 8), ip = at(s, fail ? 19 : 18), port = at(s, fail ? 20 : 19);
	struct span ws = at(s, fail ? 13 : 11), a = addr(ip);
	unsigned lt = logon_type(type);

	if (s.n < (fail ? 21u : 20u))
		return;
	m->user = cut_user(user);
	m->src = a;
	m->method = SPAN(logon_type_name(type), strlen(logon_type_name(type)));
	m->svc = lt == 10 || lt == 12 ? LS_RDP : LS_WINDOWS;
	if (fail) {
		struct span st = at(s, 7), sub = at(s, 9);

		m->kind = LM_AUTH_FAIL;
		/* STATUS_NO_SUCH_USER: the account does not exist */
		m->invalid_user = span_eq_icase(st, "0xc0000064") || span_eq_icase(sub, "0xc0000064");
		head(o, f->event_id, "logon failed: ");
		account(o, domain, user);
		puts_(o, ", ");
		puts_(o, logon_type_name(type));
		puts_(o, ", from ");
		field(o, ip);
		if (!empty(port) && !span_eq(port, "0")) {
			put(o, ":", 1);
			field(o, port);
		}
		puts_(o, " (workstation ");
		field(o, ws);
		puts_(o, "), status ");
		field(o, st);
		put(o, "/", 1);
		field(o, sub);
		return;
	}
	head(o, f->event_id, "logon: ");
	account(o, domain, user);
	puts_(o, ", ");
	puts_(o, logon_type_name(type));
	puts_(o, ", from ");
	field(o, ip);
	if (!empty(port) && !span_eq(port, "0")) {
		put(o, ":", 1);
		field(o, port);
	}
	puts_(o, " (workstation ");
	field(o, ws);
	puts_(o, ", process ");
	field(o, at(s, 9));
	puts_(o, ", ");
	field(o, at(s, 10));
	put(o, ")", 1);
	/*
	 * A login to list: interactive at the console or over RDP (2, 10, 11, 12), and network
	 * logons (3, 8) of a person from another host. Services, batch jobs, unlocks and the
	 * machine's own accounts log on all day: recognised, not listed.
	 */
	if (system_account(user, sid))
		m->kind = LM_NOISE;
	else if (lt == 2 || lt == 10 || lt == 11 || lt == 12)
		m->kind = LM_AUTH_OK;
	else if ((lt == 3 || lt == 8) && a.len && !loopback(a))
		m->kind = LM_AUTH_OK;
	else
		m->kind = LM_NOISE;
}

/* 4648: SubjectUserName 1, TargetUserName 5, TargetDomainName 6, TargetServerName 8, ProcessName 11, IpAddress 12. */
static void explicit_creds(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 14)
		return;
	m->kind = LM_SESSION;
	m->svc = LS_WINDOWS;
	m->user = cut_user(at(s, 5));
	m->src = addr(at(s, 12));
	m->pam_svc = LIT("explicit credentials");
	head(o, f->event_id, "logon with explicit credentials: ");
	account(o, at(s, 2), at(s, 1));
	puts_(o, " as ");
	account(o, at(s, 6), at(s, 5));
	puts_(o, " on ");
	field(o, at(s, 8));
	puts_(o, " (process ");
	field(o, at(s, 11));
	puts_(o, ", from ");
	field(o, at(s, 12));
	put(o, ")", 1);
}

/* 4672: SubjectUserSid 0, SubjectUserName 1, SubjectDomainName 2, PrivilegeList 4. */
static void special_privileges(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 5)
		return;
	m->svc = LS_WINDOWS;
	m->user = cut_user(at(s, 1));
	m->kind = system_account(at(s, 1), at(s, 0)) ? LM_NOISE : LM_PRIV_LOGON;
	head(o, f->event_id, "special privileges assigned to new logon: ");
	account(o, at(s, 2), at(s, 1));
	puts_(o, ": ");
	field(o, at(s, 4));
}

/* 4720, 4722 (TargetUserName 0, TargetDomainName 1, SubjectUserName 4, SubjectDomainName 5); 4738 (the same after a Dummy). */
static void user_account(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	size_t d = f->event_id == 4738;

	if (s.n < 7 + d)
		return;
	m->svc = LS_WINDOWS;
	m->target = cut_user(at(s, d + 0));
	m->user = cut_user(at(s, d + 4));
	m->kind = f->event_id == 4720 ? LM_USER_NEW : f->event_id == 4722 ? LM_USER_ENABLED : LM_USER_CHANGED;
	head(o, f->event_id, f->event_id == 4720 ? "user account created: "
			     : f->event_id == 4722 ? "user account enabled: " : "user account changed: ");
	account(o, at(s, d + 1), at(s, d + 0));
	puts_(o, " by ");
	account(o, at(s, d + 5), at(s, d + 4));
}

/* 4728, 4732, 4756: MemberName 0, MemberSid 1, TargetUserName 2 (the group), TargetDomainName 3, TargetSid 4, SubjectUserName 6, SubjectDomainName 7. */
static void group_member(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	struct span member = at(s, 0), group = at(s, 2);
	const char *priv;

	if (s.n < 8)
		return;
	m->kind = LM_GROUP_ADD;
	m->svc = LS_WINDOWS;
	/* local groups log the member by SID alone (MemberName "-") */
	m->target = cut_user(empty(member) ? at(s, 1) : member);
	m->user = cut_user(at(s, 6));
	/* a privileged group by its well-known SID, whatever its name in the system's language */
	priv = evtxmap_priv_group(at(s, 4));
	m->group = priv ? SPAN(priv, strlen(priv)) : cut_user(group);
	head(o, f->event_id, "member added to ");
	puts_(o, f->event_id == 4728 ? "global" : f->event_id == 4732 ? "local" : "universal");
	puts_(o, " security group ");
	account(o, at(s, 3), group);
	puts_(o, " (");
	field(o, at(s, 4));
	puts_(o, "): ");
	field(o, member);
	puts_(o, " (");
	field(o, at(s, 1));
	puts_(o, ") by ");
	account(o, at(s, 7), at(s, 6));
}

/* 4740: TargetUserName 0, TargetDomainName 1 (the caller computer), SubjectUserName 4. */
static void locked_out(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 7)
		return;
	m->kind = LM_USER_LOCKED;
	m->svc = LS_WINDOWS;
	m->target = cut_user(at(s, 0));
	m->group = cut_user(at(s, 1));
	m->user = cut_user(at(s, 4));
	head(o, f->event_id, "user account locked out: ");
	field(o, at(s, 0));
	puts_(o, " (caller computer ");
	field(o, at(s, 1));
	puts_(o, ", by ");
	account(o, at(s, 5), at(s, 4));
	put(o, ")", 1);
}

/* 4698: SubjectUserName 1, SubjectDomainName 2, TaskName 4, TaskContent 5. */
static void task_created(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 6)
		return;
	m->kind = LM_TASK_NEW;
	m->svc = LS_WINDOWS;
	m->target = cut_user(at(s, 4));
	m->user = cut_user(at(s, 1));
	head(o, f->event_id, "scheduled task created: ");
	field(o, at(s, 4));
	puts_(o, " by ");
	account(o, at(s, 2), at(s, 1));
}

/* 1102 (Security): SubjectUserName 1, SubjectDomainName 2; 104 (System and others): SubjectUserName 0, SubjectDomainName 1, Channel 2. */
static void log_cleared(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	bool sec = f->event_id == 1102;
	struct span user = at(s, sec ? 1 : 0), domain = at(s, sec ? 2 : 1);
	struct span chan = sec ? LIT("Security") : at(s, 2);

	if (s.n < (sec ? 3u : 3u))
		return;
	m->kind = LM_LOG_CLEARED;
	m->svc = LS_WINDOWS;
	m->target = empty(chan) ? LIT("?") : cut_user(chan);
	m->user = cut_user(user);
	head(o, f->event_id, "the ");
	field(o, m->target);
	puts_(o, " log was cleared by ");
	account(o, domain, user);
}

/* 7045: ServiceName 0, ImagePath 1, ServiceType 2, StartType 3, AccountName 4. */
static void service_installed(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 2)
		return;
	m->kind = LM_SERVICE_NEW;
	m->svc = LS_WINDOWS;
	m->target = cut_user(at(s, 0));
	m->group = at(s, 1).len > LOGMSG_MAX_USER ? SPAN(at(s, 1).p, LOGMSG_MAX_USER) : at(s, 1);
	m->user = cut_user(at(s, 4));
	head(o, f->event_id, "service installed: ");
	field(o, at(s, 0));
	puts_(o, ", ");
	field(o, at(s, 1));
	puts_(o, " (");
	field(o, at(s, 2));
	puts_(o, ", ");
	field(o, at(s, 3));
	puts_(o, ", as ");
	field(o, at(s, 4));
	put(o, ")", 1);
}

/* 1149: Param1 user, Param2 domain, Param3 source address. */
static void rdp_auth(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	if (s.n < 3)
		return;
	m->kind = empty(at(s, 0)) ? LM_NOISE : LM_AUTH_OK;
	m->svc = LS_RDP;
	m->user = cut_user(at(s, 0));
	m->src = addr(at(s, 2));
	m->method = LIT("rdp user authentication (1149)");
	head(o, f->event_id, "remote desktop user authentication succeeded: ");
	account(o, at(s, 1), at(s, 0));
	puts_(o, " from ");
	field(o, at(s, 2));
}

/* 21, 24, 25: User (DOMAIN\user) 0, SessionID 1, Address 2 ("LOCAL" at the console). */
static void rdp_session(const struct evtx_fields *f, struct strs s, struct logmsg *m, struct out *o)
{
	struct span user = at(s, 0), a = addr(at(s, 2));
	const char *bs;

	if (s.n < 3)
		return;
	bs = user.len ? memchr(user.p, '\\', user.len) : NULL;
	m->user = cut_user(bs ? SPAN(bs + 1, user.len - (size_t)(bs + 1 - user.p)) : user);
	m->src = a;
	m->svc = a.len ? LS_RDP : LS_WINDOWS;
	if (f->event_id == 24)
		m->kind = LM_NOISE;
	else
		m->kind = m->user.len ? LM_AUTH_OK : LM_NOISE;
	m->method = f->event_id == 21 ? (a.len ? LIT("rdp session logon (21)") : LIT("console session logon (21)"))
				      : a.len ? LIT("rdp session reconnect (25)") : LIT("console session reconnect (25)");
	head(o, f->event_id, f->event_id == 21 ? "session logon succeeded: "
			     : f->event_id == 24 ? "session disconnected: " : "session reconnection succeeded: ");
	field(o, user);
	puts_(o, ", session ");
	field(o, at(s, 1));
	puts_(o, ", from ");
	field(o, at(s, 2));
}

void evtxmap_parse(const struct evtx_fields *f, struct logmsg *m, char *buf, size_t *len)
{
	struct out o = { buf, 0 };
	uint32_t id = f->event_id;

	memset(m, 0, sizeof(*m));
	m->kind = LM_UNKNOWN;
	m->count = 1;
	buf[0] = '\0';
	if (!evtxmap_wanted(id))
		goto out;
	if (provider_is(f, P_SECURITY)) {
		struct strs s = strings(f, false);

		switch (id) {
		case 4624:
		case 4625:
			logon(f, s, m, &o);
			break;
		case 4648:
			explicit_creds(f, s, m, &o);
			break;
		case 4672:
			special_privileges(f, s, m, &o);
			break;
		case 4720:
		case 4722:
		case 4738:
			user_account(f, s, m, &o);
			break;
		case 4728:
		case 4732:
		case 4756:
			group_member(f, s, m, &o);
			break;
		case 4740:
			locked_out(f, s, m, &o);
			break;
		case 4698:
			task_created(f, s, m, &o);
			break;
		default:
			break;
		}
	} else if (provider_is(f, P_EVENTLOG) && (id == 1102 || id == 104)) {
		log_cleared(f, strings(f, true), m, &o);
	} else if (provider_is(f, P_SCM) && id == 7045) {
		service_installed(f, strings(f, false), m, &o);
	} else if (provider_is(f, P_RCM) && id == 1149) {
		rdp_auth(f, strings(f, true), m, &o);
	} else if (provider_is(f, P_LSM) && (id == 21 || id == 24 || id == 25)) {
		rdp_session(f, strings(f, true), m, &o);
	}
out:
	if (m->kind == LM_UNKNOWN) {
		/* too few strings for the event: not recognised, whatever the summary began */
		memset(m, 0, sizeof(*m));
		m->kind = LM_UNKNOWN;
		m->count = 1;
		o.len = 0;
		buf[0] = '\0';
	}
	*len = o.len;
}
