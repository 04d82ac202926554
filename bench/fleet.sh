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
NOW=2026-12-26T12:00:00Z   # the reports are of 2026-12-25 (bench/gen_fleet.py)
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

# CPU seconds of the PostgreSQL cluster so far: the postmaster, the backends it reaped, the live ones
pg_cpu() {
	local pm t=0 p
	pm=$(head -1 "$tmp/pg/data/postmaster.pid")
	t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
	for p in $(pgrep -P "$pm"); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "scale=2; $t / $(getconf CLK_TCK)" | bc
}
# "WALL_MS CPU_MS" of the median (by wall time) of 5 runs of "$@" (output discarded); CPU is
# kyuka's user + system time (steadier than the wall on a shared machine), not the server's
median_ms() {
	local i
	for i in 1 2 3 4 5; do
		local s e
		s=$(date +%s%N)
		/usr/bin/time -f "%U %S" -o "$tmp/time" "$@" > /dev/null || true
		e=$(date +%s%N)
		echo "$(((e - s) / 1000000)) $(tail -1 "$tmp/time" | awk '{ printf "%d", ($1 + $2) * 1000 }')"
	done | sort -n | sed -n 3p | awk '{ printf "%s ms wall, %s ms CPU", $1, $2 }'
}

run() {
	local name=$1
	shift
	local s e c0 c1 pg0=0 pg1=0
	[ "$name" = postgresql ] && pg0=$(pg_cpu)
	s=$(date +%s.%N)
	# one kyuka for all (up to about 1 MB of arguments)
	/usr/bin/time -f "%U %S" -o "$tmp/time" xargs -s 1000000 -a "$tmp/list" "$KYUKA" --now "$NOW" fleet ingest --host-from-dir "$@" \
		> "$tmp/ingest.out"
	e=$(date +%s.%N)
	sleep 1	# the backend gone and counted in the postmaster's children
	[ "$name" = postgresql ] && pg1=$(pg_cpu)
	c1=$(tail -1 "$tmp/time" | awk '{ printf "%.2f", $1 + $2 }')
	c0=$(echo "$pg1 - $pg0" | bc | awk '{ printf "%.2f", $1 }')
	sed "s/^/$name: /" "$tmp/ingest.out"
	echo "$name: ingest $N reports: $(echo "scale=2; $e - $s" | bc) s wall, $(echo "scale=0; $N / ($e - $s)" | bc) reports/s;" \
		"CPU: kyuka $c1 s, server $c0 s; $(echo "scale=0; $N / ($c1 + $c0)" | bc) reports per CPU-second"
	echo "$name: fleet status --format json: $(median_ms "$KYUKA" --now "$NOW" fleet status --format json "$@") (median of 5)"
	echo "$name: fleet status (terminal):    $(median_ms "$KYUKA" --now "$NOW" fleet status "$@")"
	echo "$name: fleet status --holiday:     $(median_ms "$KYUKA" --now "$NOW" fleet status --format json --holiday 2026-12-27..2027-01-04 "$@")"
	echo "$name: fleet host host-00042:      $(median_ms "$KYUKA" --now "$NOW" fleet host host-00042 "$@")"
}
run postgresql --fleet-conninfo "$tmp/conninfo"
run sqlite --fleet-db "$tmp/fleet.db"
echo "sqlite file: $(du -sh "$tmp/fleet.db" | cut -f1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
