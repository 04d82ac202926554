#!/bin/bash
# Extracts the translatable strings into po/kyuka.pot and merges them into po/ja.po.
set -euo pipefail
cd "$(dirname "$0")/.."
find src -name '*.c' | sort > po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--keyword=err_set:3 --keyword=err_prefix:2 --keyword=cfg_err:3 --keyword=cfg_errc:4 \
	--add-comments=TRANSLATORS: --package-name=kyuka --package-version="$(sed -n "s/.*version : '\(.*\)',/\1/p" meson.build)" \
	--msgid-bugs-address=none --sort-by-file -f po/POTFILES -o po/kyuka.pot
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/ja.po po/kyuka.pot
msgattrib --no-obsolete -o po/ja.po po/ja.po
msgfmt --check --statistics -o /dev/null po/ja.po
