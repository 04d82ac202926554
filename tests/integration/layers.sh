#!/bin/bash
# The layers' arrows (docs/architecture.md) in the includes: a file in src/<layer>/ includes only its
# own layer and the layers below it that it may use, and only src/store/ includes sqlite3.h (and libpq-fe.h).
# (meson's layer_check_* programs check the same arrows for calls: they fail to link.)
. "$(dirname "$0")/lib.sh"

declare -A may=(
	[util]=""
	[model]="util"
	[parse]="model util"
	[collect]="parse model util"
	[report]="model util"
	[store]="model util"
	[engines]="collect store parse model util"
	[checks]="engines collect store parse model util"
	[cli]="checks engines report store collect parse model util"
)
# Single headers a layer may include beyond its arrows: types only, no call (meson's layer_check_report
# links report/ without parse/, so a call would fail to link).
declare -A also=(
	[report]="parse/config/plan.h"	# report/plandoc.h renders the plan: struct config_plan
)
bad=0
for dir in "$SRCDIR"/src/*/; do
	layer=$(basename "$dir")
	if [ -z "${may[$layer]+set}" ]; then
		fail "src/$layer/ is not a layer of docs/architecture.md"
		bad=1
		continue
	fi
	while IFS=: read -r file line inc; do
		path=${inc#*\"}
		path=${path%%\"*}
		to=${path%%/*}
		[ "$to" = "$layer" ] && continue
		case " ${also[$layer]:-} " in
		*" $path "*) continue ;;
		esac
		case " ${may[$layer]} " in
		*" $to "*) ;;
		*) fail "${file#"$SRCDIR"/}:$line: $layer/ may not include $to/"; bad=1 ;;
		esac
	done < <(find "$dir" -name '*.[ch]' -exec grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"[a-z_]+/' /dev/null {} +)
done
[ $bad = 0 ] && ok "every include follows the arrows"
if grep -lE '#[[:space:]]*include[[:space:]]*<sqlite3\.h>' -r "$SRCDIR/src" | grep -v "^$SRCDIR/src/store/"; then
	fail "sqlite3.h outside src/store/"
else
	ok "only store/ includes sqlite3.h"
fi
if grep -lE '#[[:space:]]*include[[:space:]]*<libpq-fe\.h>' -r "$SRCDIR/src" | grep -v "^$SRCDIR/src/store/"; then
	fail "libpq-fe.h outside src/store/"
else
	ok "only store/ includes libpq-fe.h"
fi
finish
