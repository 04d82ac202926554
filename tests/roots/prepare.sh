#!/bin/bash
# Makes a usable root from a fixture scenario: prepare.sh SCENARIO DEST
# Git keeps neither owners nor most modes nor binary login records: the copy gets
# root ownership and no group/other write bits, login records are generated from
# logins.txt, and the scenario's setup.sh (run inside DEST) sets what the test needs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/$1 dest=$2
[ -d "$src" ] || { echo "no scenario $1" >&2; exit 1; }
mkdir -p "$dest"
cp -a "$src/." "$dest/"
chown -R -h root:root "$dest"
chmod -R go-w "$dest"
find "$dest" -name .keep -delete
/usr/bin/python3 "$here/../tools/mklogins.py" "$dest"
if [ -f "$dest/setup.sh" ]; then
	(cd "$dest" && bash ./setup.sh)
	rm -f "$dest/setup.sh"
fi
