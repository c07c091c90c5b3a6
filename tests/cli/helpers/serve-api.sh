# helpers/serve-api.sh: the API suite, run against one backend. Sourced by
# t1100 (SQLite) and t1101 (PostgreSQL) after $DB is set; expects lib.sh and
# helpers/serve.sh. Oracles: the uploaded documents themselves, read with
# Python's json and csv modules; `vouch log verify` for the audit log.

EX="$VOUCH_TOP/examples/example-product"
export EX

test_case 'setup: documents to upload, tokens, a server with an audit log' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	vouch sbom "$EX" >sbom.cdx.json 2>/dev/null
	vouch sbom --format spdx "$EX" >sbom.spdx.json 2>/dev/null
	tok admin >admin.tok && tok uploader lantern >up.tok && tok viewer >view.tok
	test "$(wc -c <admin.tok)" -eq 71 && grep -q "^vouch_[0-9a-f]\{64\}$" up.tok
	test "$(jpy "d[\"product\"][\"name\"]" <assess.json)" = lantern
'
if [ -z "$skip_all_reason" ]; then
	serve_up S "$DB" --audit-log "$TEST_DIR/audit" --rate 0 || skip_all_reason="server did not start"
fi
URL=${S_URL:-}
export URL
A=$(cat "$TEST_DIR/admin.tok" 2>/dev/null) U=$(cat "$TEST_DIR/up.tok" 2>/dev/null)
W=$(cat "$TEST_DIR/view.tok" 2>/dev/null)
export A U W

test_case 'the schema is migrated at start and the backend named' '
	grep -q "$BACKEND store at schema [1-9][0-9]*\$" S.log
'

test_case 'push uploads an assessment; the product lists its counts as the document has them' '
	vouch push --server "$URL" --token "$U" assess.json >out
	grep -q "assessment lantern@2.1.0, 45 items" out
	api "$W" GET /api/v1/products >products.json
	test "$(status)" = 200
	test "$(jpy "[(p[\"name\"],p[\"met\"],p[\"not_met\"],p[\"unknown\"],p[\"not_applicable\"]) for p in d]" <products.json)" = \
	     "$(jpy "[(\"lantern\",)+tuple(d[\"summary\"][k] for k in (\"met\",\"not_met\",\"unknown\",\"not_applicable\"))]" <assess.json)"
'

test_case 'an assessment is given back byte for byte' '
	id=$(api "$W" GET /api/v1/products/lantern/assessments | jpy "d[-1][\"id\"]")
	api "$W" GET /api/v1/assessments/$id >back.json
	cmp assess.json back.json
'

test_case 'claims of the newest assessment match the document, principle by principle' '
	api "$W" GET /api/v1/products/lantern/claims >claims.json
	test "$(jpy "sorted((c[\"id\"],c[\"status\"],c[\"basis\"]) for c in d)" <claims.json)" = \
	     "$(jpy "sorted((c[\"id\"],c[\"status\"],c.get(\"basis\")) for p in d[\"principles\"] for c in p[\"claims\"])" <assess.json)"
	api "$W" GET /api/v1/products/lantern >product.json
	test "$(jpy "sorted((p[\"id\"],p[\"status\"]) for p in d[\"principles\"])" <product.json)" = \
	     "$(jpy "sorted((p[\"id\"],p[\"status\"]) for p in d[\"principles\"])" <assess.json)"
'

test_case 'the history of a claim follows each assessment, and a claim is seen across products' '
	/usr/bin/python3 -c "
import json; d=json.load(open(\"assess.json\"))
for p in d[\"principles\"]:
    for c in p[\"claims\"]:
        if c[\"id\"] == \"1.1.1\": c[\"status\"] = \"not_met\"
json.dump(d, open(\"assess2.json\", \"w\"))
d[\"product\"][\"name\"] = \"beacon\"; json.dump(d, open(\"beacon.json\", \"w\"))"
	vouch push --server "$URL" --token "$U" --release 2.2.0 assess2.json
	vouch push --server "$URL" --token "$A" beacon.json
	api "$W" GET /api/v1/products/lantern/claims/1.1.1/history >hist.json
	test "$(jpy "[(h[\"version\"],h[\"status\"]) for h in d]" <hist.json)" = \
	     "[('\''2.1.0'\'', '\''met'\''), ('\''2.2.0'\'', '\''not_met'\'')]"
	api "$W" GET /api/v1/claims/1.1.1 >across.json
	test "$(jpy "[(x[\"product\"],x[\"status\"]) for x in d]" <across.json)" = \
	     "[('\''beacon'\'', '\''not_met'\''), ('\''lantern'\'', '\''not_met'\'')]"
'

test_case 'CycloneDX and SPDX SBOMs of one tree are read by the scanner reader to the same components' '
	vouch push --server "$URL" --token "$U" --product lantern --release 2.1.0 sbom.cdx.json
	vouch push --server "$URL" --token "$U" --product lantern --release 2.2.0 sbom.spdx.json
	api "$W" GET /api/v1/products/lantern/releases >rel.json
	test "$(jpy "[r[\"components\"] for r in d]" <rel.json)" = \
	     "[$(jpy "len(d[\"components\"])" <sbom.cdx.json), $(jpy "len(d[\"components\"])" <sbom.cdx.json)]"
'

test_case 'scan results record findings with first_seen; one that disappears gets fixed_at' '
	cat >scan1.json <<-JSON
	{"findings":[
	 {"id":"GHSA-aaaa-bbbb-cccc","purl":"pkg:npm/left-pad@1.0.0","severity":{"level":"high","score":7.5}},
	 {"id":"CVE-2024-0001","purl":"pkg:npm/minimist@0.0.8","severity":{"level":"critical","score":9.8}}]}
	JSON
	printf "%s\n" "{\"findings\":[{\"id\":\"CVE-2024-0001\",\"purl\":\"pkg:npm/minimist@0.0.8\",\"severity\":{\"level\":\"critical\",\"score\":9.8}}]}" >scan2.json
	vouch push --server "$URL" --token "$U" --product lantern --release 2.2.0 scan1.json
	api "$W" GET /api/v1/products/lantern/findings >f1.json
	sleep 1.1
	vouch push --server "$URL" --token "$U" --product lantern --release 2.2.0 scan2.json
	api "$W" GET /api/v1/products/lantern/findings >f2.json
	test "$(jpy "sorted((f[\"id\"],f[\"fixed_at\"] is None) for f in d)" <f2.json)" = \
	     "[('\''CVE-2024-0001'\'', True), ('\''GHSA-aaaa-bbbb-cccc'\'', False)]"
	test "$(jpy "[f[\"first_seen\"] for f in d if f[\"id\"]==\"CVE-2024-0001\"]" <f1.json)" = \
	     "$(jpy "[f[\"first_seen\"] for f in d if f[\"id\"]==\"CVE-2024-0001\"]" <f2.json)"
	api "$W" GET "/api/v1/products/lantern/findings?open=1" | jpy "[f[\"id\"] for f in d]" >open
	test "$(cat open)" = "['\''CVE-2024-0001'\'']"
'

test_case 'exports: claims and findings as CSV, the portfolio as JSON' '
	api "$W" GET /api/v1/export/claims.csv >claims.csv
	test "$(status)" = 200
	/usr/bin/python3 -c "
import csv, json
rows = list(csv.DictReader(open(\"claims.csv\", newline=\"\")))
n = sum(len(p[\"claims\"]) for p in json.load(open(\"assess.json\"))[\"principles\"])
assert len(rows) == 2 * n, (len(rows), n)
assert {r[\"product\"] for r in rows} == {\"lantern\", \"beacon\"}
assert all(r[\"status\"] in (\"met\",\"not_met\",\"unknown\",\"not_applicable\") for r in rows)"
	api "$W" GET /api/v1/export/findings.csv >findings.csv
	/usr/bin/python3 -c "
import csv; rows = list(csv.DictReader(open(\"findings.csv\", newline=\"\")))
assert sorted(r[\"id\"] for r in rows) == [\"CVE-2024-0001\", \"GHSA-aaaa-bbbb-cccc\"], rows"
	api "$W" GET /api/v1/export/portfolio.json >portfolio.json
	test "$(jpy "[(p[\"name\"], len(p[\"principles\"])) for p in d[\"products\"]]" <portfolio.json)" = \
	     "[('\''beacon'\'', $(jpy "len(d[\"principles\"])" <assess.json)), ('\''lantern'\'', $(jpy "len(d[\"principles\"])" <assess.json))]"
'

test_case 'rejected uploads say why and leave nothing behind' '
	printf "{\"principles\": [" >broken.json
	expect_code 3 vouch push --server "$URL" --token "$U" --product lantern --release 9.9 broken.json 2>err
	grep -q "not an assessment, SBOM, scan result or bundle" err
	api "$U" POST /api/v1/products/lantern/releases/9.9/assessment --data-binary @broken.json >rej.json
	test "$(status)" = 422
	grep -q "assessment:1:" rej.json
	api "$U" POST /api/v1/products/lantern/releases/9.9/assessment --data-binary @sbom.cdx.json >rej.json
	test "$(status)" = 422 && grep -q "no .principles. array" rej.json
	api "$A" POST /api/v1/products/beacon/releases/9.9/assessment --data-binary @assess.json >rej.json
	test "$(status)" = 422 && grep -q "about product .lantern., not .beacon." rej.json
	api "$W" GET /api/v1/products/lantern/releases | jpy "[r[\"version\"] for r in d]" >vers
	! grep -q 9.9 vers
'

test_case 'bundle upload answers 501 with a plain reason until issue 15 lands' '
	printf "PK\003\004" >x.vouch
	expect_code 1 vouch push --server "$URL" --token "$U" x.vouch 2>err
	grep -q "HTTP 501" err && grep -q "bundle" err
'

test_case 'every response carries the security headers (API, page, error, unauthenticated)' '
	for p in /api/v1/products /portfolio /nope /login /static/vouch.css; do
		curl -sS -D h -o /dev/null -H "Authorization: Bearer $W" "$URL$p"
		grep -qi "^content-security-policy: default-src .none.; style-src .self.; img-src .self.; script-src .self.; frame-ancestors .none." h
		grep -qi "^x-content-type-options: nosniff" h
		grep -qi "^referrer-policy: no-referrer" h
		! grep -qi "^strict-transport-security" h
	done
	curl -sS -D h -o /dev/null "$URL/api/v1/products"
	grep -qi "^content-security-policy:" h && grep -q "^HTTP/1.1 401" h
'

test_case 'every write is audited, and the audit log is a valid vouch log of the same entries' '
	api "$A" GET /api/v1/audit >audit.json
	n=$(jpy "len([a for a in d if a[\"action\"] in (\"assessment\",\"sbom\",\"scan\")])" <audit.json)
	test "$n" = 7
	vouch log verify --log audit
	size=$(vouch log root --log audit | cut -d" " -f1)
	test "$size" = "$(jpy "len([a for a in d if a[\"log_index\"] is not None])" <audit.json)"
	vouch log get --log audit --index 0 | jpy "d[\"action\"]" | grep -qx assessment
'

if [ -z "$skip_all_reason" ]; then
	serve_down S
	serve_up S2 "$DB" --rate 0 || true
fi
test_case 'restarting the server keeps the data (no state in the process)' '
	URL=$S2_URL api "$W" GET /api/v1/products | jpy "[p[\"name\"] for p in d]" >names
	test "$(cat names)" = "['\''beacon'\'', '\''lantern'\'']"
	grep -q "schema [1-9]" S2.log
'
