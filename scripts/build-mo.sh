#!/bin/sh
# build-mo.sh OUT.mo MAIN.po [EXTRA.po...]: one catalogue from po/ja.po and the po/ja-<branch>.po
# files branches add beside it (merged into ja.po by the lead; the first translation wins).
set -eu
out=$1
shift
if [ $# -gt 1 ]; then
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	msgcat --use-first -o "$tmp" "$@"
	msgfmt --check -o "$out" "$tmp"
else
	msgfmt --check -o "$out" "$1"
fi
