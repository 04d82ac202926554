#!/bin/bash
# kyuka backup verify against the restic commands it drives, on the same 500 MB repository:
#   kyuka:  restic snapshots + check --read-data + ls + restore of every file + SHA-256 of restored and live files
#   peer:   restic check --read-data + restic restore latest (what an administrator would run by hand)
# REPS rounds (default 3) on the same input, cold caches each time; prints the median times and
# kyuka's overhead over the tools (target: under 10%). kyuka runs the check beside the listing and
# the restore (niced, so the restore gets the CPU first); the peer runs them one after the other.
# Never run in CI. Usage: bench/backup.sh [MB]   (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-500}
KYUKA=${KYUKA:-./build/kyuka}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
command -v restic > /dev/null || { echo "restic is not installed (scripts/install-deps.sh test)" >&2; exit 1; }
tmp=$(mktemp -d /var/tmp/kyuka-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
export RESTIC_PASSWORD=bench-password TMPDIR="$tmp/tmp"
mkdir -p "$tmp/data/etc" "$tmp/data/srv" "$TMPDIR"

# 1 MB files of random data (incompressible, no deduplication), plus some small configuration files
for i in $(seq 1 "$MB"); do head -c 1048576 /dev/urandom > "$tmp/data/srv/f$i.bin"; done
for i in $(seq 1 50); do echo "key$i = value $i" > "$tmp/data/etc/c$i.conf"; done
restic -q init -r "$tmp/repo"
restic -q -r "$tmp/repo" backup "$tmp/data" > /dev/null
printf '%s\n' "$RESTIC_PASSWORD" > "$tmp/pw"; chmod 600 "$tmp/pw"
cat > "$tmp/k.yaml" <<YAML
backup:
  jobs:
    - name: bench
      kind: restic
      repository: $tmp/repo
      password_file: $tmp/pw
      paths: [$tmp/data]
      sample: 100%
      check_percent: 100
YAML
chmod 600 "$tmp/k.yaml"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# REPS rounds (default 3), the peer and kyuka alternating with cold caches each time; medians printed
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: > "$tmp/peer.all"
: > "$tmp/ky.all"
for rep in $(seq "${REPS:-3}"); do
	t0=$(now)
	restic -q -r "$tmp/repo" --no-cache check --read-data > /dev/null
	restic -q -r "$tmp/repo" --no-cache restore latest --target "$tmp/restore" > /dev/null
	t1=$(now)
	echo "$(secs "$t0" "$t1")" >> "$tmp/peer.all"
	rm -rf "$tmp/restore"
	sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true

	t0=$(now)
	"$KYUKA" --config "$tmp/k.yaml" --db "$tmp/k.db" backup verify bench > "$tmp/kyuka.out"
	t1=$(now)
	echo "$(secs "$t0" "$t1")" >> "$tmp/ky.all"
	sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
done
peer=$(median < "$tmp/peer.all")
ky=$(median < "$tmp/ky.all")
grep -E "restored|compared|estimated" "$tmp/kyuka.out" | sed 's/^ */  /'

printf '%-60s %8s   %s\n' "what ($MB MB, $((MB + 50)) files; median of ${REPS:-3})" seconds "(each round)"
printf '%-60s %8s   %s\n' "restic check --read-data + restic restore latest" "$peer" "$(tr '\n' ' ' < "$tmp/peer.all")"
printf '%-60s %8s   %s\n' "kyuka backup verify (check, restore, SHA-256 of both sides)" "$ky" "$(tr '\n' ' ' < "$tmp/ky.all")"
awk -v k="$ky" -v p="$peer" 'BEGIN { printf "ratio: %.3f (kyuka overhead over the tools it drives: %+.1f%%; target under 10%%)\n", k / p, (k / p - 1) * 100 }'
