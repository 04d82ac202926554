/*
 * The packet filter ruleset of the audited system, as one model
 * (parse/fwmodel.h).
 *
 * On the running host: `nft -j list ruleset`; tables written by
 * iptables-nft that hold "xt" expressions nft cannot show are taken from
 * `iptables-nft-save` / `ip6tables-nft-save` instead (same rules, every
 * match readable); rules of the legacy x_tables backend, which nftables
 * does not see, from `iptables-legacy-save` / `ip6tables-legacy-save`.
 * Without nft, `iptables-save` / `ip6tables-save`. Every program runs
 * through collect/exec.h.
 *
 * Under --root (an image or a fixture): the saved outputs in
 * /var/lib/kyuka/saved/ inside the root, made on the system with
 *   nft -j list ruleset   > nft-ruleset.json
 *   iptables-save         > iptables-save.txt
 *   ip6tables-save        > ip6tables-save.txt
 * (any of them; an iptables file made by the nf_tables backend replaces
 * the nft tables it describes, a legacy one is added).
 */
#ifndef KYUKA_COLLECT_FIREWALL_H
#define KYUKA_COLLECT_FIREWALL_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/root.h"
#include "parse/fwmodel.h"
#include "util/err.h"

#define FIREWALL_SAVED_DIR "/var/lib/kyuka/saved"

struct fw_facts {
	struct fw_ruleset rs;
	char sources[256];	/* "nft -j list ruleset, iptables-legacy-save" */
};

/*
 * Fills out (freed with fw_facts_free). Returns 0; -EPERM/-EACCES when the
 * ruleset needs root; -ENOENT when no ruleset can be read at all (no tool
 * installed, no saved copy); other negative errno when a tool that is
 * installed failed, timed out or printed what cannot be read (the message
 * names it): the ruleset is then unknown, never taken for an empty one.
 */
int collect_firewall(const struct root *r, struct fw_facts *out, struct err *err);
void fw_facts_free(struct fw_facts *f);

#endif
