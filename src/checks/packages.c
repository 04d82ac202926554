/* Packages (VU-1): pending updates, a reboot after kernel updates, processes still running replaced code. */
#include "checks/packages.h"
#include "checks/util.h"
#include "collect/packages.h"
#include "parse/dpkg_version.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fact that could not be gathered because the root is not a Debian system (or apt is missing) is a SKIP. */
static int pkg_fact_failed(struct check_ctx *ctx, int ret, struct err *e, struct err *err)
{
	if (ret == -ENOENT) {
		check_add(ctx, ST_SKIP, "", "%s", e->msg);
		return 0;
	}
	return fact_failed(ctx, ret, e, err);
}

static int pkg_name_cmp(const void *a, const void *b)
{
	const struct dpkg_pkg *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* The source package of an apt upgrade ("libssl3:i386" -> "openssl"): from dpkg's status, else its own name. */
static const char *source_of(const struct apt_upgrade *u, const struct dpkg_pkg *const *idx, size_t n)
{
	size_t len = strcspn(u->package, ":");
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(idx[mid]->name, u->package, len);

		if (!c && idx[mid]->name[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return idx[mid]->source && idx[mid]->source[0] ? idx[mid]->source : u->package;
	}
	return u->package;
}

struct pending {
	const struct apt_upgrade *u;
	const char *source;
};

static int pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = strcmp(x->source, y->source);

	return c ? c : strcmp(x->u->package, y->u->package);
}

/*
 * One finding for all the pending updates, their source packages listed
 * (each with its binary packages and versions): one remedy, so one action.
 */
static int pending_updates(struct check_ctx *ctx, bool security, struct err *err)
{
	const struct apt_sim *apt;
	const struct dpkg_status *st = NULL;
	const struct dpkg_pkg **idx = NULL;
	struct pending *v;
	struct check_group g;
	struct err e;
	size_t i, j, n = 0, n_idx = 0, bins = 0;
	char src[512];
	int ret = facts_apt(ctx->facts, &apt, &e);

	if (ret < 0)
		return pkg_fact_failed(ctx, ret, &e, err);
	if (apt->bad.n) {
		err_set(err, -EBADMSG, "apt-get printed %zu Inst lines kyuka could not read (first: line %zu, %s)",
			apt->bad.n, apt->bad.line[0], apt->bad.why[0]);
		return -EBADMSG;
	}
	if (facts_dpkg(ctx->facts, &st, &e) == 0 && st->n) {
		idx = xmalloc(st_mult(st->n, sizeof(*idx)));
		for (i = 0; i < st->n; i++)
			if (st->v[i].installed)
				idx[n_idx++] = &st->v[i];
		qsort(idx, n_idx, sizeof(*idx), pkg_name_cmp);
	}
	v = xmalloc(st_mult(apt->n ? apt->n : 1, sizeof(*v)));
	for (i = 0; i < apt->n; i++) {
		const struct apt_upgrade *u = &apt->v[i];

		if (u->security != security || !strcmp(u->current, u->candidate))
			continue;	/* the same version again is no update (apt may list one whose metadata differs) */
		v[n].u = u;
		v[n].source = source_of(u, idx, n_idx);
		n++;
	}
	qsort(v, n, sizeof(*v), pending_cmp);
	if (apt->from_lists)
		snprintf(src, sizeof(src), "%s", _("apt's lists in /var/lib/apt/lists"));
	else if (apt->lists_not_used[0])
		snprintf(src, sizeof(src), _("apt-get -s dist-upgrade; apt's lists not used: %s"), apt->lists_not_used);
	else
		snprintf(src, sizeof(src), "apt-get -s dist-upgrade");
	check_group_init(&g, ctx, security ? ST_FAIL : ST_WARN, ctx->cur->severity);
	for (i = 0; i < n; i = j) {
		struct strbuf sb = STRBUF_INIT;
		size_t before = g.n;

		for (j = i; j < n && !strcmp(v[j].source, v[i].source); j++) {
			const struct apt_upgrade *u = v[j].u;

			if (j > i)
				strbuf_adds(&sb, ", ");
			if (u->current[0])
				strbuf_addf(&sb, "%s %s \xe2\x86\x92 %s", u->package, u->current, u->candidate);
			else
				strbuf_addf(&sb, _("%s (new) %s"), u->package, u->candidate);
		}
		check_group_add(&g, v[i].source, _("%s; from %s"), sb.buf ? sb.buf : "", v[i].u->origins);
		if (g.n > before)	/* not a source an accepted exception took out of the group */
			bins += j - i;
		strbuf_release(&sb);
	}
	if (security)
		check_group_end(&g, ngettext("%zu source package has security updates pending (binary packages: %zu; %s)",
					     "%zu source packages have security updates pending (binary packages: %zu; %s)",
					     g.n),
				g.n, bins, src);
	else
		check_group_end(&g, ngettext("%zu source package has other updates pending (binary packages: %zu; %s)",
					     "%zu source packages have other updates pending (binary packages: %zu; %s)",
					     g.n),
				g.n, bins, src);
	free(v);
	free(idx);
	if (!n)
		check_add(ctx, ST_PASS, "", security ? _("no security updates pending (%s)") : _("no other updates pending (%s)"),
			  src);
	return 0;
}

int pkg_security_updates_run(struct check_ctx *ctx, struct err *err)
{
	return pending_updates(ctx, true, err);
}

static int pkg_other_updates(struct check_ctx *ctx, struct err *err)
{
	return pending_updates(ctx, false, err);
}

static int pkg_reboot(struct check_ctx *ctx, struct err *err)
{
	const struct dpkg_status *st = NULL;
	struct kernel_facts k;
	struct err e;
	bool decided = false;
	int ret = facts_dpkg(ctx->facts, &st, &e);

	if (ret < 0 && ret != -ENOENT)
		return fact_failed(ctx, ret, &e, err);
	collect_kernel(ctx->root, ret == 0 ? st : NULL, &k);
	if (k.reboot_required) {
		check_add(ctx, ST_FAIL, "/run/reboot-required", _("a reboot is required after updates%s%s"),
			  k.reboot_pkgs[0] ? _(" of ") : "", k.reboot_pkgs);
		decided = true;
	}
	if (k.running_pkg && k.newest && k.newest != k.running_pkg) {
		check_add(ctx, ST_FAIL, k.running, _("running kernel %s (%s), but %s %s is installed"), k.running,
			  k.running_pkg->version, k.newest->name, k.newest->version);
		decided = true;
	} else if (k.running_pkg && k.running_version[0]) {
		bool ok;

		if (dpkg_version_cmp_str(k.running_version, k.running_pkg->version, &ok) < 0 && ok) {
			check_add(ctx, ST_FAIL, k.running, _("running kernel %s is version %s, but %s is installed"),
				  k.running, k.running_version, k.running_pkg->version);
			decided = true;
		}
	}
	if (!decided) {
		if (!k.running[0])
			check_add(ctx, ST_SKIP, "", "%s", _("the running kernel is unknown (no /proc/sys/kernel/osrelease)"));
		else if (!k.running_pkg)
			check_add(ctx, ST_SKIP, k.running,
				  _("the running kernel %s is not from an installed package (a container, or a kernel from elsewhere); no /run/reboot-required"),
				  k.running);
		else
			check_add(ctx, ST_PASS, k.running,
				  _("the running kernel %s (/proc/sys/kernel/osrelease) is the newest installed (%s %s in /var/lib/dpkg/status); no /run/reboot-required"),
				  k.running, k.running_pkg->name, k.running_pkg->version);
	}
	kernel_facts_free(&k);
	return 0;
}

static int pkg_stale_processes(struct check_ctx *ctx, struct err *err)
{
	struct stale_procs sp;
	struct err e;
	size_t i;
	int ret = collect_stale_procs(ctx->root, &sp, &e);

	if (ret < 0)
		return pkg_fact_failed(ctx, ret, &e, err);
	for (i = 0; i < sp.n; i++) {
		char subj[96];

		snprintf(subj, sizeof(subj), "%u %s", sp.v[i].pid, sp.v[i].comm);
		if (sp.v[i].n_files > 1)
			check_add(ctx, ST_WARN, subj, _("maps %s and %zu more files deleted since it started (replaced by an upgrade)"),
				  sp.v[i].path, sp.v[i].n_files - 1);
		else
			check_add(ctx, ST_WARN, subj, _("maps %s, deleted since it started (replaced by an upgrade)"),
				  sp.v[i].path);
	}
	if (!sp.n && sp.unreadable == sp.scanned)
		check_add(ctx, ST_SKIP, "", _("the memory maps of %zu processes could not be read (run kyuka as root)"),
			  sp.scanned);
	else if (!sp.n && sp.unreadable)
		check_add(ctx, ST_PASS, "", _("/proc/PID/maps of %zu processes read, none maps a deleted library or program (%zu could not be read)"),
			  sp.scanned - sp.unreadable, sp.unreadable);
	else if (!sp.n)
		check_add(ctx, ST_PASS, "", _("/proc/PID/maps of %zu processes read, none maps a deleted library or program"),
			  sp.scanned);
	stale_procs_free(&sp);
	return 0;
}

static const struct check checks[] = {
	{ .id = "PKG-0010", .items = "VU-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No security updates are pending"),
	  .explain = N_("kyuka reads apt's package lists (/var/lib/apt/lists), sources, preferences and pins and dpkg's status, and chooses each package's candidate as apt does, as apt-get dist-upgrade would upgrade; when the configuration holds something it does not evaluate, it asks apt-get -s dist-upgrade (a simulation, nothing is installed) instead, and the evidence says which was used. Upgrades from a -security suite fix published vulnerabilities. The advisory asks for security patches before the holiday. The result is as fresh as apt's lists (apt-get update)."),
	  .remedy = N_("apt-get update && apt-get upgrade (or dist-upgrade); if an update must wait, record a mitigation and schedule it for right after the holiday."),
	  .run = pkg_security_updates_run },
	{ .id = "PKG-0020", .items = "VU-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_LOW,
	  .title = N_("No other updates are pending"),
	  .explain = N_("Updates that are not from a security suite (point releases, stable-updates) often carry fixes too, and leaving them makes the next security update larger."),
	  .remedy = N_("apt-get update && apt-get upgrade, after checking what it will change."),
	  .run = pkg_other_updates },
	{ .id = "PKG-0030", .items = "VU-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No reboot is pending after updates"),
	  .explain = N_("A kernel (or libc) update only protects after a reboot: /run/reboot-required says a package asked for one, and a running kernel older than the newest installed one means the fix is not running."),
	  .remedy = N_("Reboot before the holiday, at a time you choose, and check that the host comes back."),
	  .run = pkg_reboot },
	{ .id = "PKG-0040", .items = "VU-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("No process still runs replaced libraries or programs"),
	  .explain = N_("A process started before an upgrade keeps running the old, vulnerable code: its memory maps (/proc/PID/maps) still show the library or program file, marked deleted."),
	  .remedy = N_("Restart the services listed (systemctl restart UNIT; needrestart can do it), or reboot."),
	  .run = pkg_stale_processes },
};

CHECK_AREA(packages_area, "packages", checks);
