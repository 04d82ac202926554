#!/bin/bash
# kyuka's password audit against John the Ripper (Debian's john, --format=crypt: libxcrypt's crypt(3)
# behind OpenMP) on the same shadow file and the same wordlist, one scheme at a time, one run each.
# The hashes use each scheme's default cost (yescrypt j9T as Debian 12 makes it, sha512crypt 5000
# rounds, ...); no password is in the list, so both tools try every word against every hash.
# Prints guesses per second for john on one core and on every core, for kyuka on every core, and
# the ratios. Never run in CI. Usage: bench/passwords.sh [USERS]   (default 2 accounts per scheme)
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-2}
KYUKA=${KYUKA:-./build/kyuka}
MKHASH=${MKHASH:-./build/tests/mkhash}
[ -x "$KYUKA" ] && [ -x "$MKHASH" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
if ! command -v john >/dev/null && [ ! -x /usr/sbin/john ]; then
	[ "$(id -u)" = 0 ] || { echo "john is not installed (apt-get install john)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq john >/dev/null
fi
JOHN=$(command -v john || echo /usr/sbin/john)
LIST=/usr/share/john/password.lst
CORES=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp	# john keeps ~/.john/john.log

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", s > 0 ? n / s : 0 }'; }

# scheme  words (sized so one john core needs ~10 s at the default cost)
schemes=(
	"yescrypt 200"
	"gost-yescrypt 200"
	"sha512crypt 1500"
	"sha256crypt 1200"
	"bcrypt 1000"
	"md5crypt 3500"
	"descrypt 3500"
)
count_for() {	# the default cost of each scheme (mkhash's cheap test costs are not used here)
	case $1 in
	yescrypt|gost-yescrypt|md5crypt|descrypt) echo 0 ;;
	sha512crypt|sha256crypt) echo 5000 ;;
	bcrypt) echo 5 ;;
	esac
}

printf '%-14s %6s %10s %10s %10s %10s  %s\n' scheme words "john/1core" "john/all" "kyuka/all" "kyuka/core" \
	"kyuka per core vs john per core; all vs all"
for entry in "${schemes[@]}"; do
	read -r scheme words <<< "$entry"
	r="$tmp/root-$scheme"
	mkdir -p "$r/etc"
	grep -v '^#!comment:' "$LIST" | head -n "$words" > "$tmp/words"
	n=$(wc -l < "$tmp/words")
	: > "$r/etc/passwd"
	: > "$r/etc/shadow"
	for i in $(seq "$USERS"); do
		echo "u$i:x:$((1000 + i)):$((1000 + i))::/home/u$i:/bin/bash" >> "$r/etc/passwd"
		echo "u$i:$("$MKHASH" "$scheme" "not-in-the-list-$i-$RANDOM" "$(count_for "$scheme")"):20000:0:99999:7:::" \
			>> "$r/etc/shadow"
	done
	chmod 640 "$r/etc/shadow"
	guesses=$((n * USERS))

	t0=$(now)
	OMP_NUM_THREADS=1 "$JOHN" --format=crypt --wordlist="$tmp/words" --pot="$tmp/pot1" --session="$tmp/s1" \
		"$r/etc/shadow" > "$tmp/john1.out" 2>&1 || true
	t1=$(now)
	john1=$(rate "$guesses" "$(secs "$t0" "$t1")")

	t0=$(now)
	OMP_NUM_THREADS=$CORES "$JOHN" --format=crypt --wordlist="$tmp/words" --pot="$tmp/potn" --session="$tmp/sn" \
		"$r/etc/shadow" > "$tmp/johnn.out" 2>&1 || true
	t1=$(now)
	johnn=$(rate "$guesses" "$(secs "$t0" "$t1")")

	t0=$(now)
	"$KYUKA" passwords audit --root "$r" --wordlist "$tmp/words" --wordlist-only --budget 1h --no-store \
		--no-progress --format json --now 2026-12-20T09:00:00+09:00 > "$tmp/k.json" 2>&1 || true
	t1=$(now)
	tried=$(/usr/bin/python3 -c '
import json, re, sys
n = 0
for f in json.load(open(sys.argv[1]))["findings"]:
    m = re.match(r"not among (\d+) guesses", f["evidence"]) if f["check_id"] == "PW-0010" else None
    n += int(m.group(1)) if m else 0
print(n)' "$tmp/k.json")
	[ "$tried" -eq "$guesses" ] || echo "warning: kyuka tried $tried guesses, expected $guesses" >&2
	kyuka=$(rate "$guesses" "$(secs "$t0" "$t1")")
	percore=$(awk -v k="$kyuka" -v c="$CORES" 'BEGIN { printf "%.0f", k / c }')
	printf '%-14s %6s %10s %10s %10s %10s  ' "$scheme" "$n" "$john1" "$johnn" "$kyuka" "$percore"
	awk -v p="$percore" -v j1="$john1" -v k="$kyuka" -v jn="$johnn" \
		'BEGIN { printf "ratio %.2f per core, %.2f on all cores\n", j1 > 0 ? p / j1 : 0, jn > 0 ? k / jn : 0 }'
	case $scheme in
	yescrypt|sha512crypt)
		awk -v p="$percore" -v j1="$john1" -v s="$scheme" 'BEGIN {
			if (p >= j1) printf "  target met (%s): kyuka per core >= john on one core\n", s
			else printf "  target missed (%s): kyuka per core %.0f < john on one core %.0f\n", s, p, j1 }' ;;
	esac
done
echo "($USERS accounts per scheme, $CORES cores; guesses per second = accounts x words / wall-clock seconds)"
