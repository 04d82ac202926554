#!/bin/bash
# Man pages, kyuka help COMMAND and the bash completion, all from the tables: every command has
# its page and its help, every key of kyuka.yaml is in kyuka.yaml(5), and the completion offers
# the commands, their options and subcommands, check IDs and advisory items.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"

"$BUILDDIR/kyuka-gendoc" commands > "$TMP/commands.txt"
[ "$(wc -l < "$TMP/commands.txt")" -gt 15 ] && ok "$(wc -l < "$TMP/commands.txt") commands" || fail "command list"
"$BUILDDIR/kyuka-gendoc" config-paths > "$TMP/paths.txt" || fail "keys without a description"
render() { MANWIDTH=2000 man --warnings=w -l "$1" 2> "$TMP/man-warn.txt"; }

echo "== man pages"
if ! command -v scdoc > /dev/null; then
	fail "scdoc is not installed (scripts/install-deps.sh build)"
else
	for page in kyuka.1 kyuka.yaml.5; do
		[ -s "$BUILDDIR/man/$page" ] && ok "$page built" || fail "$page missing"
	done
	while read -r c; do
		p=$BUILDDIR/man/kyuka-$c.1
		if [ -s "$p" ] && render "$p" | grep -q "kyuka-$c - "; then ok "kyuka-$c(1)"; else fail "kyuka-$c(1) missing or empty"; fi
		[ -s "$TMP/man-warn.txt" ] && fail "kyuka-$c(1): $(head -3 "$TMP/man-warn.txt")"
		render "$BUILDDIR/man/kyuka.1" | grep -q "^ *$c\$" || fail "kyuka(1) does not list $c"
	done < "$TMP/commands.txt"
	render "$BUILDDIR/man/kyuka.yaml.5" > "$TMP/yaml5.txt"
	[ -s "$TMP/man-warn.txt" ] && fail "kyuka.yaml(5): $(head -3 "$TMP/man-warn.txt")"
	missing=0
	while read -r k; do
		case $k in missing:*) continue ;; esac
		grep -qF -- "$k (" "$TMP/yaml5.txt" || { fail "kyuka.yaml(5) misses $k"; missing=1; }
	done < "$TMP/paths.txt"
	[ $missing = 0 ] && ok "every key of the schema in kyuka.yaml(5) ($(grep -vc missing: "$TMP/paths.txt"))"
	render "$BUILDDIR/man/kyuka-audit.1" | grep -q -- '--phase before|after' && ok "kyuka-audit(1) has the options" || fail "kyuka-audit(1) options"
fi

echo "== kyuka help COMMAND"
while read -r c; do
	status=0
	"$KYUKA" help "$c" > "$TMP/help.txt" 2>&1 || status=$?
	[ $status = 0 ] && grep -q "^kyuka $c: " "$TMP/help.txt" && grep -q "man kyuka-$c" "$TMP/help.txt" || fail "kyuka help $c: $status"
done < "$TMP/commands.txt"
ok "kyuka help COMMAND for every command"
"$KYUKA" help --lang ja config | grep -q '使い方: kyuka config' && ok "help in Japanese" || fail "kyuka help --lang ja config"
status=0; "$KYUKA" help nope > /dev/null 2>&1 || status=$?
[ $status = 2 ] && ok "help of an unknown command: exit 2" || fail "help nope: $status"
"$KYUKA" help | grep -q '^Commands:' && ok "kyuka help alone lists the commands" || fail "kyuka help"

echo "== bash completion"
comp=$BUILDDIR/data/kyuka
bash -n "$comp" && ok "completion parses" || fail "completion syntax"
c() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _kyuka; echo "${COMPREPLY[*]}"' _ "$comp" "$@"
}
want() { local w=$1; shift; if c "$@" | tr ' ' '\n' | grep -qx -- "$w"; then ok "'$*' offers $w"; else fail "'$*' does not offer $w: $(c "$@")"; fi; }
want audit kyuka au
want --only kyuka audit --on
want AC-3 kyuka audit --only AC
want ACCT-0010 kyuka audit --skip ACCT-00
want PLAN-0110 kyuka explain PLAN-01
want init kyuka config ""
want verify kyuka backup ""
want show kyuka runs ""
want --force kyuka config init --f
want ja kyuka --lang ""
want config kyuka --root / con
want json kyuka audit --format ""
want after kyuka audit --phase ""
want never kyuka audit --color n
want kev kyuka feeds import --type ""
if c kyuka audit "" | tr ' ' '\n' | grep -qx options; then fail "'options' offered as a subcommand"; else ok "no 'options' subcommand"; fi
finish
