#include "collect/firmware.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/exec.h"
#include "util/span.h"
#include "util/xalloc.h"

#define DMI_MAX_FILE 4096
#define FWUPD_TIMEOUT_MS 60000u

static char *dmi(const struct root *r, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char path[128];
	char *v = NULL;

	snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", name);
	if (root_read_file(r, path, DMI_MAX_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		struct span t = span_trim(SPAN(sb.buf, sb.len));
		if (t.len && !span_has_nul(t))
			v = xstrndup(t.p, t.len);
	}
	strbuf_release(&sb);
	return v;
}

/* The "hypervisor" CPU flag that a guest sees (x86: CPUID leaf 1, ECX bit 31). */
static bool cpu_hypervisor(const struct root *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line, w;
	bool found = false;

	if (root_read_file(r, "/proc/cpuinfo", (size_t)16 << 20, ROOT_MISSING_OK, &sb, NULL, NULL) < 0)
		goto out;
	rest = SPAN(sb.buf, sb.len);
	while (!found && span_next_line(&rest, &line)) {
		struct span key;
		if (!span_split(&line, ':', &key) || !span_eq(span_trim(key), "flags"))
			continue;
		while (span_next_word(&line, &w))
			if (span_eq(w, "hypervisor"))
				found = true;
		break;
	}
out:
	strbuf_release(&sb);
	return found;
}

static bool contains(const char *s, const char *what)
{
	return s && strstr(s, what);
}

void collect_dmi(const struct root *r, struct dmi_facts *d)
{
	static const char *const vm[] = { "QEMU", "KVM", "VMware", "VirtualBox", "innotek", "Xen", "Bochs",
					  "Virtual Machine", "Amazon EC2", "Google Compute Engine", "OpenStack",
					  "Parallels", "BHYVE", "Firecracker", "Cloud Hypervisor" };
	size_t i;

	memset(d, 0, sizeof(*d));
	d->bios_vendor = dmi(r, "bios_vendor");
	d->bios_version = dmi(r, "bios_version");
	d->bios_date = dmi(r, "bios_date");
	d->sys_vendor = dmi(r, "sys_vendor");
	d->product_name = dmi(r, "product_name");
	d->board_vendor = dmi(r, "board_vendor");
	d->board_name = dmi(r, "board_name");
	d->board_version = dmi(r, "board_version");
	d->present = d->bios_vendor || d->bios_version || d->sys_vendor || d->product_name || d->board_name;
	for (i = 0; i < sizeof(vm) / sizeof(vm[0]); i++)
		if (contains(d->sys_vendor, vm[i]) || contains(d->product_name, vm[i]) || contains(d->bios_vendor, vm[i])) {
			d->virtual_machine = true;
			snprintf(d->vm_evidence, sizeof(d->vm_evidence), "%s %s", d->sys_vendor ? d->sys_vendor : "",
				 d->product_name ? d->product_name : "");
		}
	if (!d->virtual_machine && cpu_hypervisor(r)) {
		d->virtual_machine = true;
		d->vm_cpu_flag = true;
		snprintf(d->vm_evidence, sizeof(d->vm_evidence), "hypervisor flag in /proc/cpuinfo");
	}
}

void dmi_facts_free(struct dmi_facts *d)
{
	free(d->bios_vendor);
	free(d->bios_version);
	free(d->bios_date);
	free(d->sys_vendor);
	free(d->product_name);
	free(d->board_vendor);
	free(d->board_name);
	free(d->board_version);
	memset(d, 0, sizeof(*d));
}

int collect_fwupd(const struct root *r, bool updates, struct fwupd_list *out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	int ret;

	if (!root_is_host(r)) {
		const char *path = updates ? "/var/lib/kyuka/saved/fwupd-updates.json" : "/var/lib/kyuka/saved/fwupd-devices.json";
		ret = root_read_file(r, path, FWUPD_MAX_BYTES, ROOT_MISSING_OK, &sb, NULL, &e);
		if (ret == -ENOENT)
			ret = err_set(err, -ENOENT, "no saved fwupd output in the root (%s)", path);
		else if (ret < 0)
			*err = e;
		else if ((ret = fwupd_parse(sb.buf, sb.len, updates, out, &e)) < 0)
			err_set(err, ret, "cannot read '%s': %s", path, e.msg);
	} else {
		const char *argv[] = { "fwupdmgr", updates ? "get-updates" : "get-devices", "--json", NULL };
		struct exec_opts o = { .timeout_ms = FWUPD_TIMEOUT_MS, .max_stdout = FWUPD_MAX_BYTES };
		struct exec_result res;

		ret = exec_run(argv, &o, &res, err);
		if (ret < 0)
			goto out;
		/* exit 2: "nothing to do" (no updates); the JSON still says so */
		ret = fwupd_parse(res.out.buf, res.out.len, updates, out, &e);
		if (ret < 0) {
			strbuf_rtrim(&res.errout);
			ret = err_set(err, res.exit_code != 0 && res.exit_code != 2 ? -ECONNREFUSED : ret,
				      "fwupdmgr %s failed (exit %d): %.200s", argv[1], res.exit_code,
				      res.errout.len ? res.errout.buf : e.msg);
		}
		exec_result_release(&res);
	}
out:
	strbuf_release(&sb);
	return ret;
}
