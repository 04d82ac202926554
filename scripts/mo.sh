#!/bin/bash
# Builds a message catalogue from po/ja.po and the per-branch files po/ja-*.po beside it (new
# messages waiting to be merged into po/ja.po): mo.sh OUTPUT INPUT.po...
set -euo pipefail
out=$1
shift
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
msgcat --use-first -o "$tmp" "$@"
msgfmt --check -o "$out" "$tmp"
