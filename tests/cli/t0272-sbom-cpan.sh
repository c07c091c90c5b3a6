#!/usr/bin/env bash
# vouch sbom on Perl distributions: CPAN::Meta files (META.json, META.yml) and Carton's
# cpanfile.snapshot. OSV has no CPAN ecosystem, so there is no scan case.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/cpan: a cpanfile.snapshot as Carton writes it (five distributions, one
# uploaded as a .zip) and the META.json of the project it locks (runtime, recommends,
# configure and test prerequisites).
export FX="$VOUCH_TOP/tests/fixtures/cpan"

test_case 'cpanfile.snapshot with META.json: author namespace, ext, edges by provides, direct and dev by phase' '
	mkdir p && cp "$FX/cpanfile.snapshot" "$FX/META.json" p/ &&
	vouch sbom p >b.json 2>err &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:cpan/ETHER/Try-Tiny@0.31 required direct
	pkg:cpan/LEONT/ExtUtils-Helpers@0.028 excluded dev,transitive
	pkg:cpan/LEONT/Module-Build-Tiny@0.048 excluded dev,direct
	pkg:cpan/My-App@1.2.0 - root
	pkg:cpan/OALDERS/URI@5.28 required direct
	pkg:cpan/RJBS/Test-Deep@1.204?ext=zip excluded dev,direct
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
# URI requires Try::Tiny (provided by Try-Tiny); Exporter and perl are provided by none
assert deps[\"pkg:cpan/OALDERS/URI@5.28\"] == [\"pkg:cpan/ETHER/Try-Tiny@0.31\"], deps
assert deps[\"pkg:cpan/LEONT/Module-Build-Tiny@0.048\"] == [\"pkg:cpan/LEONT/ExtUtils-Helpers@0.028\"], deps
assert len(deps[\"pkg:cpan/My-App@1.2.0\"]) == 4, deps
root = d[\"metadata\"][\"component\"]
assert root[\"purl\"] == \"pkg:cpan/My-App@1.2.0\" and root[\"licenses\"] == [{\"expression\": \"MIT\"}], root
"
'

test_case 'cpanfile.snapshot alone: the distributions and their edges, direct/dev not said' '
	mkdir q && cp "$FX/cpanfile.snapshot" q/ &&
	vouch sbom q >b.json &&
	purls --flags b.json >f &&
	grep -qx "pkg:cpan/OALDERS/URI@5.28 required -" f && [ "$(wc -l <f)" = 5 ] &&
	mkdir r && cp "$FX/cpanfile.snapshot" r/odd-name && vouch sbom r/odd-name >c.json &&
	[ "$(purls c.json | wc -l)" = 5 ]
'

test_case 'META.yml (spec 1.4): the distribution, licence as SPDX, prerequisites kept; installed under .meta is not the root' '
	mkdir -p m lib/perl5/x86_64-linux/.meta/Foo-Bar-1.5 &&
	printf -- "---\nname: Foo-Bar\nversion: 1.5\nlicense: apache\nrequires:\n  Moo: 2.0\nbuild_requires:\n  Test::More: 0.88\nmeta-spec:\n  version: 1.4\n  url: http://module-build.sourceforge.net/META-spec-v1.4.html\n" >m/META.yml &&
	cp m/META.yml lib/perl5/x86_64-linux/.meta/Foo-Bar-1.5/MYMETA.yml &&
	vouch sbom m >b.json &&
	python3 -c "
import json; d = json.load(open(\"b.json\")); c = d[\"metadata\"][\"component\"]
assert c[\"purl\"] == \"pkg:cpan/Foo-Bar@1.5\" and c[\"licenses\"] == [{\"expression\": \"Apache-2.0\"}], c
p = sorted(q[\"value\"] for q in c[\"properties\"] if q[\"name\"] == \"vouch:cpan-requires\")
assert p == [\"Moo 2.0 (runtime)\", \"Test::More 0.88 (build)\"], p" &&
	vouch sbom lib >i.json && purls --flags i.json >f &&
	grep -qx "pkg:cpan/Foo-Bar@1.5 required -" f
'

test_case 'errors name file and line; the rest of the snapshot is read (exit 3)' '
	mkdir e && sed -e "s|pathname: E/ET/ETHER/Try-Tiny-0.31.tar.gz|pathname: Try-Tiny.tar.gz|" -e "s|^      Test::More 0.88|   Test::More 0.88|" "$FX/cpanfile.snapshot" >e/cpanfile.snapshot &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	grep -q "e/cpanfile.snapshot:18: pathname .Try-Tiny.tar.gz. is not AUTHOR/DIST-VERSION.EXT" err &&
	grep -q "e/cpanfile.snapshot:38: unexpected indentation (3 spaces)" err &&
	[ "$(grep -c "^vouch: e/" err)" = 2 ] &&
	purls b.json >f && [ "$(wc -l <f)" = 4 ] && ! grep -q Try-Tiny f
'

test_case 'scan: CPAN has no OSV ecosystem, so each distribution is a note, not a silent pass' '
	mkdir -p s adv && cp "$FX/cpanfile.snapshot" s/ &&
	printf "{\"id\": \"GHSA-aaaa-bbbb-cccc\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Hex\", \"name\": \"x\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db c.db adv >/dev/null &&
	vouch scan --db c.db s >out 2>err &&
	[ "$(grep -c "note: .*not matched: purl type .cpan. has no OSV ecosystem" err)" = 5 ]
'

need_corpus
export L="$CORPUS/lockfiles/perl-cpan"
# Each fixture under its own name: the META files are recognised by content (meta-spec
# with the spec URL), the others are given with --type.
test_case 'the corpus META files: name, version, licence; without a name an error, without a version a note' '
	for f in META_correct.yml META_correct1.yml META_correct1.json META_correct2.json; do
		vouch sbom "$L/$f" >b.json || return 1
		python3 -c "
import json, sys; c = json.load(open(\"b.json\"))[\"metadata\"][\"component\"]
assert c[\"licenses\"] == [{\"expression\": \"Artistic-1.0-Perl OR GPL-1.0-or-later\"}], c
print(c[\"purl\"])" || return 1
	done >got &&
	cat >want <<-X &&
	pkg:cpan/Class-Data-Inheritable@0.08
	pkg:cpan/ExtUtils-Helpers@0.028
	pkg:cpan/ExtUtils-Helpers@0.028
	pkg:cpan/URI@5.34
	X
	cmp_output want got &&
	for f in META_withoutname.json META_withoutname.yml; do
		expect_code 3 vouch sbom "$L/$f" >/dev/null 2>err && grep -q "$f: no distribution .name." err || return 1
	done &&
	for f in META_withoutversion.json META_withoutversion.yml; do
		vouch sbom "$L/$f" >b.json 2>err && grep -q "note: .*$f:[0-9]*: distribution .* has no version" err &&
		purls --flags b.json >f && grep -q "^pkg:cpan/[A-Za-z-]* - root,unresolved$" f || return 1
	done
'

test_case 'the corpus files that are not META documents: each named (exit 3)' '
	for f in invalid_json.jsontest null.jsontest invalid_yml.yml; do
		expect_code 3 vouch sbom --type cpan-meta "$L/$f" >/dev/null 2>err &&
		grep -q "$f:1: not a CPAN::Meta document" err || return 1
	done
'

test_done
