#!/bin/bash
# Progress on long work: a line on standard error redrawn in place when it is a terminal (audit,
# logs, feeds import, backup verify, scan, passwords audit share cli/progress.c), nothing when it is not a
# terminal or TERM=dumb. KYUKA_PROGRESS_AFTER_MS=0 draws from the start (else after a second).
. "$(dirname "$0")/lib.sh"
command -v script > /dev/null || { fail "script (util-linux) is not installed"; finish; }

cat > "$TMP/kev.json" <<'JSON'
{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.12.01","dateReleased":"2026-12-01T00:00:00.000Z","count":1,"vulnerabilities":[{"cveID":"CVE-2026-0001","vendorProject":"Example","product":"Example","vulnerabilityName":"Example","dateAdded":"2026-11-30","shortDescription":"x","requiredAction":"x","dueDate":"2026-12-21","knownRansomwareCampaignUse":"Unknown","notes":""}]}
JSON
R=$TMP/root
mkdir -p "$R/etc/app" "$R/backup/copy"
for i in 1 2 3; do echo "v = $i" > "$R/etc/app/c$i.conf"; done
cp -a "$R/etc" "$R/backup/copy/"
cat > "$TMP/kyuka.yaml" <<'YAML'
backup:
  jobs:
    - name: copy
      kind: directory
      repository: /backup/copy
      paths: [/etc/app]
YAML
chmod 600 "$TMP/kyuka.yaml"

# on_tty OUT CMD...: runs CMD on a pseudo-terminal (script), everything it wrote into OUT
on_tty() {
	local out=$1
	shift
	TERM=${T:-xterm} KYUKA_PROGRESS_AFTER_MS=0 script -qec "$(printf '%q ' "$@")" /dev/null > "$out" 2>&1 < /dev/null || true
}

echo "== on a terminal"
on_tty "$TMP/tty-import.txt" "$KYUKA" feeds import "$TMP/kev.json" --db "$TMP/a.db"
grep -q "importing $TMP/kev.json (1 of 1)" "$TMP/tty-import.txt" && ok "feeds import: progress" || fail "feeds import: no progress: $(cat -v "$TMP/tty-import.txt" | head -3)"
grep -q $'\r\e\[K' "$TMP/tty-import.txt" && ok "the line is cleared" || fail "line not cleared"
grep -q 'CVE\|KEV\|kev' "$TMP/tty-import.txt" && ok "the import's result still printed" || fail "no result"
on_tty "$TMP/tty-verify.txt" "$KYUKA" --config "$TMP/kyuka.yaml" --root "$R" backup verify copy --no-store
grep -q 'copy: finding the newest backup' "$TMP/tty-verify.txt" && ok "backup verify: progress" || fail "backup verify: $(cat -v "$TMP/tty-verify.txt" | head -5)"
grep -q '^PASS copy' <(tr '\r' '\n' < "$TMP/tty-verify.txt" | sed 's/\x1b\[K//g') && ok "drill result printed" || fail "drill result"

b=$(root bad)
on_tty "$TMP/tty-audit.txt" "$KYUKA" audit --root "$b" --now "$NOW" --no-store --only accounts --color never
grep -q 'ACCT-0010: Only root has UID 0 (1 of ' "$TMP/tty-audit.txt" && ok "audit: the check at work" || fail "audit: $(cat -v "$TMP/tty-audit.txt" | head -3)"
grep -q 'ACCT-0010' <(tr '\r' '\n' < "$TMP/tty-audit.txt" | sed 's/\x1b\[K//g' | grep -v ' of ') && ok "audit report printed" || fail "audit report"

echo "== not a terminal, or TERM=dumb: nothing"
KYUKA_PROGRESS_AFTER_MS=0 "$KYUKA" feeds import "$TMP/kev.json" --db "$TMP/b.db" > /dev/null 2> "$TMP/pipe.txt" || true
grep -q 'importing' "$TMP/pipe.txt" && fail "progress on a pipe" || ok "silent on a pipe"
grep -q $'\r' "$TMP/pipe.txt" && fail "carriage return on a pipe" || ok "no carriage return on a pipe"
KYUKA_PROGRESS_AFTER_MS=0 "$KYUKA" --config "$TMP/kyuka.yaml" --root "$R" backup verify copy --no-store > "$TMP/v.txt" 2>&1 || true
grep -q 'restoring' "$TMP/v.txt" && fail "backup verify: progress on a pipe" || ok "backup verify silent on a pipe"
KYUKA_PROGRESS_AFTER_MS=0 "$KYUKA" audit --root "$b" --now "$NOW" --no-store --only accounts > /dev/null 2> "$TMP/a.txt" || true
grep -q ' of ' "$TMP/a.txt" && fail "audit: progress on a pipe" || ok "audit silent on a pipe"
T=dumb on_tty "$TMP/dumb.txt" "$KYUKA" feeds import "$TMP/kev.json" --db "$TMP/c.db"
grep -q 'importing' "$TMP/dumb.txt" && fail "progress with TERM=dumb" || ok "silent with TERM=dumb"

echo "== a second of quiet by default"
TERM=xterm script -qec "$(printf '%q ' "$KYUKA" feeds import "$TMP/kev.json" --db "$TMP/d.db")" /dev/null > "$TMP/quick.txt" 2>&1 < /dev/null || true
grep -q 'importing' "$TMP/quick.txt" && fail "a quick import showed progress" || ok "quick work shows none"
finish
