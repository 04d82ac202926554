#!/bin/bash
# Prints "PACKAGE VERSION" for every version this machine knows: dpkg's database
# (binary and source versions) and apt's package lists (any compression apt reads).
set -euo pipefail
dpkg-query -W -f='${Package} ${Version}\n${source:Package} ${source:Version}\n'
for f in /var/lib/apt/lists/*_Packages* /var/lib/apt/lists/*_Sources*; do
	[ -e "$f" ] || continue
	case "$f" in *.diff_Index|*/partial/*) continue ;; esac
	/usr/lib/apt/apt-helper cat-file "$f" 2>/dev/null |
		awk '/^Package: /{p=$2} /^Version: /{print p, $2}'
done
