# helpers/serve-fix-targets.sh: a product's own fix targets ([fix_targets] in
# its vouch.toml, carried by its assessment) decide when its open findings are
# past due; products without them get the server's. Sourced by t1146 (SQLite)
# and t1147 (PostgreSQL) after $DB is set. The servers run on days counted
# from the findings' first_seen (SOURCE_DATE_EPOCH).

EX="$VOUCH_TOP/examples/example-product"
at_noon() { echo $(($(date -u -d "$1" +%s) + 43200)); }
export EX

test_case 'setup: "own" declares critical = 2 and low = 20 days, "other" declares none' '
	cp -r "$EX" own
	printf "\n[fix_targets]\ncritical = 2\nlow = 20\n" >>own/vouch.toml
	(cd own && vouch assess --format json --no-save .) >own-full.json 2>/dev/null
	sed "s/\"name\": \"lantern\"/\"name\": \"own\"/" own-full.json >own.json
	(cd "$EX" && vouch assess --format json --no-save .) >ex.json 2>/dev/null
	sed "s/\"name\": \"lantern\"/\"name\": \"other\"/" ex.json >other.json
	test "$(jpy "d[\"fix_targets\"]" <own.json)" = "{'\''critical'\'': 2, '\''low'\'': 20}"
	test "$(jpy "\"fix_targets\" in d" <other.json)" = false
	cat >scan.json <<-JSON
	{"findings": [
	 {"id": "GHSA-crit-0001", "purl": "pkg:npm/a@1.0.0", "severity": {"level": "critical"}},
	 {"id": "GHSA-high-0002", "purl": "pkg:npm/b@1.0.0", "severity": {"level": "high"}}]}
	JSON
	tok admin >admin.tok && tok viewer >view.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_up UP "$DB" --rate 0 || skip_all_reason="server did not start"
fi

test_case 'upload: both assessments and the same scan' '
	for p in own other; do
		vouch -q push --server "$UP_URL" --token "$(cat admin.tok)" $p.json
		URL=$UP_URL api "$(cat admin.tok)" POST /api/v1/products/$p/releases/1.0/scan \
			-H "Content-Type: application/json" --data-binary @scan.json >/dev/null
		test "$(status)" = 201
	done
	URL=$UP_URL api "$(cat view.tok)" GET /api/v1/products/own/findings | jpy "d[0][\"first_seen\"][:10]" >seen
'
# 3 days on: past own's critical target (2) only; 8 days on: past the server's (7) too
if [ -z "$skip_all_reason" ] && [ -s "$TEST_DIR/seen" ]; then
	for n in 2 3 8; do
		SOURCE_DATE_EPOCH=$(at_noon "$(cat "$TEST_DIR/seen") + $n days") serve_spawn D$n "$DB" \
			--rate 0
	done
	serve_wait D2 && serve_wait D3 && serve_wait D8 || skip_all_reason="servers did not start"
fi
# fix: "product vuln days" of the fix-target items the server at $URL lists
fix() {
	api "$(cat view.tok)" GET /api/v1/deadlines |
		jpy "\" \".join(sorted(x[\"product\"] + \":\" + x[\"what\"].split()[0] + \":\" + str(x[\"days\"]) for x in d[\"deadlines\"] if x[\"kind\"] == \"fix target\"))"
}
export -f fix

test_case 'the product'\''s own target decides, the server'\''s applies to the rest' '
	test "$(URL=$D2_URL fix)" = ""
	test "$(URL=$D3_URL fix)" = "own:GHSA-crit-0001:-1"
	# high: neither declares it, so the server default of 30 days holds for both
	test "$(URL=$D8_URL fix)" = "other:GHSA-crit-0001:-1 own:GHSA-crit-0001:-6"
	URL=$D3_URL api "$(cat view.tok)" GET /deadlines >page.html
	grep -q "target 2 days" page.html
'

test_case 'a newer assessment without [fix_targets] gives the product the server'\''s again' '
	sed "s/\"name\": \"lantern\"/\"name\": \"own\"/" ex.json >own2.json
	vouch -q push --server "$UP_URL" --token "$(cat admin.tok)" --release 1.1 own2.json
	test "$(URL=$D3_URL fix)" = ""
	test "$(URL=$D8_URL fix)" = "other:GHSA-crit-0001:-1 own:GHSA-crit-0001:-1"
'
