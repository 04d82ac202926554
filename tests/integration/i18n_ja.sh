#!/bin/bash
# --lang ja is Japanese all through: the main commands on the fixture roots print no English
# sentence (commands, paths, IDs, config keys and the hosts' own data aside), the tables use
# Japanese status and severity words, tables line up by display width, and staff dates read
# 2026年12月27日（日）～2027年1月4日（月）.
. "$(dirname "$0")/lib.sh"

O=$TMP/ja
mkdir -p "$O"
ja() { local n=$1; shift; "$KYUKA" --lang ja --now "$NOW" "$@" > "$O/$n.txt" 2>&1 || true; }

# a plan, a backup job and a feed, so that every command has something to say
m=$(root minimal)
mkdir -p "$m/srv/bcp" "$m/backup/tar" "$m/etc/app"
echo "procedure" > "$m/srv/bcp/incident.md"
echo "x = 1" > "$m/etc/app/app.conf"
tar -czf "$m/backup/tar/etc.tar.gz" -C "$m" etc/app
touch -d 2026-12-19T23:30:00Z "$m/backup/tar/etc.tar.gz"	# 30 minutes before $NOW
cfg=$TMP/kyuka.yaml
cat > "$cfg" <<'YAML'
version: 1
organisation: 株式会社サンプル
holiday: 2026-12-27..2027-01-04
plan:
  procedure: {document: /srv/bcp/incident.md, reviewed: 2026-12-01}
  reporting: {phone: 03-1234-5678, mail: soc@example.jp, hours: 毎日 9:00-21:00}
  roles:
    - role: 意思決定者
      primary: {name: 山田 太郎, phone: 090-1234-5678, mail: yamada@example.jp, verified: 2026-12-01}
      backup: {name: 佐藤 花子, phone: 080-2345-6789, mail: sato@example.jp, verified: 2026-11-20}
backup:
  jobs:
    - name: 設定
      kind: archive
      repository: /backup/tar
      paths: [/etc/app]
YAML
chmod 600 "$cfg"
cat > "$TMP/kev.json" <<'EOF'
{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.12.01","dateReleased":"2026-12-01T00:00:00.000Z","count":1,"vulnerabilities":[{"cveID":"CVE-2026-0001","vendorProject":"Example","product":"Example","vulnerabilityName":"Example","dateAdded":"2026-11-30","shortDescription":"x","requiredAction":"x","dueDate":"2026-12-21","knownRansomwareCampaignUse":"Unknown","notes":""}]}
EOF
db=$TMP/k.db

for r in bad good minimal net-bad svc-bad dev-bad mon-bad pw-weak; do
	d=$(root $r)
	ja "audit-$r" audit --root "$d" --no-store --color never
	ja "after-$r" audit --root "$d" --no-store --color never --phase after --holiday 2026-12-27..2027-01-04 \
		--now 2027-01-05T09:00:00+09:00
done
ja checks checks
ja explain explain ACCT-0010
ja explain-item explain AC-2
ja config config check --config "$cfg"
printf 'version: 1\nplan:\n  roles: 3\n' > "$TMP/bad.yaml"
chmod 600 "$TMP/bad.yaml"
ja config-bad config check --config "$TMP/bad.yaml"
printf 'version: 1\nholiday: 2026-13-01..x\n' > "$TMP/bad2.yaml"
chmod 600 "$TMP/bad2.yaml"
ja config-bad2 config check --config "$TMP/bad2.yaml"
ja plan plan --config "$cfg" --root "$m" --db "$db"
ja notice plan notice --config "$cfg" --root "$m" --format text
ja sheet plan sheet --config "$cfg" --root "$m" --output "$O/sheet.html"
ja alert alert test --config "$cfg" --db "$db"
ja feeds0 feeds status --db "$db"
ja import feeds import "$TMP/kev.json" --db "$db"
ja feeds feeds status --db "$db"
ja backup backup list --config "$cfg" --root "$m" --db "$db"
ja bak-age audit --only BAK-0020 --config "$cfg" --root "$m" --no-store --color never --verbose
ja ports ports --root "$(root net-bad)"
ja runs-show runs show 99 --db "$db"
ja usage no-such-command
l=$(root logs-bad)
$PY "$SRCDIR/tests/tools/mklogs.py" bad "$l" > /dev/null
ja logs logs --root "$l" --holiday 2026-12-27..2027-01-04 --no-store --color never --now 2027-01-05T09:00:00+09:00
ja logs-missing logs /nonexistent/auth.log --no-store --color never

echo "== no English sentence in --lang ja"
if $PY - "$O"/*.txt <<'PYEOF'; then ok "every message is Japanese"; else fail "English left in --lang ja (above)"; fi
import re, sys
# English function words: an untranslated message has some; commands, paths, IDs and keys do not
STOP = set("""the an is are was were be been not no of to in and or but for with without cannot could
found missing none never only this that these those has have had will would should must does did it its
from by on at as than then there which who what when where why how yet every each more less
please run set give use""".split())
# the hosts' own data the fixtures carry (log lines, firmware names, GECOS) is not ours to translate
DATA = [r"/var/log/[\w./-]+:\d+: .*$", r"System Firmware \(BIOS\) for [^;]*", r"su by \w+",
        r"\((any|private|public|loopback|link-local)\)",   # address classes: codes, as in kyuka ports
        r"\b[A-Z][a-z]+[A-Z]\w* \w+",                      # an sshd or systemd directive and its value
        r"\S*\w-\w\S*|(?<!\S)-\w+"]                          # hyphenated names and options (Wake-on-LAN, -A)
bad = 0
for fn in sys.argv[1:]:
    for i, line in enumerate(open(fn, encoding="utf-8", errors="replace"), 1):
        s = line
        for d in DATA:
            s = re.sub(d, " ", s)
        # paths, URLs, key=value, quoted text, kyuka command lines and --options are not prose
        s = re.sub(r"(https?://\S+|/[\w./*%-]+|\S+=\S*|'[^']*'|\"[^\"]*\"|kyuka( [a-z-]+)+|--[a-z-]+( [A-Z]+)?)", " ", s)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z']*", s) if w.lower() in STOP]
        if words:
            print(f"{fn.rsplit('/', 1)[1]}:{i}: {line.rstrip()[:200]}  <- {words}", file=sys.stderr)
            bad += 1
        # status and severity words of the tables
        if re.match(r"\s+(PASS|FAIL|WARN|SKIP|MANUAL|ERROR)\s", line) or \
           re.match(r"\s+\S+\s+[A-Z]+-\d{4}\s+(info|low|medium|high|critical)\s", line):
            print(f"{fn.rsplit('/', 1)[1]}:{i}: English status or severity: {line.rstrip()[:120]}", file=sys.stderr)
            bad += 1
sys.exit(1 if bad else 0)
PYEOF

grep -q '^  不合格 ACCT-0010  緊急 ' "$O/audit-bad.txt" && ok "status and severity in Japanese" || fail "status words: $(grep ACCT-0010 "$O/audit-bad.txt" | head -1)"
grep -q '^集計: 不合格 [0-9]*、エラー [0-9]*、警告' "$O/audit-bad.txt" && ok "summary line in Japanese order" || fail "summary: $(grep 集計 "$O/audit-bad.txt")"
grep -q 'リストを指定してください (スカラー値が指定されています)' "$O/config-bad.txt" && ok "config error translated" \
	|| fail "config error: $(cat "$O/config-bad.txt")"
grep -q "休暇期間 '2026-13-01..x' が不正です" "$O/config-bad2.txt" && ok "holiday error translated" || fail "holiday error: $(cat "$O/config-bad2.txt")"
grep -q '設定に通知経路がありません' "$O/alert.txt" && ok "engine error translated" || fail "alert error: $(cat "$O/alert.txt")"
grep -q '時刻同期が動いていません' "$O/audit-bad.txt" && ok "MON-0040 wording" || fail "MON-0040"
grep -q '(確認済み)' "$O"/audit-*.txt && fail "MANUAL title still reads '(確認済み)'" || ok "MANUAL titles do not claim a confirmation"
grep -q '0 時間 前' "$O"/*.txt && fail "'0 時間 前'" || ok "no '0 時間 前'"
grep -q '1 時間未満前' "$O/bak-age.txt" && ok "a fresh backup is 「1 時間未満前」" || fail "backup age: $(grep -A1 BAK-0020 "$O/bak-age.txt")"

echo "== staff dates"
grep -q '休暇期間: 2026年12月27日（日）～2027年1月4日（月）' "$O/notice.txt" && ok "notice date" || fail "notice: $(grep 休暇 "$O/notice.txt")"
grep -q '2026年12月27日（日）～2027年1月4日（月）' "$O/sheet.html" && ok "sheet date" || fail "sheet date"
"$KYUKA" --lang en plan notice --config "$cfg" --root "$m" --format text | grep -q '^Holiday: 2026-12-27 .. 2027-01-04$' \
	&& ok "English date unchanged" || fail "English notice date"

echo "== columns line up by display width"
# cols COLUMN-WIDTHS FILE: every line's cells start where the heading's do (display columns, wide = 2)
cols() {
	$PY - "$@" <<'PYEOF'
import sys, unicodedata
widths = [int(x) for x in sys.argv[1].split(",")]
lines = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
def dw(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
def starts(line):
    # display column of each character start
    out, col = [], 0
    for c in line:
        out.append((col, c))
        col += dw(c)
    return out
bad = 0
stops, at = [], 0
for w in widths:
    at += w + 1
    stops.append(at)
for l in lines:
    pos = starts(l)
    for s in stops:
        # the cell before a stop may overflow; a cell that fits starts exactly at the stop
        before = [c for col, c in pos if col < s]
        cell_fits = dw("".join(before)) == s
        at_stop = [c for col, c in pos if col == s]
        if cell_fits and (not at_stop or before[-1] != " "):
            print("misaligned at column", s, ":", l, file=sys.stderr)
            bad += 1
            break
sys.exit(1 if bad else 0)
PYEOF
}
grep -v '^(' "$O/ports.txt" > "$O/ports.tab"
cols 10,42,11,40,14 "$O/ports.tab" && ok "ports aligned" || fail "ports misaligned"
head -1 "$O/ports.txt" | grep -q '^プロトコル' && ok "ports heading in Japanese" || fail "ports heading"
cols 14,9,16,8,5 "$O/backup.txt" && ok "backup list aligned" || fail "backup list misaligned: $(cat "$O/backup.txt")"
grep -q '^設定 .* 1 時間未満 ' "$O/backup.txt" && ok "backup list row" || fail "backup row: $(cat "$O/backup.txt")"
cols 8,8,10,20,8 "$O/feeds.txt" && ok "feeds status aligned" || fail "feeds status misaligned: $(cat "$O/feeds.txt")"
# the same under LANG=C: the widths do not depend on the locale
LANG=C LC_ALL=C "$KYUKA" --lang ja --now "$NOW" feeds status --db "$db" > "$O/feeds-c.txt" 2>&1
cmp -s "$O/feeds.txt" "$O/feeds-c.txt" && ok "same table under LANG=C" || fail "LANG=C table differs"
finish
