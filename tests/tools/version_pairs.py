#!/usr/bin/python3
"""Real dpkg version pairs from this machine, deterministic for a given input.

Reads version strings (one a line, with the package name before them when known:
"PKG VERSION") on stdin and prints at least N pairs "A B" on stdout:
  - every two versions of the same package (installed vs archive, old vs new),
  - neighbours in byte order over all distinct versions (long shared prefixes),
  - random pairs (seeded).
Usage: version_pairs.py N
"""
import random
import sys

def main():
    want = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    by_pkg = {}
    versions = set()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        pkg, ver = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
        versions.add(ver)
        if pkg:
            by_pkg.setdefault(pkg, set()).add(ver)
    vs = sorted(versions)
    pairs = []
    seen = set()

    def add(a, b):
        if (a, b) not in seen:
            seen.add((a, b))
            pairs.append((a, b))

    for pkg in sorted(by_pkg):
        pv = sorted(by_pkg[pkg])
        for i in range(len(pv)):
            for j in range(i + 1, len(pv)):
                add(pv[i], pv[j])
    rng = random.Random(4)
    for i in range(len(vs) - 1):
        if len(pairs) >= want // 2:
            break
        add(vs[i], vs[i + 1]) if rng.random() < 0.5 else add(vs[i + 1], vs[i])
    for v in vs[: min(len(vs), 200)]:
        add(v, v)
    while len(pairs) < want and len(vs) > 1:
        add(rng.choice(vs), rng.choice(vs))
    for a, b in pairs:
        print(a, b)

main()
