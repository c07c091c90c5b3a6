#!/usr/bin/python3
"""bom-maven-deps.py BOM.json

Prints the direct Maven dependencies of each project in a CycloneDX document
written by `vouch sbom` on a tree of pom.xml files, one
"G:A:V g:a:type:classifier:version" line each, sorted: G:A:V are the
coordinates of the project (a vouch:root component); an unresolved version
prints as "?". The shape MavenEffectivePom.java prints, less the scope.
"""
import json
import sys
from urllib.parse import unquote


def gav(purl):
    rest = purl[len("pkg:maven/"):]
    rest, _, query = rest.partition("?")
    path, _, version = rest.partition("@")
    group, _, name = path.rpartition("/")
    quals = dict(q.split("=", 1) for q in query.split("&") if q)
    return "%s:%s:%s:%s:%s" % (unquote(group), unquote(name), quals.get("type", "jar"),
                               unquote(quals.get("classifier", "")),
                               unquote(version) or "?")


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    deps = {d["ref"]: d.get("dependsOn", []) for d in doc.get("dependencies", [])}
    out = []
    for c in doc.get("components", []):
        props = {p["name"]: p["value"] for p in c.get("properties", [])}
        if props.get("vouch:root") != "true":
            continue
        self = ":".join(gav(c["purl"]).split(":")[i] for i in (0, 1, 4))
        for ref in deps.get(c["bom-ref"], []):
            if ref.startswith("pkg:maven/"):
                out.append("%s %s" % (self, gav(ref)))
    for line in sorted(set(out)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
