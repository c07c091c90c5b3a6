#!/usr/bin/env bash
# vouch incident: records opened, updated and closed; the report; 4.3.2 observed from the
# records, each condition tried both ways; hostile records named with file and line.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd "$PY"

claim() { $PY -c "import json,sys;print([c for p in json.load(open(sys.argv[1]))['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0][sys.argv[3]])" "$@"; }
# product DIR [POLICY_HOURS]: a product folder with a vouch.toml
product() {
	mkdir -p "$1" && printf '[[product]]\nname = "p"\n' >"$1/vouch.toml" &&
	if [ -n "${2:-}" ]; then printf '\n[incident]\nnotify_within_hours = %s\n' "$2" >>"$1/vouch.toml"; fi
}
# inc DIR ARGS...: vouch incident in DIR
inc() { local d=$1; shift; (cd "$d" && vouch incident "$@"); }
assess() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err" || true; }
export -f claim product inc assess

test_case 'open, update with a notice and containment, close with a review: the record and the log' '
	product a 24 &&
	[ "$(inc a open --title "Leaked token" --severity high --detected 2026-11-20T09:00:00Z --customers 3 --log ../blog 2>/dev/null)" = INC-2026-001 ] &&
	inc a update INC-2026-001 --notice-to "the 3 customers" --notice-channel email \
		--notice-summary "token revoked; rotate yours" --notice-sent 2026-11-20T15:30:00+01:00 \
		--containment "token revoked" --contained 2026-11-20T10:00:00Z --log ../blog 2>/dev/null &&
	mkdir -p a/reviews && echo "# review" >a/reviews/INC-2026-001.md &&
	inc a close INC-2026-001 --review-path reviews/INC-2026-001.md --review-summary "CI printed secrets" \
		--closed 2026-11-25T10:00:00Z --log ../blog 2>/dev/null &&
	$PY - <<PYEOF
import tomllib, datetime
d = tomllib.load(open("a/incidents/INC-2026-001.toml", "rb"))
assert d["status"] == "closed" and d["severity"] == "high" and d["customers_affected"] == 3
assert d["detected"] == datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.timezone.utc)
(n,) = d["notice"]
# 15:30 at +01:00 is 14:30 UTC
assert n["sent"] == datetime.datetime(2026, 11, 20, 14, 30, tzinfo=datetime.timezone.utc), n
assert (n["to"], n["channel"]) == ("the 3 customers", "email")
assert d["review"] == {"path": "reviews/INC-2026-001.md", "summary": "CI printed secrets"}
PYEOF
	for i in 0 1 2; do vouch log get --log blog --index $i; echo; done >recs &&
	$PY -c "
import json
rs = [json.loads(l) for l in open(\"recs\") if l.strip()]
assert [r[\"action\"] for r in rs] == [\"open\", \"update\", \"close\"], rs
assert all(r[\"type\"] == \"incident\" and r[\"id\"] == \"INC-2026-001\" for r in rs)
assert rs[2][\"status\"] == \"closed\" and rs[1][\"notices\"] == 1
"
'

test_case '4.3.2 met, observed: notified 5.5 hours after detection under a 24-hour policy, reviewed' '
	assess a && [ "$(claim a.json 4.3.2 status)" = met ] && [ "$(claim a.json 4.3.2 basis)" = observed ] &&
	claim a.json 4.3.2 argument | grep -q "1 of 1 recorded incidents were notified" &&
	claim a.json 4.3.2 argument | grep -q "longest time to a first notice was 5.5 hours" &&
	claim a.json 4.3.2 evidence | grep -q "incidents/INC-2026-001.toml"
'

test_case '4.3.2 not met when the first notice is later than the policy (a 4-hour policy)' '
	cp -r a b && printf "[[product]]\nname = \"p\"\n[incident]\nnotify_within_hours = 4\n" >b/vouch.toml &&
	assess b && [ "$(claim b.json 4.3.2 status)" = not_met ] &&
	claim b.json 4.3.2 argument | grep -q "INC-2026-001: first notice 5.5 hours after detection, the policy allows 4"
'

test_case '4.3.2 not met for an incident past the window with no notice; pending while within it' '
	product c 24 &&
	inc c open --title "Outage" --severity medium --detected 2026-11-25T00:00:00Z >/dev/null 2>&1 &&
	assess c && [ "$(claim c.json 4.3.2 status)" = not_met ] &&
	claim c.json 4.3.2 argument | grep -q "INC-2026-001: no notice to customers recorded" &&
	product d 24 &&
	inc d open --title "Outage" --severity medium --detected 2026-11-26T12:00:00Z >/dev/null 2>&1 &&
	assess d && [ "$(claim d.json 4.3.2 status)" = unknown ] &&
	claim d.json 4.3.2 argument | grep -q "still within the 24 hours"
'

test_case 'an incident that affected no customer needs no notice' '
	product e 24 &&
	inc e open --title "Internal only" --severity low --customers 0 --detected 2026-11-01T00:00:00Z >/dev/null 2>&1 &&
	assess e && [ "$(claim e.json 4.3.2 status)" = met ] &&
	claim e.json 4.3.2 argument | grep -q "1 affected no customer"
'

test_case 'without a stated policy the timing cannot be judged: unknown, a governance gap' '
	cp -r a f && printf "[[product]]\nname = \"p\"\n" >f/vouch.toml &&
	assess f && [ "$(claim f.json 4.3.2 status)" = unknown ] &&
	claim f.json 4.3.2 gap | grep -q "notify_within_hours"
'

test_case 'a closed record without its review (edited by hand) makes 4.3.2 not met' '
	cp -r a g && sed -i "/^\[review\]/,/^summary/d" g/incidents/INC-2026-001.toml &&
	assess g && [ "$(claim g.json 4.3.2 status)" = not_met ] &&
	claim g.json 4.3.2 argument | grep -q "closed without a post-incident review"
'

test_case 'no incident record: 4.3.2 is left to a declaration (unknown, not met for lack of data)' '
	product h 24 && assess h && [ "$(claim h.json 4.3.2 status)" = unknown ] &&
	[ "$(claim h.json 4.3.2 basis)" = none ]
'

test_case 'report: table, JSON and Markdown agree on the hours and the verdict' '
	inc a report >t.txt 2>/dev/null && grep -q "^INC-2026-001 .* closed .* 5.5 ok .*Leaked token" t.txt &&
	inc a report --format json >r.json 2>/dev/null &&
	$PY -c "
import json
d = json.load(open(\"r.json\"))
assert d[\"notify_within_hours\"] == 24
(i,) = d[\"incidents\"]
assert i[\"hours_to_first_notice\"] == 5.5 and i[\"verdict\"] == \"ok\" and i[\"status\"] == \"closed\"
assert i[\"notices\"][0][\"sent\"] == \"2026-11-20T14:30:00Z\"
" &&
	inc a report --format markdown >r.md 2>/dev/null &&
	grep -q "^| INC-2026-001 | high | closed | 2026-11-20T09:00:00Z | 3 | 1 | 5.5 | ok | Leaked token |$" r.md &&
	grep -q "^Post-incident review (reviews/INC-2026-001.md): CI printed secrets$" r.md
'

test_case 'close needs the review; a closed incident cannot be updated or closed again' '
	product i 24 && inc i open --title x --severity low --id X-1 >/dev/null 2>&1 &&
	expect_code 2 inc i close X-1 --review-path r.md 2>err && grep -q "review-summary" err &&
	inc i close X-1 --review-path r.md --review-summary s >/dev/null 2>&1 &&
	expect_code 2 inc i close X-1 --review-path r.md --review-summary s 2>/dev/null &&
	expect_code 2 inc i update X-1 --containment y 2>err && grep -q "is closed" err
'

test_case 'bad requests: unknown id, duplicate id, times without a zone or in the future, half a notice' '
	product j 24 && inc j open --title x --severity low --id J >/dev/null 2>&1 &&
	expect_code 2 inc j update NOPE --containment y 2>err && grep -q "no incident .NOPE." err &&
	expect_code 2 inc j open --title x --severity low --id J 2>err && grep -q "already exists" err &&
	expect_code 2 inc j open --title x --severity low --detected 2026-11-01T10:00:00 2>err && grep -q "with a zone" err &&
	expect_code 2 inc j open --title x --severity low --detected 2027-01-01T00:00:00Z 2>err && grep -q "in the future" err &&
	expect_code 2 inc j open --title x --severity urgent 2>/dev/null &&
	expect_code 2 inc j open --title x --severity low --id ../evil 2>err && grep -q "must be 1 to 64" err &&
	expect_code 2 inc j update J --notice-to all 2>err && grep -q "needs --notice-to, --notice-channel and --notice-summary" err &&
	[ ! -e evil.toml ] && [ ! -e j/evil.toml ]
'

test_case 'hostile records are named with file and line and skipped (exit 3); the others are read' '
	product k 24 && inc k open --title fine --severity low --id OK --customers 0 >/dev/null 2>&1 &&
	d=k/incidents &&
	printf "id = \"A\"\ntitle = \"t\"\ndetected = 2026-11-01T10:00:00\nseverity = \"low\"\nstatus = \"open\"\n" >$d/a.toml &&
	printf "id = \"B\"\ntitle = \"t\"\ndetected = 2026-11-01T10:00:00Z\nseverity = \"low\"\nstatus = \"closed\"\n" >$d/b.toml &&
	printf "id = \"C\"\ntitle = \"t\"\ndetected = 2026-11-01T10:00:00Z\nseverity = \"low\"\nstatus = \"open\"\n[[notice]]\nsent = 2026-10-01T00:00:00Z\nto = \"x\"\nchannel = \"x\"\nsummary = \"x\"\n" >$d/c.toml &&
	printf "id = \"D\"\ntitle = \"t\"\ndetected = 2026-11-01T10:00:00Z\nseverity = \"low\"\nstatus = \"open\"\nbogus = 1\n" >$d/d.toml &&
	head -c 2000000 /dev/zero | tr "\0" "#" >$d/e.toml &&
	{ printf "id = \"F\"\ntitle = \"t\"\ndetected = 2026-11-01T10:00:00Z\nseverity = \"low\"\nstatus = \"open\"\nx = "; for i in $(seq 20); do printf "["; done; echo; } >$d/f.toml &&
	printf "id = \"OK\"\ntitle = \"dup\"\ndetected = 2026-11-01T10:00:00Z\nseverity = \"low\"\nstatus = \"open\"\n" >$d/g.toml &&
	expect_code 3 inc k report >out 2>err &&
	grep -q "incidents/a.toml:3: .detected. must be a date-time with a zone" err &&
	grep -q "incidents/b.toml:5: a closed incident needs .closed." err &&
	grep -q "incidents/c.toml:7: notice sent before the incident was detected" err &&
	grep -q "incidents/d.toml:6: unknown key .bogus." err &&
	grep -q "incidents/e.toml. is larger than the limit" err &&
	grep -q "incidents/f.toml:6:" err &&
	grep -q "incidents/g.toml: id .OK. is also used by" err &&
	[ "$(grep -c "^OK " out)" = 1 ] &&
	assess k && grep -q "a.toml:3" k.err
'

test_done
