#!/bin/bash
# Builds one message catalogue from po/ja.po and the branch files po/ja-*.po (merged into ja.po by the lead).
# Usage: scripts/mo.sh OUTPUT.mo INPUT.po...
set -euo pipefail
out=$1
shift
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
msgcat --use-first -o "$tmp" "$@"
msgfmt --check -o "$out" "$tmp"
