/* kyuka.yaml: what each key means (parse/config/keydoc.h), and the walk over the schema. */
#include "parse/config/keydoc.h"

#include <stdio.h>
#include <string.h>

#include "parse/schema.h"
#include "util/xalloc.h"

#define PERSON(p)                                                                                          \
	{ p, "a person: name, phone, mail and when they were last verified", NULL, NULL },                   \
	{ p ".name", "the person's name", "Hanako Sato", NULL },                      \
	{ p ".phone", "a phone number reachable during the holiday", "+81-90-0000-0000", NULL },             \
	{ p ".mail", "a mail address", "hanako@example.jp", NULL },                                          \
	{ p ".verified", "when the person confirmed these details (YYYY-MM-DD)", NULL, NULL }
#define CONTACT(p, what)                                                                                   \
	{ p, what, NULL, NULL },                                                                           \
	{ p ".phone", "a phone number", "+81-3-0000-0000", NULL },                                         \
	{ p ".mail", "a mail address", "support@vendor.example", NULL },                                   \
	{ p ".url", "a web page or form", "https://vendor.example/support", NULL }

static const struct keydoc docs[] = {
	{ "version", "the version of this file's format", NULL, NULL },
	{ "organisation", "the organisation's name, shown in reports", "Example Corp", NULL },
	{ "holiday", "the holiday window, START..END (or {start: DATE, end: DATE}); the --holiday option overrides it",
	  NULL, NULL },
	{ "audit", "how kyuka audit judges", NULL, NULL },
	{ "audit.fail_on", "the lowest severity of a finding that makes the exit status 1 (--fail-on overrides it)",
	  "high", "high (the command line decides)" },
	{ "audit.skip", "check IDs (ACCT-0030), advisory items (AC-2) or areas (accounts) the audit leaves out",
	  "[ACCT-0030]", NULL },
	{ "accounts", "the account checks", NULL, NULL },
	{ "accounts.dormant_days", "an account unused for this many days is dormant", NULL, NULL },
	{ "accounts.ignore", "account names the account checks do not report", "[nobody]", NULL },
	{ "ssh", "the SSH checks", NULL, NULL },
	{ "ssh.min_rsa_bits", "the smallest RSA key size accepted for host and user keys", NULL, NULL },
	{ "vulns", "vulnerability matching (kyuka vulns, VULN checks)", NULL, NULL },
	{ "vulns.max_feed_age_days", "VULN-0020 warns about a feed whose newest entry is older than this", NULL, NULL },
	{ "vulns.release", "the Debian codename to match feeds for", "bookworm",
	  "VERSION_CODENAME of /etc/os-release under --root" },
	{ "feeds", "where kyuka feeds update fetches each feed: an http(s) URL, or none to skip it", NULL, NULL },
	{ "feeds.dsa", "the Debian security advisories list", "none", "the security tracker's DSA list" },
	{ "feeds.dla", "the Debian LTS advisories list", "none", "the security tracker's DLA list" },
	{ "feeds.kev", "CISA's known exploited vulnerabilities (JSON)", "none", "CISA's KEV feed" },
	{ "feeds.tracker", "the Debian security tracker's JSON", "none", "security-tracker.debian.org's JSON" },
	{ "feeds.osv", "OSV's Debian archive", "none", "OSV's Debian all.zip" },
	{ "logs", "the log review (kyuka logs, LOG checks)", NULL, NULL },
	{ "logs.baseline_days", "the period before the window that counts as normal (LOG-0050, LOG-0080)", NULL, NULL },
	{ "logs.brute_force_failures", "failed logins from one source in the window that make a brute force (LOG-0020)",
	  NULL, NULL },
	{ "logs.spray_users", "distinct user names tried from one source that make a spray (LOG-0020)", NULL, NULL },
	{ "logs.success_after_failures", "failures from a source before a login that makes it suspect (LOG-0030)", NULL,
	  NULL },
	{ "logs.gap_hours", "hours without a log line on a steady host (LOG-0010)", NULL, NULL },
	{ "logs.night", "the night, two local hours FROM-TO (LOG-0080)", NULL, NULL },
	{ "logs.backwards_seconds", "how far the clock may step back before LOG-0100 says so", NULL, NULL },
	{ "logs.timezone", "an IANA zone or an offset for year-less log times", "Asia/Tokyo",
	  "the target's /etc/timezone or /etc/localtime, else UTC" },
	{ "logs.inside_networks", "addresses and networks an appliance's traffic from is not \"from outside\" (LOG-0090)",
	  "[203.0.113.0/28]", "none (private, loopback and link-local addresses are inside)" },
	{ "passwords", "password guessing (kyuka passwords audit, PW checks)", NULL, NULL },
	{ "passwords.budget", "seconds of guessing in kyuka passwords audit", NULL, NULL },
	{ "passwords.audit_budget", "seconds of guessing in kyuka audit; 0 leaves PW-0010 to kyuka passwords audit (SKIP)",
	  NULL, NULL },
	{ "passwords.threads", "guessing threads; 0 is every core", NULL, NULL },
	{ "passwords.wordlist", "a word list on the machine kyuka runs on, one guess a line",
	  "/usr/share/john/password.lst", NULL },
	{ "passwords.words", "site words to guess with variations (product names, places)", "[example]", NULL },
	{ "passwords.min_length", "the smallest minimum password length PW-0030 accepts", NULL, NULL },
	{ "ports", "listening ports (NET checks)", NULL, NULL },
	{ "ports.allow", "listening ports accepted on purpose (NET-0010)", NULL, NULL },
	{ "ports.allow[].port", "the port", "5432", NULL },
	{ "ports.allow[].proto", "tcp or udp; both when absent", "tcp", NULL },
	{ "ports.allow[].bind",
	  "the bound address, or its class: any, loopback, link-local, private, public, multicast", "private", NULL },
	{ "ports.allow[].process", "the process name or systemd unit", "postgres", NULL },
	{ "ports.allow[].reason", "why the port stays open", "the app servers on the LAN need it", NULL },
	{ "ports.allow[].expires", "after this date the port counts again (YYYY-MM-DD)", NULL, NULL },
	{ "services", "services (SVC checks)", NULL, NULL },
	{ "services.allow",
	  "unit names (ssh stands for ssh.service) or process names of services reviewed and wanted (SVC-0010..0030)",
	  "[ssh]", NULL },
	{ "allow", "accepted findings: a finding an entry matches becomes PASS with the reason, until it expires",
	  NULL, NULL },
	{ "allow[].check", "the check ID", "SUDO-0010", NULL },
	{ "allow[].subject", "the exact subject of the finding, or \"*\" for every subject", "deploy", NULL },
	{ "allow[].reason", "why the finding is accepted", "CI deploy user, key-only, restricted command",
	  NULL },
	{ "allow[].expires", "after this date the finding counts again (YYYY-MM-DD)", NULL, NULL },
	{ "plan", "the incident plan (docs/plan.md); the PLAN checks read it when present", NULL, NULL },
	{ "plan.verify_days",
	  "contacts, the procedure review and confirmations must be this recent before the holiday", NULL, NULL },
	{ "plan.procedure", "the incident procedure", NULL, NULL },
	{ "plan.procedure.document", "an absolute path on the audited host or an http(s) URL",
	  "/srv/docs/incident-procedure.pdf", NULL },
	{ "plan.procedure.reviewed", "when the procedure was last re-read (YYYY-MM-DD)", NULL, NULL },
	{ "plan.reporting", "where staff report an incident", NULL, NULL },
	{ "plan.reporting.phone", "the reporting phone number", "+81-3-0000-0000", NULL },
	{ "plan.reporting.mail", "the reporting mail address", "security@example.jp", NULL },
	{ "plan.reporting.hours", "when reports are answered", "09:00-18:00, on call otherwise", NULL },
	{ "plan.reporting.note", "anything else staff should know", "call, do not mail, when a PC behaves oddly", NULL },
	{ "plan.roles", "who does what during an incident, each role with a primary and a backup", NULL, NULL },
	{ "plan.roles[].role", "the role", "incident lead", NULL },
	PERSON("plan.roles[].primary"),
	PERSON("plan.roles[].backup"),
	{ "plan.vendors", "vendors and their holiday support", NULL, NULL },
	{ "plan.vendors[].name", "the vendor's name", "Example Hosting", NULL },
	{ "plan.vendors[].kind", "what they provide", "hosting", NULL },
	{ "plan.vendors[].service", "the service concerned", "VPS", NULL },
	{ "plan.vendors[].holiday_hours", "their support hours during the holiday", "closed 12/29-1/3", NULL },
	CONTACT("plan.vendors[].contact", "the vendor's usual contact"),
	CONTACT("plan.vendors[].off_hours", "the off-hours contact, or the word none"),
	{ "plan.vendors[].contract_id", "the contract or customer number", "C-0000", NULL },
	{ "plan.vendors[].verified", "when these details were last confirmed (YYYY-MM-DD)", NULL, NULL },
	{ "alert", "the alert channel of kyuka watch and kyuka alert test (docs/monitoring.md)", NULL, NULL },
	{ "alert.channel", "smtp, webhook or syslog", "syslog", NULL },
	{ "alert.url", "smtp://, smtps:// (smtp); http://, https:// (webhook)", "smtps://mail.example.jp", NULL },
	{ "alert.from", "the sender's mail address (smtp)", "kyuka@example.jp", NULL },
	{ "alert.to", "the recipients' mail addresses (smtp)", "[admin@example.jp]", NULL },
	{ "alert.username", "SMTP authentication: the user", "kyuka", NULL },
	{ "alert.password_file", "SMTP authentication: a file with the password, not readable by group or others",
	  "/etc/kyuka/smtp-password", NULL },
	{ "alert.starttls", "try, required or never", NULL, "try" },
	{ "alert.socket", "syslog: the local socket", "/dev/log", "/dev/log" },
	{ "alert.timeout", "seconds to wait for the channel", NULL, NULL },
	{ "alert.ca_file", "a PEM file to verify the server with", "/etc/kyuka/ca.pem", "the system's CAs" },
	{ "monitoring", "logging and retention (MON checks)", NULL, NULL },
	{ "monitoring.margin_days", "days of logs needed beyond the holiday", NULL, NULL },
	{ "backup", "backup jobs and what they must cover (docs/backup.md)", NULL, NULL },
	{ "backup.important", "data the backup checks want covered (/etc always is)", "[/srv/data]", NULL },
	{ "backup.config", "configuration paths besides /etc, /usr/local/etc, /opt/*/etc", "[/srv/app/conf]", NULL },
	{ "backup.max_age_hours", "the newest backup may be this old; the default of every job", NULL, NULL },
	{ "backup.verify_max_age_days", "how old the last successful restore drill may be", NULL, NULL },
	{ "backup.jobs", "the backup jobs kyuka lists and drills", NULL, NULL },
	{ "backup.jobs[].name", "unique among the jobs (kyuka backup verify NAME)", "nightly", NULL },
	{ "backup.jobs[].kind", "the tool: restic, borg, archive or directory", "restic", NULL },
	{ "backup.jobs[].repository",
	  "a restic/borg repository, an archive file or a directory of archives, or a copy tree",
	  "/mnt/backup/restic", NULL },
	{ "backup.jobs[].password_file", "the password's file (read through --root; not readable by group or others)",
	  "/root/.restic-password", NULL },
	{ "backup.jobs[].password_env", "an environment variable of kyuka's that holds the password", "RESTIC_PASSWORD",
	  NULL },
	{ "backup.jobs[].password_command", "a command that prints the password (split like a shell would, no shell)",
	  "pass show backup", NULL },
	{ "backup.jobs[].paths", "what the job backs up", "[/etc, /srv/data]", NULL },
	{ "backup.jobs[].max_age_hours", "the newest backup may be this old", "26", "backup.max_age_hours" },
	{ "backup.jobs[].offline", "the target must be cut off from this host: writable from here is FAIL, not WARN",
	  NULL, "false" },
	{ "backup.jobs[].sample", "files a restore drill restores: a count or N%", NULL, "20" },
	{ "backup.jobs[].check_percent",
	  "restic/borg: the share of the data restic check reads; 100 also makes borg --verify-data", "5", "5" },
	{ "backup.jobs[].timeout_minutes", "the limit of each tool run", "60", "60 for a drill, 5 for a listing" },
	{ "baseline", "what kyuka baseline save and kyuka diff hash (docs/baseline.md)", NULL, NULL },
	{ "baseline.paths", "absolute paths to record", "[/etc, /usr/bin, /usr/sbin]",
	  "/etc, /usr/bin, /usr/sbin, /usr/lib/systemd, /boot, /root/.ssh and every home's .ssh" },
	{ "baseline.watch_feeds_update", "kyuka watch runs kyuka feeds update before it matches the vulnerabilities", "false",
	  "false" },
	{ "av", "antivirus (AV checks, docs/antivirus.md)", NULL, NULL },
	{ "av.max_age_hours", "antivirus definitions older than this FAIL (AV-0010, AV-0020, AV-0050)", NULL, NULL },
	{ "scan", "kyuka scan", NULL, NULL },
	{ "scan.yara_rules", "a directory of YARA rules (*.yar, *.yara) on the auditing machine", "/etc/kyuka/yara",
	  NULL },
	{ "netscan", "what kyuka netscan and the DV-2 check (DEV-0060) probe (docs/netscan.md)", NULL, NULL },
	{ "netscan.targets", "addresses, CIDRs (a /16 at most), ranges and names to scan; nothing else is ever probed",
	  "[192.168.10.0/24]", "none" },
	{ "netscan.ports", "default (the risky and management ports), all (1-65535), or a list such as 22,80,8000-8100",
	  "default", "default" },
	{ "netscan.rate", "probes a second per host, 0 for no limit", NULL, NULL },
	{ "netscan.timeout_ms", "the longest wait for one answer, in milliseconds", NULL, NULL },
	{ "netscan.retries", "how many times a probe without an answer is sent again", NULL, NULL },
	{ "netscan.allow_public", "public addresses are refused unless this is true", NULL, NULL },
	{ "inventory", "the devices and their holiday state (DV-2, DEV-0060)", NULL, NULL },
	{ "inventory.devices", "one entry a device", NULL, NULL },
	{ "inventory.devices[].name", "the device's name, unique", "nas-1", NULL },
	{ "inventory.devices[].address", "an address or a host name", "192.168.10.5", NULL },
	{ "inventory.devices[].kind", "free text: camera, printer, router, nas, pc ...", "nas", NULL },
	{ "inventory.devices[].owner", "who answers for it", "IT desk", NULL },
	{ "inventory.devices[].holiday", "on or off: off means powered off over the holiday (answering is a FAIL)", "off",
	  "not said" },
	{ "inventory.devices[].allow", "ports accepted on purpose, each with its reason", NULL, NULL },
	{ "inventory.devices[].allow[].port", "the port number", "443", NULL },
	{ "inventory.devices[].allow[].proto", "tcp or udp", "tcp", "tcp" },
	{ "inventory.devices[].allow[].reason", "why it is open", "the admin page, reachable from the admin VLAN only",
	  NULL },
};

const struct keydoc *keydoc_find(const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(docs); i++)
		if (strcmp(docs[i].path, path) == 0)
			return &docs[i];
	return NULL;
}

typedef void (*walk_fn)(const char *path, const struct ckey *k, int depth, bool in_list, void *arg);

static size_t walk(const struct csection *sec, const char *prefix, int depth, bool in_list, walk_fn fn, void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < sec->n_keys; i++) {
		const struct ckey *k = &sec->keys[i];
		char path[160];

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", k->name);
		fn(path, k, depth, in_list, arg);
		n++;
		if (k->type == KT_SECTION || k->type == KT_SECTION_OR_NONE) {
			n += walk(k->sub, path, depth + 1, in_list, fn, arg);
		} else if (k->type == KT_LIST && k->sub) {
			char lp[168];

			snprintf(lp, sizeof(lp), "%s[]", path);
			n += walk(k->sub, lp, depth + 1, true, fn, arg);
		}
	}
	return n;
}

size_t config_schema_walk(walk_fn fn, void *arg)
{
	return walk(config_schema(), "", 0, false, fn, arg);
}

const char *keydoc_type(const struct ckey *k)
{
	switch (k->type) {
	case KT_STRING:
		if (k->flags & KF_ABSPATH)
			return "absolute path";
		return k->flags & KF_WORD ? "word" : "string";
	case KT_UINT: return "whole number";
	case KT_DATE: return "date";
	case KT_SEVERITY: return "severity";
	case KT_STRLIST:
		if (k->flags & KF_ABSPATH)
			return "list of absolute paths";
		return k->flags & KF_WORD ? "list of words" : "list of strings";
	case KT_HOLIDAY: return "holiday";
	case KT_SECTION: return "mapping";
	case KT_LIST: return "list of mappings";
	case KT_CHOICE: return "word from a list";
	case KT_SECTION_OR_NONE: return "mapping, or the word none";
	case KT_HOURS: return "hours";
	case KT_BOOL: return "true or false";
	case KT_ENUM: return "word from a list";
	case KT_SAMPLE: return "whole number or N%";
	}
	return "?";
}

static void join_words(const char *const *w, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; w && w[i] && len < size; i++) {
		int r = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", w[i]);
		if (r < 0)
			break;
		len += (size_t)r;
	}
}

void keydoc_range(const struct ckey *k, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (k->type) {
	case KT_UINT:
	case KT_SAMPLE:
		if (k->min == k->max)
			snprintf(buf, size, "must be %u", k->min);
		else
			snprintf(buf, size, "%u to %u%s", k->min, k->max, k->type == KT_SAMPLE ? ", or 1% to 100%" : "");
		break;
	case KT_SEVERITY: snprintf(buf, size, "info, low, medium, high, critical"); break;
	case KT_CHOICE: join_words(k->choices, buf, size); break;
	case KT_ENUM: join_words(k->names, buf, size); break;
	case KT_HOURS: snprintf(buf, size, "two different local hours 0-23, FROM-TO"); break;
	case KT_DATE: snprintf(buf, size, "YYYY-MM-DD"); break;
	case KT_HOLIDAY: snprintf(buf, size, "YYYY-MM-DD..YYYY-MM-DD"); break;
	default: break;
	}
}

void keydoc_default(const char *path, const struct ckey *k, char *buf, size_t size)
{
	const struct keydoc *d = keydoc_find(path);

	buf[0] = '\0';
	if (d && d->deflt)
		snprintf(buf, size, "%s", d->deflt);
	else if (k->type == KT_UINT && (k->def || k->min == 0))
		snprintf(buf, size, "%u", k->def);
	else if (k->type == KT_HOURS)
		snprintf(buf, size, "%u-%u", k->def, k->def2);
	else if (k->type == KT_STRLIST || k->type == KT_LIST)
		snprintf(buf, size, "empty");
}
