#!/usr/bin/env bash
# vouch sbom (and scan) on Gentoo's installed package database (the vdb):
# var/db/pkg/CATEGORY/PF/PF with CATEGORY, LICENSE, SLOT, repository and
# RDEPEND beside it; in a tree, a root file system tar and given directly.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# vdb ROOT CATEGORY PF LICENSE RDEPEND: one installed package, as portage writes it
vdb() {
	local d="$1/var/db/pkg/$2/$3"
	mkdir -p "$d"
	echo "$3" >"$d/PF"
	echo "$2" >"$d/CATEGORY"
	echo 0 >"$d/SLOT"
	echo gentoo >"$d/repository"
	echo 8 >"$d/EAPI"
	[ -z "$4" ] || echo "$4" >"$d/LICENSE"
	[ -z "$5" ] || echo "$5" >"$d/RDEPEND"
	printf 'obj /usr/bin/%s 0123 1700000000\n' "$3" >"$d/CONTENTS"
}

write_system() {
	local r=$1
	mkdir -p "$r/etc"
	printf 'NAME=Gentoo\nID=gentoo\nVERSION_ID=2.17\n' >"$r/etc/os-release"
	# a USE-conditional group (skipped), a blocker (not a dependency), an any-of
	# group (its installed member), slot and sub-slot operators, a virtual
	vdb "$r" dev-libs openssl-3.3.2-r1 "openssl" \
		">=sys-libs/zlib-1.2.13-r1:= ssl? ( dev-perl/Getopt-Long ) !<dev-libs/libressl-3 || ( app-misc/absent-1 sys-apps/gawk ) virtual/libc"
	vdb "$r" sys-libs zlib-1.3.1 "ZLIB" ""
	vdb "$r" sys-apps gawk-5.3.1 "GPL-3+" "virtual/libc:0"
	vdb "$r" virtual libc-1-r1 "" ""
	vdb "$r" dev-perl Getopt-Long-2.580.0 "|| ( Artistic GPL-1+ )" ">=dev-lang/perl-5.38.2-r3:0/5.38="
	vdb "$r" dev-lang perl-5.38.2-r3 "|| ( Artistic GPL-1+ )" ""
}
export -f vdb write_system

test_case 'a system in a tree: purls, declared licences, slot and repository, edges from RDEPEND' '
	write_system root &&
	vouch sbom root >b.json 2>err &&
	purls b.json >got &&
	cat >want <<-X &&
	pkg:ebuild/dev-lang/perl@5.38.2-r3
	pkg:ebuild/dev-libs/openssl@3.3.2-r1
	pkg:ebuild/dev-perl/Getopt-Long@2.580.0
	pkg:ebuild/sys-apps/gawk@5.3.1
	pkg:ebuild/sys-libs/zlib@1.3.1
	pkg:ebuild/virtual/libc@1-r1
	X
	cmp_output want got &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: x for x in d[\"components\"]}
props = lambda p: {q[\"name\"]: q[\"value\"] for q in c[p].get(\"properties\", [])}
g = props(\"pkg:ebuild/dev-perl/Getopt-Long@2.580.0\")
assert g[\"vouch:license-declared\"] == \"|| ( Artistic GPL-1+ )\" and g[\"vouch:portage-slot\"] == \"0\" and g[\"vouch:portage-repository\"] == \"gentoo\", g
assert all(\"licenses\" not in x for x in c.values())
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:ebuild/dev-libs/openssl@3.3.2-r1\"] == [\"pkg:ebuild/sys-apps/gawk@5.3.1\", \"pkg:ebuild/sys-libs/zlib@1.3.1\", \"pkg:ebuild/virtual/libc@1-r1\"], deps
assert deps[\"pkg:ebuild/dev-perl/Getopt-Long@2.580.0\"] == [\"pkg:ebuild/dev-lang/perl@5.38.2-r3\"], deps
assert deps[\"pkg:ebuild/sys-apps/gawk@5.3.1\"] == [\"pkg:ebuild/virtual/libc@1-r1\"], deps
" &&
	[ ! -s err ]
'

test_case 'without a CATEGORY file the folder names the category' '
	write_system nocat && rm nocat/var/db/pkg/sys-libs/zlib-1.3.1/CATEGORY &&
	vouch sbom nocat >n.json && purls n.json >n.purls &&
	grep -qx "pkg:ebuild/sys-libs/zlib@1.3.1" n.purls
'

test_case 'a root file system tar: the same packages (no edges or licences: files read one by one)' '
	write_system img &&
	tar -C img -cf img.tar . &&
	vouch sbom img.tar >t.json &&
	purls t.json | grep "^pkg:ebuild/" >got &&
	printf "pkg:ebuild/%s\n" dev-lang/perl@5.38.2-r3 dev-libs/openssl@3.3.2-r1 \
		dev-perl/Getopt-Long@2.580.0 sys-apps/gawk@5.3.1 sys-libs/zlib@1.3.1 virtual/libc@1-r1 >want &&
	cmp_output want got
'

test_case 'a PF that is not NAME-VERSION: named with its line, the others read (exit 3)' '
	write_system bad &&
	mkdir -p bad/var/db/pkg/dev-perl/x bad/var/db/pkg/app-misc/y &&
	echo 2.580.0 >bad/var/db/pkg/dev-perl/x/PF &&
	: >bad/var/db/pkg/app-misc/y/PF &&
	expect_code 3 vouch sbom bad >b2.json 2>err &&
	grep -q "dev-perl/x/PF:1: not NAME-VERSION (PMS 3.2): 2.580.0" err &&
	grep -q "app-misc/y/PF: empty file" err &&
	[ "$(purls b2.json | grep -c "^pkg:ebuild/")" = 6 ]
'

test_case 'scan: OSV has no Gentoo ecosystem, and scan says so for each package' '
	write_system sc && mkdir -p adv &&
	printf "{\"id\": \"OSV-2024-2\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian\", \"name\": \"openssl\"}, \"versions\": [\"3.3.2-r1\"]}]}\n" >adv/a.json &&
	vouch db import --db c.db adv >/dev/null &&
	vouch scan --db c.db --format json sc >s.json 2>err &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
assert d[\"findings\"] == [], d[\"findings\"]
assert sum(\"purl type \x27ebuild\x27 has no OSV ecosystem\" in n[\"message\"] for n in d[\"notes\"]) == 6, d[\"notes\"]"
'

need_corpus
export L="$CORPUS/lockfiles"
# The fixtures are PF files: valid is Getopt-Long-2.580.0; empty is empty,
# invalid ({}), nopackage (a bare version) and noversion (a bare name) are not
# NAME-VERSION: named.
test_case 'the corpus fixtures as PF files of a vdb: valid read, the four others named (exit 3)' '
	corpus_folder os-portage var/db/pkg/dev-perl/p/PF 5 empty invalid nopackage noversion &&
	purls bom.json >got &&
	echo "pkg:ebuild/dev-perl/Getopt-Long@2.580.0" >want &&
	cmp_output want got
'

test_case 'the corpus fixtures given directly: --type portage-vdb (a one-line file is not sniffed)' '
	expect_code 3 vouch sbom "$L/os-portage/valid" >/dev/null 2>err &&
	grep -q "no extractor knows" err &&
	vouch sbom --type portage-vdb "$L/os-portage/valid" >v.json 2>err &&
	purls v.json >v.purls && grep -qx "pkg:ebuild/Getopt-Long@2.580.0" v.purls &&
	grep -q "no CATEGORY beside it" err &&
	expect_code 3 vouch sbom --type portage-vdb "$L/os-portage/noversion" >/dev/null 2>err &&
	grep -q "noversion:1: not NAME-VERSION (PMS 3.2): Getopt-Long" err
'

test_done
