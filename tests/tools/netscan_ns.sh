# Network namespaces for kyuka netscan's test and bench (sourced): a scanner namespace and three hosts,
# each on its own veth pair (10.218.N.1 the scanner's side, 10.218.N.2 the host):
#   ${NSP}-a  10.218.1.2  listeners (the caller starts them)
#   ${NSP}-b  10.218.2.2  drops everything (nftables, or iptables when nft is missing)
#   ${NSP}-c  10.218.3.2  rejects everything (TCP reset, ICMP port unreachable)
# Nothing is added to the caller's namespace. NSP must start with kyns-netscan-.

ns_setup() {
	local n h
	case "$NSP" in kyns-netscan-*) ;; *) echo "NSP must start with kyns-netscan-" >&2; return 1 ;; esac
	ip netns add "$NSP-s"
	ip -n "$NSP-s" link set lo up
	n=1
	for h in a b c; do
		ip netns add "$NSP-$h"
		ip -n "$NSP-$h" link set lo up
		ip link add "kns$$$n" netns "$NSP-s" type veth peer name eth0 netns "$NSP-$h"
		ip -n "$NSP-s" addr add "10.218.$n.1/24" dev "kns$$$n"
		ip -n "$NSP-s" link set "kns$$$n" up
		ip -n "$NSP-$h" addr add "10.218.$n.2/24" dev eth0
		ip -n "$NSP-$h" link set eth0 up
		n=$((n + 1))
	done
	if command -v nft >/dev/null; then
		ip netns exec "$NSP-b" nft -f - <<'NFT'
table inet kyns {
	chain input {
		type filter hook input priority 0; policy drop;
		iif lo accept
	}
}
NFT
		ip netns exec "$NSP-c" nft -f - <<'NFT'
table inet kyns {
	chain input {
		type filter hook input priority 0; policy accept;
		iif lo accept
		meta l4proto tcp reject with tcp reset
		reject
	}
}
NFT
	else
		ip netns exec "$NSP-b" iptables -P INPUT DROP
		ip netns exec "$NSP-c" iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
		ip netns exec "$NSP-c" iptables -A INPUT -j REJECT
	fi
	# ICMP errors are rate limited per destination (1/s by default): the reject host answers every UDP probe
	ip netns exec "$NSP-c" sysctl -qw net.ipv4.icmp_ratelimit=0
	ip netns exec "$NSP-a" sysctl -qw net.ipv4.icmp_ratelimit=0
	ip netns exec "$NSP-s" sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
	# wait until the links carry traffic
	for n in 1 2 3; do
		for _ in $(seq 50); do
			ip netns exec "$NSP-s" ping -c1 -W1 "10.218.$n.2" >/dev/null 2>&1 && break
			[ "$n" = 2 ] && break	# the dropping host never answers
			sleep 0.1
		done
	done
}

ns_cleanup() {
	local h p
	for h in a b c s; do
		for p in $(ip netns pids "$NSP-$h" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
	done
	sleep 0.2
	for h in a b c s; do
		for p in $(ip netns pids "$NSP-$h" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
		ip netns del "$NSP-$h" 2>/dev/null || true
	done
}
