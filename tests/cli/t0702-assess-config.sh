#!/usr/bin/env bash
# vouch assess: vouch.toml (declared claims, roles, errors), history and exit codes.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3
st() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
print([c['status'] for p in d['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0])" "$1" "$2"; }
arg() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
c=[c for p in d['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0]
print(c['argument'], c.get('gap',''))" "$1" "$2"; }
pst() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
print([p['status'] for p in d['principles'] if p['id']==sys.argv[2]][0])" "$1" "$2"; }
export -f st arg pst

mkdir -p decl/evidence && echo plan >decl/evidence/plan.pdf && cat >decl/vouch.toml <<'TOML'
[organisation]
name = "D"

[[claim]]
id = "1.1.1"
status = "met"
argument = "We follow NIST SSDF."
evidence = ["evidence/plan.pdf"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.2"
status = "met"
argument = "Training."
evidence = ["evidence/missing.pdf"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.3"
status = "met"
argument = "Tools are current."
evidence = ["evidence/plan.pdf"]
owner = "CTO"
reviewed = 2025-06-01

[[claim]]
id = "1.4.2"
status = "not_applicable"
argument = "The product has no user accounts."
evidence = ["evidence/plan.pdf"]
owner = "CTO"
reviewed = 2026-10-01

[[claim]]
id = "1.1.4"
status = "met"
argument = "We use git."
evidence = ["evidence/plan.pdf"]
owner = "CTO"
reviewed = 2026-10-01
TOML

test_case 'a declared claim with its evidence present and a recent review is met, hashed' '
	vouch assess --format json --no-save decl >d.json 2>/dev/null &&
	[ "$(st d.json 1.1.1)" = met ] &&
	grep -q "$(sha256sum decl/evidence/plan.pdf | cut -d" " -f1)" d.json
'

test_case 'a declared met claim with a missing evidence file is not_met, naming it' '
	[ "$(st d.json 1.1.2)" = not_met ] && arg d.json 1.1.2 | grep -q "evidence/missing.pdf"
'

test_case 'a declared met claim reviewed more than a year ago is not_met as stale' '
	[ "$(st d.json 1.1.3)" = not_met ] && arg d.json 1.1.3 | grep -q "2025-06-01, more than a year ago"
'

test_case 'not_applicable with a reason is kept' '
	[ "$(st d.json 1.4.2)" = not_applicable ] && arg d.json 1.4.2 | grep -q "no user accounts"
'

test_case 'automated evidence contradicting a declared met wins, and both are shown' '
	[ "$(st d.json 1.1.4)" = not_met ] && arg d.json 1.1.4 | grep -q "We use git" &&
	arg d.json 1.1.4 | grep -q "does not override what vouch observed"
'

test_case 'a principle is met only when all its applicable claims are' '
	[ "$(pst d.json 1.1)" = not_met ] && [ "$(pst d.json 4.3)" = unknown ]
'

test_case 'role reseller: themes 1 and 2 are not_applicable with a reason' '
	mkdir -p res && printf "[organisation]\nrole = \"reseller\"\n" >res/vouch.toml &&
	vouch assess --format json --no-save res >res.json 2>/dev/null &&
	$PY -c "
import json
d=json.load(open(\"res.json\"))
for p in d[\"principles\"]:
    for c in p[\"claims\"]:
        na = c[\"status\"]==\"not_applicable\"
        assert na == (p[\"theme\"] <= 2), (c[\"id\"], c[\"status\"])
        if na: assert \"reseller\" in c[\"argument\"]
"
'

test_case 'role developer: theme 4 out, theme 3 only where declared in scope' '
	mkdir -p dev && printf "[organisation]\nrole = \"developer\"\ntheme3_in_scope = [\"3.3\"]\n" >dev/vouch.toml &&
	vouch assess --format json --no-save dev >dev.json 2>/dev/null &&
	$PY -c "
import json
d=json.load(open(\"dev.json\"))
for p in d[\"principles\"]:
    for c in p[\"claims\"]:
        na = c[\"status\"]==\"not_applicable\"
        want = p[\"theme\"]==4 or (p[\"theme\"]==3 and p[\"id\"]!=\"3.3\")
        assert na == want, (c[\"id\"], c[\"status\"])
"
'

test_case 'bad vouch.toml: errors name the file and line' '
	mkdir -p e1 && printf "[organisation]\nrole = \"vendor\"\n" >e1/vouch.toml &&
	expect_code 4 vouch assess --no-save e1 >/dev/null 2>err && grep -q "vouch.toml:2: role .vendor." err &&
	printf "[[claim]]\nid = \"9.9.9\"\nstatus = \"met\"\n" >e1/vouch.toml &&
	expect_code 4 vouch assess --no-save e1 >/dev/null 2>err && grep -q "vouch.toml:1: .*9.9.9" err &&
	printf "[organisation]\nnmae = \"x\"\n" >e1/vouch.toml &&
	expect_code 4 vouch assess --no-save e1 >/dev/null 2>err && grep -q "vouch.toml:2: unknown key .nmae." err &&
	printf "[[product]]\nname = \"p\"\n[[product.release]]\nversion = \"1\"\nend_of_support = \"soon\"\n" >e1/vouch.toml &&
	expect_code 4 vouch assess --no-save e1 >/dev/null 2>err && grep -q "vouch.toml:5:" err &&
	printf "[[claim]]\nid = \"1.1.1\"\nstatus = \"not_applicable\"\nowner = \"CTO\"\n" >e1/vouch.toml &&
	expect_code 4 vouch assess --no-save e1 >/dev/null 2>err && grep -q "vouch.toml:1: .*needs an argument" err
'

test_case 'assessments are kept under .vouch/ and the next one shows what changed' '
	mkdir -p hist && printf "[organisation]\nname = \"H\"\n" >hist/vouch.toml &&
	SOURCE_DATE_EPOCH=1795000000 vouch assess --format json hist >h1.json 2>/dev/null &&
	ls hist/.vouch/assessments/*.json >/dev/null &&
	cat >>hist/vouch.toml <<TOML
[[product]]
name = "h"
[[product.release]]
version = "1"
end_of_support = 2030-01-01
TOML
	vouch assess --format json hist >h2.json 2>/dev/null &&
	[ "$(ls hist/.vouch/assessments/*.json | wc -l)" -eq 2 ] &&
	$PY -c "
import json
d=json.load(open(\"h2.json\"))
ch={c[\"id\"]:(c[\"from\"],c[\"to\"]) for c in d[\"changes\"]}
assert ch[\"4.1.1\"]==(\"not_met\",\"met\"), ch
assert d[\"previous\"][\"generated\"]==\"2026-11-18T11:06:40Z\", d[\"previous\"]
"
'

test_case 'exit codes: 0 with gaps by default, 1 with --fail-on-gaps, 2 on usage' '
	expect_code 0 vouch assess --no-save --format json res >/dev/null 2>&1 &&
	expect_code 1 vouch assess --no-save --fail-on-gaps --format json res >/dev/null 2>&1 &&
	expect_code 2 vouch assess --format pdf res >/dev/null 2>&1 &&
	expect_code 2 vouch assess a b >/dev/null 2>&1
'

test_case 'the same inputs and SOURCE_DATE_EPOCH give the same bytes in every format' '
	for f in json markdown html oscal; do
		vouch assess --no-save --format $f decl >a.$f 2>/dev/null &&
		vouch assess --no-save --format $f decl >b.$f 2>/dev/null &&
		cmp a.$f b.$f || exit 1
	done
'

test_case 'every not_met and unknown claim carries a gap; met and not_applicable none' '
	for f in d.json res.json dev.json; do
		$PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
for p in d[\"principles\"]:
    for c in p[\"claims\"]:
        assert c[\"argument\"], c[\"id\"]
        if c[\"status\"] in (\"not_met\",\"unknown\"): assert c.get(\"gap\"), c[\"id\"]
        else: assert not c.get(\"gap\"), c[\"id\"]
" $f || exit 1
	done
'

test_case 'an unreadable VEX file is named and the run is partial (exit 3)' '
	mkdir -p pv && printf "[evidence]\nvex = [\"nope.json\"]\ndb = \"v.db\"\n" >pv/vouch.toml &&
	mkdir -p pv/adv && echo "{\"id\":\"GHSA-xxxx-yyyy-zzzz\",\"modified\":\"2026-01-01T00:00:00Z\"}" >pv/adv/x.json &&
	vouch db import --db pv/v.db pv/adv >/dev/null 2>&1 &&
	expect_code 3 vouch assess --no-save --format json pv >pv.json 2>err &&
	grep -q "nope.json" err && grep -q "nope.json" pv.json
'

test_done
