#!/bin/bash
# kyuka mail against rspamd on the same 2,000 generated messages (a tenth with Emotet-style attachments
# or links: bench/gen_mail.py). rspamd runs locally with its network modules off (RBL, SPF, DKIM, DMARC,
# fuzzy, phishing maps, redis-backed modules; DNS to a closed port), scanned with rspamc, as a user
# would run it on a mail host. Prints messages per second of each, the ratio, and how many planted
# messages each flagged (kyuka: suspicious or caution; rspamd: an action other than "no action").
# Never run in CI. Usage: bench/mail.sh [N]   (root: rspamd is installed when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
KYUKA=${KYUKA:-./build/kyuka}
OLE=${OLE:-../shared/data/oletools}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
if ! command -v rspamd >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "rspamd is not installed (apt-get install rspamd)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rspamd >/dev/null
fi
tmp=$(mktemp -d)
rpid=
cleanup() {
	if [ -n "$rpid" ]; then
		kill "$rpid" 2>/dev/null || true
		wait "$rpid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

/usr/bin/python3 bench/gen_mail.py "$N" "$tmp/set" "$OLE"
planted=$(wc -l < "$tmp/set/planted.txt")

# --- kyuka (median of 3)
times=()
for i in 1 2 3; do
	t0=$(now)
	"$KYUKA" mail --format json "$tmp/set/msgs" > "$tmp/kyuka.json" || true
	t1=$(now)
	times+=("$(secs "$t0" "$t1")")
done
kyuka_s=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
kyuka_found=$(/usr/bin/python3 - "$tmp/kyuka.json" "$tmp/set/planted.txt" <<'PY'
import json, sys
v = {m['source'].rsplit('/', 1)[1]: m['verdict'] for m in json.load(open(sys.argv[1]))['messages']}
pl = {l.split()[0] for l in open(sys.argv[2]) if l.strip()}
print(sum(v.get(f) in ('suspicious', 'caution') for f in pl),
      sum(x in ('suspicious', 'caution') for f, x in v.items() if f not in pl))
PY
)

# --- rspamd: its own config tree, network modules off, on local ports
cp -r /etc/rspamd "$tmp/etc"
for m in rbl spf dkim dmarc fuzzy_check asn phishing emails neural ratelimit greylist history_redis replies \
	 reputation url_reputation dcc spamassassin external_services antivirus metadata_exporter clickhouse \
	 elastic mx_check dkim_signing arc rspamd_update; do
	echo "enabled = false;" > "$tmp/etc/local.d/$m.conf"
done
echo 'dns { nameserver = ["127.0.0.1:5353"]; timeout = 0.1s; retransmits = 0; }' > "$tmp/etc/local.d/options.inc"
echo "type = \"file\"; filename = \"$tmp/rspamd.log\"; level = \"error\";" > "$tmp/etc/local.d/logging.inc"
echo 'bind_socket = "127.0.0.1:21333"; count = 2;' > "$tmp/etc/local.d/worker-normal.inc"
echo 'bind_socket = "127.0.0.1:21334";' > "$tmp/etc/local.d/worker-controller.inc"
echo 'bind_socket = "127.0.0.1:21332";' > "$tmp/etc/local.d/worker-proxy.inc"
mkdir -p "$tmp/db" "$tmp/run"
rspamd -f -i -u "$(id -un)" -g "$(id -gn)" -c "$tmp/etc/rspamd.conf" --var=CONFDIR="$tmp/etc" \
	--var=LOCAL_CONFDIR="$tmp/etc" --var=DBDIR="$tmp/db" --var=RUNDIR="$tmp/run" --var=LOGDIR="$tmp" \
	> "$tmp/rspamd.out" 2>&1 &
rpid=$!
for i in $(seq 300); do
	ss -ltn | grep -q '127.0.0.1:21333 ' && break
	sleep 1
done
ss -ltn | grep -q '127.0.0.1:21333 ' || { echo "rspamd did not start: $(tail -3 "$tmp/rspamd.out")" >&2; exit 1; }
t0=$(now)
rspamc -h 127.0.0.1:21333 -n 8 -j "$tmp/set/msgs" > "$tmp/rspamd.json" 2>/dev/null || true
t1=$(now)
rspamd_s=$(secs "$t0" "$t1")
rspamd_found=$(/usr/bin/python3 - "$tmp/rspamd.json" "$tmp/set/planted.txt" <<'PY'
import json, os, sys
# rspamc -j prints one JSON object per file, each with its "filename"
text, dec, i, flag = open(sys.argv[1], errors='replace').read(), json.JSONDecoder(), 0, {}
while (j := text.find('{', i)) >= 0:
    try:
        obj, i = dec.raw_decode(text, j)
    except ValueError:
        i = j + 1
        continue
    if isinstance(obj, dict) and 'filename' in obj:
        flag[os.path.basename(obj['filename'])] = obj.get('action', 'no action')
pl = {l.split()[0] for l in open(sys.argv[2]) if l.strip()}
# flagged: a verdict on the content (add header, rewrite subject, reject), not a deferral (greylist, soft reject)
bad = ('add header', 'rewrite subject', 'reject')
hist = lambda fs: ','.join('%s=%d' % (a.replace(' ', '_'), n) for a, n in
                           sorted(__import__('collections').Counter(flag[f] for f in fs if f in flag).items()))
print(sum(flag.get(f) in bad for f in pl), len(flag), sum(x in bad for f, x in flag.items() if f not in pl),
      hist(pl), hist([f for f in flag if f not in pl]))
PY
)

awk -v n="$N" -v k="$kyuka_s" -v r="$rspamd_s" -v kf="$kyuka_found" -v rf="$rspamd_found" -v p="$planted" 'BEGIN {
	split(rf, a, " ")
	split(kf, b, " ")
	printf "messages: %d, planted Emotet-style: %d\n", n, p
	printf "kyuka mail: %8.1f messages/s (%.3f s), planted flagged: %d/%d, others flagged: %d\n", n / k, k, b[1], p, b[2]
	printf "rspamd:     %8.1f messages/s (%.3f s, %d answered), planted flagged: %d/%d, others flagged: %d\n",
	       n / r, r, a[2], a[1], p, a[3]
	printf "rspamd actions: planted %s; others %s\n", a[4], a[5]
	printf "ratio: kyuka is %.1fx rspamd\n", r / k
}'
