#include "checks/advisory.h"
#include "util/i18n.h"

#include <string.h>
#include <strings.h>

#define ADMIN_BEFORE PHASE_BEFORE, AUD_ADMIN
#define ADMIN_AFTER PHASE_AFTER, AUD_ADMIN

static const char H_IR[] = N_("Incident procedures and contacts");
static const char H_BK[] = N_("Backups");
static const char H_AC[] = N_("Access control");
static const char H_VU[] = N_("Software vulnerabilities");
static const char H_DV[] = N_("Devices and external services");
static const char H_AW[] = N_("Notice to staff");
static const char H_AV1[] = N_("Devices that were powered off");
static const char H_VU4[] = N_("Vulnerabilities published during the holiday");
static const char H_AV2[] = N_("Malware infection check");
static const char H_LG[] = N_("Server and network logs");
static const char H_CH[] = N_("Changes while unattended");
static const char H_STB[] = N_("Staff: before the holiday");
static const char H_STA[] = N_("Staff: after the holiday");

const struct advisory_item advisory_items[] = {
	{ "IR-1", ADMIN_BEFORE, H_IR, 1, N_("monitoring during the holiday is in place") },
	{ "IR-2", ADMIN_BEFORE, H_IR, 1, N_("the incident procedure has been re-read") },
	{ "IR-3", ADMIN_BEFORE, H_IR, 1, N_("the contact list is current, with backups for every role") },
	{ "IR-4", ADMIN_BEFORE, H_IR, 1, N_("vendors' holiday support hours and off-hours contacts are known") },
	{ "IR-5", ADMIN_BEFORE, H_IR, 1, N_("staff know where to report an incident") },
	{ "BK-1", ADMIN_BEFORE, H_BK, 2, N_("important data and device configurations are backed up") },
	{ "BK-2", ADMIN_BEFORE, H_BK, 2, N_("the latest backup was really taken") },
	{ "BK-3", ADMIN_BEFORE, H_BK, 2, N_("restoring from the backup really works") },
	{ "BK-4", ADMIN_BEFORE, H_BK, 2, N_("backups are cut off from the network or cannot be modified") },
	{ "AC-1", ADMIN_BEFORE, H_AC, 3, N_("access rights are reviewed") },
	{ "AC-2", ADMIN_BEFORE, H_AC, 3, N_("multi-factor authentication is used") },
	{ "AC-3", ADMIN_BEFORE, H_AC, 3, N_("unneeded accounts are removed") },
	{ "AC-4", ADMIN_BEFORE, H_AC, 3, N_("passwords are not simple") },
	{ "AC-5", ADMIN_BEFORE, H_AC, 3, N_("no needless ports, protocols or management functions are reachable") },
	{ "VU-1", ADMIN_BEFORE, H_VU, 4, N_("security patches are applied, or mitigated") },
	{ "VU-2", ADMIN_BEFORE, H_VU, 4, N_("serious vulnerabilities published during the holiday will be noticed") },
	{ "VU-3", ADMIN_BEFORE, H_VU, 4, N_("patches that must wait are scheduled for after the holiday") },
	{ "DV-1", ADMIN_BEFORE, H_DV, 5, N_("firmware is up to date") },
	{ "DV-2", ADMIN_BEFORE, H_DV, 5, N_("devices not used during the holiday are powered off") },
	{ "DV-3", ADMIN_BEFORE, H_DV, 5, N_("automatic start settings are reviewed") },
	{ "DV-4", ADMIN_BEFORE, H_DV, 5, N_("unused external services are disabled") },
	{ "AW-1", ADMIN_BEFORE, H_AW, 6, N_("staff have been told what to do") },
	{ "AV-1", ADMIN_AFTER, H_AV1, 7, N_("anti-malware definitions are updated first on devices that were off") },
	{ "VU-4", ADMIN_AFTER, H_VU4, 8, N_("vulnerabilities published during the holiday are checked and patched") },
	{ "AV-2", ADMIN_AFTER, H_AV2, 9, N_("devices taken out are checked for malware") },
	{ "LG-1", ADMIN_AFTER, H_LG, 10, N_("logs are checked for suspicious access") },
	{ "CH-1", ADMIN_AFTER, H_CH, 11, N_("changes made while nobody was watching are reviewed") },
	{ "ST-1", PHASE_BEFORE, AUD_STAFF, H_STB, 12, N_("rules for taking devices and media out are followed") },
	{ "ST-2", PHASE_BEFORE, AUD_STAFF, H_STB, 12, N_("devices taken out are kept safe") },
	{ "ST-3", PHASE_BEFORE, AUD_STAFF, H_STB, 12, N_("devices not in use are powered off") },
	{ "ST-4", PHASE_AFTER, AUD_STAFF, H_STA, 13, N_("updates and definitions are applied before reading mail") },
	{ "ST-5", PHASE_AFTER, AUD_STAFF, H_STA, 13, N_("suspicious attachments and links are not opened") },
	{ "ST-6", PHASE_AFTER, AUD_STAFF, H_STA, 13, N_("doubtful mail is confirmed with the sender by another channel") },
};
const size_t n_advisory_items = sizeof(advisory_items) / sizeof(advisory_items[0]);

const struct advisory_item *advisory_item(const char *id)
{
	size_t i;

	for (i = 0; i < n_advisory_items; i++)
		if (strcasecmp(advisory_items[i].id, id) == 0)
			return &advisory_items[i];
	return NULL;
}

const struct advisory_item *advisory_first_item(const char *items)
{
	char id[16];
	size_t n = strcspn(items, ", ");

	if (n >= sizeof(id))
		return NULL;
	memcpy(id, items, n);
	id[n] = '\0';
	return advisory_item(id);
}
