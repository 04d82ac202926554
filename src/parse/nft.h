/*
 * The nftables ruleset as `nft -j list ruleset` prints it (libnftables-json(5)),
 * parsed with json-c into the model of parse/fwmodel.h. Pure.
 *
 * Kept: tables, chains (family, hook, type, priority, policy), named sets
 * (for "@set" lookups) and rules. Rule expressions: match on payload
 * (tcp/udp/th ports, ip/ip6 addresses and protocol), meta (l4proto,
 * nfproto, iifname, iif, pkttype), ct state, fib daddr type; verdicts
 * accept, drop, reject, jump, goto, return, and verdict maps. Everything
 * else ("xt" compat expressions, marks, limits, ...) becomes an unknown
 * match, which the evaluation treats as "may or may not match".
 */
#ifndef KYUKA_PARSE_NFT_H
#define KYUKA_PARSE_NFT_H

#include <stddef.h>

#include "parse/fwmodel.h"
#include "util/err.h"

#define NFT_MAX_BYTES	((size_t)64 << 20)
#define NFT_MAX_DEPTH	64
#define NFT_MAX_OBJECTS	((size_t)1000000)	/* entries of the "nftables" array */

/*
 * Appends the ruleset's chains (source "nftables") to out. Returns 0, or
 * -EINVAL when the input is not an nft JSON ruleset (err says why).
 * *xt_tables (may be NULL) receives a bit mask of the iptables-nft tables
 * holding "xt" expressions: 1 = ip filter, 2 = ip6 filter, 4 = other.
 */
int nft_parse(const char *buf, size_t len, struct fw_ruleset *out, unsigned *xt_tables, struct err *err);

#endif
