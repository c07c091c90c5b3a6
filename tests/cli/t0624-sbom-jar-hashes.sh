#!/usr/bin/env bash
# vouch sbom: each Java archive's component carries the SHA-1 and SHA-256 of
# the archive's bytes (what Maven Central indexes; CycloneDX hashes, SPDX
# checksums), taken while it streams: from a file on disk, from inside
# another archive (a war in a zip), checked against python's hashlib. A jar
# reached through a symbolic link is one component with both paths, named
# after its target. Oracle for every jar of /usr/share/java (Debian keeps
# links there: aopalliance.jar -> aopalliance-1.0.jar): unzip -l + hashlib.
. "$(dirname "$0")/lib.sh"
need_cmd python3 unzip
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi
# a jar named without a registry (pkg:generic) carries its SHA-1 as a purl
# qualifier, checked against hashlib where it matters: compared without it
purls() { "$VOUCH_TOP/tests/lib/bom-purls.py" "$@" | sed 's/?checksum=sha1:[0-9a-f]\{40\}$//'; }

# check.py BOM FOLDER: every jar file of FOLDER (links resolved) against the BOM
cat >check.py <<-"EOF"
import hashlib, json, os, re, subprocess, sys
bom, folder = sys.argv[1], sys.argv[2]
comps = json.load(open(bom)).get("components", [])

def digests(path):
    b = open(path, "rb").read()
    return hashlib.sha1(b).hexdigest(), hashlib.sha256(b).hexdigest()

def artifact_ids(path):
    r = subprocess.run(["unzip", "-Z1", path], capture_output=True, text=True)
    ids = []
    for m in r.stdout.splitlines():
        x = re.fullmatch(r"META-INF/maven/[^/]+/([^/]+)/pom\.properties", m)
        if x:
            ids.append(x.group(1))
    return ids

def has_main(path):
    ids = artifact_ids(path)
    if len(ids) <= 1:
        return True
    base = os.path.basename(path)
    return any(base.startswith(a) and base[len(a):len(a) + 1] in ("-", ".", "") for a in ids)

by_sha256 = {}
for c in comps:
    h = {x["alg"]: x["content"] for x in c.get("hashes", [])}
    if not h:
        continue
    assert set(h) == {"SHA-1", "SHA-256"}, (c["purl"], h)
    locs = [o["location"] for o in c.get("evidence", {}).get("occurrences", [])]
    # one of its files at least (a library shaded into another jar is one more)
    assert any(digests(l) == (h["SHA-1"], h["SHA-256"]) for l in locs), c["purl"]
    assert h["SHA-256"] not in by_sha256, ("two components of one file", c["purl"],
                                           by_sha256.get(h["SHA-256"]))
    by_sha256[h["SHA-256"]] = (c["purl"], set(locs))

files = links = 0
for n in sorted(os.listdir(folder)):
    p = os.path.join(folder, n)
    if not n.endswith(".jar") or not os.path.isfile(p):
        continue
    real = os.path.realpath(p)
    if not has_main(real):
        continue
    s1, s256 = digests(real)
    assert s256 in by_sha256, ("no component carries the digests of", p)
    assert p in by_sha256[s256][1], (p, "not a location of", by_sha256[s256][0])
    files += 1
    links += os.path.islink(p)
print("%d jars (%d links) checked, %d components with digests" % (files, links, len(by_sha256)))
EOF

test_case 'every jar of /usr/share/java: its digests on one component, links and targets together' '
	ls /usr/share/java/*.jar >/dev/null 2>&1 || { echo "no jar in /usr/share/java (scripts/bootstrap installs some)"; exit 1; } &&
	vouch sbom /usr/share/java >bom.json &&
	python3 check.py bom.json /usr/share/java
'

cat >mkjar.py <<-"EOF"
import io, zipfile
def jar(path, members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for n, d in members:
            z.writestr(n, d)
    if path:
        open(path, "wb").write(b.getvalue())
    return b.getvalue()
EOF

test_case 'nested: digests of a war inside a zip and of the jars inside the war (streamed)' '
	mkdir d1 && cd d1 && cp ../mkjar.py . &&
	python3 - <<-"EOF" &&
	import hashlib, zipfile
	from mkjar import jar
	inner = jar(None, [("META-INF/MANIFEST.MF", b"Implementation-Title: inner\nImplementation-Version: 2\n"),
	                   ("a/B.class", bytes(range(256)) * 300)])
	pom = jar(None, [("META-INF/maven/g/p/pom.properties", b"groupId=g\nartifactId=p\nversion=7\n")])
	war = jar(None, [("WEB-INF/lib/inner.jar", inner), ("WEB-INF/lib/p-7.jar", pom)], zipfile.ZIP_STORED)
	jar("bundle.zip", [("shop-1.1.war", war)])
	with open("want", "w") as f:
	    for purl, b in (("pkg:generic/inner@2", inner), ("pkg:generic/shop@1.1", war), ("pkg:maven/g/p@7", pom)):
	        f.write("%s SHA-1 %s\n%s SHA-256 %s\n" % (purl, hashlib.sha1(b).hexdigest(), purl, hashlib.sha256(b).hexdigest()))
	EOF
	vouch sbom bundle.zip >bom.json &&
	python3 -c "
import json
for c in json.load(open(\"bom.json\"))[\"components\"]:
    purl, _, q = c[\"purl\"].partition(\"?checksum=sha1:\")
    for h in c.get(\"hashes\", []):
        print(purl, h[\"alg\"], h[\"content\"])
        assert not q or h[\"alg\"] != \"SHA-1\" or h[\"content\"] == q" | sort >got &&
	cmp_output want got
'

test_case 'a fat jar: the digests go to the pom.properties its file name starts with, else to none' '
	mkdir d2 && cd d2 && cp ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	poms = [("META-INF/maven/org.a/app/pom.properties", b"groupId=org.a\nartifactId=app\nversion=3\n"),
	        ("META-INF/maven/org.b/lib/pom.properties", b"groupId=org.b\nartifactId=lib\nversion=1\n")]
	jar("app-3.jar", poms)
	jar("shaded.jar", [(n.replace("app", "other").replace("/lib/", "/lib2/"), d.replace(b"artifactId=app", b"artifactId=other").replace(b"artifactId=lib", b"artifactId=lib2")) for n, d in poms])
	EOF
	vouch sbom . >bom.json &&
	python3 -c "
import json
for c in json.load(open(\"bom.json\"))[\"components\"]:
    print(c[\"purl\"], len(c.get(\"hashes\", [])))" | sort >got &&
	cat >want <<-EOF &&
	pkg:maven/org.a/app@3 2
	pkg:maven/org.a/other@3 0
	pkg:maven/org.b/lib2@1 0
	pkg:maven/org.b/lib@1 0
	EOF
	cmp_output want got
'

test_case 'a linked jar: one package, both paths; SPDX checksums SHA1 and SHA256' '
	mkdir -p d3/lib d3/share && cd d3 && cp ../mkjar.py . &&
	python3 -c "
from mkjar import jar
jar(\"share/widget-2.0.jar\", [(\"x/Y.class\", b\"y\")])
jar(\"share/tool.jar\", [(\"META-INF/maven/org.t/tool/pom.properties\", b\"groupId=org.t\nartifactId=tool\nversion=5\n\")])" &&
	ln -s ../share/widget-2.0.jar lib/widget.jar && ln -s ../share/tool.jar lib/tool-5.jar &&
	rm mkjar.py && expect_purls . <<-EOF &&
	pkg:generic/widget@2.0
	pkg:maven/org.t/tool@5
	EOF
	python3 -c "
import json
for c in json.load(open(\"expect.bom\"))[\"components\"]:
    print(c[\"purl\"].split(\"?\")[0], *sorted(o[\"location\"] for o in c[\"evidence\"][\"occurrences\"]))" >got &&
	printf "%s\n" "pkg:generic/widget@2.0 ./lib/widget.jar ./share/widget-2.0.jar" \
		"pkg:maven/org.t/tool@5 ./lib/tool-5.jar ./share/tool.jar" >want &&
	cmp_output want got &&
	vouch sbom --format spdx-json . >spdx.json &&
	python3 -c "
import hashlib, json
d = json.load(open(\"spdx.json\"))
for p in d[\"packages\"]:
    if p.get(\"name\") == \"widget\":
        cs = {c[\"algorithm\"]: c[\"checksumValue\"] for c in p[\"checksums\"]}
        b = open(\"share/widget-2.0.jar\", \"rb\").read()
        assert cs == {\"SHA1\": hashlib.sha1(b).hexdigest(), \"SHA256\": hashlib.sha256(b).hexdigest()}, cs
        print(\"ok\")" | grep -qx ok
'

test_case 'Automatic-Module-Name names a jar with neither bundle nor implementation title' '
	mkdir d4 && cd d4 && cp ../mkjar.py . &&
	python3 -c "
from mkjar import jar
jar(\"spring-web-5.3.24.jar\", [(\"META-INF/MANIFEST.MF\", b\"Manifest-Version: 1.0\nAutomatic-Module-Name: spring.web\n\")])
jar(\"mod.jar\", [(\"META-INF/MANIFEST.MF\", b\"Automatic-Module-Name: org.m\nImplementation-Version: 4.1\nImplementation-Vendor-Id: org.m\n\")])" &&
	rm mkjar.py && expect_purls . <<-EOF &&
	pkg:generic/org.m@4.1
	pkg:generic/spring.web@5.3.24
	EOF
	python3 -c "
import json
for c in json.load(open(\"expect.bom\"))[\"components\"]:
    p = {x[\"name\"]: x[\"value\"] for x in c[\"properties\"]}
    print(c[\"name\"], p[\"vouch:identified-by\"], p[\"vouch:evidence\"])" | sort >got &&
	printf "%s\n" "org.m Automatic-Module-Name MANIFEST.MF" "spring.web Automatic-Module-Name MANIFEST.MF" >want &&
	cmp_output want got
'

test_done
