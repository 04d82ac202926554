#!/usr/bin/python3
"""
Differential test of kyuka's "this PAM stack asks for a second factor"
(pam_find_mfa, MFA-0010/0020/0030) against Linux-PAM itself, through pamtester.

The caller runs this under "unshare -m". A test user with a known password is
added to copies of passwd and shadow bound over the real ones, and a scratch
directory is bound over /etc/pam.d. For each case (the sshd, sudo and login
services of a fixture root, or a seeded generated stack of include, @include,
substack, required/requisite/sufficient/optional and [value=action] controls
over pam_unix, pam_deny, pam_permit and second-factor modules) the stack is
copied there with every second-factor module replaced by a stand-in the test
controls: pam_deny.so (it fails, as a missing code would) or pam_permit.so.
pamtester then authenticates the test user:
  F_ok:  stand-in failing, correct password
  F_bad: stand-in failing, wrong password
  P_ok:  stand-in succeeding, correct password
Linux-PAM needs the second factor when F_ok and F_bad fail while P_ok
succeeds. kyuka (tests/tools/pam_mfa, on the unmodified stack) must say
"required" exactly then. Where the stack holds modules whose answer kyuka
cannot know (pam_env, pam_succeed_if, ...), kyuka takes every answer as
possible and may only be more cautious than this one run: "required" must
still never be said when pamtester got in without the stand-in.
A module missing on this machine (other than the second-factor ones, which
are replaced) makes Linux-PAM fail that line: such a case is reported as
"module missing, not compared". pam_unix gets "nodelay" and pam_faildelay
"delay=0" in the copy, so that failures do not sleep.

usage: oracle_pam.py --tool PAM_MFA --mkhash MKHASH --work DIR [--seed N] [--count N] [--cases FILE] [ROOT...]
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys

MFA = {"pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_yubico.so", "pam_duo.so",
       "pam_radius_auth.so", "pam_radius.so", "pam_privacyidea.so", "pam_linotp.so", "pam_totp.so",
       "pam_2fa.so", "pam_pkcs11.so", "pam_p11.so", "pam_mfa.so"}
KNOWN = {"pam_unix.so", "pam_deny.so", "pam_permit.so"} | MFA   # modules whose answer kyuka knows
MODDIRS = ["/lib/x86_64-linux-gnu/security", "/usr/lib/x86_64-linux-gnu/security", "/lib/security",
           "/usr/lib/security", "/lib64/security"]
USER, PASSWORD = "kyukapam", "S3cret-pw"
SERVICES = ["sshd", "sudo", "login"]

CONTROLS = ["required", "required", "requisite", "sufficient", "sufficient", "optional",
            "[success=1 default=ignore]", "[success=2 default=ignore]", "[success=ok default=bad]",
            "[success=done default=die]", "[default=ignore success=1]", "[success=1 auth_err=bad default=ignore]",
            "[success=ok new_authtok_reqd=ok ignore=ignore default=bad]", "[success=done default=ignore]",
            "[success=ok auth_err=die default=ignore]", "[success=3 default=ignore]", "[default=1 success=ok]",
            "[success=reset default=ignore]", "[auth_err=reset success=ok default=bad]", "[success=1]",
            "[success=ok]", "[default=die]"]
MODULES = ["pam_unix.so nodelay", "pam_unix.so nodelay", "pam_unix.so nodelay try_first_pass", "pam_deny.so",
           "pam_permit.so", "pam_google_authenticator.so", "pam_oath.so usersfile=/etc/users.oath",
           "pam_u2f.so cue", "pam_permit.so", "pam_google_authenticator.so", "pam_unix.so nodelay"]
# modules whose answer kyuka cannot know (it takes every answer as possible); on this machine they answer one way
OTHERS = ["pam_env.so", "pam_faildelay.so delay=0", "pam_succeed_if.so uid >= 1000 quiet",
          "pam_succeed_if.so user = root quiet", "pam_nologin.so"]


def module_path(m):
    if m.startswith("/"):
        return m if os.path.exists(m) else None
    for d in MODDIRS:
        if os.path.exists(os.path.join(d, m)):
            return os.path.join(d, m)
    return None


def gen_case(rng):
    """A service 'svc' and the files it includes: {name: text}."""
    files = {}
    names = ["svc", "common-a", "common-b", "common-c"]

    def body(k, depth):
        lines = []
        for _ in range(rng.randint(1, 5)):
            r = rng.random()
            later = [n for n in names[k + 1:]]
            if r < 0.2 and later and depth < 3:
                inc = rng.choice(later)
                kind = rng.choice(["include", "substack", "@include"])
                lines.append("@include %s" % inc if kind == "@include" else "auth %s %s" % (kind, inc))
            elif r < 0.25:
                lines.append("%s %s pam_permit.so" % (rng.choice(["account", "session", "password"]),
                                                       rng.choice(["required", "sufficient"])))
            else:
                lines.append("%sauth %s %s" % ("-" if rng.random() < 0.05 else "", rng.choice(CONTROLS),
                                               rng.choice(OTHERS if rng.random() < 0.08 else MODULES)))
        return "\n".join(lines) + "\n"
    for k, n in enumerate(names):
        files[n] = body(k, k)
    return files


def run(argv, inp=None):
    return subprocess.run(argv, input=inp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)


def stand_in(text, replacement):
    """The oracle's copy of one file: MFA modules replaced, failures without delay."""
    out = []
    for line in text.splitlines():
        toks = line.split()
        m = None
        for i, t in enumerate(toks):
            if t.startswith("#"):
                break
            if re.search(r"\.so$", t) or (t.startswith("/") and ".so" in t):
                m = i
                break
        if m is not None:
            base = os.path.basename(toks[m])
            if base in MFA:
                line = " ".join(toks[:m] + [replacement] + toks[m + 1:])
            elif base == "pam_unix.so" and "nodelay" not in toks:
                line = line + " nodelay"
            elif base == "pam_faildelay.so":
                line = " ".join(toks[:m + 1] + ["delay=0"])
        out.append(line)
    return "\n".join(out) + "\n"


def modules_of(files):
    """(missing non-MFA modules, modules kyuka cannot know) over all files of the case."""
    missing, unknown = set(), set()
    for text in files.values():
        for line in text.splitlines():
            toks = line.split()
            if not toks or toks[0].startswith("#") or toks[0].startswith("@"):
                continue
            optional = toks[0].startswith("-")
            for t in toks[1:]:
                if t.endswith(".so") or (t.startswith("/") and ".so" in t):
                    base = os.path.basename(t)
                    if base in MFA:
                        break
                    auth = toks[0].lstrip("-").lower() == "auth"
                    if auth and base not in KNOWN:
                        unknown.add(base)
                    # only the auth stack runs: a missing module fails its own line, in its own stack
                    if auth and not module_path(t) and not optional:
                        missing.add(base)
                    break
    return missing, unknown


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--mkhash", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--cases", default=None, help="fixed cases (tests/data/oracle-pam-cases.txt)")
    ap.add_argument("roots", nargs="*")
    a = ap.parse_args()

    w = a.work
    etc = os.path.join(w, "etc")
    pamd = os.path.join(w, "pamd")
    kroot = os.path.join(w, "root")
    for d in (etc, pamd, os.path.join(kroot, "etc/pam.d")):
        os.makedirs(d, exist_ok=True)
    h = run([a.mkhash, "sha512crypt", PASSWORD]).stdout.strip()
    real_pw = [l for l in open("/etc/passwd").read().splitlines() if not l.startswith(USER + ":")]
    real_sh = [l for l in open("/etc/shadow").read().splitlines() if not l.startswith(USER + ":")]
    with open(os.path.join(etc, "passwd"), "w") as f:
        f.write("\n".join(real_pw + ["%s:x:2999:2999::/nonexistent:/bin/sh" % USER]) + "\n")
    with open(os.path.join(etc, "shadow"), "w") as f:
        f.write("\n".join(real_sh + ["%s:%s:19000:0:99999:7:::" % (USER, h)]) + "\n")
    os.chmod(os.path.join(etc, "shadow"), 0o640)
    for src, dst in ((os.path.join(etc, "passwd"), "/etc/passwd"), (os.path.join(etc, "shadow"), "/etc/shadow"),
                     (pamd, "/etc/pam.d")):
        subprocess.run(["mount", "--bind", src, dst], check=True)

    cases = []   # (name, {file: text}, [services])
    for r in a.roots:
        d = os.path.join(r, "etc/pam.d")
        if not os.path.isdir(d):
            continue
        files = {}
        for e in sorted(os.listdir(d)):
            p = os.path.join(d, e)
            if os.path.isfile(p) and not os.path.islink(p):
                files[e] = open(p, errors="replace").read()
        cases.append(("root " + os.path.basename(r.rstrip("/")), files, SERVICES))
    if a.cases:
        name, files, cur = None, {}, None
        for line in open(a.cases).read().splitlines() + ["## end"]:
            if line.startswith("## "):
                if name:
                    cases.append(("case '%s'" % name, files, ["svc"]))
                name, files, cur = line[3:], {}, None
            elif line.startswith("### "):
                cur = line[4:]
                files[cur] = ""
            elif name and cur:
                files[cur] += line + "\n"
    rng = random.Random(a.seed)
    for i in range(a.count):
        cases.append(("generated #%d (seed %d)" % (i, a.seed), gen_case(rng), ["svc"]))

    dis = compared = cautious = missing_n = refused = nullok_n = required_n = 0
    for name, files, services in cases:
        kd = os.path.join(kroot, "etc/pam.d")
        shutil.rmtree(kd)
        os.makedirs(kd)
        for fn, text in files.items():
            with open(os.path.join(kd, fn), "w") as f:
                f.write(text)
        missing, unknown = modules_of(files)
        nullok = any(re.search(r"\bpam_\w+\.so\b.*\bnullok\b", l) and any(m in l for m in MFA)
                     for t in files.values() for l in t.splitlines())
        ours = {}
        for line in run([a.tool, kroot] + services).stdout.splitlines():
            t = line.split()
            ours[t[0]] = dict(kv.split("=", 1) for kv in t[1:] if "=" in kv)
        answers = {}
        for rep in ("pam_deny.so", "pam_permit.so"):
            for e in os.listdir(pamd):
                os.unlink(os.path.join(pamd, e))
            for fn, text in files.items():
                with open(os.path.join(pamd, fn), "w") as f:
                    f.write(stand_in(text, rep))
            for svc in services:
                for pw in ((PASSWORD, "wrong-pw") if rep == "pam_deny.so" else (PASSWORD,)):
                    res = run(["pamtester", svc, USER, "authenticate"], inp=pw + "\n")
                    answers[(svc, rep, pw)] = res.returncode == 0
        bad = []
        for svc in services:
            k = ours.get(svc, {})
            if missing:
                missing_n += 1
                print("%s %s: module missing (%s), not compared" % (name, svc, ", ".join(sorted(missing))))
                continue
            f_ok, f_bad = answers[(svc, "pam_deny.so", PASSWORD)], answers[(svc, "pam_deny.so", "wrong-pw")]
            p_ok = answers[(svc, "pam_permit.so", PASSWORD)]
            kreq = k.get("mfa") == "required"
            if name.startswith("root "):
                print("%s %s: kyuka mfa=%s; stand-in failing -> %s, stand-in succeeding -> %s" % (
                    name, svc, k.get("mfa"), "in" if f_ok or f_bad else "refused", "in" if p_ok else "refused"))
            if not (f_ok or f_bad or p_ok):
                refused += 1     # nobody gets in, whatever the second factor says: nothing to compare
                continue
            oreq = not f_ok and not f_bad and p_ok
            compared += 1
            required_n += oreq
            desc = "pamtester: stand-in failing -> %s with the password, %s with a wrong one; stand-in succeeding -> %s" % (
                "in" if f_ok else "refused", "in" if f_bad else "refused", "in" if p_ok else "refused")
            if k.get("mfa") == "weak" and nullok:
                nullok_n += 1    # the stand-in fails as for an enrolled user; one not enrolled skips the module
                continue
            if kreq and not oreq:
                bad.append("%s: kyuka says the second factor is required (%s), %s" % (svc, k.get("module"), desc))
            elif oreq and not kreq:
                if unknown:
                    cautious += 1
                else:
                    bad.append("%s: kyuka says mfa=%s, but it is required: %s" % (svc, k.get("mfa"), desc))
        if bad:
            dis += 1
            print("DISAGREE %s" % name)
            for b in bad:
                print("  " + b)
            for fn, text in sorted(files.items()):
                if name.startswith("root ") and fn not in SERVICES and not fn.startswith("common"):
                    continue
                print("  ### " + fn)
                for l in text.splitlines():
                    print("  | " + l)
    print("%d cases, %d services compared (%d need the second factor, %d where kyuka is more cautious: modules whose answer it cannot know), "
          "%d not compared (module missing), %d not compared (second factor with nullok), %d refusing everyone, "
          "%d disagreements" % (len(cases), compared, required_n, cautious, missing_n, nullok_n, refused, dis))
    return 1 if dis else 0


if __name__ == "__main__":
    sys.exit(main())
