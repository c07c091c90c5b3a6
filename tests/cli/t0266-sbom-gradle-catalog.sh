#!/usr/bin/env bash
# vouch sbom (and scan) on Gradle version catalogs (gradle/libs.versions.toml).
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/gradle-catalog: every library and plugin form of Gradle's
# documentation (strings, module, group and name, version.ref, rich versions,
# dynamic versions and ranges, no version) and three mistakes (lines 21, 22, 31).
export C="$FIXTURES/gradle-catalog"

test_case 'libraries and plugins: versions, refs, rich versions; ranges and dynamic versions unresolved' '
	expect_code 3 vouch sbom "$C" >b.json 2>err &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:maven/com.diffplug.spotless/com.diffplug.spotless.gradle.plugin@6.25.0 required -
	pkg:maven/com.fasterxml.jackson.core/jackson-databind required unresolved
	pkg:maven/com.google.guava/guava@33.3.1-jre required -
	pkg:maven/org.example.floating/org.example.floating.gradle.plugin required unresolved
	pkg:maven/org.example/dynamic required unresolved
	pkg:maven/org.example/latest required unresolved
	pkg:maven/org.example/preferred@3.1 required -
	pkg:maven/org.example/ranged required unresolved
	pkg:maven/org.example/strict@1.4.2 required -
	pkg:maven/org.jetbrains.kotlin.jvm/org.jetbrains.kotlin.jvm.gradle.plugin@2.0.21 required -
	pkg:maven/org.jetbrains.kotlin/kotlin-stdlib@2.0.21 required -
	pkg:maven/org.junit.jupiter/junit-jupiter@5.11.3 required -
	pkg:maven/org.junit/junit-bom@5.11.3 required -
	pkg:maven/org.slf4j/slf4j-api required unresolved
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: {p[\"name\"]: p[\"value\"] for p in x.get(\"properties\", [])} for x in d[\"components\"]}
assert c[\"pkg:maven/com.fasterxml.jackson.core/jackson-databind\"][\"vouch:requirement\"] == \"strictly [2.15, 2.18[, prefer 2.17.2\", c
assert c[\"pkg:maven/org.example/dynamic\"][\"vouch:requirement\"] == \"1.+\", c
assert c[\"pkg:maven/org.example/ranged\"][\"vouch:requirement\"] == \"[1.0,2.0)\", c
assert c[\"pkg:maven/org.example/strict@1.4.2\"][\"vouch:gradle-rich-version\"] == \"strictly 1.4.2\", c
assert \"vouch:requirement\" not in c[\"pkg:maven/org.slf4j/slf4j-api\"], c
assert c[\"pkg:maven/org.jetbrains.kotlin.jvm/org.jetbrains.kotlin.jvm.gradle.plugin@2.0.21\"][\"vouch:gradle-plugin\"] == \"kotlin-jvm\", c
assert c[\"pkg:maven/com.google.guava/guava@33.3.1-jre\"][\"vouch:gradle-catalog-library\"] == \"guava\", c
" &&
	grep -q "libs.versions.toml:21: version.ref .nope. of .missing-ref. is not in \[versions\]" err &&
	grep -q "libs.versions.toml:22: module .no-colon. of .bad-module. is not GROUP:NAME" err &&
	grep -q "libs.versions.toml:31: plugin .no-id. has no id" err &&
	[ "$(grep -c "^vouch: [^n]" err)" = 3 ]
'

test_case 'any *.versions.toml is a catalog; by content under another name given as PATH' '
	mkdir -p o && printf "[libraries]\nx = \"org.example:x:1.0\"\n" >o/deps.versions.toml &&
	cp o/deps.versions.toml o/catalog.txt &&
	vouch sbom o >b.json && [ "$(files_read b.json)" = 1 ] &&
	vouch sbom o/catalog.txt >c.json && purls c.json >f && grep -qx "pkg:maven/org.example/x@1.0" f
'

test_case 'scan: a Maven advisory matches a catalog library; unresolved ones are not matched' '
	mkdir -p adv &&
	printf "{\"id\": \"GHSA-test-cat\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"com.google.guava:guava\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"33.4.0-jre\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db c.db adv >/dev/null &&
	{ vouch scan --db c.db --format json "$C" >s.json 2>err || [ $? -le 3 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-cat\", \"com.google.guava:guava\", \"33.3.1-jre\")], got" &&
	grep -q "pkg:maven/org.example/ranged. has no version: not matched" err
'

# The four readers of t0263-t0266 on their fixtures in one tree (purls of
# types nuget, generic, npm, jsr, githubactions, maven; local files with
# download_url): the BOMs validate against the official schemas.
schema_case 'cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json spdx-2.3.schema.json' \
	'paket, deno, GitHub Actions and catalog fixtures: CycloneDX 1.6, 1.7 and SPDX 2.3 valid' '
	mkdir all && cp -r "$FIXTURES/paket" "$FIXTURES/deno" "$FIXTURES/ghactions" "$C" all/ &&
	expect_code 3 vouch sbom all >b16.json 2>/dev/null &&
	[ "$(files_read b16.json)" = 9 ] &&
	expect_code 3 vouch sbom --spec-version 1.7 all >b17.json 2>/dev/null &&
	expect_code 3 vouch sbom --format spdx all >spdx.json 2>/dev/null &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" b16.json >v &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" b17.json >>v &&
	validate "$SCHEMAS/spdx-2.3.schema.json" spdx.json >>v &&
	[ "$(grep -c "^ok " v)" = 3 ]
'

need_corpus
export L="$CORPUS/lockfiles"
# java-gradleversioncatalog, each as libs.versions.toml: libs.versions.toml
# (nine libraries: string, module, version.ref, group and name, rich strictly,
# require and prefer (each one version, so resolved), ref in a rich table, no
# version (unresolved); a plugin as its marker artifact), empty.versions.toml
# (nothing, no error), invalid.versions.toml and not-toml.txt (not TOML: named).
test_case 'the corpus catalogs: every one read, the two that are not TOML named (exit 3)' '
	corpus_folder java-gradleversioncatalog libs.versions.toml 4 invalid.versions.toml not-toml.txt &&
	purls --flags bom.json >f &&
	cat >want <<-X &&
	pkg:maven/com.github.ben-manes.versions/com.github.ben-manes.versions.gradle.plugin@0.45.0 required -
	pkg:maven/com.google.guava/guava@30.1.1-jre required -
	pkg:maven/com.puppycrawl.tools/checkstyle@8.37 required -
	pkg:maven/org.apache.commons/commons-lang3@3.12.0 required -
	pkg:maven/org.codehaus.groovy/groovy-json@3.0.5 required -
	pkg:maven/org.codehaus.groovy/groovy@3.0.5 required -
	pkg:maven/org.example/noversion required unresolved
	pkg:maven/org.example/pref@1.0 required -
	pkg:maven/org.example/req@1.5 required -
	pkg:maven/org.example/strict@2.0 required -
	X
	cmp_output want f
'

test_done
