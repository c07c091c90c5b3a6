#!/usr/bin/env bash
# vouch sbom on Java archives without pom.properties: the identity from
# META-INF/MANIFEST.MF, else from the file name. Every jar of /usr/share/java
# is checked against its manifest read independently (unzip -p + python3);
# made-up jars cover line wrapping, CR/LF/CRLF, the order of members, nesting,
# and malformed manifests (overlong values, lines without a colon, binary junk).
. "$(dirname "$0")/lib.sh"
need_cmd python3 unzip
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi
# a jar named without a registry (pkg:generic) carries its SHA-1 as a purl
# qualifier, checked against hashlib where it matters: compared without it
purls() { "$VOUCH_TOP/tests/lib/bom-purls.py" "$@" | sed 's/?checksum=sha1:[0-9a-f]\{40\}$//'; }

# oracle.py JAR...: for each jar, the purls vouch should report (pom.properties
# when it has any, else the manifest, else the file name), read with unzip -p.
cat >oracle.py <<-"EOF"
import re, subprocess, sys, urllib.parse

def q(s):
    return urllib.parse.quote(s, safe="-._~:")

def unzip(jar, member):
    r = subprocess.run(["unzip", "-p", jar, member], capture_output=True)
    return r.stdout if r.returncode == 0 else None

def poms(jar):
    out = []
    data = unzip(jar, "META-INF/maven/*/pom.properties")
    if not data:
        return out
    g = a = v = None
    for l in data.decode("utf-8", "replace").splitlines():
        l = l.strip()
        if l.startswith("#") or "=" not in l:
            continue
        k, _, val = l.partition("=")
        k, val = k.strip(), val.strip()
        if k == "groupId": g = val
        if k == "artifactId": a = val
        if k == "version": v = val
        if k == "version" and g and a:
            out.append("pkg:maven/%s/%s@%s" % (g, a, v)); g = a = v = None
    return out

def main_section(raw):
    attrs = {}
    text = raw.decode("latin-1")
    lines = re.split(r"\r\n|\n|\r", text)
    cur = None
    def utf8(v):
        try:
            v.encode("latin-1").decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False
    def commit():
        if cur and cur[1].strip(" \t") and not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", cur[1]) \
           and len(cur[1].encode("latin-1")) <= 4096 and utf8(cur[1]):
            attrs[cur[0].lower()] = cur[1].strip(" \t")
    for l in lines:
        if l == "":
            break
        if l.startswith(" "):
            if cur: cur[1] += l[1:]
            continue
        commit()
        k, sep, v = l.partition(":")
        cur = [k, v] if sep and re.fullmatch(r"[A-Za-z0-9_-]{1,70}", k) else None
    commit()
    return {k: v.encode("latin-1").decode("utf-8", "replace") for k, v in attrs.items()}

def fallback(jar):
    mf = unzip(jar, "META-INF/MANIFEST.MF")
    a = main_section(mf) if mf is not None else {}
    bsn = a.get("bundle-symbolicname", "").split(";")[0].strip(" \t")
    if bsn:
        name, ver, grp, ev = bsn, a.get("bundle-version"), None, "MANIFEST.MF"
    elif a.get("implementation-title"):
        name, ver, grp, ev = (a["implementation-title"], a.get("implementation-version"),
                              a.get("implementation-vendor-id"), "MANIFEST.MF")
    elif a.get("automatic-module-name"):
        base = re.sub(r"\.(jar|war|ear)$", "", jar.rsplit("/", 1)[-1], flags=re.I)
        m = re.fullmatch(r"(.+)-([0-9].*)", base)
        name, ver, grp, ev = (a["automatic-module-name"],
                              a.get("implementation-version") or (m.group(2) if m else None),
                              None, "MANIFEST.MF")
    elif a.get("specification-title"):
        name, ver, grp, ev = a["specification-title"], a.get("specification-version"), None, "MANIFEST.MF"
    else:
        base = re.sub(r"\.(jar|war|ear)$", "", jar.rsplit("/", 1)[-1], flags=re.I)
        m = re.fullmatch(r"(.+)-([0-9].*)", base)
        name, ver = (m.group(1), m.group(2)) if m else (base, None)
        grp, ev = None, "file-name"
    if grp and not re.search(r"[ \t]", grp + name):
        p = "pkg:maven/%s/%s" % (q(grp), q(name))
    else:
        p = "pkg:generic/%s" % q(name)
    return [p + ("@" + q(ver) if ver else "")], ev

label = sys.argv[1:2] == ["--label"]
for jar in sys.argv[1 + label:]:
    got = poms(jar)
    ev = "pom.properties"
    if not got:
        got, ev = fallback(jar)
    for p in sorted(set(got)):
        print(*([jar] if label else []), p, ev)
EOF

cat >evidence.py <<-"EOF"
import hashlib, json, re, sys
# BOM, or LABEL=BOM...: "[LABEL] purl evidence" lines
for arg in sys.argv[1:]:
    label, _, bom = arg.rpartition("=")
    d = json.load(open(bom))
    for c in d.get("components", []):
        p = {x["name"]: x["value"] for x in c.get("properties", [])}
        purl, _, q = c["purl"].partition("?checksum=sha1:")
        for o in c.get("evidence", {}).get("occurrences", []):
            if q and re.search(r"\.(jar|war|ear)$", o["location"], re.I):
                assert hashlib.sha1(open(o["location"], "rb").read()).hexdigest() == q, c["purl"]
        print(*([label] if label else []), purl, p.get("vouch:evidence"))
EOF

test_case 'every jar of /usr/share/java yields a component: pom.properties, else MANIFEST.MF, else the name' '
	n=0 && : >jars && : >boms &&
	for j in /usr/share/java/*.jar; do
		[ -f "$j" ] && [ ! -L "$j" ] || continue
		n=$((n + 1)) && vouch sbom "$j" >"b$n.json" 2>>err || { echo "in $j"; exit 1; }
		echo "$j" >>jars && echo "$j=b$n.json" >>boms
	done &&
	if [ $n = 0 ]; then echo "no jar in /usr/share/java (scripts/bootstrap installs some)"; exit 1; fi &&
	xargs -d "\n" python3 oracle.py --label <jars | sort >want &&
	xargs -d "\n" python3 evidence.py <boms | sort >got &&
	cmp_output want got &&
	cut -d" " -f1 got | sort -u | cmp - jars &&
	echo "$n jars, $(grep -c " MANIFEST.MF$" got) by their manifest, $(grep -c " file-name$" got) by their name"
'

cat >mkjar.py <<-"EOF"
import io, sys, zipfile
def jar(path, members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members:
            z.writestr(n, d)
    if path:
        open(path, "wb").write(b.getvalue())
    return b.getvalue()
EOF

test_case 'Bundle-SymbolicName wrapped at 72 bytes with a directive, CRLF; the symbolic name a maven purl only with a vendor id' '
	mkdir d1 && cd d1 && cp ../oracle.py ../evidence.py ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	mf = (b"Manifest-Version: 1.0\r\nBundle-SymbolicName: org.example.averyveryveryveryverylong.n\r\n"
	      b" ame.bundle;singleton:=true\r\nBundle-Version: 2.5.0.v20240101\r\n\r\nName: x/y.class\r\nSHA-256-Digest: abc\r\n")
	jar("osgi.jar", [("META-INF/MANIFEST.MF", mf), ("x/y.class", b"\xca\xfe")])
	mf = b"Manifest-Version: 1.0\nImplementation-Title: widget-core\nImplementation-Version: 1.4\nImplementation-Vendor-Id: org.widgets\n"
	jar("impl.jar", [("META-INF/MANIFEST.MF", mf)])
	mf = b"Manifest-Version: 1.0\rSpecification-Title: Some API\rSpecification-Version: 3.0\r\r"
	jar("spec-9.jar", [("META-INF/MANIFEST.MF", mf)])
	EOF
	python3 oracle.py osgi.jar impl.jar spec-9.jar | sort >want &&
	grep -qx "pkg:generic/org.example.averyveryveryveryverylong.name.bundle@2.5.0.v20240101 MANIFEST.MF" want &&
	grep -qx "pkg:maven/org.widgets/widget-core@1.4 MANIFEST.MF" want &&
	grep -qx "pkg:generic/Some%20API@3.0 MANIFEST.MF" want &&
	vouch sbom . >bom.json && python3 evidence.py bom.json | sort >got && cmp_output want got
'

test_case 'pom.properties after the manifest wins; a jar with neither is named by its file' '
	mkdir d2 && cd d2 && cp ../oracle.py ../evidence.py ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	jar("late-pom.jar", [("META-INF/MANIFEST.MF", b"Bundle-SymbolicName: wrong.name\nBundle-Version: 0\n"),
	                     ("a/B.class", b"x"),
	                     ("META-INF/maven/org.ex/late/pom.properties", b"groupId=org.ex\nartifactId=late\nversion=1.0\n")])
	jar("commons-thing-3.12.0-RC1.jar", [("a/B.class", b"x")])
	jar("noversion.jar", [("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\nMain-Class: a.B\n")])
	EOF
	expect_purls . <<-EOF
	pkg:generic/commons-thing@3.12.0-RC1
	pkg:generic/noversion
	pkg:maven/org.ex/late@1.0
	EOF
'

test_case 'nested: a war without pom.properties holding jars with and without' '
	mkdir d3 && cd d3 && cp ../oracle.py ../evidence.py ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	inner = jar(None, [("META-INF/MANIFEST.MF", b"Implementation-Title: inner\nImplementation-Version: 2\n")])
	bare = jar(None, [("x.class", b"x")])
	pom = jar(None, [("META-INF/maven/g/p/pom.properties", b"groupId=g\nartifactId=p\nversion=7\n")])
	war = jar(None, [("WEB-INF/lib/inner.jar", inner), ("WEB-INF/lib/bare-lib-0.9.jar", bare),
	                 ("WEB-INF/lib/p.jar", pom)])
	jar("bundle.zip", [("shop-1.1.war", war)])
	EOF
	expect_purls bundle.zip <<-EOF &&
	pkg:generic/bare-lib@0.9
	pkg:generic/inner@2
	pkg:generic/shop@1.1
	pkg:maven/g/p@7
	EOF
	python3 evidence.py expect.bom >ev && grep -qx "pkg:generic/shop@1.1 file-name" ev
'

test_case 'malformed manifests: overlong value, no colon, binary junk, not UTF-8: noted, the rest read, exit 0' '
	mkdir d4 && cd d4 && cp ../oracle.py ../evidence.py ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	import random
	random.seed(7)
	long = b"Bundle-SymbolicName: " + b"a" * 5000 + b"\nImplementation-Title: after-long\nImplementation-Version: 1\n"
	jar("long.jar", [("META-INF/MANIFEST.MF", long)])
	nocolon = b"this line has no colon\nBundle-SymbolicName no colon either\nBundle-SymbolicName: ok.name\nBundle-Version: 5\n"
	jar("nocolon.jar", [("META-INF/MANIFEST.MF", nocolon)])
	junk = bytes(random.randrange(256) for _ in range(3000))
	jar("junk-4.jar", [("META-INF/MANIFEST.MF", junk)])
	nul = b"Bundle-SymbolicName: bad\x00name\nSpecification-Title: spec\n"
	jar("nul.jar", [("META-INF/MANIFEST.MF", nul)])
	latin1 = b"Bundle-SymbolicName: caf\xe9\nImplementation-Title: caf\xc3\xa9\n"
	jar("latin1.jar", [("META-INF/MANIFEST.MF", latin1)])
	EOF
	python3 oracle.py long.jar nocolon.jar junk-4.jar nul.jar latin1.jar | sort >want &&
	grep -qx "pkg:generic/caf%C3%A9 MANIFEST.MF" want &&
	grep -qx "pkg:generic/after-long@1 MANIFEST.MF" want && grep -qx "pkg:generic/ok.name@5 MANIFEST.MF" want &&
	grep -qx "pkg:generic/spec MANIFEST.MF" want &&
	vouch sbom . >bom.json 2>err && python3 evidence.py bom.json | sort >got && cmp_output want got &&
	grep -q "long.jar!/META-INF/MANIFEST.MF:1.*longer than" err &&
	grep -q "nocolon.jar!/META-INF/MANIFEST.MF:1.*not a .Name: value. line" err &&
	grep -q "nocolon.jar!/META-INF/MANIFEST.MF:2" err &&
	grep -q "nul.jar!/META-INF/MANIFEST.MF:1.*control byte" err &&
	grep -q "latin1.jar!/META-INF/MANIFEST.MF:1.*not UTF-8" err
'

test_case 'a 1 MiB manifest (a signed jar): the main section read, the rest ignored' '
	mkdir d5 && cd d5 && cp ../oracle.py ../evidence.py ../mkjar.py . &&
	python3 - <<-"EOF" &&
	from mkjar import jar
	mf = b"Manifest-Version: 1.0\r\nBundle-SymbolicName: signed.bundle\r\nBundle-Version: 9.9\r\n\r\n"
	mf += b"".join(b"Name: p/C%d.class\r\nSHA-256-Digest: %s\r\n\r\n" % (i, b"A" * 44) for i in range(13000))
	assert len(mf) > 1 << 20
	jar("signed.jar", [("META-INF/MANIFEST.MF", mf)])
	big = b"Manifest-Version: 1.0\n" + b"".join(b"X-%d: %s\n" % (i, b"v" * 60) for i in range(6000))
	big += b"Bundle-SymbolicName: too.late\n"
	jar("huge-main-2.0.jar", [("META-INF/MANIFEST.MF", big)])
	EOF
	expect_purls . 2>err <<-EOF &&
	pkg:generic/huge-main@2.0
	pkg:generic/signed.bundle@9.9
	EOF
	grep -q "huge-main-2.0.jar!/META-INF/MANIFEST.MF:.*runs past" expect.err
'

test_done
