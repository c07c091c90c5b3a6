#!/usr/bin/env bash
# vouch sbom on archives: Debian's jars (pom.properties, compared with unzip -p),
# a tar.gz holding a dpkg status file, nested archives, a wheel, a zip bomb,
# a tar bomb and traversal names, all made here with python3.
. "$(dirname "$0")/lib.sh"
need_cmd python3 unzip
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

test_case 'Debian jars: the Maven coordinates of their pom.properties' '
	n=0 &&
	for j in /usr/share/java/*.jar; do
		[ -L "$j" ] && continue
		unzip -l "$j" 2>/dev/null | grep -q "META-INF/maven/.*/pom.properties" || continue
		unzip -p "$j" "META-INF/maven/*/pom.properties" | python3 -c "
import sys
g = a = v = None
for l in sys.stdin.read().splitlines():
    l = l.strip()
    if l.startswith(\"#\") or \"=\" not in l: continue
    k, _, val = l.partition(\"=\")
    k = k.strip(); val = val.strip()
    if k == \"groupId\": g = val
    if k == \"artifactId\": a = val
    if k == \"version\": v = val
    if k == \"version\" and g and a:
        print(\"pkg:maven/%s/%s@%s\" % (g, a, v)); g = a = v = None
" | sort -u >want &&
		vouch sbom "$j" >bom.json && purls bom.json >got &&
		cmp_output want got && n=$((n + 1))
		[ $n -ge 10 ] && break
	done &&
	if [ $n = 0 ]; then
		echo "no jar with pom.properties in /usr/share/java (scripts/bootstrap installs some)"
		exit 1
	fi
'

test_case 'a tar.gz holding a dpkg status and os-release: read through the archive' '
	mkdir -p r/var/lib/dpkg r/etc &&
	printf "Package: foo\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n" >r/var/lib/dpkg/status &&
	printf "ID=debian\nVERSION_ID=\"12\"\n" >r/etc/os-release &&
	tar -C r -czf app.tar.gz var etc &&
	vouch sbom app.tar.gz >bom.json 2>err && purls bom.json >got &&
	grep -q "^pkg:deb/debian/foo@1.0-1?arch=amd64" got &&
	python3 -c "
import json; d = json.load(open(\"bom.json\"))
c = d[\"components\"][0]
print([p for p in c.get(\"properties\", []) ] , c.get(\"evidence\"))" | grep -q "app.tar.gz!/var/lib/dpkg/status"
'

test_case 'nested: a jar in a war in a zip, a wheel METADATA' '
	python3 - <<-"EOF"
	import zipfile, io
	def z(files):
	    b = io.BytesIO()
	    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as f:
	        for n, d in files.items(): f.writestr(n, d)
	    return b.getvalue()
	jar = z({"META-INF/maven/org.ex/inner/pom.properties": "groupId=org.ex\nartifactId=inner\nversion=2.1\n"})
	war = z({"WEB-INF/lib/inner-2.1.jar": jar,
	         "META-INF/maven/org.ex/web/pom.properties": "#c\ngroupId = org.ex\nartifactId = web\nversion = 1.0\n"})
	whl = z({"demo-0.3.dist-info/METADATA": "Metadata-Version: 2.1\nName: demo\nVersion: 0.3\n"})
	open("bundle.zip", "wb").write(z({"app.war": war, "demo-0.3-py3-none-any.whl": whl}))
	EOF
	expect_purls bundle.zip <<-EOF
	pkg:maven/org.ex/inner@2.1
	pkg:maven/org.ex/web@1.0
	pkg:pypi/demo@0.3
	EOF
'

test_case 'a zip bomb (64 MiB of zeros, small on disk): stopped, named, exit 3' '
	python3 - <<-"EOF"
	import zipfile
	with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as f:
	    with f.open("var/lib/dpkg/status", "w", force_zip64=True) as m:
	        chunk = b"\0" * (1 << 20)
	        for _ in range(64): m.write(chunk)
	EOF
	[ "$(stat -c %s bomb.zip)" -lt 200000 ] &&
	expect_code 3 vouch sbom bomb.zip >/dev/null 2>err && grep -q "bomb.zip!/var/lib/dpkg/status" err
'

test_case 'a tar bomb (gzip of 64 MiB of zeros): stopped by the ratio, exit 3' '
	python3 - <<-"EOF"
	import tarfile, io, gzip
	class Zero(io.RawIOBase):
	    def __init__(s, n): s.n = n
	    def readable(s): return True
	    def readinto(s, b):
	        k = min(len(b), s.n); b[:k] = bytes(k); s.n -= k; return k
	with gzip.open("bomb.tar.gz", "wb", compresslevel=9) as g:
	    with tarfile.open(fileobj=g, mode="w") as t:
	        ti = tarfile.TarInfo("var/lib/dpkg/status"); ti.size = 64 << 20
	        t.addfile(ti, io.BufferedReader(Zero(ti.size)))
	EOF
	expect_code 3 vouch sbom bomb.tar.gz >/dev/null 2>err && grep -q "bomb.tar.gz!/var/lib/dpkg/status.*bomb" err
'

test_case 'traversal and absolute names, devices: not read, noted' '
	python3 - <<-"EOF"
	import tarfile, io
	with tarfile.open("evil.tar", "w") as t:
	    for n in ["../../var/lib/dpkg/status", "/var/lib/dpkg/status"]:
	        d = b"Package: evil\nStatus: install ok installed\nVersion: 1\n\n"
	        ti = tarfile.TarInfo(n); ti.size = len(d); t.addfile(ti, io.BytesIO(d))
	    ti = tarfile.TarInfo("dev/null"); ti.type = tarfile.CHRTYPE; t.addfile(ti)
	EOF
	vouch sbom evil.tar >bom.json 2>err && ! grep -q evil bom.json.purls 2>/dev/null &&
	[ -z "$(purls bom.json | grep evil)" ] &&
	[ "$(grep -c "outside the archive" err)" = 2 ] && grep -q "device" err
'

# Names are UTF-8 in zip (its flag) and pax headers; before the locale's
# character type was UTF-8, libarchive could not convert "résumé.txt" and the
# read stopped there, losing every member after it. A name that is not UTF-8
# in a pax archive is still read (libarchive warns, vouch reads on).
test_case 'UTF-8 and undecodable member names: every member is read' '
	python3 - <<-"EOF"
	import io, tarfile, zipfile
	with zipfile.ZipFile("names.jar", "w") as z:
	    z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
	    z.writestr("docs/r\u00e9sum\u00e9.txt", "x")
	    z.writestr("META-INF/maven/org.example/lib/pom.properties",
	               "groupId=org.example\nartifactId=lib\nversion=1.2.3\n")
	d = b"Package: after\nStatus: install ok installed\nVersion: 2\n\n"
	with tarfile.open("names.tar", "w", format=tarfile.PAX_FORMAT) as t:
	    for n in ["docs/\u00fcber-\u4e16\u754c.txt", "docs/lat\udce9n.txt"]:
	        ti = tarfile.TarInfo(n); ti.size = 1; t.addfile(ti, io.BytesIO(b"x"))
	    ti = tarfile.TarInfo("var/lib/dpkg/status"); ti.size = len(d)
	    t.addfile(ti, io.BytesIO(d))
	EOF
	vouch sbom names.jar >bom.json 2>err && [ ! -s err ] &&
	purls bom.json | grep -qx "pkg:maven/org.example/lib@1.2.3" &&
	vouch sbom names.tar >bom2.json 2>err2 && ! grep -v "note:" err2 &&
	purls bom2.json | grep -q "^pkg:deb/.*/after@2"
'

test_done
