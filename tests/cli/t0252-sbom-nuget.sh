#!/usr/bin/env bash
# vouch sbom on NuGet packages.lock.json, packages.config and *.deps.json.
. "$(dirname "$0")/lib.sh"
need_corpus
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
export L="$CORPUS/lockfiles"

test_case 'packages.lock.json: every fixture read, the malformed one named, exit 3' '
	corpus_folder dotnet-packageslockjson packages.lock.json 2 invalid/invalid
'

test_case 'packages.lock.json: package set, direct/transitive, SHA-512 from contentHash, edges' '
	expect_purls "$L/dotnet-packageslockjson/valid/packages.lock.json" <<-X
	pkg:nuget/Another.Longer.Name.Dep@4.5.4
	pkg:nuget/Core.Dep@1.24.0
	pkg:nuget/Some.Dep.Five@4.7.2
	pkg:nuget/Some.Dep.Four@4.5.0
	pkg:nuget/Some.Dep.One@1.1.1
	pkg:nuget/Some.Dep.Three@1.0.2
	pkg:nuget/Some.Dep.Two@4.6.0
	pkg:nuget/Some.Longer.Name.Dep@4.7.2
	X
	vouch sbom "$L/dotnet-packageslockjson/valid/packages.lock.json" >l.json &&
	purls --flags l.json >f &&
	grep -qx "pkg:nuget/Core.Dep@1.24.0 required direct" f &&
	grep -qx "pkg:nuget/Some.Dep.One@1.1.1 required transitive" f &&
	comp l.json pkg:nuget/Core.Dep@1.24.0 | grep -q "\"content\": \"fbfa88d63da85354" &&
	python3 -c "
import json; d=json.load(open(\"l.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert len(deps[\"pkg:nuget/Core.Dep@1.24.0\"]) == 7, deps
assert deps[\"pkg:nuget/Some.Dep.Three@1.0.2\"] == [\"pkg:nuget/Some.Dep.Five@4.7.2\", \"pkg:nuget/Some.Longer.Name.Dep@4.7.2\"], deps"
'

test_case 'packages.config: every fixture read, the malformed ones named, exit 3' '
	corpus_folder dotnet-packagesconfig packages.config 4 invalid nopackage noversion
'

test_case 'packages.config: the package set of valid, developmentDependency is dev' '
	cp "$L/dotnet-packagesconfig/valid" packages.config &&
	expect_purls packages.config <<-X
	pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0
	pkg:nuget/Microsoft.Net.Compilers@1.0.0
	X
	vouch sbom packages.config >c.json && purls --flags c.json >f &&
	grep -qx "pkg:nuget/Microsoft.Net.Compilers@1.0.0 excluded dev" f
'

test_case 'deps.json: every fixture read, the malformed ones named, exit 3' '
	corpus_folder dotnet-depsjson TestLibrary.deps.json 4 invalid nopackagename
'

test_case 'deps.json: the package set of valid, the application as subject, SHA-512' '
	cp "$L/dotnet-depsjson/valid" TestLibrary.deps.json &&
	expect_purls TestLibrary.deps.json <<-X
	pkg:nuget/AWSSDK.Core@3.7.10.6
	pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0
	pkg:nuget/TestLibrary@1.0.0
	X
	vouch sbom TestLibrary.deps.json >d.json &&
	comp d.json pkg:nuget/TestLibrary@1.0.0 | grep -q "\"type\": \"application\"" &&
	comp d.json pkg:nuget/AWSSDK.Core@3.7.10.6 | grep -q "\"content\": \"907041f909a8b156"
'

test_done
