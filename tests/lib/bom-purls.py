#!/usr/bin/python3
"""bom-purls.py [--flags] BOM.json

Prints the purls of a CycloneDX or SPDX document, sorted, one a line: every
component (CycloneDX: metadata.component too when it has a purl; SPDX: every
package's purl externalRef). With --flags each line also lists the
component's scope and vouch:* flag properties ("purl scope flag,flag").
"""
import json
import sys


def main(argv):
    flags = "--flags" in argv
    args = [a for a in argv[1:] if a != "--flags"]
    with open(args[0], encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    if doc.get("bomFormat") == "CycloneDX":
        comps = list(doc.get("components", []))
        meta = doc.get("metadata", {}).get("component")
        if meta and meta.get("purl"):
            comps.append(meta)
        for c in comps:
            if not flags:
                out.append(c["purl"])
                continue
            props = sorted(p["name"][6:] for p in c.get("properties", [])
                           if p["name"].startswith("vouch:") and p["value"] == "true")
            out.append("%s %s %s" % (c["purl"], c.get("scope", "-"), ",".join(props) or "-"))
    else:
        for p in doc.get("packages", []):
            for r in p.get("externalRefs", []):
                if r.get("referenceType") == "purl":
                    out.append(r["referenceLocator"])
    for line in sorted(out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
