#!/bin/bash
# Writes the documentation generated from kyuka's tables into the tree (or, with --check, says
# where the tree differs and exits 1; it_docs_gen runs that):
#   README.md          the check table between <!-- checks:begin --> and <!-- checks:end -->
#   docs/advisory.md   the advisory's items, their IDs and the checks of each (whole file)
#   docs/config.md     the key table between <!-- keys:begin --> and <!-- keys:end -->
# usage: scripts/gendoc.sh BUILDDIR [--check]   (BUILDDIR holds kyuka-gendoc: ninja -C BUILDDIR first)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: scripts/gendoc.sh BUILDDIR [--check]}
check=${2:-}
gen=$build/kyuka-gendoc
[ -x "$gen" ] || { echo "gendoc.sh: no $gen (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# splice FILE MARK CONTENT-FILE: FILE with the lines between <!-- MARK:begin --> and <!-- MARK:end --> replaced
splice() {
	python3 - "$1" "$2" "$3" <<'PYEOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
begin, end = f"<!-- {sys.argv[2]}:begin -->\n", f"<!-- {sys.argv[2]}:end -->"
new = open(sys.argv[3], encoding="utf-8").read()
i, j = text.find(begin), text.find(end)
if i < 0 or j < i:
    sys.exit(f"{sys.argv[1]}: no {begin.strip()} ... {end} markers")
sys.stdout.write(text[:i + len(begin)] + new + text[j:])
PYEOF
}

mkdir -p "$tmp/docs"
"$gen" checks-md > "$tmp/checks.md"
splice "$src/README.md" checks "$tmp/checks.md" > "$tmp/README.md"
"$gen" advisory-md > "$tmp/docs/advisory.md"
"$gen" config-md > "$tmp/keys.md"
splice "$src/docs/config.md" keys "$tmp/keys.md" > "$tmp/docs/config.md"

status=0
for f in README.md docs/advisory.md docs/config.md; do
	if [ "$check" = --check ]; then
		if ! diff -u "$src/$f" "$tmp/$f" > "$tmp/diff" 2>&1; then
			echo "$f differs from what kyuka-gendoc generates (run scripts/gendoc.sh $build):" >&2
			head -n 40 "$tmp/diff" >&2
			status=1
		fi
	elif ! cmp -s "$src/$f" "$tmp/$f"; then
		cp "$tmp/$f" "$src/$f"
		echo "wrote $f"
	fi
done
exit $status
