#!/bin/bash
# kyuka's password audit against John the Ripper (Debian's john, --format=crypt: libxcrypt's crypt(3)
# behind OpenMP) on the same shadow file and the same wordlist, one scheme at a time, one run each.
# The hashes use each scheme's default cost (yescrypt j9T as Debian 12 makes it, sha512crypt 5000
# rounds, ...); no password is in the list, so both tools try every word against every hash.
# Prints guesses per second of wall-clock time for john and kyuka each on one core (OMP_NUM_THREADS=1,
# --threads 1) and on every core, and guesses per CPU-second (user + system) for each, which is the
# per-core rate and stays meaningful on a loaded machine; then the ratios: per core is kyuka/1 against
# john/1 (like for like: on a VM two busy cores each run slower than one alone, for both tools), all
# cores is kyuka against john/all by wall time, and how many cores kyuka kept busy. Never run in CI.
# Usage: bench/passwords.sh [USERS]   (default 2 accounts per scheme; SCHEMES="yescrypt sha512crypt" for some;
#        REPS=N rounds, default 3, the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-2}
REPS=${REPS:-3}
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

printf '%-14s %6s | %9s %9s %9s %9s | %9s %9s %9s %9s | %s\n' scheme words "john/1" "kyuka/1" "john/all" \
	"kyuka/all" "john/1" "kyuka/1" "john/all" "kyuka/all" "ratios (kyuka / john)"
printf '%-14s %6s | %39s | %39s |\n' "" "" "guesses per wall second" "guesses per CPU second (core)"
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
	# REPS rounds, the four runs interleaved in each, so a noisy neighbour slows all of them alike;
	# each tool's rate is the median over the rounds
	for t in j1 jn k1 k; do : > "$tmp/$t.all"; done
	for rep in $(seq "$REPS"); do
		for list in one words; do
			rm -f "$tmp"/s1* "$tmp"/sn*
			timed "$tmp/j1.$list" env OMP_NUM_THREADS=1 "$JOHN" --format=crypt --wordlist="$tmp/$list" \
				--session="$tmp/s1" "$r/etc/shadow"
			timed "$tmp/k1.$list" "$KYUKA" passwords audit --root "$r" --wordlist "$tmp/$list" --wordlist-only \
				--threads 1 --budget 1h --no-store --no-progress --format json --output "$tmp/k1.json" \
				--now 2026-12-20T09:00:00+09:00
			timed "$tmp/jn.$list" env OMP_NUM_THREADS="$CORES" "$JOHN" --format=crypt --wordlist="$tmp/$list" \
				--session="$tmp/sn" "$r/etc/shadow"
			timed "$tmp/k.$list" "$KYUKA" passwords audit --root "$r" --wordlist "$tmp/$list" --wordlist-only \
				--budget 1h --no-store --no-progress --format json --output "$tmp/k.json" \
				--now 2026-12-20T09:00:00+09:00
		done
		for t in j1 jn k1 k; do
			paste -d' ' "$tmp/$t.words" "$tmp/$t.one" | awk '{ printf "%.3f %.3f\n", $1 - $3, $2 - $4 }' >> "$tmp/$t.all"
		done
	done
	for t in j1 jn k1 k; do	# median of wall and of CPU, each on its own
		w=$(cut -d' ' -f1 "$tmp/$t.all" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		c=$(cut -d' ' -f2 "$tmp/$t.all" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		echo "$w $c" > "$tmp/$t"
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
	read -r k1w k1c < "$tmp/k1"
	read -r kw kc < "$tmp/k"
	printf '%-14s %6s | %9s %9s %9s %9s | %9s %9s %9s %9s | ' "$scheme" "$n" "$(rate "$guesses" "$j1w")" \
		"$(rate "$guesses" "$k1w")" "$(rate "$guesses" "$jnw")" "$(rate "$guesses" "$kw")" \
		"$(rate "$guesses" "$j1c")" "$(rate "$guesses" "$k1c")" "$(rate "$guesses" "$jnc")" \
		"$(rate "$guesses" "$kc")"
	awk -v j1c="$j1c" -v k1c="$k1c" -v jnw="$jnw" -v kw="$kw" -v kc="$kc" -v c="$CORES" 'BEGIN {
		printf "per core %.2f, all cores %.2f (wall vs john/all), cores used %.2f of %d\n",
			(k1c > 0 ? j1c / k1c : 0), (kw > 0 ? jnw / kw : 0), (kw > 0 ? kc / kw : 0), c }'
	case $scheme in
	yescrypt|sha512crypt)
		awk -v j1c="$j1c" -v k1c="$k1c" -v jnw="$jnw" -v kw="$kw" -v kc="$kc" -v c="$CORES" -v s="$scheme" 'BEGIN {
			ok = (k1c <= j1c * 1.03 && kw <= jnw * 1.03 && kc / kw >= c * 0.9)
			printf "  target %s (%s): per core %.0f%% of john/1, on all cores %.0f%% of john/all, %.2f of %d cores busy\n",
				ok ? "met" : "missed", s, (k1c > 0 ? j1c / k1c * 100 : 0), (kw > 0 ? jnw / kw * 100 : 0),
				(kw > 0 ? kc / kw : 0), c }' ;;
	esac
done
echo "($USERS accounts per scheme, median of $REPS rounds, $CORES cores, load $(cut -d' ' -f1-3 /proc/loadavg); guesses = accounts x words)"
