#!/bin/bash
# Builds a message catalogue from po/ja.po and the branch catalogues po/ja-*.po (merged into
# po/ja.po by the lead; until then their messages are translated too): build-mo.sh OUT PO...
set -euo pipefail
out=$1
shift
msgcat --use-first "$@" | msgfmt --check -o "$out" -
