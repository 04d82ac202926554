/*
 * Firmware: the DMI facts of /sys/class/dmi/id (through the root), and the
 * devices and pending updates fwupd knows (`fwupdmgr get-devices --json`,
 * `fwupdmgr get-updates --json` on the host; under --root the saved outputs
 * /var/lib/kyuka/saved/fwupd-devices.json and fwupd-updates.json).
 */
#ifndef KYUKA_COLLECT_FIRMWARE_H
#define KYUKA_COLLECT_FIRMWARE_H

#include <stdbool.h>

#include "collect/root.h"
#include "parse/fwupd.h"
#include "util/err.h"

struct dmi_facts {
	bool present;
	char *bios_vendor, *bios_version, *bios_date;
	char *sys_vendor, *product_name;
	char *board_vendor, *board_name, *board_version;
	bool virtual_machine;	/* from the vendor and product names, or the CPU's hypervisor flag */
	bool vm_cpu_flag;	/* told by the CPU's hypervisor flag (vm_evidence then says so in English) */
	char vm_evidence[160];	/* "QEMU Standard PC", "hypervisor flag in /proc/cpuinfo" */
};

void collect_dmi(const struct root *r, struct dmi_facts *out);
void dmi_facts_free(struct dmi_facts *d);

/*
 * fwupd's view. Returns 0; -ENOENT when fwupd is not installed (or, under
 * --root, no saved output); -ECONNREFUSED when the daemon cannot be reached;
 * other negative errno. updates selects get-updates (else get-devices).
 */
int collect_fwupd(const struct root *r, bool updates, struct fwupd_list *out, struct err *err);

#endif
