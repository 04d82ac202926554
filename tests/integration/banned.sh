#!/bin/bash
# src/ calls no banned function (scripts/banned.sh: strcpy, sprintf, system, atoi, ...), and the
# script itself finds one when it is there.
. "$(dirname "$0")/lib.sh"

if out=$("$SRCDIR/scripts/banned.sh" "$SRCDIR" 2>&1); then ok "src/ is clean"; else fail "banned calls: $out"; fi

# the script must fail on a planted call, and ignore the same name in a comment, a string or a longer name
mkdir -p "$TMP/tree/src/cli" "$TMP/tree/src/collect"
cat > "$TMP/tree/src/cli/x.c" <<'C'
/* strcpy(a, b) in a comment */
static const char *s = "system(\"ls\")";
int f(char *d) { return snprintf(d, 4, "%s", "x") + xstrdup_len(d); }
C
"$SRCDIR/scripts/banned.sh" "$TMP/tree" > /dev/null 2>&1 && ok "comments, strings and longer names pass" || fail "false positive"
printf 'void g(char *d) { sprintf(d, "%%d", 1); }\n' > "$TMP/tree/src/cli/y.c"
printf 'int h(void) { return fork(); }\n' > "$TMP/tree/src/collect/exec.c"
out=$("$SRCDIR/scripts/banned.sh" "$TMP/tree" 2>&1) && fail "a planted sprintf passed" || {
	case $out in *"src/cli/y.c:1: sprintf"*) ok "a planted sprintf fails" ;; *) fail "unexpected output: $out" ;; esac
}
case $out in *exec.c*) fail "fork in collect/exec.c reported" ;; *) ok "fork allowed in collect/exec.c" ;; esac
finish
