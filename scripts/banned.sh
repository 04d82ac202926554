#!/bin/bash
# banned.sh [SRCDIR]: fails when src/ calls a function kyuka does not use (curl's checksrc in spirit).
#
# Comments, string and character literals are stripped first, so only real calls count. A call is
# the name followed by '(' and not preceded by '.', '->' or an identifier character (a member or
# a longer name such as xstrdup or snprintf is fine). Prints FILE:LINE: NAME: WHY for every hit;
# exit status 0 clean, 1 hits, 2 usage.
set -eu
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
[ -d "$src/src" ] || { echo "usage: banned.sh [SRCDIR] (no '$src/src')" >&2; exit 2; }

exec /usr/bin/python3 - "$src" <<'PYEOF'
import os, re, sys

# name -> why; banned everywhere in src/
BANNED = {
    "strcpy": "unbounded copy: snprintf or memcpy with a known length",
    "strcat": "unbounded append: struct strbuf",
    "strncpy": "may leave the result unterminated: snprintf",
    "strncat": "easy to misuse: struct strbuf",
    "sprintf": "unbounded: snprintf, xasprintf or strbuf_addf",
    "vsprintf": "unbounded: vsnprintf or strbuf",
    "gets": "unbounded read",
    "strtok": "hidden state: strtok_r or a span",
    "atoi": "no error check: util/num.h strict parsers",
    "atol": "no error check: util/num.h strict parsers",
    "atoll": "no error check: util/num.h strict parsers",
    "atof": "no error check",
    "scanf": "loose number parsing: util/num.h",
    "sscanf": "loose number parsing (signs, spaces, overflow): util/num.h or explicit digits",
    "fscanf": "loose number parsing: read the bytes, then parse them",
    "system": "a shell: collect/exec.c (execve argv, timeout, bounded capture)",
    "popen": "a shell: collect/exec.c",
    "tmpnam": "racy temporary names: mkstemp or write_file_atomic",
    "tempnam": "racy temporary names: mkstemp or write_file_atomic",
    "mktemp": "racy temporary names: mkstemp or write_file_atomic",
    "alloca": "unbounded stack allocation",
    "gmtime": "static result: gmtime_r",
    "localtime": "static result and the host's time zone: gmtime_r with --now's offset",
    "ctime": "static result: strftime with gmtime_r",
    "asctime": "static result: strftime",
    "rand": "not random: getrandom",
    "srand": "not random: getrandom",
    "vfork": "collect/exec.c",
}
# name -> (the only files allowed, why)
ONLY_IN = {
    "fork": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execve": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execv": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execvp": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execvpe": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execl": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execlp": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "execle": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "posix_spawn": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "posix_spawnp": (("src/collect/exec.c",), "every external program through collect/exec.c"),
    "malloc": (("src/util/xalloc.c",), "util/xalloc.h (xmalloc dies on exhaustion, never returns NULL)"),
    "calloc": (("src/util/xalloc.c",), "util/xalloc.h"),
    "realloc": (("src/util/xalloc.c",), "util/xalloc.h (xrealloc, st_mult)"),
    "strdup": (("src/util/xalloc.c",), "util/xalloc.h (xstrdup)"),
    "strndup": (("src/util/xalloc.c",), "util/xalloc.h (xstrndup)"),
}
# headers only some folders may include
INCLUDE_ONLY_IN = {
    "sqlite3.h": ("src/store/", "only store/ touches SQLite"),
    "libpq-fe.h": ("src/store/", "only store/ touches PostgreSQL"),
}

def strip(text):
    """Comments, string and char literals blanked (newlines kept, so line numbers hold)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + (c if j - i >= 2 else "")); i = j
        else:
            out.append(c); i += 1
    return "".join(out)

root = sys.argv[1]
names = sorted(set(BANNED) | set(ONLY_IN), key=len, reverse=True)
call = re.compile(r"(?<![\w.>])(" + "|".join(names) + r")\s*\(")
include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
hits = 0
for d, _, files in os.walk(os.path.join(root, "src")):
    for f in sorted(files):
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(d, f)
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8", errors="replace") as fh:
            raw = fh.read()
        for m in include.finditer(raw):
            rule = INCLUDE_ONLY_IN.get(m.group(1))
            if rule and not rel.startswith(rule[0]):
                print(f"{rel}:{raw.count(chr(10), 0, m.start()) + 1}: #include <{m.group(1)}>: {rule[1]}")
                hits += 1
        text = strip(raw)
        for m in call.finditer(text):
            name = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            # a definition or declaration of our own function with that name would also match: none exist
            if name in BANNED:
                why = BANNED[name]
            elif rel in ONLY_IN[name][0]:
                continue
            else:
                why = ONLY_IN[name][1]
            print(f"{rel}:{line}: {name}: {why}")
            hits += 1
if hits:
    print(f"banned.sh: {hits} banned call(s) in src/", file=sys.stderr)
    sys.exit(1)
print("banned.sh: src/ is clean")
PYEOF
