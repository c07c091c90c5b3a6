#!/usr/bin/env bash
# vouch sbom (and scan) on Gleam's manifest.toml, with the gleam.toml beside it, and on
# a gleam.toml alone.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/gleam: a manifest.toml as Gleam writes it (Hex packages with their
# outer checksums, one from git, one local, a rebar3 package reached only through
# another) and the gleam.toml that asked for it (gleeunit as a dev dependency).
export FX="$VOUCH_TOP/tests/fixtures/gleam"

test_case 'manifest.toml with gleam.toml: purls, direct/transitive/dev, edges, tarball hashes' '
	mkdir p && cp "$FX/manifest.toml" "$FX/gleam.toml" p/ &&
	vouch sbom p >b.json 2>err &&
	purls --flags b.json >f &&
	grep -qx "pkg:hex/gleam_json@1.0.1 required direct" f &&
	grep -qx "pkg:hex/thoas@0.4.1 required transitive" f &&
	grep -qx "pkg:hex/gleeunit@1.0.2 excluded dev,direct" f &&
	grep -qx "pkg:generic/my_local@0.3.0 required direct,local" f &&
	grep -q "^pkg:generic/my_git@a8b3c5d82e0f1a2b3c4d5e6f708192a3b4c5d6e7?vcs_url=.* required direct,local" f &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
assert d[\"metadata\"][\"component\"][\"purl\"] == \"pkg:hex/app@1.0.0\", d[\"metadata\"]
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[\"pkg:hex/gleam_json@1.0.1\"] == [\"pkg:hex/gleam_stdlib@0.34.0\", \"pkg:hex/thoas@0.4.1\"], deps
assert len(deps[\"pkg:hex/app@1.0.0\"]) == 5, deps
c = {x[\"purl\"]: x for x in d[\"components\"]}
# the outer checksum, upper-case in the file, is the SHA-256 of the tarball
assert c[\"pkg:hex/thoas@0.4.1\"][\"hashes\"] == [{\"alg\": \"SHA-256\", \"content\": \"4918d50026c073c4ab1388437132c77a6f6f7c8ac43c60c13758cc0adce2134e\"}]
assert \"hashes\" not in c[\"pkg:generic/my_local@0.3.0\"]
p = {q[\"name\"]: q[\"value\"] for q in c[\"pkg:generic/my_local@0.3.0\"][\"properties\"]}
assert p[\"vouch:source\"] == \"../my_local\", p
" &&
	! grep -q "dev" <(grep "^pkg:hex/gleam_stdlib" f)
'

test_case 'manifest.toml alone: direct from [requirements], dev not said; gleam.toml beside a manifest gives nothing of its own' '
	mkdir q && cp "$FX/manifest.toml" q/ &&
	vouch sbom q/manifest.toml >m.json &&
	purls --flags m.json >f &&
	grep -qx "pkg:hex/gleeunit@1.0.2 required direct" f &&
	grep -qx "pkg:hex/thoas@0.4.1 required transitive" f &&
	[ "$(wc -l <f)" = 6 ] &&
	mkdir r && cp "$FX/manifest.toml" "$FX/gleam.toml" r/ &&
	vouch sbom r/gleam.toml >g.json 2>err &&
	[ -z "$(purls g.json)" ] && grep -q "note:.*manifest.toml. beside it" err
'

test_case 'gleam.toml alone: requirements unresolved, a pinned one has its version, dev, path and git' '
	printf "name = \"solo\"\nversion = \"0.1.0\"\n\n[dependencies]\ngleam_stdlib = \">= 0.34.0 and < 2.0.0\"\nlustre = \"== 4.2.0\"\nwisp = \"1.1.0\"\nlib = { path = \"../lib\" }\nforked = { git = \"https://git.example.org/me/forked.git\", ref = \"v2\" }\n\n[dev_dependencies]\ngleeunit = { version = \"~> 1.0\" }\n" >gleam.toml &&
	vouch sbom gleam.toml >b.json &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:generic/forked@v2?vcs_url=git%2Bhttps:%2F%2Fgit.example.org%2Fme%2Fforked.git%40v2 required direct,local
	pkg:generic/lib required direct,local
	pkg:hex/gleam_stdlib required direct,unresolved
	pkg:hex/gleeunit excluded dev,direct,unresolved
	pkg:hex/lustre@4.2.0 required direct
	pkg:hex/solo@0.1.0 - root
	pkg:hex/wisp@1.1.0 required direct
	X
	cmp_output want f
'

test_case 'errors name file and line; the rest of the file is read (exit 3)' '
	mkdir e && sed -e "s/outer_checksum = \"1FB8[0-9A-F]*\"/outer_checksum = \"XYZ\"/" -e "/name = \"thoas\"/s/source = \"hex\", //" "$FX/manifest.toml" >e/manifest.toml &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	grep -q "e/manifest.toml:6: outer checksum of .gleam_stdlib. is not 64 hex digits" err &&
	grep -q "e/manifest.toml:10: package .thoas. has no source" err &&
	purls b.json >f && grep -qx "pkg:hex/gleam_stdlib@0.34.0" f && grep -qx "pkg:hex/gleam_json@1.0.1" f &&
	! grep -q thoas f &&
	mkdir o && printf "[package]\nname = \"x\"\n" >o/manifest.toml &&
	expect_code 3 vouch sbom o 2>err2 && grep -q "o/manifest.toml: not a Gleam manifest" err2
'

test_case 'scan: a Hex advisory matches the manifest'"'"'s Hex packages, not the git or local ones' '
	mkdir -p s adv && cp "$FX/manifest.toml" s/ &&
	printf "{\"id\": \"EEF-2024-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Hex\", \"name\": \"thoas\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}]}]}, {\"package\": {\"ecosystem\": \"Hex\", \"name\": \"my_local\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db h.db adv >/dev/null &&
	{ vouch scan --db h.db --format json s >s.json || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"EEF-2024-1\", \"thoas\", \"0.4.1\")], got"
'

need_corpus
export L="$CORPUS/lockfiles"
# The corpus holds gleam.toml files: each read alone; not-toml.txt is named (exit 3)
# and no-deps.toml gives the project alone.
test_case 'the corpus gleam.toml fixtures: every one read, the one that is not TOML named (exit 3)' '
	corpus_folder gleam-gleamtoml gleam.toml 6 not-toml.txt &&
	purls --flags bom.json >f &&
	grep -qx "pkg:hex/gleeunit excluded dev,direct,unresolved" f &&
	grep -q "^pkg:hex/my_project@1.0.0 " f
'

test_case 'the corpus fixtures with their own names, given as PATH: recognised by content' '
	vouch sbom "$L/gleam-gleamtoml/deps-and-dev-deps.toml" >b.json &&
	purls --flags b.json >f &&
	grep -qx "pkg:hex/gleeunit excluded dev,direct,unresolved" f &&
	grep -qx "pkg:hex/gleam_stdlib required direct,unresolved" f &&
	vouch sbom "$L/gleam-gleamtoml/git-and-local-deps.toml" >g.json &&
	purls g.json >g && grep -q "^pkg:generic/my_git_package@a8b3c5d82?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fmy-username%2Fmy_git_package%40a8b3c5d82$" g
'

test_done
