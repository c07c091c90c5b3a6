#!/usr/bin/env bash
# vouch sbom on NuGet's restore output, obj/project.assets.json.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# An independent reading of the format: every library of type package or project, the
# names of projectFileDependencyGroups as direct, the project as the subject.
oracle() {
	python3 - "$1" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	direct = {e.split(" ")[0].lower() for g in d["projectFileDependencyGroups"].values() for e in g}
	for key, lib in sorted(d["libraries"].items()):
	    name, ver = key.split("/", 1)
	    if lib["type"] not in ("package", "project"):
	        continue
	    flags = ["local"] if lib["type"] == "project" else []
	    flags.append("direct" if name.lower() in direct else ("transitive" if lib["type"] == "package" else ""))
	    print("pkg:nuget/%s@%s %s" % (name, ver, " ".join(f for f in flags if f)))
	PY
}

export -f oracle

test_case 'an edge goes to the version the target resolved, not the lowest one asked for; names without case' '
	cat >project.assets.json <<-X &&
	{"version": 3,
	 "targets": {"net8.0": {
	   "A/1.0.0": {"type": "package", "dependencies": {"b": "1.0.0"}},
	   "B/1.2.0": {"type": "package"},
	   "Lib/2.0.0": {"type": "project", "dependencies": {"A": "1.0.0"}}},
	   "net8.0/linux-x64": {"A/1.0.0": {"type": "package"}}},
	 "libraries": {
	   "A/1.0.0": {"type": "package", "sha512": "'"$(printf a | sha512sum | xxd -r -p | base64 -w0)"'"},
	   "B/1.2.0": {"type": "package"},
	   "Lib/2.0.0": {"type": "project", "path": "../Lib/Lib.csproj"}},
	 "projectFileDependencyGroups": {"net8.0": ["Lib >= 2.0.0"]},
	 "project": {"version": "3.1.0", "restore": {"projectName": "App"}}}
	X
	vouch sbom project.assets.json >s.json &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
deps = {x[\"ref\"]: x.get(\"dependsOn\", []) for x in d[\"dependencies\"]}
assert deps[\"pkg:nuget/A@1.0.0\"] == [\"pkg:nuget/B@1.2.0\"], deps
assert deps[\"pkg:nuget/Lib@2.0.0\"] == [\"pkg:nuget/A@1.0.0\"], deps
assert deps[\"pkg:nuget/App@3.1.0\"] == [\"pkg:nuget/Lib@2.0.0\"], deps
a = [c for c in d[\"components\"] if c[\"purl\"] == \"pkg:nuget/A@1.0.0\"][0]
t = sorted(p[\"value\"] for p in a[\"properties\"] if p[\"name\"] == \"vouch:nuget-target\")
assert t == [\"net8.0\", \"net8.0/linux-x64\"], t
assert a[\"hashes\"][0][\"alg\"] == \"SHA-512\", a"
'

test_case 'malformed: not JSON, not an assets file, a bad key and a bad hash are named with their line (exit 3)' '
	mkdir -p m1 m2 m3 &&
	echo "not json" >m1/project.assets.json &&
	echo "{\"version\": 3}" >m2/project.assets.json &&
	printf "%s\n" "{\"version\": 3, \"targets\": {}," " \"libraries\": {" "  \"NoVersion\": {\"type\": \"package\"}," \
		"  \"C/1.0.0\": {\"type\": \"package\", \"sha512\": \"nope\"}}}" >m3/project.assets.json &&
	expect_code 3 vouch sbom m1 m2 m3 >m.json 2>err &&
	grep -q "m1/project.assets.json:1: not valid JSON" err &&
	grep -q "m2/project.assets.json: not a NuGet project.assets.json" err &&
	grep -q "m3/project.assets.json:3: library .NoVersion. is not NAME/VERSION" err &&
	grep -q "m3/project.assets.json:4: sha512 of .C/1.0.0. is not a base64 SHA-512" err &&
	purls m.json | grep -qx "pkg:nuget/C@1.0.0"
'

need_corpus

test_case 'the corpus fixture: every package and project reference, direct ones from the groups, SHA-512' '
	cp "$CORPUS/lockfiles/dotnet-projectassetsjson/valid/project.assets.json" . &&
	vouch sbom project.assets.json >a.json &&
	oracle project.assets.json | LC_ALL=C sort >want &&
	python3 -c "
import json; d = json.load(open(\"a.json\"))
for c in d[\"components\"]:
    p = {x[\"name\"]: x[\"value\"] for x in c.get(\"properties\", [])}
    f = [k for k in (\"local\", \"direct\", \"transitive\") if p.get(\"vouch:\" + k) == \"true\"]
    print(c[\"purl\"], \" \".join(f))
" | LC_ALL=C sort >got &&
	cmp_output want got &&
	test "$(wc -l <want)" -gt 20 &&
	comp a.json pkg:nuget/Microsoft.NETCore.Platforms@1.1.0 | grep -q "\"alg\": \"SHA-512\"" &&
	python3 -c "
import json; d = json.load(open(\"a.json\"))
assert d[\"metadata\"][\"component\"][\"purl\"] == \"pkg:nuget/NuGet.Common@5.5.0\", d[\"metadata\"]
deps = {x[\"ref\"]: x.get(\"dependsOn\", []) for x in d[\"dependencies\"]}
assert \"pkg:nuget/NuGet.Frameworks@5.5.0\" in deps[\"pkg:nuget/NuGet.Common@5.5.0\"], deps
gh = \"pkg:nuget/Microsoft.SourceLink.GitHub@1.0.0-beta2-19351-01\"
assert deps[gh] == [\"pkg:nuget/Microsoft.Build.Tasks.Git@1.0.0-beta2-19351-01\",
                    \"pkg:nuget/Microsoft.SourceLink.Common@1.0.0-beta2-19351-01\"], deps[gh]"
'

test_done
