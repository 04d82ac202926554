#!/bin/bash
# Replays every file of a corpus directory once through a libFuzzer target.
set -eu
target=$1 dir=$2
[ -d "$dir" ] || { echo "no corpus at $dir" >&2; exit 1; }
n=$(find "$dir" -type f | wc -l)
[ "$n" -gt 0 ] || { echo "empty corpus at $dir" >&2; exit 1; }
# -runs=0 executes each corpus input once and stops.
"$target" -runs=0 "$dir" 2>&1 | tail -n 3
echo "replayed $n inputs"
