#!/bin/bash
# The documentation generated from the tables is what is committed: README's check table,
# docs/advisory.md, docs/config.md's key table (scripts/gendoc.sh regenerates them); every key has
# a description; the documents point at nothing outside the repository.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"

if "$SRCDIR/scripts/gendoc.sh" "$BUILDDIR" --check 2> "$TMP/diff.txt"; then
	ok "README.md, docs/advisory.md, docs/config.md as generated"
else
	cat "$TMP/diff.txt" >&2
	fail "generated documentation differs: run scripts/gendoc.sh $BUILDDIR and commit"
fi
"$BUILDDIR/kyuka-gendoc" config-paths > "$TMP/paths.txt" && ok "every key described" ||
	fail "keys without a description in src/parse/config/keydoc.c: $(grep missing: "$TMP/paths.txt" | tr '\n' ' ')"

# every check and every advisory item is in the documents
"$KYUKA" checks --format json --lang en > "$TMP/checks.json"
$PY - "$TMP/checks.json" "$SRCDIR/README.md" "$SRCDIR/docs/advisory.md" <<'PYEOF' && ok "every check in README and docs/advisory.md" || fail "checks missing"
import json, re, sys
ids = [c["id"] for c in json.load(open(sys.argv[1]))]
for f in sys.argv[2:]:
    text = open(f, encoding="utf-8").read()
    missing = [i for i in ids if not re.search(r"^\| %s \|" % re.escape(i), text, re.M)]
    if missing:
        print(f, "misses", missing, file=sys.stderr)
        sys.exit(1)
PYEOF
for item in IR-1 BK-3 AC-5 VU-4 DV-2 AV-2 LG-1 CH-1 ST-6; do
	grep -q "^### $item: " "$SRCDIR/docs/advisory.md" || fail "docs/advisory.md misses $item"
done

echo "== links stay inside the repository"
cd "$SRCDIR"
grep -n '\.\./shared' README.md docs/*.md && fail "a document points at ../shared" || ok "no ../shared"
$PY - README.md docs/*.md <<'PYEOF' && ok "every relative link resolves inside the repository" || fail "broken or outside links"
import os, re, sys
root = os.path.realpath(".")
bad = 0
for f in sys.argv[1:]:
    for m in re.finditer(r"\]\(([^)#\s]+)(#[^)]*)?\)", open(f, encoding="utf-8").read()):
        t = m.group(1)
        if re.match(r"[a-z]+:", t):
            continue
        p = os.path.realpath(os.path.join(os.path.dirname(f), t))
        if not p.startswith(root + os.sep) or not os.path.exists(p):
            print(f"{f}: {t}", file=sys.stderr)
            bad += 1
sys.exit(1 if bad else 0)
PYEOF
finish
