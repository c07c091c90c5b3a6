#!/usr/bin/env bash
# vouch sbom (and scan) on Julia's Manifest.toml, with the Project.toml beside it.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# A format 2.0 manifest as Pkg writes it: a registered package with its
# dependencies, two packages of one name (told apart by uuid), a standard
# library, a developed package and one from a repository.
write_manifest() {
	cat >Manifest.toml <<-'X'
	# This file is machine-generated - editing it directly is not advised

	julia_version = "1.10.0"
	manifest_format = "2.0"
	project_hash = "2d3b2b8d3a1e5e2c9c8e0f0e0b7a0c0d0e0f1a2b"

	[[deps.Dates]]
	deps = ["Printf"]
	uuid = "ade2ca70-3891-5945-98fb-dc099432e06a"

	[[deps.HTTP]]
	deps = ["Dates", "JSON", "Parsers"]
	git-tree-sha1 = "abc1230000000000000000000000000000000000"
	uuid = "cd3eb016-35fb-5094-929b-558a96fad6f3"
	version = "1.9.1"

	[[deps.JSON]]
	deps = ["Dates", "Parsers"]
	git-tree-sha1 = "31e996f0a15c7b280ba9f76636b3ff9e2ae58c9a"
	uuid = "682c06a0-de6a-54ab-a142-c8b1cf79cde6"
	version = "0.21.4"

	[[deps.Parsers]]
	deps = ["Dates"]
	uuid = "69de0a69-1ddd-5017-9359-2bf0b02dc9f0"
	version = "2.8.1"

	[[deps.Parsers]]
	uuid = "11111111-2222-3333-4444-555555555555"
	version = "0.1.0"

	[[deps.Printf]]
	uuid = "de0858da-6303-5e67-8744-51eddeeeb8d7"

	[[deps.Local]]
	path = "dev/Local"
	uuid = "22222222-2222-3333-4444-555555555555"
	version = "0.3.0"
	[deps.Local.deps]
	Parsers = "11111111-2222-3333-4444-555555555555"

	[[deps.Fork]]
	git-tree-sha1 = "cca953732cd949cfe36d70e981a41ac32a5c6ae7"
	repo-rev = "main"
	repo-url = "https://github.com/example/Fork.jl"
	uuid = "33333333-2222-3333-4444-555555555555"
	version = "0.2.0"
	X
}
export -f write_manifest

test_case 'format 2.0 with Project.toml: project as subject, direct and transitive, edges by name and uuid' '
	write_manifest &&
	printf "name = \"App\"\nuuid = \"44444444-2222-3333-4444-555555555555\"\nversion = \"0.5.0\"\n\n[deps]\nHTTP = \"cd3eb016-35fb-5094-929b-558a96fad6f3\"\nLocal = \"22222222-2222-3333-4444-555555555555\"\n" >Project.toml &&
	vouch sbom . >b.json 2>err &&
	purls --flags b.json | sed "s/?uuid=[^ ]*//" >f &&
	grep -qx "pkg:julia/HTTP@1.9.1 required direct" f &&
	grep -qx "pkg:julia/JSON@0.21.4 required transitive" f &&
	grep -q "^pkg:julia/Local@0.3.0 .*local" f &&
	grep -q "^pkg:julia/Dates " f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
strip = lambda p: p.split(\"?\")[0]
assert strip(d[\"metadata\"][\"component\"][\"purl\"]) == \"pkg:julia/App@0.5.0\", d[\"metadata\"]
deps = {strip(x[\"ref\"]): sorted(strip(y) for y in x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:julia/App@0.5.0\"] == [\"pkg:julia/HTTP@1.9.1\", \"pkg:julia/Local@0.3.0\"], deps
assert deps[\"pkg:julia/HTTP@1.9.1\"] == [\"pkg:julia/Dates\", \"pkg:julia/JSON@0.21.4\"], deps
assert deps[\"pkg:julia/Local@0.3.0\"] == [\"pkg:julia/Parsers@0.1.0\"], deps
c = {strip(x[\"purl\"]): x for x in d[\"components\"]}
assert \"uuid=682c06a0-de6a-54ab-a142-c8b1cf79cde6\" in c[\"pkg:julia/JSON@0.21.4\"][\"purl\"]
p = {q[\"name\"]: q[\"value\"] for q in c[\"pkg:julia/Fork@0.2.0\"][\"properties\"]}
assert p[\"vouch:source\"] == \"git+https://github.com/example/Fork.jl@main\", p
p = {q[\"name\"]: q[\"value\"] for q in c[\"pkg:julia/Dates\"][\"properties\"]}
assert p[\"vouch:julia-stdlib\"] == \"true\", p
" &&
	grep -q "dependency .Parsers. of .HTTP. is not in the manifest" err
'

test_case 'format 1.0 (packages at the top level), no Project.toml: neither direct nor transitive said' '
	mkdir v1 &&
	printf "[[JSON]]\ndeps = [\"Parsers\"]\nuuid = \"682c06a0-de6a-54ab-a142-c8b1cf79cde6\"\nversion = \"0.21.4\"\n\n[[Parsers]]\nuuid = \"69de0a69-1ddd-5017-9359-2bf0b02dc9f0\"\nversion = \"2.8.1\"\n" >v1/Manifest.toml &&
	vouch sbom v1/Manifest.toml >m.json &&
	purls --flags m.json | sed "s/?uuid=[^ ]*//" >f &&
	cat >want <<-X &&
	pkg:julia/JSON@0.21.4 required -
	pkg:julia/Parsers@2.8.1 required -
	X
	cmp_output want f
'

test_case 'scan: a Julia advisory matches by SemVer order; standard libraries are not matched' '
	write_manifest && mkdir -p adv &&
	printf "{\"id\": \"JLSEC-2024-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Julia\", \"name\": \"HTTP\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.10.0\"}]}]}, {\"package\": {\"ecosystem\": \"Julia\", \"name\": \"JSON\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"0.21.4\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db j.db adv >/dev/null &&
	{ vouch scan --db j.db --format json Manifest.toml >s.json || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"JLSEC-2024-1\", \"HTTP\", \"1.9.1\")], got"
'

need_corpus
export L="$CORPUS/lockfiles"
test_case 'the corpus fixtures: every one read, the one that is not TOML named (exit 3)' '
	corpus_folder julia-manifesttoml Manifest.toml 6 not-toml.txt
'

test_done
