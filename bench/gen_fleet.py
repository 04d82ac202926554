#!/usr/bin/env python3
"""Reports of a fleet for bench/fleet.sh: N hosts, F findings each, in the shape of
kyuka audit --format json (docs/report-schema.json, pretty-printed as kyuka writes it).
Checks, areas, items and severities come from `kyuka checks --format json` (argv[1]); the
statuses are drawn as on a real host (most PASS), seeded, so every run writes the same bytes.
Usage: gen_fleet.py CHECKS.json OUTDIR N F  -> OUTDIR/<host>/before.json"""
import json
import os
import random
import sys

checks_file, outdir, n, nf = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
checks = json.load(open(checks_file))
rng = random.Random(22)
SEV = ["info", "low", "medium", "high", "critical"]
STATUSES = ["PASS"] * 70 + ["WARN"] * 10 + ["FAIL"] * 5 + ["SKIP"] * 10 + ["MANUAL"] * 4 + ["ERROR"]
USERS = ["root", "alice", "bob", "carol", "dave", "deploy", "backup", "www-data", "postgres", "nagios"]


def finding(c, i):
    st = rng.choice(STATUSES)
    sev = c["severity"] if st in ("FAIL", "ERROR") else SEV[max(0, SEV.index(c["severity"]) - (1 if st == "WARN" else 0))]
    subj = rng.choice(USERS) if i % 3 else "/etc/" + c["area"] + "/" + str(i)
    return {
        "check_id": c["id"], "items": c["items"].split(",") if c["items"] else [], "area": c["area"],
        "audience": c["audience"], "phase": [c["phase"]] if c["phase"] in ("before", "after", "during") else [],
        "heading": "Access control", "title": c["title"], "status": st, "severity": sev, "subject": subj,
        "evidence": "%s: %s read from %s (line %d); the value found was %d" % (c["title"], subj, "/etc/" + c["area"], i, rng.randrange(1000)),
        "remedy": None if st == "PASS" else "Fix %s on this host and run kyuka audit again." % subj,
        "subjects": [],
    }


for h in range(n):
    host = "host-%05d" % h
    fs = [finding(checks[(h + i) % len(checks)], i) for i in range(nf)]
    counts = {s: 0 for s in ("PASS", "WARN", "FAIL", "SKIP", "ERROR", "MANUAL")}
    above = 0
    for f in fs:
        counts[f["status"]] += 1
        above += f["status"] in ("WARN", "FAIL", "ERROR") and SEV.index(f["severity"]) >= SEV.index("high")
    rep = {
        "schema": "https://kyuka.invalid/schemas/report-v2.json", "schema_version": 2,
        "tool": {"name": "kyuka", "version": "0.1.0"},
        "generated_at": "2026-12-25T%02d:%02d:%02dZ" % (h // 3600 % 24, h // 60 % 60, h % 60),
        "root": "/", "phase": "before", "holiday": {"start": "2026-12-27", "end": "2027-01-04"},
        "host": {"hostname": host, "os_id": "debian", "os_version": "12",
                 "os_pretty": "Debian GNU/Linux 12 (bookworm)", "machine_id": "%032x" % h},
        "fail_on": "high",
        "summary": {"pass": counts["PASS"], "warn": counts["WARN"], "fail": counts["FAIL"], "skip": counts["SKIP"],
                    "error": counts["ERROR"], "manual": counts["MANUAL"], "at_or_above_fail_on": above},
        "do_first": [], "findings": fs,
    }
    os.makedirs(os.path.join(outdir, host), exist_ok=True)
    with open(os.path.join(outdir, host, "before.json"), "w") as out:
        json.dump(rep, out, indent=2, ensure_ascii=False)
        out.write("\n")
