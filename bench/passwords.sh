#!/bin/bash
# kyuka's password audit against John the Ripper (Debian's john, --format=crypt: libxcrypt's crypt(3)
# behind OpenMP) on the same shadow file and the same wordlist, one scheme at a time, one run each.
# The hashes use each scheme's default cost (yescrypt j9T as Debian 12 makes it, sha512crypt 5000
# rounds, ...); no password is in the list, so both tools try every word against every hash.
# Prints guesses per second of wall-clock time for john on one core and on every core and for kyuka
# on every core, and guesses per CPU-second (user + system) for each, which is the per-core rate and
# stays meaningful on a loaded machine; then the ratios. Never run in CI.
# Usage: bench/passwords.sh [USERS]   (default 2 accounts per scheme; SCHEMES="yescrypt sha512crypt" for some)
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
# No password is in the list, so john's pot file (~/.john/john.pot) never changes what is tried.

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
# timed FILE CMD...: runs CMD, writes "wall cpu" seconds to FILE
timed() {
	local f=$1 TIMEFORMAT='%R %U %S'
	shift
	{ time "$@" > /dev/null 2>&1; } 2> "$f.t" || true
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$f.t" > "$f"
}

# scheme  words (sized so one john core needs ~10 s at the default cost)
schemes=(
	"yescrypt 200"
	"gost-yescrypt 200"
	"sha512crypt 1500"
	"sha256crypt 1200"
	"bcrypt 1000"
	"md5crypt 30000"
	"descrypt 300000"
)
# john's list has ~3500 words: longer lists repeat it with a number appended (password1, password2, ...)
words_file() {
	grep -v -e '^#!comment:' -e '^$' "$LIST" > "$tmp/base"
	awk -v want="$1" 'NR == FNR { w[n++] = $0; next } END {
		for (i = 0; i < want; i++) print w[i % n] (i < n ? "" : int(i / n)) }' "$tmp/base" /dev/null
}
count_for() {	# the default cost of each scheme (mkhash's cheap test costs are not used here)
	case $1 in
	yescrypt|gost-yescrypt|md5crypt|descrypt) echo 0 ;;
	sha512crypt|sha256crypt) echo 5000 ;;
	bcrypt) echo 5 ;;
	esac
}

printf '%-14s %6s | %9s %9s %9s | %9s %9s %9s | %s\n' scheme words "john/1" "john/all" "kyuka" \
	"john/1" "john/all" "kyuka" "ratios (kyuka / john)"
printf '%-14s %6s | %29s | %29s |\n' "" "" "guesses per wall second" "guesses per CPU second (core)"
for entry in "${schemes[@]}"; do
	read -r scheme words <<< "$entry"
	[ -z "${SCHEMES:-}" ] || [[ " $SCHEMES " == *" $scheme "* ]] || continue
	r="$tmp/root-$scheme"
	mkdir -p "$r/etc"
	words_file "$words" > "$tmp/words"
	n=$(wc -l < "$tmp/words")
	: > "$r/etc/passwd"
	: > "$r/etc/shadow"
	for i in $(seq "$USERS"); do
		echo "u$i:x:$((1000 + i)):$((1000 + i))::/home/u$i:/bin/bash" >> "$r/etc/passwd"
		echo "u$i:$("$MKHASH" "$scheme" "not-in-the-list-$i-$RANDOM" "$(count_for "$scheme")"):20000:0:99999:7:::" \
			>> "$r/etc/shadow"
	done
	chmod 640 "$r/etc/shadow"

	head -n 1 "$tmp/words" > "$tmp/one"
	# each tool once with a one-word list (start-up: john's self-test, reading, thread start) and once
	# with the whole list; the rates are of the difference
	for list in one words; do
		rm -f "$tmp"/s1* "$tmp"/sn*
		timed "$tmp/j1.$list" env OMP_NUM_THREADS=1 "$JOHN" --format=crypt --wordlist="$tmp/$list" \
			--session="$tmp/s1" "$r/etc/shadow"
		timed "$tmp/jn.$list" env OMP_NUM_THREADS="$CORES" "$JOHN" --format=crypt --wordlist="$tmp/$list" \
			--session="$tmp/sn" "$r/etc/shadow"
		timed "$tmp/k.$list" "$KYUKA" passwords audit --root "$r" --wordlist "$tmp/$list" --wordlist-only \
			--budget 1h --no-store --no-progress --format json --output "$tmp/k.json" \
			--now 2026-12-20T09:00:00+09:00
	done
	for t in j1 jn k; do
		paste -d' ' "$tmp/$t.words" "$tmp/$t.one" | awk '{ printf "%.3f %.3f\n", $1 - $3, $2 - $4 }' > "$tmp/$t"
	done
	guesses=$(( (n - 1) * USERS ))
	tried=$(/usr/bin/python3 -c '
import json, re, sys
n = 0
for f in json.load(open(sys.argv[1]))["findings"]:
    m = re.match(r"not among (\d+) guesses", f["evidence"]) if f["check_id"] == "PW-0010" else None
    n += int(m.group(1)) if m else 0
print(n)' "$tmp/k.json")
	[ "$tried" -eq $((n * USERS)) ] || echo "warning: kyuka tried $tried guesses, expected $((n * USERS))" >&2
	read -r j1w j1c < "$tmp/j1"
	read -r jnw jnc < "$tmp/jn"
	read -r kw kc < "$tmp/k"
	printf '%-14s %6s | %9s %9s %9s | %9s %9s %9s | ' "$scheme" "$n" "$(rate "$guesses" "$j1w")" \
		"$(rate "$guesses" "$jnw")" "$(rate "$guesses" "$kw")" "$(rate "$guesses" "$j1c")" \
		"$(rate "$guesses" "$jnc")" "$(rate "$guesses" "$kc")"
	awk -v j1c="$j1c" -v kc="$kc" -v jnw="$jnw" -v kw="$kw" -v j1w="$j1w" -v c="$CORES" 'BEGIN {
		printf "per core %.2f, all cores %.2f (wall vs john/all), cores used %.2f of %d\n",
			(kc > 0 ? j1c / kc : 0), (kw > 0 ? jnw / kw : 0), (kw > 0 ? kc / kw : 0), c }'
	case $scheme in
	yescrypt|sha512crypt)
		awk -v j1c="$j1c" -v kc="$kc" -v s="$scheme" 'BEGIN {
			if (kc <= j1c * 1.02) printf "  target met (%s): kyuka guesses per CPU second >= john on one core\n", s
			else printf "  target missed (%s): kyuka spends %.0f%% more CPU per guess than john on one core\n", s, (kc / j1c - 1) * 100 }' ;;
	esac
done
echo "($USERS accounts per scheme, $CORES cores, load $(cut -d' ' -f1-3 /proc/loadavg); guesses = accounts x words)"
