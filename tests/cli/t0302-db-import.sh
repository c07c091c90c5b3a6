#!/usr/bin/env bash
# vouch db import and stats: the whole OSV corpus, re-import rules, archives,
# invalid input named, and agreement with the official OSV schema.
. "$(dirname "$0")/lib.sh"
# cases on the corpus's OSV files skip without it; the others make their own
export OSV="$CORPUS/osv"

corpus_case 'the whole corpus imports; counts per ecosystem match the files' '
	{ vouch db import --db all.db "$OSV/go" "$OSV/pypi" "$OSV/crates.io" >out 2>err; rc=$?; } &&
	vouch db stats --db all.db --format json >stats.json &&
	go=$(find "$OSV/go" -name "*.json" | wc -l) &&
	py=$(find "$OSV/pypi" -name "*.yaml" | wc -l) &&
	rs=$(find "$OSV/crates.io" -name "*.json" | wc -l) &&
	bad=$(grep -v "^vouch: warning: " err | grep -c "^vouch: " || true) &&
	[ "$rc" -eq "$([ "$bad" -gt 0 ] && echo 3 || echo 0)" ] &&
	[ "$(grep -c "^vouch: .*pypi/" err)" -eq "$(grep -c "^vouch: " err)" ] &&
	/usr/bin/python3 -c "
import json, sys
s = json.load(open(\"stats.json\"))
e = s[\"ecosystems\"]
want = {\"Go\": $go, \"PyPI\": $py - $bad, \"crates.io\": $rs}
assert e == want, (e, want)
assert s[\"advisories\"] == $go + $py + $rs - $bad
print(\"ok\", e)
" &&
	grep -q "$((go + py + rs - bad)) new" out
'

need_schema=""
/usr/bin/python3 -c "import jsonschema, yaml" 2>/dev/null || need_schema="needs python3-jsonschema and python3-yaml"

if [ -n "$need_schema" ]; then
	test_skip 'refused files fail the OSV schema; a sample of accepted ones pass it' "$need_schema"
else
	corpus_case 'refused files fail the OSV schema; a sample of accepted ones pass it' '
		vouch db import --db s.db "$OSV/pypi" 2>err >/dev/null || true
		sed -n "s/^vouch: \([^:]*\.yaml\):.*/\1/p" err | sort -u >refused &&
		sed -n "s/^vouch: warning: \([^:]*\.yaml\): .*GIT range not valid OSV.*/\1/p" err |
			sort -u >trimmed &&
		/usr/bin/python3 "$TEST_SRC/helpers/osv-schema-check.py" "$SCHEMAS/osv-schema.json" \
			$(cat refused) >verdict &&
		! grep -q "^valid " verdict &&
		find "$OSV/go" "$OSV/crates.io" "$OSV/pypi" -type f | sort | awk "NR % 40 == 0" |
			grep -vxF -f refused | grep -vxF -f trimmed >sample &&
		/usr/bin/python3 "$TEST_SRC/helpers/osv-schema-check.py" "$SCHEMAS/osv-schema.json" \
			$(cat sample) >verdict2 &&
		! grep "^invalid " verdict2 && [ "$(wc -l <verdict2)" -gt 150 ]
	'
fi

if [ -n "$need_schema" ] || ! /usr/bin/python3 -c "import packaging" 2>/dev/null; then
	test_skip 'advisories whose GIT ranges break the schema: imported without them' \
		"${need_schema:-needs python3-packaging}"
else
	corpus_case 'advisories whose GIT ranges break the schema: imported without them' '
		vouch db import --db git.db "$OSV/pypi" >out 2>err &&
		grep -q "[1-9][0-9]* imported without GIT ranges that break the schema" out &&
		/usr/bin/python3 "$TEST_SRC/helpers/osv-git-ranges.py" "$SCHEMAS/osv-schema.json" \
			"$OSV/pypi" err git.db sbom.json expected.json &&
		vouch scan --db git.db --format json sbom.json >scan.json 2>/dev/null &&
		/usr/bin/python3 "$TEST_SRC/helpers/osv-oracle.py" compare expected.json scan.json
	'
fi

test_case 'a GIT range with a short hash is left out with a warning; one outside GIT is refused' '
	mkdir gits &&
	ok="\"introduced\": \"0\"}, {\"fixed\": \"1.2\"" &&
	git="{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"cb35df9\"}]}" &&
	printf "{\"id\": \"PYSEC-1\", \"modified\": \"2020-01-01T00:00:00Z\", \"aliases\": [\"CVE-1\"], \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{%s}]}, %s], \"versions\": [\"1.0\"]}]}" \
		"$ok" "$git" >gits/one.json &&
	printf "{\"id\": \"PYSEC-2\", \"modified\": \"2020-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"b\"}, \"ranges\": [%s, {\"type\": \"ECOSYSTEM\", \"events\": [{\"fixed\": \"1\"}]}]}]}" \
		"$git" >gits/two.json &&
	expect_code 3 vouch db import --db gits.db gits >out 2>err &&
	grep -qx "vouch: warning: gits/one.json: affected\[0\].ranges\[1\]: GIT range not valid OSV (events\[1\].fixed: .cb35df9. is not a full commit hash): left out; the rest imported" err &&
	grep -qx "vouch: gits/two.json: affected\[0\].ranges\[1\]: no .introduced. event" err &&
	[ "$(wc -l <err)" -eq 2 ] &&
	grep -q "1 new, .* 1 invalid (1 imported without GIT ranges that break the schema)" out &&
	[ "$(sqlite3 gits.db "select ranges || versions from affected")" = \
		"[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2\"}]}][\"1.0\"]" ] &&
	[ "$(sqlite3 gits.db "select alias from alias")" = CVE-1 ] &&
	rm gits/two.json && vouch db import --db gits2.db gits >out 2>err &&
	grep -q "1 new" out && grep -q "^vouch: warning: " err
'

corpus_case 'the OSV files of the GHSA conversion tests import' '
	vouch db import --db g.db "$OSV"/ghsa-conversion/*.osv.json >out &&
	n=$(ls "$OSV"/ghsa-conversion/*.osv.json | wc -l) &&
	grep -q "from $n files" out
'

corpus_case 're-import keeps the newest modified' '
	mkdir old new &&
	f="$OSV/go/GO-2020-0001.json" &&
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(\"$f\"))
d[\"modified\"] = \"2000-01-01T00:00:00Z\"; d[\"summary\"] = \"OLD\"
json.dump(d, open(\"old/a.json\", \"w\"))
d[\"modified\"] = \"2099-01-01T00:00:00.5Z\"; d[\"summary\"] = \"NEW\"
json.dump(d, open(\"new/a.json\", \"w\"))
" &&
	vouch db import --db r.db new >/dev/null &&
	vouch db import --db r.db old "$f" >out &&
	grep -q "0 new, 0 replaced by a newer version, 2 unchanged" out &&
	[ "$(sqlite3 r.db "select summary from advisory where osv_id = \"GO-2020-0001\"")" = NEW ] &&
	rm r.db && vouch db import --db r.db old >/dev/null && vouch db import --db r.db new >out &&
	grep -q "1 replaced" out &&
	[ "$(sqlite3 r.db "select summary from advisory")" = NEW ] &&
	[ "$(sqlite3 r.db "select count(*) from affected")" -ge 1 ]
'

corpus_case 'a .zip archive as osv.dev publishes it imports' '
	/usr/bin/python3 -c "
import zipfile, glob
with zipfile.ZipFile(\"all.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:
    for p in sorted(glob.glob(\"$OSV/crates.io/*.json\")):
        z.write(p, p.rsplit(\"/\", 1)[1])
" &&
	vouch db import --db z.db all.zip >out &&
	n=$(ls "$OSV"/crates.io/*.json | wc -l) &&
	grep -q "^$n advisories read from $n files: $n new" out &&
	vouch db stats --db z.db | grep -q "crates.io *$n"
'

corpus_case 'a zip bomb entry is refused, the rest imported' '
	/usr/bin/python3 -c "
import zipfile
with zipfile.ZipFile(\"bomb.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:
    z.write(\"$OSV/go/GO-2020-0001.json\", \"GO-2020-0001.json\")
    z.writestr(\"BOMB.json\", b\" \" * (64 << 20))
    z.write(\"$OSV/go/GO-2020-0003.json\", \"GO-2020-0003.json\")
" &&
	[ "$(stat -c %s bomb.zip)" -lt 1000000 ] &&
	expect_code 3 vouch db import --db b.db bomb.zip >out 2>err &&
	grep -q "bomb.zip:BOMB.json: entry larger than" err &&
	grep -q "2 new" out
'

corpus_case 'invalid advisories are named with the file and line; the good ones stay' '
	mkdir mix && cp "$OSV/go/GO-2020-0001.json" mix/ &&
	printf "{\"id\": \"GO-1\",\n \"modified\": }\n" >mix/broken.json &&
	printf "id: PYSEC-1\nmodified: 2020-01-01T00:00:00Z\na: &x 1\nb: *x\n" >mix/alias.yaml &&
	printf "{\"id\": \"GO-2\", \"modified\": \"yesterday\"}" >mix/badtime.json &&
	printf "{\"id\": \"GO-3\", \"modified\": \"2020-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"x\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"fixed\": \"1.0.0\"}]}]}]}" >mix/nointro.json &&
	expect_code 3 vouch db import --db m.db mix >out 2>err &&
	grep -q "mix/broken.json:2:" err &&
	grep -q "mix/alias.yaml:4:4: aliases are not supported" err &&
	grep -q "mix/badtime.json: modified: .yesterday. is not an RFC 3339" err &&
	grep -q "mix/nointro.json: affected\[0\].ranges\[0\]: no .introduced. event" err &&
	grep -q "1 new" out && grep -q "4 invalid" out
'

corpus_case 'withdrawn advisories are counted and kept apart' '
	vouch db stats --db all.db --format json >s.json &&
	w=$(grep -l "\"withdrawn\"" "$OSV"/go/*.json "$OSV"/crates.io/*.json | wc -l) &&
	wy=$(grep -l "^withdrawn:" -r "$OSV/pypi" | wc -l) &&
	/usr/bin/python3 -c "import json; s = json.load(open(\"s.json\")); assert s[\"withdrawn\"] == $w + $wy, (s[\"withdrawn\"], $w, $wy)"
'

test_case 'stats of a missing database is an error, exit 4' '
	expect_code 4 vouch db stats --db nothere.db 2>err && grep -q "nothere.db" err
'

test_case '--db defaults to $VOUCH_DB, then the XDG cache' '
	printf "%s\n" "{\"id\": \"GO-0000-0001\", \"modified\": \"2024-01-01T00:00:00Z\",
		\"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"example.com/m\"}, \"versions\": [\"v1.0.0\"]}]}" >adv.json &&
	VOUCH_DB=$PWD/env.db vouch db import adv.json >/dev/null &&
	[ -f env.db ] &&
	XDG_CACHE_HOME=$PWD/xdg vouch db import adv.json >/dev/null &&
	[ -f xdg/vouch/vulns.db ] &&
	vouch db import adv.json >/dev/null && [ -f home/.cache/vouch/vulns.db ] &&
	[ "$(vouch db stats --db home/.cache/vouch/vulns.db --format json | python3 -c "import json,sys; print(json.load(sys.stdin)[\"advisories\"])")" = 1 ]
'
test_done
