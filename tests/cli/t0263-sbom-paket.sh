#!/usr/bin/env bash
# vouch sbom (and scan) on Paket's paket.lock, with the paket.dependencies beside it.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/paket: a lock as Paket writes it (options, three groups, a
# private feed, restrictions and settings after packages, GITHUB, HTTP and GIT
# sources, a dependency missing from the lock, one broken entry at line 29)
# and the paket.dependencies that names the direct packages of each group.
export P="$FIXTURES/paket"

test_case 'groups, direct and transitive from paket.dependencies, edges within a group' '
	cp "$P"/paket.lock "$P"/paket.dependencies . &&
	expect_code 3 vouch sbom . >b.json 2>err &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:generic/github.com/forki/FsUnit/FsUnit.fs@7623fc13439f0e60bd05c1ed3b5f6dcb937fe468 required local
	pkg:generic/github.com/fsprojects/Paket@528024723f314aa1011499a122258167b53699f7 required local
	pkg:generic/www.fssnip.net/raw%2F1M required local
	pkg:nuget/Castle.Core-log4net@3.3.0 required direct
	pkg:nuget/Castle.Core@3.3.0 required transitive
	pkg:nuget/FAKE@5.20.4 required direct
	pkg:nuget/FSharp.Core@4.7.2 required transitive
	pkg:nuget/FSharp.Core@8.0.400 required transitive
	pkg:nuget/NUnit@3.14.0 required direct
	pkg:nuget/Newtonsoft.Json@12.0.3 required direct
	pkg:nuget/log4net@1.2.10 required transitive
	X
	cmp_output want f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
# names compare ignoring case (castle.core); FAKE in group Build gets Build FSharp.Core, not Main one
assert deps[\"pkg:nuget/Castle.Core-log4net@3.3.0\"] == [\"pkg:nuget/Castle.Core@3.3.0\", \"pkg:nuget/log4net@1.2.10\"], deps
assert deps[\"pkg:nuget/FAKE@5.20.4\"] == [\"pkg:nuget/FSharp.Core@4.7.2\"], deps
c = {x[\"purl\"]: {p[\"name\"]: p[\"value\"] for p in x.get(\"properties\", [])} for x in d[\"components\"]}
assert c[\"pkg:nuget/NUnit@3.14.0\"][\"vouch:paket-group\"] == \"Test\", c
assert \"vouch:dev\" not in c[\"pkg:nuget/NUnit@3.14.0\"], c
assert c[\"pkg:nuget/FAKE@5.20.4\"][\"vouch:source\"] == \"https://my.feed.example/v3/index.json\", c
assert \"vouch:source\" not in c[\"pkg:nuget/NUnit@3.14.0\"], c
assert c[\"pkg:generic/www.fssnip.net/raw%2F1M\"][\"vouch:source\"] == \"http://www.fssnip.net/raw/1M\", c
assert c[\"pkg:generic/github.com/forki/FsUnit/FsUnit.fs@7623fc13439f0e60bd05c1ed3b5f6dcb937fe468\"][\"vouch:source\"] == \"git+https://github.com/forki/FsUnit@7623fc13439f0e60bd05c1ed3b5f6dcb937fe468#FsUnit.fs\", c
comp = {x[\"purl\"]: x for x in d[\"components\"]}
assert \"hashes\" not in comp[\"pkg:nuget/FAKE@5.20.4\"]
" &&
	grep -q "paket.lock:29: .broken-entry without-version. is not NAME (VERSION)" err &&
	grep -q "note: ./paket.lock:12: dependency .Missing.Package. of .Newtonsoft.Json. is not in the lock" err
'

test_case 'without paket.dependencies neither direct nor transitive is said; by content under another name' '
	mkdir a && sed 29d "$P"/paket.lock >a/some.lock &&
	vouch sbom a/some.lock >b.json &&
	purls --flags b.json | grep nuget >f &&
	! grep -q "direct\|transitive" f && [ "$(wc -l <f)" = 8 ]
'

test_case 'a paket.dependencies that is not Paket is not used (a note), the lock still read' '
	mkdir c && sed 29d "$P"/paket.lock >c/paket.lock && echo "This is not Paket" >c/paket.dependencies &&
	vouch sbom c >b.json 2>err &&
	purls --flags b.json >f && ! grep -q "direct\|transitive" f &&
	grep -q "note: .*paket.dependencies:1: .This is not Paket. is not a Paket line" err
'

test_case 'scan: a NuGet advisory matches the Paket package' '
	sed 29d "$P"/paket.lock >paket.lock && mkdir -p adv &&
	printf "{\"id\": \"GHSA-test-paket\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"NuGet\", \"name\": \"Newtonsoft.Json\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"13.0.1\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db p.db adv >/dev/null &&
	{ vouch scan --db p.db --format json paket.lock >s.json || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-paket\", \"Newtonsoft.Json\", \"12.0.3\")], got"
'

need_corpus
export L="$CORPUS/lockfiles"
# The corpus lock lists NUGET and GITHUB sources; its GITHUB entries are named
# after their repositories. The empty lock gives nothing and no error; the
# invalid one ("This is not a valid paket.lock file") is named (exit 3).
test_case 'the corpus paket.lock fixtures: every one read, the invalid one named (exit 3)' '
	corpus_folder dotnet-paketlock paket.lock 3 invalid-lock/paket.lock
'

# Each corpus paket.dependencies beside the corpus lock: the main one names
# NUnit, FSharp.Core, Newtonsoft.Json and Microsoft.Extensions.Logging in the
# main group (FAKE and Paket in group Build, while the lock has them in Main:
# transitive); "duplicate" names NUnit in Main and in Test; the empty one names
# nothing (all transitive); the invalid one is not Paket (not used).
test_case 'the corpus paket.dependencies fixtures beside the corpus lock' '
	for d in "" duplicate empty-deps invalid; do
		mkdir -p "x/$d" && cp "$L/dotnet-paketlock/paket.lock" "x/$d/" &&
		cp "$L/dotnet-paketdependencies/$d/paket.dependencies" "x/$d/" || return 1
		vouch sbom "x/$d" >"b$d.json" 2>"e$d" || return 1
	done &&
	purls --flags b.json | grep nuget | awk "{print \$1, \$3}" >f &&
	cat >want <<-X &&
	pkg:nuget/FAKE@5.20.4 transitive
	pkg:nuget/FSharp.Core@4.5.0 direct
	pkg:nuget/Microsoft.Extensions.Logging@6.0.0 direct
	pkg:nuget/NUnit@2.6.4 direct
	pkg:nuget/Newtonsoft.Json@12.0.3 direct
	pkg:nuget/Paket@7.0.0 transitive
	X
	cmp_output want f &&
	[ "$(purls --flags bduplicate.json | grep -c " direct")" = 1 ] &&
	purls --flags bduplicate.json >f && grep -q "^pkg:nuget/NUnit@2.6.4 .*direct" f &&
	[ "$(purls --flags bempty-deps.json | grep nuget | grep -c " transitive")" = 6 ] &&
	purls --flags binvalid.json >f && ! grep -q "direct\|transitive" f &&
	grep -q "is not a Paket line" einvalid
'

test_done
