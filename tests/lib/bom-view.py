#!/usr/bin/python3
"""bom-view.py [--no-subject] BOM.json

Prints what two BOMs must agree on after a round trip through vouch, as
sorted text lines, whether the document is CycloneDX or SPDX JSON:

    pkg PURL version=V license=L
    hash PURL ALG HEX             (CycloneDX algorithm names, lower-case hex)
    edge FROM-PURL -> TO-PURL
    root PURL                     (CycloneDX metadata.component, SPDX DESCRIBES)

Packages are named by purl (the serial numbers, timestamps, SPDXIDs and
bom-refs that differ from run to run do not appear). Entries without a purl
are left out. With --no-subject the root line and the subject's own edges
are left out too (a tree read directly has no root package when several
lockfiles are found; the same tree read back from its BOM has none either).
"""
import json
import sys

SPDX_TO_CDX = {
    "SHA1": "SHA-1", "SHA256": "SHA-256", "SHA384": "SHA-384", "SHA512": "SHA-512",
    "MD5": "MD5", "SHA3-256": "SHA3-256", "SHA3-384": "SHA3-384", "SHA3-512": "SHA3-512",
    "BLAKE2b-256": "BLAKE2b-256", "BLAKE2b-384": "BLAKE2b-384", "BLAKE2b-512": "BLAKE2b-512",
    "BLAKE3": "BLAKE3",
}


def cdx_license(c):
    parts = []
    for e in c.get("licenses", []):
        s = e.get("expression") or e.get("license", {}).get("id") or e.get("license", {}).get("name")
        if s:
            parts.append(s)
    return " AND ".join(parts) if parts else "-"


def cdx(doc, out):
    refs = {}
    roots = []

    def walk(comps):
        for c in comps:
            if c.get("purl"):
                refs[c.get("bom-ref", c["purl"])] = c["purl"]
                out.add("pkg %s version=%s license=%s" % (c["purl"], c.get("version", "-"), cdx_license(c)))
                for h in c.get("hashes", []):
                    out.add("hash %s %s %s" % (c["purl"], h["alg"], h["content"].lower()))
            walk(c.get("components", []))

    meta = doc.get("metadata", {}).get("component")
    if meta and meta.get("purl"):
        walk([meta])
        roots.append(meta["purl"])
    walk(doc.get("components", []))
    for d in doc.get("dependencies", []):
        for t in d.get("dependsOn", []):
            if d["ref"] in refs and t in refs:
                out.add("edge %s -> %s" % (refs[d["ref"]], refs[t]))
    return roots


def spdx(doc, out):
    ids = {}
    for p in doc.get("packages", []):
        purl = next((r["referenceLocator"] for r in p.get("externalRefs", [])
                     if r.get("referenceType") == "purl"), None)
        if not purl:
            continue
        ids[p["SPDXID"]] = purl
        lic = p.get("licenseConcluded")
        if lic in (None, "NOASSERTION", "NONE"):
            lic = p.get("licenseDeclared")
        if lic in (None, "NOASSERTION", "NONE"):
            lic = "-"
        out.add("pkg %s version=%s license=%s" % (purl, p.get("versionInfo", "-"), lic))
        for h in p.get("checksums", []):
            if h["algorithm"] in SPDX_TO_CDX:
                out.add("hash %s %s %s" % (purl, SPDX_TO_CDX[h["algorithm"]], h["checksumValue"].lower()))
    roots = []
    described = list(doc.get("documentDescribes", []))
    for r in doc.get("relationships", []):
        a, t, z = r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]
        if t == "DESCRIBES" and a == doc.get("SPDXID", "SPDXRef-DOCUMENT"):
            described.append(z)
        elif t == "DEPENDS_ON" and a in ids and z in ids:
            out.add("edge %s -> %s" % (ids[a], ids[z]))
        elif t.endswith("DEPENDENCY_OF") and a in ids and z in ids:
            out.add("edge %s -> %s" % (ids[z], ids[a]))
    roots = [ids[d] for d in described if d in ids]
    return roots


def main(argv):
    no_subject = "--no-subject" in argv
    args = [a for a in argv[1:] if a != "--no-subject"]
    with open(args[0], encoding="utf-8") as f:
        doc = json.load(f)
    out = set()
    roots = cdx(doc, out) if doc.get("bomFormat") == "CycloneDX" else spdx(doc, out)
    if no_subject:
        out = {l for l in out if not any(l.startswith("edge %s -> " % r) for r in roots)}
    else:
        out |= {"root %s" % r for r in roots}
    for line in sorted(out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
