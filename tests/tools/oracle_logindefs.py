#!/usr/bin/python3
"""
Differential test of kyuka's login.defs reading against shadow-utils: for each
case (fixture roots' login.defs, a seeded set of generated ones) useradd
--prefix creates an account in a scratch root with that login.defs, and the
ageing fields it writes to shadow (min, max, warn) are compared with what
tests/tools/logindefs_get (kyuka's parser and logindefs_get_u64) reads.
An empty shadow field (useradd's -1: the key absent or unreadable) must be
a key kyuka does not find ("-"): kyuka then applies its documented defaults.
A negative value (written as is by useradd) disables the item like an empty
field, and kyuka reads it as unset.

usage: oracle_logindefs.py --tool LOGINDEFS_GET --work DIR [--seed N] [--count N] [ROOT...]
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

KEYS = ["PASS_MAX_DAYS", "PASS_MIN_DAYS", "PASS_WARN_AGE"]
VALUES = ["90", "0", "7", "99999", "30", "0x10", "010", "08", "-1", "abc", "12abc", " 45", '"60"', "1e3", "+5",
          "4294967296", "00", "0X1f"]
OTHER = ["UMASK 022", "ENCRYPT_METHOD YESCRYPT", "# PASS_MAX_DAYS 1", "MAIL_DIR /var/mail", "",
         "   # indented comment", "LOGIN_RETRIES 5"]


def gen(rng):
    lines = []
    for _ in range(rng.randint(0, 6)):
        r = rng.random()
        if r < 0.6:
            k = rng.choice(KEYS)
            if rng.random() < 0.08:
                k = k.lower()
            sep = rng.choice([" ", "\t", "  ", " \t"])
            v = rng.choice(VALUES)
            tail = rng.choice(["", "", " # note", "   ", "\t# x"])
            lines.append(("  " if rng.random() < 0.1 else "") + k + sep + v + tail)
        else:
            lines.append(rng.choice(OTHER))
    return "\n".join(lines) + ("\n" if rng.random() < 0.9 else "")


def useradd_fields(work, text):
    root = os.path.join(work, "root")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "etc"))
    files = {"passwd": "root:x:0:0:root:/root:/bin/bash\n", "group": "root:x:0:\n",
             "shadow": "root:*:19000:0:99999:7:::\n", "gshadow": "root:*::\n", "login.defs": text}
    for n, t in files.items():
        with open(os.path.join(root, "etc", n), "w") as f:
            f.write(t)
    p = subprocess.run(["useradd", "--prefix", root, "-M", "-N", "-g", "0", "probe"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    if p.returncode != 0:
        return None, p.stderr.strip()
    for line in open(os.path.join(root, "etc/shadow")):
        f = line.rstrip("\n").split(":")
        if f[0] == "probe":
            return {"PASS_MIN_DAYS": f[3], "PASS_MAX_DAYS": f[4], "PASS_WARN_AGE": f[5]}, None
    return None, "no shadow line"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--cases", default=None, help="fixed cases (tests/data/oracle-logindefs-cases.txt)")
    ap.add_argument("roots", nargs="*")
    a = ap.parse_args()
    cases = []
    for r in a.roots:
        p = os.path.join(r, "etc/login.defs")
        if os.path.isfile(p):
            cases.append(("root " + os.path.basename(r.rstrip("/")), open(p).read()))
    if a.cases:
        name, text = None, ""
        for line in open(a.cases).read().splitlines() + ["## end"]:
            if line.startswith("## "):
                if name:
                    cases.append(("case '%s'" % name, text))
                name, text = line[3:], ""
            elif name:
                text += line + "\n"
    rng = random.Random(a.seed)
    for i in range(a.count):
        cases.append(("generated #%d (seed %d)" % (i, a.seed), gen(rng)))
    dis = compared = 0
    for name, text in cases:
        theirs, err = useradd_fields(a.work, text)
        if theirs is None:
            print("DISAGREE %s: useradd failed: %s" % (name, err))
            dis += 1
            continue
        path = os.path.join(a.work, "root/etc/login.defs")
        k = subprocess.run([a.tool, path], stdout=subprocess.PIPE, text=True, timeout=120)
        ours = dict(l.split(" ", 1) for l in k.stdout.splitlines())
        bad = []
        for key in KEYS:
            compared += 1
            t = theirs[key]
            if t.startswith("-"):
                t = ""      # a negative field disables the ageing item, as an empty one does
            o = ours.get(key, "?")
            if (t == "" and o != "-") or (t != "" and o != t):
                bad.append("%s: useradd wrote '%s', kyuka reads '%s'" % (key, t, o))
        if bad:
            dis += 1
            print("DISAGREE %s" % name)
            for b in bad:
                print("  " + b)
            for l in text.splitlines():
                print("  | " + l)
    print("%d cases, %d values compared, %d disagreements" % (len(cases), compared, dis))
    return 1 if dis else 0


if __name__ == "__main__":
    sys.exit(main())
