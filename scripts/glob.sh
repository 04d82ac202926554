#!/bin/sh
# For meson: the files in DIR matching PATTERN, sorted, one per line, relative to DIR.
cd "$1" 2>/dev/null || exit 0
for f in $2; do [ -e "$f" ] && echo "$f"; done | LC_ALL=C sort
