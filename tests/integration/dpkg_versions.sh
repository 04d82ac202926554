#!/bin/bash
# kyuka's version comparator agrees with `dpkg --compare-versions` exactly:
#  1. on the committed pairs (at least 20,000 real versions from a Debian 12 machine's apt
#     lists and dpkg database) with dpkg's own answers, recorded by bench/dpkg_versions.sh;
#  2. on pairs taken now from this machine's lists and `dpkg-query`, all compared by kyuka in
#     one process, and a seeded sample of them given to dpkg itself, one call per pair
#     (dpkg on every pair takes over a minute: bench/dpkg_versions.sh does that).
. "$(dirname "$0")/lib.sh"
VERCMP=${VERCMP:-$BUILDDIR/tests/vercmp}
SAMPLE=${DPKG_SAMPLE:-1200}

echo "== committed pairs with dpkg's answers"
zcat "$SRCDIR/tests/data/dpkg-version-pairs.txt.gz" > "$TMP/pairs3"
n=$(wc -l < "$TMP/pairs3")
[ "$n" -ge 20000 ] && ok "$n pairs" || fail "only $n committed pairs"
if "$VERCMP" --check < "$TMP/pairs3" > "$TMP/check.txt"; then
	ok "$(tail -n 1 "$TMP/check.txt")"
else
	head -n 20 "$TMP/check.txt" >&2
	fail "disagreements with dpkg: $(tail -n 1 "$TMP/check.txt")"
fi
# every answer kind is present, so the check is not vacuous
for r in '<' '=' '>'; do
	grep -q " $r\$" "$TMP/pairs3" && ok "has '$r' pairs" || fail "no '$r' pairs"
done

echo "== this machine's versions, against dpkg itself"
"$SRCDIR/tests/tools/machine_versions.sh" > "$TMP/versions"
/usr/bin/python3 "$SRCDIR/tests/tools/version_pairs.py" 20000 < "$TMP/versions" > "$TMP/pairs"
n=$(wc -l < "$TMP/pairs")
[ "$n" -ge 20000 ] && ok "$n live pairs" || fail "only $n live pairs"
"$VERCMP" < "$TMP/pairs" > "$TMP/kyuka"
[ "$(wc -l < "$TMP/kyuka")" = "$n" ] && ! grep -q '!' "$TMP/kyuka" && ok "kyuka compared all" || fail "kyuka refused a version"
paste -d' ' "$TMP/pairs" "$TMP/kyuka" | awk -v n="$n" -v k="$SAMPLE" 'BEGIN { srand(4) } rand() < k / n' > "$TMP/sample"
m=$(wc -l < "$TMP/sample")
bad=0
while read -r a b r; do
	if dpkg --compare-versions "$a" lt "$b"; then d='<'
	elif dpkg --compare-versions "$a" eq "$b"; then d='='
	else d='>'; fi
	if [ "$d" != "$r" ]; then
		echo "disagree: $a $b dpkg $d kyuka $r" >&2
		bad=$((bad + 1))
	fi
done < "$TMP/sample"
[ "$bad" -eq 0 ] && ok "$m sampled pairs agree with dpkg" || fail "$bad of $m sampled pairs disagree with dpkg"
finish
