#!/usr/bin/env bash
# vouch advisory check: the CSAF 2.0 mandatory tests, judged by the OASIS test documents
# (../shared/corpus/csaf: testcases.json names, for each test, documents that must fail it
# and documents that must pass), and the command's contract (exit codes, messages).
. "$(dirname "$0")/lib.sh"

need_cmd python3
export PY=/usr/bin/python3

corpus_case 'every OASIS mandatory test document is classified as testcases.json says' '
	$PY - "$CORPUS/csaf" "$VOUCH_BIN" >oracle.out <<"PY"
import json, subprocess, sys
top, vouch = sys.argv[1], sys.argv[2]
cases = json.load(open(top + "/testcases.json"))["tests"]
names, want = [], []
for t in cases:
    if t["group"] != "mandatory":
        continue
    for c in t.get("failures", []) + t.get("valid", []):
        names.append(top + "/" + c["name"])
        want.append((t["id"], c["valid"]))
p = subprocess.run([vouch, "advisory", "check", "--format", "json"] + names,
                   capture_output=True, text=True)
got = json.loads(p.stdout)
assert len(got) == len(names), "one result per document"
bad = 0
for (test, valid), res in zip(want, got):
    failed = {f["test"] for f in res["findings"] if f["level"] == "error"}
    # a failing document must fail its named test; a passing one must pass every test
    ok = (not failed) if valid else (test in failed)
    if not ok:
        bad += 1
        print("disagree", test, res["file"], sorted(failed))
print(len(names), "documents,", bad, "disagreements")
sys.exit(1 if bad or len(names) < 140 else 0)
PY
'

corpus_case 'a failing document exits 1 and names the test, the product id and the JSON pointer' '
	expect_code 1 vouch advisory check "$CORPUS/csaf/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json" >out &&
	grep -q "6.1.1 missing definition of product id '\''CSAFPID-9080700'\'' at /product_tree/product_groups/0/product_ids/0" out
'

corpus_case 'a valid document exits 0 and says ok' '
	f="$CORPUS/csaf/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-11.json" &&
	expect_code 0 vouch advisory check "$f" >out &&
	grep -qx "$f: ok" out
'

test_case 'malformed JSON is named with file and line, the other files still checked (exit 3); a missing file is a usage error' '
	printf "{\n  \"document\": {\n    \"category\": ,\n" >broken.json &&
	printf "{\"document\":{}}" >thin.json &&
	expect_code 1 vouch advisory check broken.json thin.json >out 2>err &&
	grep -q "broken.json:3:" err &&
	grep -q "thin.json: schema required member .category. missing at /document" out &&
	printf "%s" "$(cat thin.json)" >/dev/null &&
	cp broken.json only.json && expect_code 3 vouch advisory check only.json 2>err2 &&
	grep -q "only.json:3" err2 &&
	expect_code 2 vouch advisory check missing.json only.json 2>err3 && grep -q "missing.json" err3
'

test_case 'json output: one result per file with test, level, path and message' '
	printf "{\"document\":{}}" >thin.json &&
	expect_code 1 vouch advisory check --format json thin.json >out.json &&
	$PY -c "
import json
r = json.load(open(\"out.json\"))
assert r[0][\"file\"] == \"thin.json\" and r[0][\"valid\"] is False
f = r[0][\"findings\"][0]
assert set(f) == {\"test\", \"level\", \"path\", \"message\"}, f
"
'

test_case 'hostile input: deep branches, a huge document, a cycle of relationships' '
	$PY -c "
import json
b = {\"category\": \"vendor\", \"name\": \"v\"}
top = b
for i in range(200):
    n = {\"category\": \"product_name\", \"name\": \"p%d\" % i}
    b[\"branches\"] = [n]; b = n
doc = {\"document\": {}, \"product_tree\": {\"branches\": [top], \"relationships\": [
  {\"category\": \"installed_on\", \"product_reference\": \"B\", \"relates_to_product_reference\": \"A\",
   \"full_product_name\": {\"name\": \"a\", \"product_id\": \"A\"}},
  {\"category\": \"installed_on\", \"product_reference\": \"A\", \"relates_to_product_reference\": \"B\",
   \"full_product_name\": {\"name\": \"b\", \"product_id\": \"B\"}}]}}
json.dump(doc, open(\"deep.json\", \"w\"))
" &&
	expect_code 1 vouch advisory check deep.json >out &&
	grep -q "nested deeper than 64" out && grep -q "6.1.3 circular definition" out &&
	head -c 70000000 /dev/zero | tr "\0" " " >huge.json &&
	expect_code 3 vouch advisory check huge.json 2>err && grep -q "huge.json" err
'

test_done
