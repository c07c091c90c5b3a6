# helpers/serve-deadlines.sh: the deadlines suite, run against one backend.
# Sourced by t1140 (SQLite) and t1141 (PostgreSQL) after $DB is set; expects
# lib.sh and helpers/serve.sh. "Today" is the server's SOURCE_DATE_EPOCH:
# one server runs on the fixed day T, another on the day before, over the
# same database, and every kind must be listed by the first only (or by both
# when overdue). The oracle is Python's datetime over the dates uploaded.

EX="$VOUCH_TOP/examples/example-product"
T=2027-01-10
at_noon() { echo $(($(date -u -d "$1" +%s) + 43200)); }
export EX T

# mkassess.py T: the example's assessment with dates that fall due on T
cat >"$TEST_DIR/mkassess.py" <<'PY'
import json, sys, datetime as dt
d = json.load(sys.stdin); t = dt.date.fromisoformat(sys.argv[1]); day = dt.timedelta(days=1)
def claim(i):
    return next(c for p in d["principles"] for c in p["claims"] if c["id"] == i)
claim("1.1.1")["reviewed"] = str(t - 365 * day + 60 * day)   # review due on T + 60
claim("3.4.1")["due"] = str(t + 60 * day)                      # a gap due on T + 60
claim("4.2.1")["acceptance"]["expires"] = str(t + 60 * day)    # acceptance ends T + 60
n = t + 90 * day                                               # notice due T + 90
d["product"]["releases"] = [
    {"version": "0.x", "end_of_support": str(n.replace(year=n.year + 1))},
    {"version": "0.y", "end_of_support": str(n.replace(year=n.year + 1)),
     "notice_published": str(t - 10 * day)},                   # notice given: never due
    {"version": "0.z", "end_of_support": str(t + 30 * day)}]   # notice overdue
json.dump(d, sys.stdout)
PY

test_case 'setup: an assessment whose dates fall due on T, two servers a day apart' '
	(cd "$EX" && vouch assess --format json --no-save .) >example.json 2>/dev/null
	python3 mkassess.py "$T" <example.json >assess.json
	tok admin >admin.tok && tok uploader lantern >up.tok && tok viewer >view.tok
'
if [ -z "$skip_all_reason" ]; then
	SOURCE_DATE_EPOCH=$(at_noon "$T") serve_spawn ON "$DB" --rate 0
	SOURCE_DATE_EPOCH=$(at_noon "$T - 1 day") serve_spawn BEFORE "$DB" --rate 0
	serve_wait ON && serve_wait BEFORE || skip_all_reason="servers did not start"
fi
V=$(cat "$TEST_DIR/view.tok" 2>/dev/null)
export V

# expected.py KIND: the items of that kind listed on day $1, as "what|due|days" lines
cat >"$TEST_DIR/expected.py" <<'PY'
import json, sys, datetime as dt
today = dt.date.fromisoformat(sys.argv[1]); d = json.load(open("assess.json"))
def yearback(x):
    return x.replace(year=x.year - 1) if not (x.month == 2 and x.day == 29) else x.replace(year=x.year - 1, day=28)
out = []
for p in d["principles"]:
    for c in p["claims"]:
        if "reviewed" in c:
            due = dt.date.fromisoformat(c["reviewed"]) + dt.timedelta(days=365)
            if (due - today).days <= 60: out.append(("review", c["id"], due))
        if c.get("acceptance"):
            due = dt.date.fromisoformat(c["acceptance"]["expires"])
            if (due - today).days <= 60: out.append(("risk acceptance", c["id"], due))
        if c.get("due") and c["status"] != "met":
            due = dt.date.fromisoformat(c["due"])
            if (due - today).days <= 60: out.append(("gap due", c["id"], due))
for r in d["product"]["releases"]:
    eos = dt.date.fromisoformat(r["end_of_support"]); due = yearback(eos)
    if "notice_published" in r or eos < today: continue
    if today > due or (due - today).days <= 90: out.append(("end-of-support notice", r["version"], due))
for k, s, due in sorted(out):
    print(f"{k}|{s}|{due}|{(due - today).days}")
PY
# got KIND-list: what the server at $URL lists, as the same lines
cat >"$TEST_DIR/got.py" <<'PY'
import json, re, sys
d = json.load(sys.stdin); out = []
for x in d["deadlines"]:
    if x["kind"] == "fix target": continue
    m = re.search(r"(?:claim|release) (\S+)", x["what"])
    out.append(f'{x["kind"]}|{m.group(1)}|{x["due"]}|{x["days"]}')
print("\n".join(sorted(out)))
PY

test_case 'upload: the review and support dates the assessment carries are kept' '
	vouch push --server "$ON_URL" --token "$(cat up.tok)" assess.json >/dev/null
	URL=$ON_URL api "$V" GET /api/v1/deadlines >on.json
	test "$(status)" = 200
'

test_case 'on T every kind is listed with its due date and days left (Python oracle)' '
	python3 expected.py "$T" >want
	python3 got.py <on.json >got
	diff want got
	for k in review "risk acceptance" "gap due" "end-of-support notice"; do grep -q "^$k|" got; done
	test "$(jpy "d[\"today\"]" <on.json)" = "$T"
'

test_case 'the day before, only the overdue notice is listed: nothing appears early' '
	URL=$BEFORE_URL api "$V" GET /api/v1/deadlines >before.json
	python3 expected.py "$(date -u -d "$T - 1 day" +%F)" >want
	python3 got.py <before.json >got
	diff want got
	test "$(wc -l <got)" = 1 && grep -q "^end-of-support notice|0.z|" got
	! grep -q "0.y" got
'

test_case 'the page, the CSV export and the JSON list the same rows' '
	curl -sS -H "Authorization: Bearer $V" "$ON_URL/deadlines" >page.html
	curl -sS -H "Authorization: Bearer $V" "$ON_URL/api/v1/export/deadlines.csv" >d.csv
	python3 - <<-PY
	import csv, json, re
	j = json.load(open("on.json"))["deadlines"]
	rows = list(csv.DictReader(open("d.csv", newline="")))
	assert [(r["product"], r["kind"], r["due"], int(r["days"]), r["link"]) for r in rows] == \
	       [(x["product"], x["kind"], x["due"], x["days"], x["link"]) for x in j], rows
	page = open("page.html").read()
	for x in j:
	    assert x["due"] in page and x["kind"] in page, x
	assert page.count("<tr") == len(j) + 1
	assert "overdue" in page and "class=\"late\"" in page
	PY
'

test_case 'setup: a scan of beacon with a critical and a low finding' '
	cat >scan.json <<-JSON
	{"findings": [
	 {"id": "GHSA-crit-0001", "purl": "pkg:npm/a@1.0.0", "severity": {"level": "critical"}},
	 {"id": "GHSA-low-0002", "purl": "pkg:npm/b@1.0.0", "severity": {"level": "low"}}]}
	JSON
	tok uploader beacon >b.tok
	URL=$ON_URL api "$(cat b.tok)" POST /api/v1/products/beacon/releases/1.0/scan \
		-H "Content-Type: application/json" --data-binary @scan.json >/dev/null
	test "$(status)" = 201
	URL=$ON_URL api "$V" GET /api/v1/products/beacon/findings | jpy "d[0][\"first_seen\"][:10]" >seen
'
# servers 2, 3 and 11 days after the findings were first seen (their own day, not T)
if [ -z "$skip_all_reason" ] && [ -s "$TEST_DIR/seen" ]; then
	for n in 2 3 11; do
		SOURCE_DATE_EPOCH=$(at_noon "$(cat "$TEST_DIR/seen") + $n days") serve_spawn F$n "$DB" \
			--rate 0 --fix-target critical=2 --fix-target low=10
	done
	serve_wait F2 && serve_wait F3 && serve_wait F11 || skip_all_reason="servers did not start"
fi

test_case 'findings are listed once past the fix target of their severity, and not before' '
	fix() { api "$V" GET /api/v1/deadlines | jpy "sorted((x[\"what\"].split()[0], x[\"days\"]) for x in d[\"deadlines\"] if x[\"kind\"] == \"fix target\")"; }
	test "$(URL=$F2_URL fix)" = "[]"
	test "$(URL=$F3_URL fix)" = "[('\''GHSA-crit-0001'\'', -1)]"
	test "$(URL=$F11_URL fix)" = "[('\''GHSA-crit-0001'\'', -9), ('\''GHSA-low-0002'\'', -1)]"
'

test_case 'ignore entries with an expiry (vouch scan'\''s "ignored") are risk acceptances, listed from 60 days before' '
	python3 - "$T" >ign.json <<-PY
	import json, sys, datetime as dt
	t = dt.date.fromisoformat(sys.argv[1]); day = dt.timedelta(days=1)
	def f(i, exp):
	    return {"id": i, "purl": "pkg:npm/c@1.0.0", "severity": {"level": "low"}, "suppressed": True,
	            "ignored": {"reason": "not reachable", "expires": str(exp), "source": ".vouchignore.toml:2"}}
	print(json.dumps({"findings": [f("GHSA-ign-0060", t + 60 * day), f("GHSA-ign-0061", t + 61 * day),
	                               {"id": "GHSA-plain-1", "purl": "pkg:npm/d@1.0.0"}]}))
	PY
	URL=$ON_URL api "$(cat up.tok)" POST /api/v1/products/lantern/releases/3.0/scan \
		-H "Content-Type: application/json" --data-binary @ign.json >/dev/null
	test "$(status)" = 201
	ign() { api "$V" GET /api/v1/deadlines | jpy "[(x[\"what\"].split()[4], x[\"due\"], x[\"days\"]) for x in d[\"deadlines\"] if \"ignore entry\" in x[\"what\"]]"; }
	test "$(URL=$ON_URL ign)" = "[('\''GHSA-ign-0060'\'', '\''$(date -u -d "$T + 60 days" +%F)'\'', 60)]"
	test "$(URL=$BEFORE_URL ign)" = "[]"
	# a newer scan of the release without them: nothing left to expire
	echo "{\"findings\": []}" >none.json
	URL=$ON_URL api "$(cat up.tok)" POST /api/v1/products/lantern/releases/3.0/scan \
		-H "Content-Type: application/json" --data-binary @none.json >/dev/null
	test "$(URL=$ON_URL ign)" = "[]"
'
