#!/usr/bin/env bash
# vouch sbom (and scan) on Deno's deno.lock (versions 3, 4, 5) and deno.json imports.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/deno: locks written from the Deno lock format (deno_lockfile's
# own test specs): v3 (under "packages", specifiers resolved to "npm:x@v",
# npm dependencies as objects), v4 (specifiers resolved to versions, npm
# dependencies by name, a peer suffix "_react@18.3.1", a dependency missing),
# v5 (optionalDependencies, tarball, workspace members), and cfg: a v4 lock
# without a workspace section beside a deno.jsonc naming two of its packages.
export D="$FIXTURES/deno"

test_case 'version 3: npm, jsr, remote modules; workspace dependencies direct, the rest transitive' '
	vouch sbom "$D/v3" >b.json &&
	purls --flags b.json | sed "s/?download_url=[^ ]*//" >f &&
	cat >want <<-X &&
	pkg:generic/deno.land/std%400.208.0/path/mod.ts required local
	pkg:generic/deno.land/x/oak%40v12.6.1/mod.ts required local
	pkg:jsr/%40std/assert@0.225.3 required transitive
	pkg:jsr/%40std/path@0.225.1 required direct
	pkg:npm/%40types/node@18.16.19 required transitive
	pkg:npm/chalk@5.3.0 required direct
	pkg:npm/undici-types@5.26.5 required transitive
	X
	cmp_output want f &&
	python3 -c "
import json, hashlib, base64
d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:jsr/%40std/path@0.225.1\"] == [\"pkg:jsr/%40std/assert@0.225.3\"], deps
assert deps[\"pkg:npm/%40types/node@18.16.19\"] == [\"pkg:npm/undici-types@5.26.5\"], deps
c = {x[\"purl\"].split(\"?\")[0]: x for x in d[\"components\"]}
h = c[\"pkg:npm/chalk@5.3.0\"][\"hashes\"]
assert h == [{\"alg\": \"SHA-512\", \"content\": hashlib.sha512(b\"chalk\").hexdigest()}], h
j = c[\"pkg:jsr/%40std/path@0.225.1\"]
assert \"hashes\" not in j, j
assert {p[\"name\"]: p[\"value\"] for p in j[\"properties\"]}[\"vouch:jsr-integrity\"] == hashlib.sha256(b\"path\").hexdigest()
r = c[\"pkg:generic/deno.land/std%400.208.0/path/mod.ts\"]
assert r[\"hashes\"] == [{\"alg\": \"SHA-256\", \"content\": hashlib.sha256(b\"mod\").hexdigest()}], r
assert \"download_url=https:%2F%2Fdeno.land%2Fstd%400.208.0%2Fpath%2Fmod.ts\" in r[\"purl\"], r
"
'

test_case 'version 4: versions from specifiers, peer suffix dropped, package.json dependencies direct' '
	vouch sbom "$D/v4/deno.lock" >b.json 2>err &&
	purls --flags b.json | grep -v generic >f &&
	cat >want <<-X &&
	pkg:jsr/%40std/assert@1.0.6 required direct
	pkg:jsr/%40std/internal@1.0.4 required transitive
	pkg:npm/%40types/node@22.5.4 required transitive
	pkg:npm/chalk@5.3.0 required direct
	pkg:npm/preact@10.24.3 required direct
	pkg:npm/react@18.3.1 required transitive
	pkg:npm/undici-types@6.19.8 required transitive
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:jsr/%40std/assert@1.0.6\"] == [\"pkg:jsr/%40std/internal@1.0.4\"], deps
assert deps[\"pkg:npm/preact@10.24.3\"] == [\"pkg:npm/react@18.3.1\"], deps
assert deps[\"pkg:npm/%40types/node@22.5.4\"] == [\"pkg:npm/undici-types@6.19.8\"], deps
" &&
	grep -q "note: .*deno.lock:[0-9]*: dependency .missing-dep. of .preact@10.24.3_react@18.3.1. is not in the lock" err
'

test_case 'version 5: dependencies by name@version where two are locked, optional dependencies, members' '
	vouch sbom "$D/v5" >b.json &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:jsr/%40luca/cases@1.0.0 required transitive
	pkg:npm/%40a/pkg@2.1.5 required direct
	pkg:npm/%40b/pkg@2.0.5 required transitive
	pkg:npm/%40c/pkg@1.0.0 required transitive
	pkg:npm/%40c/pkg@2.0.0 required transitive
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:npm/%40a/pkg@2.1.5\"] == [\"pkg:npm/%40b/pkg@2.0.5\", \"pkg:npm/%40c/pkg@1.0.0\"], deps
assert deps[\"pkg:npm/%40b/pkg@2.0.5\"] == [\"pkg:npm/%40c/pkg@2.0.0\"], deps
c = {x[\"purl\"]: {p[\"name\"]: p[\"value\"] for p in x.get(\"properties\", [])} for x in d[\"components\"]}
assert c[\"pkg:npm/%40a/pkg@2.1.5\"][\"vouch:resolved\"] == \"https://registry.example/a/pkg-2.1.5.tgz\", c
"
'

test_case 'a lock without workspace: direct from the deno.jsonc beside it, which adds nothing itself' '
	vouch sbom "$D/cfg" >b.json &&
	purls --flags b.json | grep -v generic >f &&
	grep -qx "pkg:jsr/%40std/assert@1.0.6 required direct" f &&
	grep -qx "pkg:npm/chalk@5.3.0 required direct" f &&
	grep -qx "pkg:npm/preact@10.24.3 required transitive" f &&
	[ "$(files_read b.json)" = 2 ] && [ "$(wc -l <f)" = 7 ]
'

test_case 'deno.json alone: npm: and jsr: imports direct and unresolved, ranges as vouch:requirement' '
	mkdir c && printf "{\n  \"imports\": {\n    \"a\": \"npm:chalk@^5.3.0\",\n    \"b\": \"jsr:@std/path@^1.0.0/posix\",\n    \"c\": \"npm:@types/node\",\n    \"d\": \"https://deno.land/x/oak@v12.6.1/mod.ts\"\n  }\n}\n" >c/deno.json &&
	vouch sbom c >b.json &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:jsr/%40std/path required direct,unresolved
	pkg:npm/%40types/node required direct,unresolved
	pkg:npm/chalk required direct,unresolved
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: {p[\"name\"]: p[\"value\"] for p in x.get(\"properties\", [])} for x in d[\"components\"]}
assert c[\"pkg:npm/chalk\"][\"vouch:requirement\"] == \"^5.3.0\", c
assert c[\"pkg:jsr/%40std/path\"][\"vouch:requirement\"] == \"^1.0.0\", c
assert \"vouch:requirement\" not in c[\"pkg:npm/%40types/node\"], c
"
'

test_case 'errors name their line, the rest is read (exit 3); not JSON is named' '
	mkdir e && printf "{\n  \"version\": \"4\",\n  \"npm\": {\n    \"nover\": {},\n    \"ok@1.0.0\": {\"integrity\": \"sha512-AAAA\"},\n    \"bad@2.0.0\": []\n  },\n  \"remote\": {\"ftp://x/y.ts\": \"00\"}\n}\n" >e/deno.lock &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	purls b.json >f && grep -qx "pkg:npm/ok@1.0.0" f && [ "$(wc -l <f)" = 1 ] &&
	grep -q "e/deno.lock:4: npm package .nover. is not NAME@VERSION" err &&
	grep -q "e/deno.lock:6: npm package .bad@2.0.0. is not an object" err &&
	grep -q "e/deno.lock:8: remote .ftp://x/y.ts. is not an http(s) URL" err &&
	mkdir n && echo "{ not json" >n/deno.lock &&
	expect_code 3 vouch sbom n >/dev/null 2>err && grep -q "n/deno.lock:1: invalid JSON" err
'

test_case 'scan: an npm advisory matches a package of deno.lock; jsr and remote modules are not matched' '
	mkdir -p adv &&
	printf "{\"id\": \"GHSA-test-deno\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"@types/node\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"22.5.5\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db d.db adv >/dev/null &&
	{ vouch scan --db d.db --format json "$D/v4/deno.lock" >s.json 2>err || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-deno\", \"@types/node\", \"22.5.4\")], got" &&
	grep -q "pkg:jsr/%40std/assert@1.0.6. not matched" err
'

need_corpus
export L="$CORPUS/lockfiles"
# javascript-denojson: deno.json (two npm: and two jsr: imports, no lock
# beside: unresolved) and invalid.jsontest (not JSON, named: exit 3).
test_case 'the corpus deno.json fixtures: both read, the invalid one named (exit 3)' '
	corpus_folder javascript-denojson deno.json 2 invalid.jsontest &&
	purls --flags bom.json >f &&
	cat >want <<-X &&
	pkg:jsr/%40std1/path1 required direct,unresolved
	pkg:jsr/%40std2/path2 required direct,unresolved
	pkg:npm/chalk required direct,unresolved
	X
	cmp_output want f
'

test_done
