#!/bin/bash
# Issue 24: peak memory at most 4x the input's size plus a constant. 50,000 sudoers rules (about
# 3.5 MB, bench/gen_scale.py, seeded) audited with --only sudo --format json: the reasons of each
# privileged account listed every rule and the JSON report held every finding as json-c objects
# (about 4 KB each): 48 MB then, about 20 MB now. Peak RSS of the child (getrusage); not measured
# under a sanitizer build (its shadow memory is most of the RSS).
source "$(dirname "$0")/lib.sh"

if grep -qa AddressSanitizer "$KYUKA"; then
	ok "sanitizer build: memory not measured"
	finish
	exit 0
fi
r=$(root good)
$PY "$SRCDIR/bench/gen_scale.py" sudoers "$r" 50000
$PY - "$KYUKA" "$r" "$NOW" "$TMP/out.json" <<'PY' && ok "50,000 sudoers rules: peak memory within 4x the input + 24 MB" || fail "50,000 sudoers rules: peak memory"
import os, resource, subprocess, sys
kyuka, root, now, out = sys.argv[1:]
inp = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, "etc/sudoers.d")) for f in fs)
inp += os.path.getsize(os.path.join(root, "etc/sudoers"))
with open(out, "w") as o:
    st = subprocess.run([kyuka, "audit", "--root", root, "--now", now, "--no-store", "--only", "sudo",
                         "--format", "json"], stdout=o).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
limit = 4 * inp + 24 * 1024 * 1024
print("  input %.1f MB, peak %.1f MB, limit %.1f MB, exit %d" % (inp / 2**20, peak / 2**20, limit / 2**20, st), file=sys.stderr)
sys.exit(0 if st in (0, 1) and peak <= limit else 1)
PY
n=$(jq '[.findings[] | select(.check_id == "SUDO-0020")] | length' "$TMP/out.json")
[ "$n" -gt 6000 ] && ok "the report still holds every finding ($n SUDO-0020)" || fail "SUDO-0020 findings: $n"
finish
