#!/usr/bin/env bash
# vouch assess reads the advisory records `vouch advisory publish --log` appends to the
# build log: 3.4.2 (customers informed) and 3.5.1 (time from report to fix) observed,
# both ways; without records the claims are not decided from nothing.
. "$(dirname "$0")/lib.sh"

need_cmd python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
. "$VOUCH_TOP/tests/lib/assess.sh"

# product DIR REPORTED FIXED: a product whose build log records one advisory with those dates
product() {
	mkdir -p "$1" && printf '[evidence]\nlog = "log"\n' >"$1/vouch.toml" &&
	cat >"$1/a.toml" <<TOML
id = "LSA-2026-001"
title = "t"
description = "d"
product = "lantern"
affected = ["2.0.0"]
fixed = ["2.0.1"]
reported = $2
fix_released = $3
published = $3
[publisher]
name = "Lantern Systems Ltd"
namespace = "https://lantern.example"
TOML
	vouch advisory publish --output "$1/csaf" --log "$1/log" "$1/a.toml" >/dev/null 2>&1
}
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err" || [ $? -le 1 ]; }
export -f product run

test_case 'an advisory fixed 19 days after the report: 3.4.2 and 3.5.1 met, observed' '
	product quick 2026-10-01 2026-10-20 && run quick &&
	[ "$(claim quick.json 3.4.2 status)" = met ] && [ "$(claim quick.json 3.4.2 basis)" = observed ] &&
	claim quick.json 3.4.2 argument | grep -q "1 published advisory" &&
	claim quick.json 3.4.2 argument | grep -q "LSA-2026-001 on 2026-10-20" &&
	[ "$(claim quick.json 3.5.1 status)" = met ] &&
	claim quick.json 3.5.1 argument | grep -q "19 days at most"
'

test_case 'a fix 120 days after the report: 3.5.1 not met, naming the advisory' '
	product slow 2026-06-01 2026-09-29 && run slow &&
	[ "$(claim slow.json 3.5.1 status)" = not_met ] &&
	claim slow.json 3.5.1 argument | grep -q "LSA-2026-001 (120 days)" &&
	[ "$(claim slow.json 3.4.2 status)" = met ]
'

test_case 'no advisory records: 3.4.2 and 3.5.1 are not met from nothing' '
	mkdir -p none && printf "[evidence]\nlog = \"log\"\n" >none/vouch.toml &&
	vouch log append --log none/log none/vouch.toml >/dev/null 2>&1 && run none &&
	[ "$(claim none.json 3.4.2 status)" != met ] && [ "$(claim none.json 3.5.1 status)" != met ]
'

test_done
