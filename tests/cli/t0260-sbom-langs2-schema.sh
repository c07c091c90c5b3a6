#!/usr/bin/env bash
# The BOMs of every Java, .NET, Dart, Elixir, Swift, CocoaPods, Conan and renv
# fixture validate against the official CycloneDX 1.6 / 1.7 and SPDX 2.3 schemas.
. "$(dirname "$0")/lib.sh"
need_corpus
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# folder:canonical name, one per kind
kinds="java-pomxml:pom.xml java-gradlelockfile:gradle.lockfile
java-gradleverificationmetadataxml:gradle/verification-metadata.xml
dotnet-packageslockjson:packages.lock.json dotnet-packagesconfig:packages.config
dotnet-depsjson:App.deps.json dart-pubspec:pubspec.lock elixir-mixlock:mix.lock
erlang-mixlock:mix.lock swift-packageresolved:Package.resolved swift-podfilelock:Podfile.lock
cpp-conanlock:conan.lock r-renvlock:renv.lock"
export kinds

test_case 'one tree of all the fixtures: 104 files read, CycloneDX 1.6 and 1.7, SPDX 2.3 valid' '
	rm -rf all && mkdir all && n=0 &&
	for k in $kinds; do
		m=$(fixture_tree "$CORPUS/lockfiles/${k%%:*}" "${k#*:}") && n=$((n + m)) &&
		mv t "all/${k%%:*}"
	done &&
	[ "$n" = 104 ] &&
	expect_code 3 vouch sbom all >b16.json 2>/dev/null &&
	[ "$(files_read b16.json)" = 104 ] &&
	expect_code 3 vouch sbom --spec-version 1.7 all >b17.json 2>/dev/null &&
	expect_code 3 vouch sbom --format spdx all >spdx.json 2>/dev/null &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" b16.json >v &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" b17.json >>v &&
	validate "$SCHEMAS/spdx-2.3.schema.json" spdx.json >>v &&
	[ "$(grep -c "^ok " v)" = 3 ] &&
	[ "$(purls b16.json | wc -l)" -gt 150 ]
'

test_case 'the same tree twice gives the same bytes' '
	expect_code 3 env SOURCE_DATE_EPOCH=1700000000 "$VOUCH_BIN" sbom all >x1.json 2>/dev/null &&
	expect_code 3 env SOURCE_DATE_EPOCH=1700000000 "$VOUCH_BIN" sbom all >x2.json 2>/dev/null &&
	cmp x1.json x2.json
'

test_done
