#!/usr/bin/env bash
# vouch assess: declarations against observations, the basis of each claim, the rules for
# declared evidence and dates, risk acceptance, and what the reports record (paths, times,
# product version and commit). Each rule is tried both ways.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3
need_cmd git

. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY
g() { git -c user.email=t@example.com -c user.name=t "$@"; }
export -f g

mkdir -p p/evidence p/folder-evidence && (
	cd p && git init -q . &&
	echo "policy text" >evidence/policy.md && : >evidence/empty.md &&
	echo "outside" >../outside.md && ln -s ../../outside.md evidence/link-out.md &&
	ln -s policy.md evidence/link-in.md &&
	g add -A && g commit -q -m one
) || exit 1

cat >p/vouch.toml <<'TOML'
[organisation]
name = "P"

[[product]]
name = "p"
version = "3.1.4"

[[claim]]
id = "1.3.2"
status = "unknown"
argument = "We have not looked."
owner = "QA lead"
reviewed = 2026-10-01

[[claim]]
id = "2.2.1"
status = "not_applicable"
argument = "No build log."
evidence = ["evidence/policy.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "2.2.2"
status = "met"
argument = "Approved."
evidence = ["evidence/policy.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "2.2.3"
owner = "CTO"
reviewed = 2026-10-01
due = 2027-03-31
[claim.risk_accepted]
reason = "The log is being introduced this quarter."
owner = "CEO"
expires = 2027-03-31

[[claim]]
id = "2.2.4"
owner = "CTO"
reviewed = 2026-10-01
[claim.risk_accepted]
reason = "Accepted last year."
owner = "CEO"
expires = 2026-06-30

[[claim]]
id = "1.1.1"
status = "met"
argument = "SSDF."
evidence = ["evidence/policy.md", "evidence/policy.md", "evidence/link-in.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.2"
status = "met"
argument = "Empty file."
evidence = ["evidence/empty.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.3"
status = "met"
argument = "A folder."
evidence = ["folder-evidence"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.5"
status = "met"
argument = "Outside."
evidence = ["../outside.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.6"
status = "met"
argument = "A symlink out."
evidence = ["evidence/link-out.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.2.5"
status = "met"
argument = "The configuration itself."
evidence = ["vouch.toml"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.4.2"
status = "not_applicable"
argument = "No user accounts."
evidence = ["evidence/policy.md"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.4.3"
status = "not_applicable"
argument = "No passwords."
evidence = ["evidence/missing.md"]
owner = "CTO"
reviewed = 2026-10-01
TOML

test_case 'a declared unknown or not_applicable never hides an observed not_met' '
	vouch assess --no-save --format json p >a.json 2>/dev/null &&
	[ "$(claim a.json 1.3.2 status)" = not_met ] && [ "$(claim a.json 1.3.2 basis)" = observed ] &&
	[ "$(claim a.json 2.2.1 status)" = not_met ] && [ "$(claim a.json 2.2.1 basis)" = observed ] &&
	[ "$(claim a.json 2.2.2 status)" = not_met ] &&
	claim a.json 2.2.1 argument | grep -q "does not override what vouch observed" &&
	[ "$(claim a.json 1.3.2 gap_kind)" = engineering ]
'

test_case 'a declaration decides only what vouch cannot observe: basis declared, role, none' '
	[ "$(claim a.json 1.1.1 status)" = met ] && [ "$(claim a.json 1.1.1 basis)" = declared ] &&
	[ "$(claim a.json 1.4.2 status)" = not_applicable ] &&
	[ "$(claim a.json 1.4.2 basis)" = declared ] &&
	[ "$(claim a.json 4.3.1 status)" = unknown ] && [ "$(claim a.json 4.3.1 basis)" = none ] &&
	[ "$(claim a.json 4.3.1 gap_kind)" = governance ] &&
	mkdir -p r && printf "[organisation]\nrole = \"reseller\"\n" >r/vouch.toml &&
	vouch assess --no-save --format json r >r.json 2>/dev/null &&
	[ "$(claim r.json 1.1.1 basis)" = role ] && [ "$(claim r.json 3.1.1 basis)" = observed ] &&
	$PY -c "
import json
d=json.load(open(\"a.json\"))
for p in d[\"principles\"]:
    for c in p[\"claims\"]:
        assert c[\"basis\"] in (\"observed\",\"declared\",\"role\",\"none\"), c
        assert (c[\"status\"] in (\"not_met\",\"unknown\")) == (\"gap_kind\" in c), c[\"id\"]
"
'

test_case 'a risk accepted on a not_met claim is shown beside it; an expired one is a gap' '
	[ "$(claim a.json 2.2.3 status)" = not_met ] &&
	claim a.json 2.2.3 acceptance | grep -q "\"expires\": \"2027-03-31\"" &&
	claim a.json 2.2.3 acceptance | grep -q "\"expired\": false" &&
	[ "$(claim a.json 2.2.3 due)" = 2027-03-31 ] && [ "$(claim a.json 2.2.3 owner)" = CTO ] &&
	! claim a.json 2.2.3 gap | grep -q expired &&
	[ "$(claim a.json 2.2.4 status)" = not_met ] &&
	claim a.json 2.2.4 acceptance | grep -q "\"expired\": true" &&
	claim a.json 2.2.4 gap | grep -q "expired risk acceptance" &&
	[ "$(claim a.json 2.2.4 gap_kind)" = governance ] &&
	[ -z "$(claim a.json 1.1.1 acceptance)" ]
'

test_case 'declared evidence: a regular non-empty file inside the product (a symlink to it too) is met, listed once' '
	[ "$(claim a.json 1.1.1 status)" = met ] &&
	[ "$(claim a.json 1.1.1 evidence | grep -o "evidence/policy.md" | wc -l)" -eq 1 ] &&
	! claim a.json 1.1.1 evidence | grep -q "link-in"
'

test_case 'declared evidence: empty, a folder, outside, a symlink out, vouch.toml, missing fail' '
	[ "$(claim a.json 1.1.2 status)" = not_met ] && claim a.json 1.1.2 gap | grep -q "empty" &&
	[ "$(claim a.json 1.1.3 status)" = not_met ] &&
	claim a.json 1.1.3 gap | grep -q "not a regular file" &&
	[ "$(claim a.json 1.1.5 status)" = not_met ] &&
	claim a.json 1.1.5 gap | grep -q "outside the product" &&
	[ "$(claim a.json 1.1.6 status)" = not_met ] &&
	claim a.json 1.1.6 gap | grep -q "outside the product" &&
	[ "$(claim a.json 1.2.5 status)" = not_met ] &&
	claim a.json 1.2.5 gap | grep -q "vouch.toml is not evidence" &&
	[ "$(claim a.json 1.4.3 status)" = unknown ] && claim a.json 1.4.3 gap | grep -q "missing"
'

test_case 'vouch.toml errors: reviewed in the future, no owner, not_applicable without evidence' '
	mkdir -p e && cd e &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\nowner = \"x\"\n\nreviewed = 2026-11-28\n" >vouch.toml &&
	expect_code 4 vouch assess --no-save . >/dev/null 2>err &&
	grep -q "vouch.toml:6: claim 1.1.1: reviewed date is in the future" err &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\nowner = \"x\"\nreviewed = 2026-11-27\n" >vouch.toml &&
	expect_code 0 vouch assess --no-save . >/dev/null 2>&1 &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\n" >vouch.toml &&
	expect_code 4 vouch assess --no-save . >/dev/null 2>err && grep -q "vouch.toml:1: .*needs an owner" err &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"not_applicable\"\nargument = \"r\"\nowner = \"x\"\n" >vouch.toml &&
	expect_code 4 vouch assess --no-save . >/dev/null 2>err && grep -q "vouch.toml:1: .*evidence" err &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\nowner = \"x\"\n[claim.risk_accepted]\nreason = \"r\"\nowner = \"y\"\nexpires = 2027-01-01\n" >vouch.toml &&
	expect_code 4 vouch assess --no-save . >/dev/null 2>err && grep -q "vouch.toml:5: .*only on a claim that is not met" err &&
	printf "[[claim]]\nid = \"1.1.1\"\nowner = \"x\"\n[claim.risk_accepted]\nreason = \"r\"\n" >vouch.toml &&
	expect_code 4 vouch assess --no-save . >/dev/null 2>err && grep -q "vouch.toml:4: .*needs a reason, an owner and an expires" err
'

test_case 'no absolute path of this machine in any format; evidence dated when read' '
	printf "[evidence]\njunit = [\"gone.xml\"]\nvex = [\"gone.json\"]\n" >>p/vouch.toml &&
	for f in json markdown html oscal; do
		vouch assess --no-save --format $f p >out.$f 2>/dev/null &&
		! grep -q "$TEST_DIR" out.$f || { echo "absolute path in $f"; exit 1; }
		vouch assess --no-save --format $f --config "$TEST_DIR/p/vouch.toml" "$TEST_DIR/p" >abs.$f 2>/dev/null
		! grep -q "$TEST_DIR" abs.$f || { echo "absolute path in $f (absolute paths given)"; exit 1; }
	done &&
	grep -q "gone.xml" abs.json &&
	$PY -c "
import json
d=json.load(open(\"a.json\"))
ev=[e for p in d[\"principles\"] for c in p[\"claims\"] for e in c[\"evidence\"] if \"path\" in e]
assert ev
for e in ev:
    assert not e[\"path\"].startswith(\"/\"), e
    assert e[\"collected\"] == \"2026-11-27T00:00:00Z\", e
" &&
	(unset SOURCE_DATE_EPOCH; vouch assess --no-save --format json p >live.json 2>/dev/null) &&
	$PY -c "
import json, datetime
d=json.load(open(\"live.json\"))
gen=datetime.datetime.fromisoformat(d[\"generated\"].replace(\"Z\",\"+00:00\"))
ev=[e for p in d[\"principles\"] for c in p[\"claims\"] for e in c[\"evidence\"] if \"path\" in e]
for e in ev:
    t=datetime.datetime.fromisoformat(e[\"collected\"].replace(\"Z\",\"+00:00\"))
    assert abs((t-gen).total_seconds()) < 600, e
"
'

test_case 'the product version and the commit assessed are recorded, read from .git' '
	want=$(git -C p rev-parse HEAD) &&
	$PY -c "
import json,sys
d=json.load(open(\"a.json\"))
assert d[\"product\"][\"version\"]==\"3.1.4\", d[\"product\"]
assert d[\"product\"][\"commit\"]==sys.argv[1], d[\"product\"]
" "$want" &&
	(cd p && echo more >evidence/more.md && g add -A && g commit -q -m two && git pack-refs --all) &&
	[ ! -e p/.git/refs/heads/$(git -C p symbolic-ref --short HEAD) ] &&
	vouch assess --no-save --format json p >b.json 2>/dev/null &&
	grep -q "\"commit\": \"$(git -C p rev-parse HEAD)\"" b.json &&
	git -C p worktree add -q ../wt 2>/dev/null && cp p/vouch.toml wt/ &&
	(cd wt && echo three >evidence/three.md && g add -A && g commit -q -m three) &&
	vouch assess --no-save --format json wt >w.json 2>/dev/null &&
	grep -q "\"commit\": \"$(git -C wt rev-parse HEAD)\"" w.json &&
	mkdir -p nogit && vouch assess --no-save --format json nogit >n.json 2>/dev/null &&
	! grep -q "\"commit\"" n.json
'

test_case 'OSCAL uses TEST only for observed claims, EXAMINE for declared ones' '
	$PY - <<PYEOF
import json
o=json.load(open("out.oscal"))["assessment-results"]["results"][0]
d=json.load(open("a.json"))
basis={c["id"]:c["basis"] for p in d["principles"] for c in p["claims"]}
seen=set()
for ob in o["observations"]:
    m=ob["methods"]
    assert (m==["TEST"]) == (basis[ob["title"]]=="observed"), (ob["title"], m)
    seen.add(m[0])
assert seen == {"TEST","EXAMINE"}, seen
acc=[f for f in o["findings"] if "Risk accepted" in f.get("remarks","")]
assert len(acc)==2, len(acc)
PYEOF
'

test_done
