#!/usr/bin/env bash
# vouch sbom (and scan) on opam: lock files (NAME.opam.locked, with the NAME.opam beside it)
# and a switch's state (.opam-switch/switch-state).
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/opam: app.opam.locked as `opam lock` writes it (the whole tree pinned with
# {= "V"}, test and doc dependencies keeping their filter, a pin-depends, sections and
# comments), the app.opam it was made from (the direct dependencies), and a switch-state.
export FX="$VOUCH_TOP/tests/fixtures/opam"

test_case 'app.opam.locked with app.opam: pinned versions, direct/transitive, dev by filter, pins local' '
	mkdir p && cp "$FX/app.opam.locked" "$FX/app.opam" p/ &&
	vouch sbom p >b.json 2>err &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:opam/alcotest@1.7.0 excluded dev,direct
	pkg:opam/app@1.0.0 - root
	pkg:opam/base-threads@base required transitive
	pkg:opam/cmdliner@1.2.0 required direct
	pkg:opam/dune@3.7.2 required direct
	pkg:opam/mylib@dev required local,transitive
	pkg:opam/ocaml@4.14.1 required direct
	pkg:opam/odoc@2.2.0 excluded dev,transitive
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:opam/app@1.0.0\"] == [\"pkg:opam/alcotest@1.7.0\", \"pkg:opam/cmdliner@1.2.0\", \"pkg:opam/dune@3.7.2\", \"pkg:opam/ocaml@4.14.1\"], deps
c = {x[\"purl\"]: x for x in d[\"components\"]}
p = {q[\"name\"]: q[\"value\"] for q in c[\"pkg:opam/mylib@dev\"][\"properties\"]}
assert p[\"vouch:source\"].startswith(\"git+https://github.com/example/mylib.git#0123\"), p
"
'

test_case 'app.opam.locked alone: the lock pins the whole tree, so direct/transitive is not said' '
	mkdir q && cp "$FX/app.opam.locked" q/ &&
	vouch sbom q >b.json && purls --flags b.json >f &&
	grep -qx "pkg:opam/dune@3.7.2 required -" f && grep -qx "pkg:opam/odoc@2.2.0 excluded dev" f &&
	mkdir r && cp "$FX/app.opam.locked" r/odd-name && vouch sbom r/odd-name >c.json &&
	[ "$(purls c.json | wc -l)" = 8 ]
'

test_case 'switch-state: installed packages, roots direct, pinned local' '
	mkdir -p sw/.opam-switch && cp "$FX/switch-state" sw/.opam-switch/ &&
	vouch sbom sw >b.json && purls --flags b.json >f &&
	grep -qx "pkg:opam/utop@2.13.1 required direct" f &&
	grep -qx "pkg:opam/zed@3.2.3 required transitive" f &&
	grep -qx "pkg:opam/mylib@dev required direct,local" f &&
	[ "$(wc -l <f)" = 11 ]
'

test_case 'errors name file and line; what comes before is read (exit 3)' '
	mkdir e && sed "s/  \"dune\" {= \"3.7.2\"}/  \"dune\" {= \"3.7.2\"} ;/" "$FX/app.opam.locked" >e/app.opam.locked &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	grep -q "e/app.opam.locked:10: not an opam file: unexpected character" err &&
	[ "$(grep -c "^vouch: e/" err)" = 1 ] &&
	grep -q "^pkg:opam/app@1.0.0" <(purls b.json) &&
	mkdir -p s2/.opam-switch && printf "opam-version: \"2.0\"\ninstalled: [\"dune.3.7.2\" \"nodot\" [\"x\"]]\n" >s2/.opam-switch/switch-state &&
	expect_code 3 vouch sbom s2 >c.json 2>err2 &&
	grep -q "s2/.opam-switch/switch-state:2: installed entry .nodot. is not NAME.VERSION" err2 &&
	purls c.json >c.txt && grep -qx "pkg:opam/dune@3.7.2" c.txt
'

# opam versions are ordered as opam orders them (dpkg's comparison without epoch,
# src/core/version/dpkg.c): ranges are evaluated as well as versions lists.
test_case 'scan: opam advisories match by versions lists and by ranges in opam order' '
	mkdir -p s adv && cp "$FX/app.opam.locked" s/ &&
	printf "{\"id\": \"OSEC-2024-01\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"opam\", \"name\": \"dune\"}, \"versions\": [\"3.7.1\", \"3.7.2\"]}, {\"package\": {\"ecosystem\": \"opam\", \"name\": \"ocaml\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"4.14.1\"}]}]}]}\n" >adv/a.json &&
	printf "{\"id\": \"OSEC-2024-02\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"opam\", \"name\": \"cmdliner\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.0.0~beta\"}, {\"fixed\": \"1.2.0+fix\"}]}]}]}\n" >adv/b.json &&
	vouch db import --db o.db adv >/dev/null &&
	{ vouch scan --db o.db --format json s >s.json 2>err || [ $? -eq 1 ]; } &&
	! grep -q "ranges not evaluated" err &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
# ocaml 4.14.1 is the fixed version: not affected; cmdliner 1.2.0 < 1.2.0+fix: affected
assert got == [(\"OSEC-2024-01\", \"dune\", \"3.7.2\"), (\"OSEC-2024-02\", \"cmdliner\", \"1.2.0\")], got"
'

need_corpus
export L="$CORPUS/lockfiles/ocaml-opam"
# The corpus folder holds *.install files of "NAME.VERSION" lines. opam writes no such
# file: a real NAME.install lists the files a package installs (lib: [...], bin: [...])
# and names no package, and the installed set is the switch-state above. So they are not
# claimed: in a folder they are not read (exit 0, nothing found); given directly, exit 3.
test_case 'the corpus *.install fixtures are not an opam format: not claimed' '
	mkdir c && cp "$L"/* c/ &&
	vouch sbom c >b.json && [ "$(files_read b.json)" = 0 ] && [ -z "$(purls b.json)" ] &&
	expect_code 3 vouch sbom "$L/valid.install" >/dev/null 2>err &&
	grep -q "no extractor knows this kind of file" err
'

test_done
