#!/bin/bash
# The fleet store at scale (issue 22): N hosts' reports (default 10,000, F = 150 findings each,
# bench/gen_fleet.py) ingested into PostgreSQL (a cluster started here: initdb + pg_ctl as nobody,
# Unix socket, random port, default durability: fsync on, one commit per batch of 1000) and into
# SQLite; prints reports/s and the time of `fleet status` over the lot (median of 5, JSON and
# terminal). Targets: ingest >= 1,000 reports/s into PostgreSQL, fleet status < 200 ms.
# Usage: bench/fleet.sh   (N=10000 F=150 KYUKA=path/to/kyuka; needs root for the cluster's user)
set -euo pipefail
cd "$(dirname "$0")/.."
KYUKA=${KYUKA:-./build/kyuka}
N=${N:-10000}
F=${F:-150}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
KYUKA=$(realpath "$KYUKA")
tmp=$(mktemp -d /tmp/kyuka-bench-fleet.XXXXXX)
chmod 755 "$tmp"
stop_pg() {
	[ -d "$tmp/pg/data" ] && runuser -u nobody -- "$PGBIN/pg_ctl" -D "$tmp/pg/data" -m fast stop >/dev/null 2>&1
	rm -rf "$tmp"
}
trap stop_pg EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
"$KYUKA" checks --format json > "$tmp/checks.json"
t0=$(date +%s.%N)
python3 bench/gen_fleet.py "$tmp/checks.json" "$tmp/reports" "$N" "$F"
echo "generated $N reports of $F findings ($(du -sh "$tmp/reports" | cut -f1)) in $(echo "$(date +%s.%N) - $t0" | bc) s"
ls -d "$tmp"/reports/*/before.json > "$tmp/list"

mkdir -p "$tmp/pg"
chown nobody:nogroup "$tmp/pg"
port=$((20000 + RANDOM % 20000))
runuser -u nobody -- "$PGBIN/initdb" -D "$tmp/pg/data" -U kyuka --auth=trust -E UTF8 --no-locale >/dev/null
runuser -u nobody -- "$PGBIN/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w \
	-o "-k $tmp/pg -p $port -c listen_addresses='' -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
echo "host=$tmp/pg port=$port user=kyuka dbname=postgres" > "$tmp/conninfo"
chmod 600 "$tmp/conninfo"

# ms of the median of 5 runs of "$@" (output discarded)
median_ms() {
	local i
	for i in 1 2 3 4 5; do
		local s e
		s=$(date +%s%N)
		"$@" > /dev/null || true
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n 3p
}

run() {
	local name=$1
	shift
	local s e
	s=$(date +%s.%N)
	xargs -a "$tmp/list" "$KYUKA" fleet ingest --host-from-dir "$@" > "$tmp/ingest.out"
	e=$(date +%s.%N)
	echo "$name: $(cat "$tmp/ingest.out")"
	echo "$name: ingest $N reports: $(echo "scale=2; $e - $s" | bc) s wall, $(echo "scale=0; $N / ($e - $s)" | bc) reports/s"
	echo "$name: fleet status --format json: $(median_ms "$KYUKA" fleet status --format json "$@") ms (median of 5)"
	echo "$name: fleet status (terminal):    $(median_ms "$KYUKA" fleet status "$@") ms"
	echo "$name: fleet status --holiday:     $(median_ms "$KYUKA" fleet status --format json --holiday 2026-12-27..2027-01-04 "$@") ms"
	echo "$name: fleet host host-00042:      $(median_ms "$KYUKA" fleet host host-00042 "$@") ms"
}
run postgresql --fleet-conninfo "$tmp/conninfo"
run sqlite --fleet-db "$tmp/fleet.db"
echo "sqlite file: $(du -sh "$tmp/fleet.db" | cut -f1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
