#!/usr/bin/python3
"""
Differential test of kyuka's per-connection sshd settings against OpenSSH.

For each case (a fixture root's /etc/ssh, or a configuration made by a seeded
generator) the case's /etc/ssh, passwd and group are copied into a staging
root, whose etc/ssh, etc/passwd and etc/group are bind-mounted over the real
ones (the caller runs this under "unshare -m"), and for each connection spec

    sshd -T -C user=U,host=H,addr=A,laddr=L,lport=P -f /etc/ssh/sshd_config -h HOSTKEY

is compared with tests/tools/sshd_conn (kyuka's collect + Match evaluation)
on the staging root, for the keys in KEYS. A configuration sshd refuses must
be one kyuka calls invalid.

usage: oracle_sshd.py --tool SSHD_CONN --work DIR --hostkey KEY [--seed N]
                      [--count N] [--keep-failing DIR] [ROOT...]
Prints each disagreement and a summary; exit 1 on any disagreement.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys

KEYS = ["permitrootlogin", "pubkeyauthentication", "passwordauthentication",
        "kbdinteractiveauthentication", "authenticationmethods", "allowusers", "denyusers"]

# Accounts every staging root has (besides the system's own, which sshd needs: sshd, nobody).
USERS = [
    "root:x:0:0:root:/root:/bin/bash",
    "alice:x:2001:2001::/home/alice:/bin/bash",
    "bob:x:2002:2002::/home/bob:/bin/bash",
    "Carol:x:2003:100::/home/carol:/bin/bash",
]
GROUPS = {
    "root": "root:x:0:",
    "alice": "alice:x:2001:",
    "bob": "bob:x:2002:",
    "users": "users:x:100:",
    "wheel": "wheel:x:2100:root,alice",
    "sshusers": "sshusers:x:2101:alice,Carol",
    "admins": "admins:x:2102:root",
}
SPEC_USERS = ["root", "root", "alice", "bob", "Carol", "carol", "ghost"]
SPEC_ADDRS = ["10.1.2.3", "10.200.0.1", "192.168.1.50", "192.168.2.7", "172.20.1.1", "203.0.113.7",
              "198.51.100.9", "2001:db8::5", "2001:db9::1", "127.0.0.1"]
SPEC_HOSTS = ["bastion.example.com", "ws1.corp.example", "EVIL.example.net", "localhost"]
SPEC_LADDRS = ["192.0.2.1", "192.0.2.2", "2001:db8:1::1"]
SPEC_LPORTS = [22, 2222, 443]

USER_PATS = ["root", "alice", "bob", "Carol", "carol", "ghost", "*", "a*", "?ob", "r*t", "!root",
             "root,alice", "*,!root", "!bob,*", "alice,!alice", "Root", "c*"]
GROUP_PATS = ["root", "wheel", "sshusers", "admins", "users", "!wheel,*", "*,!admins", "wh*", "nosuch",
              "sshusers,admins", "!root"]
HOST_PATS = ["bastion.example.com", "*.example.com", "*.EXAMPLE.com", "ws?.corp.example", "!evil*,*",
             "*", "localhost", "*.example.*,!*.net", "EVIL.example.net"]
ADDR_PATS = ["10.0.0.0/8", "192.168.1.0/24", "172.16.0.0/12", "203.0.113.7", "2001:db8::/32",
             "192.168.*", "10.1.?.3", "!10.200.0.0/16,10.0.0.0/8", "!192.168.1.50,192.168.0.0/16",
             "127.0.0.1,::1", "*", "10.0.0.0/8,!10.1.2.3", "0.0.0.0/0", "::/0", "198.51.100.*",
             "010.1.2.3", "192.168.1.50/32"]
LADDR_PATS = ["192.0.2.1", "192.0.2.0/24", "!192.0.2.2,*", "2001:db8:1::/48", "192.0.2.*"]
LPORTS = ["22", "2222", "443"]

ROOT_VALUES = ["yes", "no", "prohibit-password", "without-password", "forced-commands-only", "YES", "No"]
FLAG_VALUES = ["yes", "no", "Yes", "NO"]
METHODS = ["any", "publickey", "publickey,password", "publickey,keyboard-interactive",
           "password publickey,password", "publickey,keyboard-interactive:pam",
           "keyboard-interactive", "publickey password"]
ALLOW = ["root", "alice", "bob", "*", "a*", "root@10.0.0.0/8", "alice@192.168.1.*", "Carol", "!x"]


def conn_specs(rng, n):
    specs = set()
    while len(specs) < n:
        specs.add("user=%s,host=%s,addr=%s,laddr=%s,lport=%d" % (
            rng.choice(SPEC_USERS), rng.choice(SPEC_HOSTS), rng.choice(SPEC_ADDRS),
            rng.choice(SPEC_LADDRS), rng.choice(SPEC_LPORTS)))
    return sorted(specs)


def rcase(rng, word):
    r = rng.random()
    if r < 0.6:
        return word
    if r < 0.75:
        return word.lower()
    if r < 0.9:
        return word.upper()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def directive(rng, kw, value):
    """One line, in one of the forms sshd reads: spaces, tabs, '=', quotes."""
    k = rcase(rng, kw)
    form = rng.random()
    if form < 0.1 and " " not in value:
        value = '"%s"' % value
    if form < 0.55:
        return "%s %s" % (k, value)
    if form < 0.7:
        return "%s=%s" % (k, value)
    if form < 0.8:
        return "%s = %s" % (k, value)
    if form < 0.9:
        return "\t%s\t%s" % (k, value)
    return "  %s %s   # comment" % (k, value)


def setting(rng, in_match):
    kws = [("PermitRootLogin", ROOT_VALUES), ("PasswordAuthentication", FLAG_VALUES),
           ("KbdInteractiveAuthentication", FLAG_VALUES), ("PubkeyAuthentication", FLAG_VALUES),
           ("AuthenticationMethods", METHODS), ("AllowUsers", None), ("DenyUsers", None)]
    if not in_match:
        kws.append(("ChallengeResponseAuthentication", FLAG_VALUES))
    kw, vals = rng.choice(kws)
    if vals is None:
        value = " ".join(rng.sample(ALLOW, rng.randint(1, 3)))
    else:
        value = rng.choice(vals)
    return directive(rng, kw, value)


def criterion(rng):
    kind = rng.choice(["User", "User", "Group", "Host", "Address", "Address", "LocalAddress", "LocalPort"])
    pats = {"User": USER_PATS, "Group": GROUP_PATS, "Host": HOST_PATS, "Address": ADDR_PATS,
            "LocalAddress": LADDR_PATS, "LocalPort": LPORTS}[kind]
    pat = rng.choice(pats)
    if rng.random() < 0.1:
        pat = '"%s"' % pat
    return "%s %s" % (rcase(rng, kind), pat)


# Match lines sshd refuses or reads in unusual ways (kept rare: a refused case compares nothing).
ODD_MATCHES = ["Match User=alice", "Match User = root", "Match Address 10.0.0.1/8", "Match all User root",
               "Match Foo bar", "Match LocalPort abc", "Match User", "Match all # comment",
               "Match User root # comment", "Match Address 10.0.0.0/33", "Match Address !", "Match \"User\" root",
               "Match Address 2001:db8::1/32", "Match LocalPort 65536", "Match Host \"*.example.com\" User \"a*\"",
               "Match Address 10.0.0.0/8,", "Match RDomain rd0", "Match User root,alice,", "Match User *,"]


def match_line(rng):
    m = rcase(rng, "Match")
    r = rng.random()
    if r < 0.04:
        return rng.choice(ODD_MATCHES)
    if r < 0.16:
        return "%s %s" % (m, rcase(rng, "all"))
    crit = [criterion(rng) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    sep = " " if rng.random() < 0.9 else "\t"
    return "%s %s" % (m, sep.join(crit))


def block(rng, in_match, n):
    return [setting(rng, in_match) for _ in range(n)]


def gen_case(rng):
    """Returns {relative path under etc/ssh: text}."""
    files = {}
    n_inc = 0

    def include_file(depth):
        nonlocal n_inc
        n_inc += 1
        name = "inc%d.conf" % n_inc
        lines = block(rng, False, rng.randint(0, 3))
        if rng.random() < 0.5:
            lines.append(match_line(rng))
            lines += block(rng, True, rng.randint(1, 3))
        if depth < 2 and rng.random() < 0.2:
            lines.append(include_line(depth + 1))
        files["sshd_config.d/" + name] = "\n".join(lines) + "\n"
        return name

    def include_line(depth):
        name = include_file(depth)
        if rng.random() < 0.5:
            return "%s /etc/ssh/sshd_config.d/%s" % (rcase(rng, "Include"), name)
        return "%s sshd_config.d/%s" % (rcase(rng, "Include"), name)

    lines = []
    if rng.random() < 0.3:
        lines.append(include_line(0))
    lines += block(rng, False, rng.randint(0, 5))
    if rng.random() < 0.3:
        lines.append(include_line(0))
    for _ in range(rng.randint(0, 4)):
        lines.append(match_line(rng))
        body = block(rng, True, rng.randint(0, 4))
        if rng.random() < 0.25:
            body.insert(rng.randint(0, len(body)), include_line(0))
        lines += ["\t" + b if rng.random() < 0.7 else b for b in body]
    if rng.random() < 0.1:
        lines.append("")
    files["sshd_config"] = "\n".join(lines) + "\n"
    return files


def read_cases(path):
    """The fixed cases: [(name, {file: text})]."""
    cases, name, cur, files = [], None, None, None
    for line in open(path).read().splitlines():
        if line.startswith("## "):
            if name:
                cases.append((name, files))
            name, cur, files = line[3:], "sshd_config", {"sshd_config": ""}
        elif line.startswith("-- ") and name:
            cur = line[3:]
            files[cur] = ""
        elif name:
            files[cur] += line + "\n"
    if name:
        cases.append((name, files))
    return cases


def write_inplace(path, text):
    with open(path, "w") as f:
        f.write(text)


def stage(work, etc_ssh_src, files, passwd, group):
    """Fills work/etc/ssh (kept: it is bind-mounted), passwd and group."""
    ssh = os.path.join(work, "etc/ssh")
    for e in os.listdir(ssh):
        p = os.path.join(ssh, e)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.unlink(p)
    if etc_ssh_src:
        for e in os.listdir(etc_ssh_src):
            s = os.path.join(etc_ssh_src, e)
            if os.path.isdir(s):
                shutil.copytree(s, os.path.join(ssh, e), symlinks=True)
            else:
                shutil.copy2(s, os.path.join(ssh, e), follow_symlinks=False)
    for rel, text in (files or {}).items():
        p = os.path.join(ssh, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        write_inplace(p, text)
    write_inplace(os.path.join(work, "etc/passwd"), passwd)
    write_inplace(os.path.join(work, "etc/group"), group)


def parse_dump(text):
    out = {k: [] for k in KEYS}
    for line in text.splitlines():
        k, _, v = line.partition(" ")
        if k in out:
            out[k].append(v)
    return out


def run_sshd(spec, hostkey):
    p = subprocess.run(["/usr/sbin/sshd", "-T", "-C", spec, "-f", "/etc/ssh/sshd_config", "-h", hostkey],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1:] or ["exit %d" % p.returncode]
    return parse_dump(p.stdout), None


def run_kyuka(tool, root, specs):
    p = subprocess.run([tool, root] + specs, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if p.returncode != 0:
        raise RuntimeError("sshd_conn failed: " + p.stderr)
    res, cur, refused = {}, None, {}
    for line in p.stdout.splitlines():
        if line.startswith("== "):
            cur = line[3:]
            res[cur] = []
        elif line.startswith("refused: "):
            refused[cur] = line[9:]
        else:
            res[cur].append(line)
    return {s: parse_dump("\n".join(v)) for s, v in res.items()}, refused


def base_accounts():
    """The system's passwd and group (sshd needs its privilege separation user) plus the test accounts."""
    names = {u.split(":")[0] for u in USERS}
    gnames = set(GROUPS)
    pw = [l for l in open("/etc/passwd").read().splitlines() if l and l.split(":")[0] not in names]
    gr = [l for l in open("/etc/group").read().splitlines() if l and l.split(":")[0] not in gnames]
    return "\n".join(USERS + pw) + "\n", "\n".join(list(GROUPS.values()) + gr) + "\n"


def fixture_accounts(root):
    """A fixture's own passwd and group, with the system's sshd and nobody added when missing."""
    def read(p):
        try:
            return open(p).read().splitlines()
        except FileNotFoundError:
            return []
    pw, gr = read(os.path.join(root, "etc/passwd")), read(os.path.join(root, "etc/group"))
    have = {l.split(":")[0] for l in pw}
    for l in open("/etc/passwd").read().splitlines():
        if l.split(":")[0] in ("sshd", "nobody") and l.split(":")[0] not in have:
            pw.append(l)
    haveg = {l.split(":")[0] for l in gr}
    for l in open("/etc/group").read().splitlines():
        if l.split(":")[0] == "nogroup" and "nogroup" not in haveg:
            gr.append(l)
    return "\n".join(pw) + "\n", "\n".join(gr) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--hostkey", required=True)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--specs", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cases", default=None, help="fixed cases (tests/data/oracle-sshd-cases.txt)")
    ap.add_argument("--keep-failing", default=None, help="copy each disagreeing case here")
    ap.add_argument("roots", nargs="*")
    a = ap.parse_args()

    work = a.work
    bpw, bgr = base_accounts()
    fixtures = []
    for r in a.roots:
        if os.path.exists(os.path.join(r, "etc/ssh/sshd_config")):
            pw, gr = fixture_accounts(r)
            fixtures.append(("root " + os.path.basename(r.rstrip("/")), os.path.join(r, "etc/ssh"), None, pw, gr))
    os.makedirs(os.path.join(work, "etc/ssh"), exist_ok=True)
    for f in ("etc/passwd", "etc/group"):
        open(os.path.join(work, f), "a").close()
    for src, dst in (("etc/ssh", "/etc/ssh"), ("etc/passwd", "/etc/passwd"), ("etc/group", "/etc/group")):
        subprocess.run(["mount", "--bind", os.path.join(work, src), dst], check=True)
    os.makedirs("/run/sshd", exist_ok=True)

    rng = random.Random(a.seed)
    cases = fixtures
    if a.cases:
        for name, files in read_cases(a.cases):
            cases.append(("case '%s'" % name, None, files, bpw, bgr))
    for i in range(a.count):
        cases.append(("generated #%d (seed %d)" % (i, a.seed), None, gen_case(rng), bpw, bgr))

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs)
    disagreements = refused = compared = refused_conns = 0
    for name, src, files, pw, gr in cases:
        specs = conn_specs(rng, a.specs)
        if not name.startswith("generated"):
            specs = sorted(set(specs) | {"user=root,host=h.example,addr=10.1.2.3,laddr=192.0.2.1,lport=22",
                                         "user=root,host=h.example,addr=198.51.100.9,laddr=192.0.2.1,lport=22"})
        stage(work, src, files, pw, gr)
        theirs = dict(zip(specs, pool.map(lambda s: run_sshd(s, a.hostkey), specs)))
        ours, kref = run_kyuka(a.tool, work, specs)
        bad = []
        if all(v[0] is None for v in theirs.values()):
            refused += 1
        for s in specs:
            t, err = theirs[s]
            if t is None or s in kref:
                if t is not None:
                    bad.append("%s: kyuka says sshd refuses (%s), sshd accepts" % (s, kref[s]))
                elif s not in kref:
                    bad.append("%s: sshd refuses (%s), kyuka does not" % (s, err[0] if err else ""))
                else:
                    refused_conns += 1
                continue
            compared += 1
            for k in KEYS:
                if t[k] != ours[s][k]:
                    bad.append("%s: %s sshd=%s kyuka=%s" % (s, k, " ".join(t[k]), " ".join(ours[s][k])))
        if bad:
            disagreements += 1
            print("DISAGREE %s" % name)
            for b in bad[:12]:
                print("  " + b)
            if files:
                for rel, text in sorted(files.items()):
                    print("  --- %s" % rel)
                    for l in text.splitlines():
                        print("  | " + l)
            if a.keep_failing:
                dst = os.path.join(a.keep_failing, "case%d" % disagreements)
                shutil.copytree(os.path.join(work, "etc/ssh"), os.path.join(dst, "etc/ssh"), symlinks=True)
    print("%d cases (%d refused by sshd), %d connections compared, %d refused by both, %d disagreements"
          % (len(cases), refused, compared, refused_conns, disagreements))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
