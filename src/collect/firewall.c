#include "collect/firewall.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/exec.h"
#include "parse/iptables.h"
#include "parse/nft.h"
#include "util/xalloc.h"

#define FIREWALL_TIMEOUT_MS 20000u
#define FIREWALL_MAX_OUTPUT ((size_t)64 << 20)

static void add_source(struct fw_facts *f, const char *s)
{
	size_t l = strlen(f->sources);

	snprintf(f->sources + l, sizeof(f->sources) - l, "%s%s", l ? ", " : "", s);
}

/* Runs argv; 0 with the output in out; -ENOENT not installed; -EPERM needs root; other errors. */
static int run(const char *const argv[], struct strbuf *out, struct err *err)
{
	struct exec_opts o = { .timeout_ms = FIREWALL_TIMEOUT_MS, .max_stdout = FIREWALL_MAX_OUTPUT };
	struct exec_result res;
	int ret;

	ret = exec_run(argv, &o, &res, err);
	if (ret < 0)
		return ret;
	if (res.stdout_truncated) {
		ret = err_set(err, -EFBIG, "'%s' printed more than %zu bytes", argv[0], FIREWALL_MAX_OUTPUT);
	} else if (res.exit_code != 0) {
		bool perm = strstr(res.errout.buf, "ermission denied") || strstr(res.errout.buf, "not permitted");
		const char *msg = res.errout.len ? res.errout.buf : "no message";
		int first = (int)strcspn(msg, "\n");
		if (res.signal)
			ret = err_set(err, -EIO, "'%s' was killed by signal %d: %.*s", argv[0], res.signal,
				      first > 200 ? 200 : first, msg);
		else
			ret = err_set(err, perm ? -EPERM : -EIO, "'%s' failed (exit %d): %.*s", argv[0], res.exit_code,
				      first > 200 ? 200 : first, msg);
	} else {
		strbuf_reset(out);
		ret = strbuf_add(out, res.out.buf, res.out.len);
	}
	exec_result_release(&res);
	return ret;
}

/* An iptables-save text: nf_tables-made replaces the nft tables of its family, legacy is added. */
static int add_iptables(struct fw_facts *f, const char *text, size_t len, int family, const char *what,
			struct err *err)
{
	struct fw_ruleset tmp = { 0 };
	struct ipt_info info;
	const char *src;
	size_t i;
	int ret;

	ret = iptables_parse(text, len, family, "tmp", &tmp, &info, err);
	if (ret < 0)
		return ret;
	if (!info.n_tables) {
		fw_ruleset_free(&tmp);
		return 0;
	}
	src = info.legacy ? (family == 4 ? "iptables-legacy" : "ip6tables-legacy") : (family == 4 ? "iptables" : "ip6tables");
	for (i = 0; i < tmp.n; i++) {
		free(tmp.chains[i].source);
		tmp.chains[i].source = xstrdup(src);
		if (!info.legacy)
			fw_ruleset_drop_table(&f->rs, "nftables", tmp.chains[i].table, family == 4 ? FW_V4 : FW_V6);
	}
	fw_ruleset_merge(&f->rs, &tmp);
	add_source(f, what);
	return 0;
}

/*
 * A program that is installed but fails (an error, a timeout, output that
 * cannot be read) leaves the ruleset unknown: that is an error for the
 * whole fact, never an empty ruleset ("no firewall").
 */
static int tool_failed(int ret, struct err *e, const char *what, struct err *err)
{
	*err = *e;
	err_prefix(err, "cannot read the firewall ruleset with '%s'", what);
	return ret == -EPERM || ret == -EACCES ? ret : (ret < 0 ? ret : -EIO);
}

static int collect_host_rules(struct fw_facts *f, struct err *err)
{
	static const char *const nft_argv[] = { "nft", "-j", "list", "ruleset", NULL };
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	unsigned xt = 0;
	bool have_nft = false, any = false;
	int ret, i;

	ret = run(nft_argv, &sb, &e);
	if (ret == -EPERM || ret == -EACCES) {
		*err = e;
		goto out;
	}
	if (ret == 0) {
		ret = nft_parse(sb.buf, sb.len, &f->rs, &xt, &e);
		if (ret < 0) {
			err_set(err, ret, "cannot read the output of 'nft -j list ruleset': %s", e.msg);
			goto out;
		}
		have_nft = any = true;
		add_source(f, "nft -j list ruleset");
	} else if (ret != -ENOENT) {
		ret = tool_failed(ret, &e, "nft -j list ruleset", err);
		goto out;
	}
	for (i = 0; i < 2; i++) {
		int fam = i ? 6 : 4;
		const char *nftsave = i ? "ip6tables-nft-save" : "iptables-nft-save";
		const char *legacy = i ? "ip6tables-legacy-save" : "iptables-legacy-save";
		const char *plain = i ? "ip6tables-save" : "iptables-save";
		const char *tools[3] = { NULL, NULL, NULL };
		int t;

		if (have_nft && (xt & (i ? 2u : 1u)) && exec_available(nftsave))
			tools[0] = nftsave;
		if (!have_nft && exec_available(plain))
			tools[1] = plain;
		if (exec_available(legacy))
			tools[2] = legacy;
		for (t = 0; t < 3; t++) {
			const char *argv[2] = { tools[t], NULL };

			if (!tools[t])
				continue;
			ret = run(argv, &sb, &e);
			if (ret == 0)
				ret = add_iptables(f, sb.buf, sb.len, fam, tools[t], &e);
			if (ret < 0) {
				ret = tool_failed(ret, &e, tools[t], err);
				goto out;
			}
			any = true;
		}
	}
	ret = any ? 0 : err_set(err, -ENOENT, "no firewall ruleset could be read: neither nft nor iptables-save is installed");
out:
	strbuf_release(&sb);
	return ret;
}

static int collect_saved_rules(const struct root *r, struct fw_facts *f, struct err *err)
{
	static const struct {
		const char *name;
		int family;	/* 0 = nft JSON */
	} files[] = { { "nft-ruleset.json", 0 }, { "iptables-save.txt", 4 }, { "ip6tables-save.txt", 6 } };
	struct strbuf sb = STRBUF_INIT;
	bool any = false;
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[128];
		struct err e;

		snprintf(path, sizeof(path), "%s/%s", FIREWALL_SAVED_DIR, files[i].name);
		ret = root_read_file(r, path, FIREWALL_MAX_OUTPUT, ROOT_MISSING_OK, &sb, NULL, &e);
		if (ret == -ENOENT)
			continue;
		if (ret < 0) {
			*err = e;
			goto out;
		}
		if (files[i].family == 0)
			ret = nft_parse(sb.buf, sb.len, &f->rs, NULL, &e);
		else
			ret = add_iptables(f, sb.buf, sb.len, files[i].family, path, &e);
		if (ret < 0) {
			ret = err_set(err, ret, "cannot read '%s': %s", path, e.msg);
			goto out;
		}
		if (files[i].family == 0)
			add_source(f, path);
		any = true;
	}
	ret = any ? 0 : err_set(err, -ENOENT, "no saved firewall ruleset in the root (%s/nft-ruleset.json or iptables-save.txt)",
				FIREWALL_SAVED_DIR);
out:
	strbuf_release(&sb);
	return ret;
}

int collect_firewall(const struct root *r, struct fw_facts *out, struct err *err)
{
	struct fw_facts f;
	int ret;

	memset(&f, 0, sizeof(f));
	ret = root_is_host(r) ? collect_host_rules(&f, err) : collect_saved_rules(r, &f, err);
	if (ret < 0) {
		fw_facts_free(&f);
		return ret;
	}
	*out = f;
	return 0;
}

void fw_facts_free(struct fw_facts *f)
{
	if (!f)
		return;
	fw_ruleset_free(&f->rs);
	memset(f, 0, sizeof(*f));
}
