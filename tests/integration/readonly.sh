#!/bin/bash
# An audit (both phases) changes nothing under the root: every file's bytes, mode, owner and mtime stay
# as they were; and it runs to its end (exit 0 or 1: a crash must not pass as "nothing changed").
. "$(dirname "$0")/lib.sh"

snapshot() {
	(cd "$1" && find . -printf '%p %y %m %U:%G %s %T@ %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
for s in good bad minimal pkg-bullseye pkg-bookworm; do
	r=$(root "$s")
	snapshot "$r" > "$TMP/before"
	for ph in before after; do
		checked /dev/null "0 1" audit --root "$r" --now "$NOW" --no-store --phase $ph
		checked /dev/null "0 1" audit --root "$r" --now "$NOW" --no-store --phase $ph --format json
	done
	snapshot "$r" > "$TMP/after"
	if cmp -s "$TMP/before" "$TMP/after"; then ok "$s unchanged"; else fail "$s changed: $(diff "$TMP/before" "$TMP/after" | head -5)"; fi
done
finish
