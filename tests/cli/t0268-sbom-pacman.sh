#!/usr/bin/env bash
# vouch sbom (and scan) on pacman's local database (Arch Linux and derivatives):
# var/lib/pacman/local/NAME-VERSION-REL/desc, in a tree, a root file system
# tar and given directly.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# desc ROOT NAME VERSION [SECTION VALUE...]: writes ROOT's desc of NAME-VERSION
# with %NAME%, %VERSION% and each further section (values separated by '|').
desc() {
	local root=$1 name=$2 ver=$3 d
	shift 3
	d="$root/var/lib/pacman/local/$name-$ver"
	mkdir -p "$d"
	{
		printf '%%NAME%%\n%s\n\n%%VERSION%%\n%s\n\n' "$name" "$ver"
		while [ $# -gt 1 ]; do
			printf '%%%s%%\n%s\n\n' "$1" "$(printf '%s' "$2" | tr '|' '\n')"
			shift 2
		done
	} >"$d/desc"
	printf '%%FILES%%\nusr/bin/%s\n\n' "$name" >"$d/files"
}

# A Manjaro system: gawk (installed as a dependency) needs sh, provided by
# bash, glibc and mpfr (not installed); bash was installed explicitly.
write_system() {
	local r=$1
	mkdir -p "$r/etc" "$r/var/lib/pacman/local"
	printf 'NAME="Manjaro Linux"\nID=manjaro\nID_LIKE=arch\nBUILD_ID=rolling\n' >"$r/etc/os-release"
	echo 9 >"$r/var/lib/pacman/local/ALPM_DB_VERSION"
	desc "$r" gawk 5.3.1-1 BASE gawk ARCH x86_64 REASON 1 LICENSE GPL-3.0-or-later \
		DEPENDS "sh|glibc|mpfr" PROVIDES awk
	desc "$r" bash 5.2.037-1 ARCH x86_64 LICENSE GPL-3.0-or-later \
		DEPENDS "readline>=7.0|glibc|ncurses" PROVIDES "sh" OPTDEPENDS "bash-completion: for tab completion"
	desc "$r" glibc 2.40+r16+gaa533d58ff-2 ARCH x86_64 REASON 1 \
		LICENSE "GPL-2.0-or-later|LGPL-2.1-or-later"
	desc "$r" readline 8.2.013-1 ARCH x86_64 REASON 1 LICENSE GPL-3.0-only \
		PROVIDES "libreadline.so=8-64"
	desc "$r" python-six 1.16.0-9 BASE python-six ARCH any REASON 1 LICENSE custom
	desc "$r" libxml2-docs 2.13.5-1 BASE libxml2 ARCH any REASON 1 LICENSE MIT
}
export -f desc write_system

GAWK='pkg:alpm/manjaro/gawk@5.3.1-1?arch=x86_64&distro=manjaro'
BASH_='pkg:alpm/manjaro/bash@5.2.037-1?arch=x86_64&distro=manjaro'
GLIBC='pkg:alpm/manjaro/glibc@2.40%2Br16%2Bgaa533d58ff-2?arch=x86_64&distro=manjaro'
READLINE='pkg:alpm/manjaro/readline@8.2.013-1?arch=x86_64&distro=manjaro'
SIX='pkg:alpm/manjaro/python-six@1.16.0-9?arch=any&distro=manjaro'
DOCS='pkg:alpm/manjaro/libxml2-docs@2.13.5-1?arch=any&distro=manjaro'
export GAWK BASH_ GLIBC READLINE SIX DOCS

test_case 'a system in a tree: purls with the vendor and distro of os-release, flags, licences, edges through provisions' '
	write_system root &&
	vouch sbom root >b.json 2>err &&
	purls --flags b.json >got &&
	cat >want <<-X &&
	$BASH_ required direct
	$GAWK required transitive
	$GLIBC required transitive
	$DOCS required transitive
	$SIX required transitive
	$READLINE required transitive
	X
	cmp_output want got &&
	python3 -c "
import json, os; e = os.environ; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: x for x in d[\"components\"]}
props = lambda p: {q[\"name\"]: q[\"value\"] for q in c[p].get(\"properties\", [])}
assert c[e[\"GLIBC\"]][\"licenses\"] == [{\"expression\": \"GPL-2.0-or-later AND LGPL-2.1-or-later\"}], c[e[\"GLIBC\"]]
assert \"licenses\" not in c[e[\"SIX\"]] and props(e[\"SIX\"])[\"vouch:license-declared\"] == \"custom\"
assert props(e[\"DOCS\"])[\"vouch:source-package\"] == \"libxml2\"
assert \"vouch:source-package\" not in props(e[\"GAWK\"])
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[e[\"GAWK\"]] == sorted([e[\"BASH_\"], e[\"GLIBC\"]]), deps[e[\"GAWK\"]]
assert deps[e[\"BASH_\"]] == sorted([e[\"GLIBC\"], e[\"READLINE\"]]), deps[e[\"BASH_\"]]
assert deps[e[\"GLIBC\"]] == [], deps
" &&
	[ ! -s err ]
'

test_case 'no os-release: the vendor is arch and no distro is said' '
	write_system plain && rm plain/etc/os-release &&
	vouch sbom plain >p.json &&
	purls p.json >p.json.purls && grep -qx "pkg:alpm/arch/gawk@5.3.1-1?arch=x86_64" p.json.purls &&
	mkdir -p arm/etc && write_system arm &&
	printf "NAME=\"Arch Linux ARM\"\nID=archarm\nID_LIKE=arch\n" >arm/etc/os-release &&
	vouch sbom arm >a.json &&
	purls a.json >a.json.purls && grep -qx "pkg:alpm/archarm/gawk@5.3.1-1?arch=x86_64&distro=archarm" a.json.purls
'

test_case 'a root file system tar: the same packages, the os-release of the tar' '
	write_system img &&
	tar -C img -cf img.tar . &&
	vouch sbom img.tar >t.json &&
	purls t.json | grep "^pkg:alpm/" >got &&
	printf "%s\n" "$BASH_" "$GAWK" "$GLIBC" "$DOCS" "$SIX" "$READLINE" >want &&
	cmp_output want got
'

test_case 'broken desc files: each named with its line, the others read (exit 3)' '
	write_system bad &&
	desc bad noversion 1-1 &&
	sed -i "/%VERSION%/,+2d" bad/var/lib/pacman/local/noversion-1-1/desc &&
	mkdir -p bad/var/lib/pacman/local/two-1-1 &&
	printf "%%NAME%%\ntwo\nnames\n\n%%VERSION%%\n1-1\n\nstray line\n\n%%ARCH%%\n" >bad/var/lib/pacman/local/two-1-1/desc &&
	expect_code 3 vouch sbom bad >b.json 2>err &&
	grep -q "local/noversion-1-1/desc:1: package noversion has no .%VERSION%." err &&
	grep -q "local/two-1-1/desc:3: .%NAME%. has more than one value: the first kept" err &&
	grep -q "local/two-1-1/desc:8: not a .%KEY%. line where a section starts: stray line" err &&
	grep -q "local/two-1-1/desc:10: .%ARCH%. has no value" err &&
	purls b.json >b.json.purls && grep -qx "pkg:alpm/manjaro/two@1-1?distro=manjaro" b.json.purls &&
	[ "$(purls b.json | grep -c "^pkg:alpm/")" = 7 ]
'

test_case 'scan: OSV has no Arch ecosystem, and scan says so for each package' '
	write_system sc && mkdir -p adv &&
	printf "{\"id\": \"OSV-2024-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian\", \"name\": \"gawk\"}, \"versions\": [\"5.3.1-1\"]}]}\n" >adv/a.json &&
	vouch db import --db c.db adv >/dev/null &&
	vouch scan --db c.db --format json sc >s.json 2>err &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
assert d[\"findings\"] == [], d[\"findings\"]
assert sum(\"purl type \x27alpm\x27 has no OSV ecosystem\" in n[\"message\"] for n in d[\"notes\"]) == 6, d[\"notes\"]"
'

need_corpus
export L="$CORPUS/lockfiles"
# valid, valid_no_dep, valid_one_dep: one package each; eof_after_dependencies
# ends inside %DEPENDS% without a blank line, which is the end of the section
# (gawk, no arch); invalid_value_eof ends with a %VERSION% without a value: named.
test_case 'the corpus fixtures as a database: four packages, invalid_value_eof named (exit 3)' '
	corpus_folder os-pacman var/lib/pacman/local/p/desc 5 invalid_value_eof &&
	purls --flags bom.json >got &&
	cat >want <<-X &&
	pkg:alpm/arch/filesystem@2024.11.21-1?arch=any required transitive
	pkg:alpm/arch/gawk@5.3.1-1 required direct
	pkg:alpm/arch/gawk@5.3.1-1?arch=x86_64 required transitive
	pkg:alpm/arch/libxml2@2.13.5-1?arch=x86_64 required transitive
	X
	cmp_output want got &&
	grep -q "t/invalid_value_eof/var/lib/pacman/local/p/desc:4: .%VERSION%. has no value" err
'

test_case 'the corpus fixtures given directly: recognised by their %NAME% line' '
	for f in valid valid_no_dep valid_one_dep eof_after_dependencies; do
		vouch sbom "$L/os-pacman/$f" >d.json && purls d.json >d.purls && grep -q "^pkg:alpm/arch/" d.purls || exit 1
	done &&
	expect_code 3 vouch sbom "$L/os-pacman/invalid_value_eof" >/dev/null 2>err &&
	grep -q "invalid_value_eof:1: package gawk has no .%VERSION%." err
'

test_done
