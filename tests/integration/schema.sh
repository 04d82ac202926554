#!/bin/bash
# Validates a JSON report against docs/report-schema.json (JSON Schema draft
# 2020-12) with Debian's python3-jsonschema.
#
#   schema.sh [FILE]     FILE defaults to tests/golden/report.json
#
# Exit status: 0 valid, 1 invalid (every error is printed), 2 usage or
# unreadable input, 77 (meson's "skipped") when python3-jsonschema is missing.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=${SRCDIR:-$(cd "$here/../.." && pwd)}
schema=$srcdir/docs/report-schema.json
file=${1:-$srcdir/tests/golden/report.json}
# Not the pyenv python3 that may come first in PATH: Debian's, which has the module.
py=/usr/bin/python3

if [ $# -gt 1 ]; then
	echo "usage: schema.sh [FILE]" >&2
	exit 2
fi
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "schema.sh: $py has no jsonschema module (apt install python3-jsonschema); skipped" >&2
	exit 77
fi

exec "$py" - "$schema" "$file" <<'EOF'
import json
import sys

import jsonschema

schema_path, doc_path = sys.argv[1], sys.argv[2]
try:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
except (OSError, ValueError) as e:
    print(f"schema.sh: {e}", file=sys.stderr)
    sys.exit(2)

cls = jsonschema.Draft202012Validator
try:
    cls.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print(f"schema.sh: {schema_path} is not a valid schema: {e.message}", file=sys.stderr)
    sys.exit(2)

errors = sorted(cls(schema).iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
for e in errors:
    where = "/".join(str(p) for p in e.absolute_path) or "(top)"
    print(f"{doc_path}: {where}: {e.message}", file=sys.stderr)
if errors:
    print(f"{doc_path}: {len(errors)} error(s) against {schema_path}", file=sys.stderr)
    sys.exit(1)
print(f"{doc_path}: valid")
EOF
