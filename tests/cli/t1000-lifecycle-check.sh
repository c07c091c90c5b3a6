#!/usr/bin/env bash
# vouch lifecycle check: the one-year notice rule at planning time, around leap years,
# and the same rule in assess's 4.2.1.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
need_cmd "$PY"

# rel VERSION EOS [NOTICE]: one [[product.release]]
rel() {
	printf '\n[[product.release]]\nversion = "%s"\nend_of_support = %s\n' "$1" "$2"
	[ -z "${3:-}" ] || printf 'notice_published = %s\n' "$3"
}
# product BODY...: a vouch.toml of product p with the releases given
product() { printf '[[product]]\nname = "p"\n'; "$@"; }
# at DAY CMD...: runs CMD with the clock at DAY (UTC midnight)
at() { local d=$1; shift; SOURCE_DATE_EPOCH=$(date -u -d "$d" +%s) "$@"; }
status() { $PY -c "import json,sys;print([r['status'] for r in json.load(open('$1'))['releases'] if r['release']=='$2'][0])"; }
export -f rel product at status

test_case 'notice for 2028-02-29 is due by 2027-02-28: on that day a warning naming it, exit 0' '
	product rel leap 2028-02-29 >vouch.toml &&
	at 2027-02-28 vouch lifecycle check >out 2>err &&
	grep -q "^p  *leap  *due-soon" out &&
	grep -q "warning: p leap: notice of end of support on 2028-02-29 must go out by 2027-02-28 (0 days)" err
'

test_case 'a day later (2027-03-01) the end of support is within a year with no notice: error, exit 1' '
	product rel leap 2028-02-29 >vouch.toml &&
	expect_code 1 at 2027-03-01 vouch lifecycle check >out 2>err &&
	grep -q "^p  *leap  *overdue" out &&
	grep -q "error: p leap: no notice of end of support on 2028-02-29.*was due by 2027-02-28" err
'

test_case 'notice given on the last day is on time; one day late is late (exit 1)' '
	{ product rel a 2028-02-29 2027-02-28; rel b 2028-02-29 2027-03-01; } >vouch.toml &&
	expect_code 1 at 2027-06-01 vouch lifecycle check --format json >c.json 2>/dev/null &&
	[ "$(status c.json a)" = ok ] && [ "$(status c.json b)" = late-notice ] &&
	$PY -c "import json;d=json.load(open(\"c.json\"));assert d[\"errors\"]==1,d"
'

test_case 'the due day is the same date a calendar year before, over every day of 2027-2029 (python calendar)' '
	$PY - >vouch.toml <<PYEOF
import datetime
print("[[product]]\nname = \"p\"")
d = datetime.date(2027, 1, 1)
while d.year < 2030:
    print("[[product.release]]\nversion = \"%s\"\nend_of_support = %s" % (d, d))
    d += datetime.timedelta(days=1)
PYEOF
	at 2020-01-01 vouch lifecycle check --format json >c.json 2>/dev/null &&
	$PY - <<PYEOF
import calendar, datetime, json
rs = json.load(open("c.json"))["releases"]
assert len(rs) == 365 + 366 + 365, len(rs)
for r in rs:
    e = datetime.date.fromisoformat(r["end_of_support"])
    y = e.year - 1
    due = datetime.date(y, e.month, min(e.day, calendar.monthrange(y, e.month)[1]))
    assert r["notice_due"] == due.isoformat(), (r, due)
    assert (e - due).days in (365, 366)
PYEOF
'

test_case 'warn_days sets the warning window; far-off dates are pending, ended ones not errors' '
	{ product rel soon 2028-06-30; rel later 2029-06-30; rel gone 2026-01-31; printf "\n[lifecycle]\nwarn_days = 200\n"; } >vouch.toml &&
	at 2027-01-01 vouch lifecycle check --format json >c.json 2>err &&
	[ "$(status c.json soon)" = due-soon ] && [ "$(status c.json later)" = pending ] &&
	[ "$(status c.json gone)" = ended ] &&
	grep -q "soon: notice of end of support on 2028-06-30 must go out by 2027-06-30 (180 days)" err &&
	sed -i "s/warn_days = 200/warn_days = 100/" vouch.toml &&
	at 2027-01-01 vouch lifecycle check --format json >c2.json 2>/dev/null &&
	[ "$(status c2.json soon)" = pending ]
'

test_case 'a release without end_of_support is a warning (4.1.1), not an error' '
	{ product; printf "\n[[product.release]]\nversion = \"x\"\n"; } >vouch.toml &&
	at 2027-01-01 vouch lifecycle check >out 2>err &&
	grep -q "no-end-date" out && grep -q "warning: p x: no end_of_support date" err
'

test_case 'assess 4.2.1 applies the same rule: 2027-03-01 without notice is not met, 2027-02-28 is met with a warning' '
	product rel leap 2028-02-29 >vouch.toml &&
	at 2027-03-01 vouch assess --no-save --format json . >a1.json 2>/dev/null || true
	at 2027-02-28 vouch assess --no-save --format json . >a2.json 2>/dev/null || true
	$PY - <<PYEOF
import json
def claim(f, i):
    return [c for p in json.load(open(f))["principles"] for c in p["claims"] if c["id"] == i][0]
c1, c2 = claim("a1.json", "4.2.1"), claim("a2.json", "4.2.1")
assert c1["status"] == "not_met" and "due by 2027-02-28" in c1["argument"], c1
assert c2["status"] == "met" and "notice due by 2027-02-28 (0 days" in c2["argument"], c2
PYEOF
'

test_case 'bad [lifecycle] settings are named with file and line (exit 4)' '
	{ product rel a 2028-01-01; printf "\n[lifecycle]\nwarn_days = -3\n"; } >vouch.toml &&
	expect_code 4 vouch lifecycle check 2>err && grep -q "vouch.toml:9: warn_days must be" err &&
	{ product rel a 2028-01-01; printf "\n[lifecycle]\nwarn = 3\n"; } >vouch.toml &&
	expect_code 4 vouch lifecycle check 2>err && grep -q "vouch.toml:9: unknown key .warn. in \[lifecycle\]" err &&
	{ product; printf "\n[[product.release]]\nversion = \"a\"\nlts = \"yes\"\n"; } >vouch.toml &&
	expect_code 4 vouch lifecycle check 2>err && grep -q "vouch.toml:6: .lts. must be true, false or the date" err
'

test_case 'usage errors exit 2' '
	expect_code 2 vouch lifecycle check --format xml 2>/dev/null &&
	expect_code 2 vouch lifecycle frobnicate 2>/dev/null &&
	expect_code 2 vouch lifecycle check extra 2>/dev/null
'

test_done
