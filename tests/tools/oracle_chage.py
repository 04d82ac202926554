#!/usr/bin/python3
"""
Differential test of kyuka's shadow ageing against chage -l.

For each case (a fixture root's /etc/shadow, or a seeded generated one) and
each account of the case, `chage -i -l -R ROOT USER` (shadow-utils reads the
entry through glibc's getspnam inside ROOT) is compared with
tests/tools/shadow_ageing (kyuka's shadow_parse): kyuka's raw fields are
turned into chage's seven lines the way chage.c list_fields() derives them
(last change, password expires, password inactive, account expires, min,
max, warn). An entry kyuka does not keep (a line it counts as bad) is
compared as chage shows an account without a shadow entry.

usage: oracle_chage.py --tool SHADOW_AGEING --work DIR [--seed N] [--count N]
                       [--cases FILE] [ROOT...]
"""
import argparse
import os
import random
import subprocess
import sys

LABELS = ["Last password change", "Password expires", "Password inactive", "Account expires",
          "Minimum number of days between password change", "Maximum number of days between password change",
          "Number of days of warning before password expires"]

NUMS = ["", "", "", "0", "1", "7", "30", "90", "99999", "9999", "10000", "19000", "19500", "-1", "-5",
        "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
        "+5", " 5", "5 ", "05", "007", "0x10", "1e3", "x", "12abc", "-0", "--1"]


def civil(days):
    """The date of day `days` since 1970-01-01 (proleptic Gregorian, any size), as chage -i prints it."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return "%04d-%02d-%02d" % (y + (m <= 2), m, d)


def expect(f):
    """chage.c list_fields() applied to kyuka's fields (None: no entry)."""
    if f is None:
        f = dict(last=-1, min=-1, max=-1, warn=-1, inactive=-1, expire=-1)
    last, mx, ina, exp = f["last"], f["max"], f["inactive"], f["expire"]
    out = []
    out.append("never" if last < 0 else "password must be changed" if last == 0 else civil(last))
    if last == 0:
        out.append("password must be changed")
    elif last < 0 or mx >= 10000 or mx < 0:
        out.append("never")
    else:
        out.append(civil(last + mx))
    if last == 0:
        out.append("password must be changed")
    elif last < 0 or ina < 0 or mx >= 10000 or mx < 0:
        out.append("never")
    else:
        out.append(civil(last + mx + ina))
    out.append("never" if exp < 0 else civil(exp))
    out += [str(f["min"]), str(f["max"]), str(f["warn"])]
    return out


def gen_case(rng):
    lines, users = [], []
    for i in range(rng.randint(1, 6)):
        u = "u%d" % i
        users.append(u)
        fields = [u, rng.choice(["!", "*", "$y$j9T$abc$def", ""])] + [rng.choice(NUMS) for _ in range(6)]
        fields.append(rng.choice(["", "", "0", "x"]))
        r = rng.random()
        if r < 0.05:
            fields = fields[:8]          # no reserved field
        elif r < 0.08:
            fields = fields[:rng.randint(2, 7)]
        elif r < 0.1:
            fields.append("")
        lines.append(":".join(fields))
        if rng.random() < 0.05:
            lines.append(rng.choice(["# comment", "", "+@nis", "-u9"]))
    if rng.random() < 0.1:
        lines.append(":".join([users[0], "!", "1", "2", "3", "4", "5", "6", ""]))   # a second line: first wins
    rng.shuffle(lines)
    return "\n".join(lines) + "\n", users


def run(argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--cases", default=None, help="fixed cases (tests/data/oracle-chage-cases.txt)")
    ap.add_argument("roots", nargs="*")
    a = ap.parse_args()

    cases = []
    for r in a.roots:
        p = os.path.join(r, "etc/shadow")
        if os.path.isfile(p):
            text = open(p, errors="surrogateescape").read()
            users = [l.split(":")[0] for l in text.splitlines() if l and l[0] not in "#+-" and ":" in l]
            cases.append(("root " + os.path.basename(r.rstrip("/")), text, users))
    if a.cases:
        name, text = None, ""
        for line in open(a.cases).read().splitlines() + ["## end"]:
            if line.startswith("## "):
                if name:
                    users = sorted({l.split(":")[0] for l in text.splitlines() if ":" in l and l[0] not in "#+-"})
                    cases.append(("case '%s'" % name, text, users))
                name, text = line[3:], ""
            elif name:
                text += line + "\n"
    rng = random.Random(a.seed)
    for i in range(a.count):
        text, users = gen_case(rng)
        cases.append(("generated #%d (seed %d)" % (i, a.seed), text, users))

    root = os.path.join(a.work, "root")
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    dis = compared = 0
    for name, text, users in cases:
        users = [u for u in dict.fromkeys(users) if u and "/" not in u and u.isprintable() and " " not in u][:64]
        with open(os.path.join(root, "etc/passwd"), "w") as f:
            f.write("".join("%s:x:%d:%d::/:/bin/sh\n" % (u, 3000 + i, 3000 + i) for i, u in enumerate(users)))
        with open(os.path.join(root, "etc/shadow"), "w", errors="surrogateescape") as f:
            f.write(text)
        os.chmod(os.path.join(root, "etc/shadow"), 0o600)
        k = run([a.tool, os.path.join(root, "etc/shadow")] + users)
        ours = {}
        for line in k.stdout.splitlines():
            w = line.split()
            ours[w[0]] = None if w[1] == "absent" else {kv.split("=")[0]: int(kv.split("=")[1]) for kv in w[1:]}
        bad = []
        for u in users:
            c = run(["chage", "-i", "-l", "-R", root, u])
            if c.returncode != 0:
                bad.append("%s: chage fails (%s), kyuka %s" % (u, c.stderr.strip(), ours.get(u)))
                continue
            got = [l.split(":", 1)[1].strip() for l in c.stdout.splitlines() if ":" in l]
            want = expect(ours.get(u))
            compared += 1
            for lab, g, w in zip(LABELS, got, want):
                if g != w:
                    bad.append("%s: %s: chage %s, kyuka %s (kyuka read %s)" % (u, lab, g, w, ours.get(u)))
        if bad:
            dis += 1
            print("DISAGREE %s" % name)
            for b in bad:
                print("  " + b)
            for l in text.splitlines():
                print("  | " + l)
    print("%d cases, %d accounts compared, %d disagreements" % (len(cases), compared, dis))
    return 1 if dis else 0


if __name__ == "__main__":
    sys.exit(main())
