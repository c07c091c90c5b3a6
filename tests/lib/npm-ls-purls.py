#!/usr/bin/python3
"""npm-ls-purls.py < `npm ls --all --json --long --package-lock-only`

Prints the purls of every package npm reports (the project and all nodes of
its tree, aliases under their real name), sorted and unique: the oracle for
vouch's package set of an npm project. Nodes without a version
(optional peers that are not installed) are not packages and are left out.
"""
import json
import sys

SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")


def enc(s):
    return "".join(c if c in SAFE else "".join("%%%02X" % b for b in c.encode()) for c in s)


def purl(name, version):
    if name.startswith("@") and "/" in name:
        ns, n = name.split("/", 1)
        base = "pkg:npm/%s/%s" % (enc(ns), enc(n.lower()))
    else:
        base = "pkg:npm/%s" % enc(name.lower())
    return base + ("@" + enc(version) if version else "")


def walk(node, out, depth=0):
    if depth > 500:
        return
    for key, child in (node.get("dependencies") or {}).items():
        if not isinstance(child, dict) or child.get("missing") or not child.get("version"):
            continue
        name = child.get("name") or key
        out.add(purl(name, child.get("version")))
        walk(child, out, depth + 1)


def main():
    tree = json.load(sys.stdin)
    out = set()
    if tree.get("name"):
        out.add(purl(tree["name"], tree.get("version")))
    walk(tree, out)
    for p in sorted(out):
        print(p)


if __name__ == "__main__":
    main()
