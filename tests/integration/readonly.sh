#!/bin/bash
# An audit changes nothing under the root: every file's bytes, mode, owner and mtime stay as they were.
. "$(dirname "$0")/lib.sh"

snapshot() {
	(cd "$1" && find . -printf '%p %y %m %U:%G %s %T@ %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
for s in good bad minimal pkg-bullseye pkg-bookworm; do
	r=$(root "$s")
	snapshot "$r" > "$TMP/before"
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store > /dev/null 2>&1 || true
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store --format json > /dev/null 2>&1 || true
	snapshot "$r" > "$TMP/after"
	if cmp -s "$TMP/before" "$TMP/after"; then ok "$s unchanged"; else fail "$s changed: $(diff "$TMP/before" "$TMP/after" | head -5)"; fi
done
finish
