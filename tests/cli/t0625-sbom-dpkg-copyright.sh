#!/usr/bin/env bash
# vouch sbom of a root filesystem: each Debian package's declared licence
# comes from its machine-readable copyright file (DEP-5),
# usr/share/doc/NAME/copyright in the same tree, as an SPDX expression
# (CycloneDX licenses[].expression, SPDX licenseDeclared); a free-form
# copyright file gives none. Oracle for this machine's packages: Debian's
# own parser (python3-debian) says which files are machine-readable with a
# licensed Files paragraph; exactly those packages carry a licence.
. "$(dirname "$0")/lib.sh"
need_cmd python3

test_case 'a DEP-5 file gives an SPDX expression, a free-form one none' '
	mkdir d1 && cd d1 && mkdir -p root/var/lib/dpkg root/etc root/usr/share/doc/a root/usr/share/doc/b &&
	printf "ID=debian\nVERSION_ID=\"12\"\n" >root/etc/os-release &&
	for p in a b c; do
		printf "Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n\n" $p
	done >root/var/lib/dpkg/status &&
	cat >root/usr/share/doc/a/copyright <<-EOF &&
	Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
	Upstream-Name: a

	Files: *
	Copyright: 2020 A
	License: GPL-2+
	 This program is free software.

	Files: lib/*
	License: Expat or Apache-2.0, and BSD-3-clause

	Files: debian/*
	License: GPL-2+

	License: Expat
	 Permission is hereby granted.
	EOF
	printf "This package was debianized by someone.\n\nLicense: GPL\n" >root/usr/share/doc/b/copyright &&
	vouch sbom root >bom.json &&
	vouch sbom --format spdx-json root >spdx.json &&
	python3 - <<-"EOF"
	import json
	want = "GPL-2.0-or-later AND (MIT OR Apache-2.0) AND BSD-3-Clause"
	cdx = {c["name"]: c for c in json.load(open("bom.json"))["components"]}
	assert cdx["a"]["licenses"] == [{"expression": want}], cdx["a"].get("licenses")
	props = {p["name"]: p["value"] for p in cdx["a"]["properties"]}
	assert props["vouch:license-source"] == "usr/share/doc/a/copyright", props
	assert "licenses" not in cdx["b"] and "licenses" not in cdx["c"]
	spdx = {p["name"]: p for p in json.load(open("spdx.json"))["packages"]}
	assert spdx["debian/a"]["licenseDeclared"] == want, spdx["debian/a"]
	assert spdx["debian/b"]["licenseDeclared"] == "NOASSERTION"
	print("ok")
	EOF
'

test_case 'a copyright file outside the tree (a link out of it) is not read' '
	mkdir d2 && cd d2 && mkdir -p root/var/lib/dpkg root/usr/share/doc out &&
	printf "Package: a\nStatus: install ok installed\nVersion: 1\n" >root/var/lib/dpkg/status &&
	printf "Format: x\n\nFiles: *\nLicense: MIT\n" >out/copyright &&
	ln -s ../../../out root/usr/share/doc/a &&
	vouch sbom root >bom.json &&
	python3 -c "
import json
c = json.load(open(\"bom.json\"))[\"components\"]
assert len(c) == 1 and \"licenses\" not in c[0], c
print(\"ok\")" | grep -qx ok
'

test_case 'a container image: the copyright files of its layers, a later one replacing an earlier' '
	mkdir -p d4 && cd d4 &&
	mkdir -p l1/etc l1/var/lib/dpkg l1/usr/share/doc/a l2/var/lib/dpkg l2/usr/share/doc/b l3/usr/share/doc/a &&
	printf "ID=debian\nVERSION_ID=12\n" >l1/etc/os-release &&
	printf "Package: a\nStatus: install ok installed\nVersion: 1\n" >l1/var/lib/dpkg/status &&
	printf "Format: x\n\nFiles: *\nLicense: MIT\n" >l1/usr/share/doc/a/copyright &&
	printf "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 2\n" >l2/var/lib/dpkg/status &&
	printf "Format: x\n\nFiles: *\nLicense: GPL-2+ or Artistic\n" >l2/usr/share/doc/b/copyright &&
	printf "Format: x\n\nFiles: *\nLicense: Zlib\n" >l3/usr/share/doc/a/copyright &&
	python3 "$VOUCH_TOP/tests/lib/mkimage.py" --format oci img l1 l2 l3 &&
	vouch sbom img >bom.json &&
	tar -C l1 -cf rootfs.tar . && vouch sbom rootfs.tar >rootfs.json &&
	python3 - <<-"EOF"
	import json
	def lic(f):
	    return {c["name"]: [l["expression"] for l in c.get("licenses", [])] for c in json.load(open(f))["components"]}
	assert lic("bom.json") == {"a": ["Zlib"], "b": ["GPL-2.0-or-later OR Artistic-1.0-Perl"]}, lic("bom.json")
	assert lic("rootfs.json") == {"a": ["MIT"]}, lic("rootfs.json")
	print("ok")
	EOF
'

test_case 'a container image: a copyright file deleted by a later layer (whiteout, opaque folder) gives no licence' '
	mkdir -p d5 && cd d5 &&
	mkdir -p l1/etc l1/var/lib/dpkg l1/usr/share/doc/a l2/usr/share/doc/a l3/usr/share/doc &&
	printf "ID=debian\nVERSION_ID=12\n" >l1/etc/os-release &&
	printf "Package: a\nStatus: install ok installed\nVersion: 1\n" >l1/var/lib/dpkg/status &&
	printf "Format: x\n\nFiles: *\nLicense: MIT\n" >l1/usr/share/doc/a/copyright &&
	: >l2/usr/share/doc/a/.wh.copyright && : >l3/usr/share/doc/.wh..wh..opq &&
	python3 "$VOUCH_TOP/tests/lib/mkimage.py" --format oci kept l1 &&
	python3 "$VOUCH_TOP/tests/lib/mkimage.py" --format oci wh l1 l2 &&
	python3 "$VOUCH_TOP/tests/lib/mkimage.py" --format oci opq l1 l3 &&
	vouch sbom kept >kept.json && vouch sbom wh >wh.json && vouch sbom opq >opq.json &&
	python3 - <<-"EOF"
	import json
	def lic(f):
	    return {c["name"]: [l["expression"] for l in c.get("licenses", [])] for c in json.load(open(f))["components"]}
	assert lic("kept.json") == {"a": ["MIT"]}, lic("kept.json")
	assert lic("wh.json") == {"a": []}, lic("wh.json")
	assert lic("opq.json") == {"a": []}, lic("opq.json")
	print("ok")
	EOF
'

# the packages of this machine: its dpkg database and copyright files copied into a tree
have_debian=
/usr/bin/python3 -c "import debian.copyright" 2>/dev/null && [ -f /var/lib/dpkg/status ] &&
	ls /usr/share/doc/*/copyright >/dev/null 2>&1 && have_debian=1
if [ -n "$have_debian" ]; then
	test_case 'this machine: the packages with a licence are those python3-debian reads a licence for' '
		mkdir -p d3/root/var/lib/dpkg && cd d3 &&
		cp /var/lib/dpkg/status root/var/lib/dpkg/ &&
		{ (cd / && cp -L --parents usr/share/doc/*/copyright "$OLDPWD/root/" 2>/dev/null) || true; } &&
		vouch sbom root >bom.json &&
		/usr/bin/python3 - <<-"EOF"
		import glob, json, logging, os
		logging.disable(logging.CRITICAL)
		from debian import copyright
		want = set()
		for f in glob.glob("root/usr/share/doc/*/copyright"):
		    try:
		        cr = copyright.Copyright(open(f, encoding="utf-8", errors="replace"), strict=False)
		    except Exception:
		        continue
		    if any(p.license and p.license.synopsis.strip(" ,") for p in cr.all_files_paragraphs()):
		        want.add(f.split("/")[-2])
		got, names = set(), set()
		for c in json.load(open("bom.json"))["components"]:
		    if not c["purl"].startswith("pkg:deb/"):
		        continue
		    names.add(c["name"])
		    if c.get("licenses"):
		        assert "expression" in c["licenses"][0], c["licenses"]
		        got.add(c["name"])
		want &= names
		assert want == got, (sorted(want - got)[:5], sorted(got - want)[:5])
		assert len(got) > 20, len(got)
		print(len(got), "of", len(names), "packages with a licence")
		EOF
	'
else
	test_skip 'this machine: python3-debian' 'needs python3-debian, a dpkg database and /usr/share/doc/*/copyright'
fi

test_done
