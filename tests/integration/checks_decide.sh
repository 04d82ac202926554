#!/bin/bash
# The architecture the checks keep (docs/architecture.md, issue 21): a check decides and returns findings;
# only the runner (src/checks/run.c, decide.c: check_add) touches the report, the command opens the store, and the backup engine works
# on descriptors opened inside the root, never on a path string again.
. "$(dirname "$0")/lib.sh"

cd "$SRCDIR/src" || exit 1

# 1. no check writes into (or reads) the report: the context carries what they need
hits=$(grep -n 'ctx->rep\b\|->rep->' checks/*.c | grep -v '^checks/run\.c:\|^checks/decide\.c:' || true)
[ -z "$hits" ] && ok "no check touches the report" || fail "checks touch the report: $hits"

# 2. nothing in checks/ opens the database, the runner neither: the command opens it read-only, once,
# and hands the handle down (ctx->store)
hits=$(grep -n 'store_open' checks/*.c || true)
[ -z "$hits" ] && ok "no check opens the store" || fail "checks open the store: $hits"
# (for reading; the automatic baseline after the report opens it once more, to write the baseline)
hits=$(grep -n 'store_open_existing\|store_open_readonly' cli/cmd_audit.c | wc -l)
[ "$hits" = 1 ] && ok "the audit opens the store once for the checks" || fail "cli/cmd_audit.c opens the store $hits times to read"

# 2b. the whole configuration stays with its loader, the CLI and the runner: a check, an engine or a
# renderer includes only its area's header (parse/config/<area>.h)
hits=$(grep -ln '"parse/config\.h"' checks/*.[ch] engines/*.[ch] report/*.[ch] collect/*.[ch] store/*.[ch] |
	grep -v '^checks/run\.c$' || true)
[ -z "$hits" ] && ok "checks, engines and report include only their areas' config headers" ||
	fail "the whole config included by: $hits"

# 3. engines/backup.c: no stat/access/open/opendir on a path (our own temporary directory aside)
hits=$(grep -nE '(^|[^a-z_])(stat|lstat|access|opendir)\(|(^|[^a-z_])open\(' engines/backup.c | grep -v 'open(tmp, ' || true)
[ -z "$hits" ] && ok "the backup engine works on descriptors" || fail "path calls in engines/backup.c: $hits"

# 4. one crontab parser, one /etc/cron.d walker
[ ! -e parse/mon_crontab.c ] && ok "one crontab parser" || fail "parse/mon_crontab.c is back"
n=$(grep -ln '"/etc/cron.d"' collect/*.c | wc -l)
[ "$n" = 1 ] && ok "one /etc/cron.d walker" || fail "$n files walk /etc/cron.d"

finish
