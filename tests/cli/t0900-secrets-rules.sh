#!/usr/bin/env bash
# vouch secrets: every rule fires on a planted token made here with a valid format (GitHub and
# npm checksums computed by Python's zlib.crc32), and none fires on the near misses (wrong
# checksums, placeholders, lockfile hashes, vouch:allow lines, heuristics in fixtures, binaries).
. "$(dirname "$0")/lib.sh"

need_cmd python3
GEN="$VOUCH_TOP/tests/cli/helpers/secret_tokens.py"
export GEN

test_case 'every rule finds its planted token, at its file and line' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	expect_code 1 vouch secrets --format json p >out.json &&
	python3 - <<PY
import json
out = json.load(open("out.json"))
got = {(f["rule"], f["path"], f["line"]) for f in out["findings"]}
rows = [l.split() for l in open("manifest")]
missing = [r for r in rows if (r[0], "p/" + r[1], int(r[2])) not in got]
assert not missing, missing
assert len(out["findings"]) == len(rows), (len(out["findings"]), len(rows))
assert out["files_scanned"] == len(rows) and out["bytes_scanned"] > 0
import subprocess
rules = subprocess.run(["$VOUCH_BIN", "secrets", "--list-rules"], capture_output=True,
                       text=True).stdout.split()
ids = {l.split()[0] for l in subprocess.run(["$VOUCH_BIN", "secrets", "--list-rules"],
       capture_output=True, text=True).stdout.splitlines() if not l.startswith(" ")}
assert ids == {r[0] for r in rows}, ids ^ {r[0] for r in rows}
PY
'

test_case 'no output format shows a whole secret' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	expect_code 1 vouch secrets p >out.table &&
	expect_code 1 vouch secrets --format json p >out.json &&
	expect_code 1 vouch secrets --format sarif p >out.sarif &&
	for f in out.table out.json out.sarif; do
		[ -s $f ] || exit 1
		while read -r rule file line probe; do
			if grep -qF -- "$probe" $f; then echo "$file: $probe in $f" >&2; exit 1; fi
		done <manifest
	done &&
	grep -q "…" out.table
'

schema_case sarif-2.1.0.schema.json 'SARIF validates against the SARIF 2.1.0 schema' '
	rm -rf p && python3 "$GEN" planted p >manifest &&
	expect_code 0 vouch secrets --write-baseline base p >/dev/null &&
	cp p/.npmrc p/new && expect_code 1 vouch secrets --baseline base --format sarif p >out.sarif &&
	python3 "$VOUCH_TOP/tests/cli/helpers/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json out.sarif &&
	python3 -c "
import json; r = json.load(open(\"out.sarif\"))[\"runs\"][0]
res = r[\"results\"]
assert len(res) == $(wc -l <manifest) + 1, len(res)
assert sum(1 for x in res if x.get(\"suppressions\")) == $(wc -l <manifest)
ids = [x[\"id\"] for x in r[\"tool\"][\"driver\"][\"rules\"]]
assert all(x[\"ruleId\"] in ids for x in res)"
'

test_case 'near misses are not findings' '
	python3 "$GEN" nearmiss n &&
	vouch secrets --format json n >out.json &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
assert o[\"findings\"] == [], o[\"findings\"]
assert o[\"files_binary\"] == 1 and o[\"files_scanned\"] >= 9, o"
'

test_case 'a provider token in a fixture folder is still a finding; a heuristic one is not' '
	rm -rf p q t && python3 "$GEN" planted p >manifest && mkdir -p t/testdata &&
	cp p/deploy.sh p/config.yaml p/settings.py t/testdata/ &&
	expect_code 1 vouch secrets --format json t >out.json &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
assert [f[\"rule\"] for f in o[\"findings\"]] == [\"github-pat\"], o"
'

test_case 'vouch:allow on the line accepts that line only' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	tok_line=$(sed -n 2p p/deploy.sh) &&
	printf "%s # vouch:allow revoked test account\n%s\n" "$tok_line" "$tok_line" >a.sh &&
	expect_code 1 vouch secrets --format json a.sh >out.json &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
assert [(f[\"path\"], f[\"line\"]) for f in o[\"findings\"]] == [(\"a.sh\", 2)], o"
'

test_case 'with no PATH the current folder is scanned, .git skipped' '
	rm -rf p q t && python3 "$GEN" planted p >manifest && mkdir -p w/.git &&
	cp p/.npmrc w/.git/config && cp p/.npmrc w/npmrc &&
	cd w && expect_code 1 vouch secrets >../out && cd .. &&
	grep -q "^npmrc:1:" out && ! grep -q "\.git" out &&
	grep -q "1 secret found in 1 files" out
'
test_done
