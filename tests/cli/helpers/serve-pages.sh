# helpers/serve-pages.sh: the portfolio in pages of 100 and worst first, for 230
# products uploaded through the API (statuses drawn at random, open findings for
# a few). Sourced by t1166 (SQLite) and t1167 (PostgreSQL) after $DB is set.
# Oracle: helpers/pages-check.py against the portfolio export, which is read
# from the store apart from the page; the page's kept chunks are checked again
# after an upload changes the order.

EX="$VOUCH_TOP/examples/example-product"
export EX

# products N SEED: N assessment documents product-NNN, statuses drawn with SEED
products() {
	python3 - "$@" <<'PY'
import json, random, sys
n, seed = int(sys.argv[1]), int(sys.argv[2])
d = json.load(open("assess.json"))
rnd = random.Random(seed)
for i in range(n):
    d["product"]["name"] = "product-%03d" % i
    for p in d["principles"]:
        p["status"] = rnd.choice(["met", "not_met", "unknown", "not_applicable"])
    json.dump(d, open("up/product-%03d.json" % i, "w"))
PY
}
# findings NAME N: N findings pushed for NAME's release
findings() {
	python3 - "$2" <<'PY'
import json, sys
f = [{"id": "GHSA-page-%d" % i, "purl": "pkg:pypi/demo%d@1.0" % i,
      "severity": {"level": "high", "score": 7.0}} for i in range(int(sys.argv[1]))]
json.dump({"findings": f}, open("scan.json", "w"))
PY
	vouch push --server "$URL" --token "$(cat admin.tok)" --product "$1" --release 2.1.0 \
		scan.json >/dev/null
}
export -f products findings

test_case 'setup: 230 products uploaded, a few with open findings' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	mkdir up && products 230 18
	tok admin >admin.tok && tok viewer >view.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_up S "$DB" --rate 0 || skip_all_reason="server did not start"
fi
URL=${S_URL:-}
export URL

test_case 'every product once, 100 to a page, by name and worst first; all on one page; gzip' '
	ls up/*.json | xargs -n 50 "$VOUCH_BIN" push --server "$URL" --token "$(cat admin.tok)" >/dev/null
	findings product-007 3 && findings product-150 5 && findings product-229 1
	test "$(api "$(cat view.tok)" GET /api/v1/products | jpy "len(d)")" = 230
	python3 "$TEST_SRC/helpers/pages-check.py" "$URL" "$(cat view.tok)"
'

test_case 'an upload that changes the order is seen on the next request of every page' '
	# product-100 becomes the worst of all: every principle not met, and findings
	python3 -c "
import json; d = json.load(open(\"up/product-100.json\"))
for p in d[\"principles\"]: p[\"status\"] = \"not_met\"
json.dump(d, open(\"worst.json\", \"w\"))"
	vouch push --server "$URL" --token "$(cat admin.tok)" worst.json >/dev/null
	findings product-100 9
	api "$(cat view.tok)" GET "/portfolio?sort=worst" |
		grep -o "/product/product-[0-9]*" | head -1 >first
	test "$(cat first)" = /product/product-100
	python3 "$TEST_SRC/helpers/pages-check.py" "$URL" "$(cat view.tok)"
'

test_case 'a bad order or page is refused with 400 naming it; a visitor without a token signs in first' '
	api "$(cat view.tok)" GET "/portfolio?sort=colour" >err.json
	test "$(status)" = 400 && grep -q "colour" err.json
	for p in 0 -1 x 1e3 99999999999; do
		api "$(cat view.tok)" GET "/portfolio?page=$p" >err.json
		test "$(status)" = 400 || { echo "page=$p: $(status)"; exit 1; }
	done
	api "" GET "/portfolio?sort=worst&page=2" >/dev/null
	test "$(status)" = 303
'
