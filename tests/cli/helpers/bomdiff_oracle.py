#!/usr/bin/env python3
"""The expected `vouch sbom diff` of two CycloneDX documents, computed apart
from vouch's C code: components keyed by purl without version (and without
qualifiers other than arch, distro, classifier, type), the subject left out,
same versions matched, the rest paired oldest with oldest under an external
version order, which is a command reading "A B" lines and printing "A B OP"
(tests/cli/helpers/semver_compare.js, or dpkg through --dpkg).

usage: bomdiff_oracle.py OLD.cdx.json NEW.cdx.json VOUCH-DIFF.json (--dpkg | CMD...)
Exits 1 naming the first difference with vouch's JSON."""
import functools, json, subprocess, sys
from urllib.parse import unquote

KEEP = {"arch", "distro", "classifier", "type"}


def key_version(purl):
    rest, _, quals = purl.partition("?")
    quals = quals.split("#")[0]
    base, at, ver = rest.rpartition("@")
    if not at or "/" in ver:
        base, ver = rest, None
    q = sorted(kv for kv in quals.split("&") if kv and kv.split("=")[0] in KEEP)
    return base + ("?" + "&".join(q) if q else ""), unquote(ver) if ver else None


def components(path):
    doc = json.load(open(path))
    subj = (doc.get("metadata", {}).get("component") or {}).get("bom-ref")
    out = {}

    def walk(cs):
        for c in cs or []:
            props = {p.get("name"): p.get("value") for p in c.get("properties", [])}
            if c.get("purl") and c.get("bom-ref") != subj and props.get("vouch:root") != "true":
                k, v = key_version(c["purl"])
                out.setdefault(k, []).append(v)
            walk(c.get("components"))

    walk(doc.get("components"))
    return out


def main():
    old, new, got = components(sys.argv[1]), components(sys.argv[2]), json.load(open(sys.argv[3]))
    cmd = sys.argv[4:]
    pairs = []
    left = {}
    for k in sorted(set(old) | set(new)):
        o, n = list(old.get(k, [])), list(new.get(k, []))
        for v in list(o):
            if v in n:
                o.remove(v)
                n.remove(v)
        left[k] = (o, n)
        vs = o + n
        pairs += [(a, b) for a in vs for b in vs if a and b]
    order = {}
    if cmd == ["--dpkg"]:
        for a, b in set(pairs):
            lt = subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0
            gt = subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0
            order[(a, b)] = -1 if lt else 1 if gt else 0
    elif pairs:
        text = "".join("%s %s\n" % p for p in sorted(set(pairs)))
        res = subprocess.run(cmd, input=text, capture_output=True, text=True, check=True)
        for line in res.stdout.split("\n"):
            if line:
                a, b, op = line.split(" ")
                order[(a, b)] = {"<": -1, ">": 1, "=": 0}[op]
    want = {"added": [], "removed": [], "upgraded": [], "downgraded": []}
    for k, (o, n) in left.items():
        cmpf = functools.cmp_to_key(lambda a, b: order[(a, b)])
        o.sort(key=cmpf)
        n.sort(key=cmpf)
        for a, b in zip(o, n):
            want["upgraded" if order[(a, b)] < 0 else "downgraded"].append("%s %s %s" % (k, a, b))
        want["removed"] += ["%s %s" % (k, v) for v in o[len(n):]]
        want["added"] += ["%s %s" % (k, v) for v in n[len(o):]]
    have = {
        "added": ["%s %s" % (e["key"], e["new_version"]) for e in got["added"]],
        "removed": ["%s %s" % (e["key"], e["old_version"]) for e in got["removed"]],
        "upgraded": ["%s %s %s" % (e["key"], e["old_version"], e["new_version"]) for e in got["upgraded"]],
        "downgraded": ["%s %s %s" % (e["key"], e["old_version"], e["new_version"]) for e in got["downgraded"]],
    }
    for kind in want:
        if sorted(want[kind]) != sorted(have[kind]):
            print("%s: expected %s, vouch says %s" % (kind, sorted(want[kind]), sorted(have[kind])))
            sys.exit(1)
    print("agree: %s" % {k: len(v) for k, v in want.items()})


main()
