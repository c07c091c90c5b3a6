#!/usr/bin/env bash
# vouch serve: the security.txt a bundle carries puts its Expires on the
# deadlines from 60 days before, not earlier; and the deadline webhook posts
# each item once a day however many servers check and however often
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/bundle.sh"
	bundle_setup || skip_all_reason="could not build the example release"
fi
DB="sqlite:$TEST_DIR/serve.db"
export DB
at_noon() { echo $(($(date -u -d "$1" +%s) + 43200)); }


if [ -z "$skip_all_reason" ]; then
	mkbundle good.vouch >/dev/null 2>&1 || skip_all_reason="bundle create failed"
	unpack good.vouch b >/dev/null 2>&1
	# the day the Expires is 60 days ahead: the first day it is listed
	FIRST=$(python3 -c "
import datetime as dt, re
e = re.search(r'^Expires:\s*(\S+)', open('$TEST_DIR/b/security.txt').read(), re.M).group(1)
print(dt.date.fromisoformat(e[:10]) - dt.timedelta(days=60))")
	tok uploader lantern >"$TEST_DIR/up.tok" && tok viewer >"$TEST_DIR/view.tok"
	python3 "$TEST_SRC/helpers/webhook-receiver.py" "$TEST_DIR/hook.port" "$TEST_DIR/hook.jsonl" &
	serve_pids+=($!)
	for i in $(seq 1 100); do [ -s "$TEST_DIR/hook.port" ] && break; sleep 0.05; done
	HOOK="http://127.0.0.1:$(cat "$TEST_DIR/hook.port")/hook"
	SOURCE_DATE_EPOCH=$(at_noon "$FIRST") serve_spawn ON "$DB" --rate 0 \
		--bundle-key "$TEST_DIR/k.pub"
	SOURCE_DATE_EPOCH=$(at_noon "$FIRST - 1 day") serve_spawn BEFORE "$DB" --rate 0
	serve_wait ON && serve_wait BEFORE || skip_all_reason="servers did not start"
fi
V=$(cat "$TEST_DIR/view.tok" 2>/dev/null)
export V FIRST

test_case 'the bundle is stored and its security.txt Expires listed from 60 days before' '
	vouch push --server "$ON_URL" --token "$(cat up.tok)" good.vouch >/dev/null
	URL=$ON_URL api "$V" GET /api/v1/deadlines >on.json
	test "$(jpy "[(x[\"kind\"], x[\"days\"]) for x in d[\"deadlines\"] if x[\"product\"] == \"lantern\" and x[\"kind\"] == \"security.txt expires\"]" <on.json)" = \
	     "[('\''security.txt expires'\'', 60)]"
	expires=$(sed -n "s/^Expires: *//p" b/security.txt | tr -d "\r")
	jpy "[x[\"what\"] for x in d[\"deadlines\"] if x[\"kind\"] == \"security.txt expires\"][0]" <on.json | grep -qF "$expires"
'

test_case 'the day before, it is not listed' '
	URL=$BEFORE_URL api "$V" GET /api/v1/deadlines >before.json
	test "$(status)" = 200
	test "$(jpy "[x for x in d[\"deadlines\"] if x[\"kind\"] == \"security.txt expires\"]" <before.json)" = "[]"
'

# two servers on the day, both with the webhook, checking every second
if [ -z "$skip_all_reason" ]; then
	SOURCE_DATE_EPOCH=$(at_noon "$FIRST") serve_spawn H1 "$DB" --rate 0 --webhook "$HOOK" \
		--deadline-check 1
	SOURCE_DATE_EPOCH=$(at_noon "$FIRST") serve_spawn H2 "$DB" --rate 0 --webhook "$HOOK" \
		--deadline-check 1
	serve_wait H1 && serve_wait H2 || skip_all_reason="servers did not start"
fi

test_case 'the webhook gets every item listed that day exactly once from two servers' '
	sleep 3.5
	URL=$H1_URL api "$V" GET /api/v1/deadlines >h.json
	python3 - <<-PY
	import json
	posts = [json.loads(l) for l in open("hook.jsonl") if l.strip()]
	assert posts and all(p["event"] == "deadlines" for p in posts), posts
	sent = [(x["product"], x["kind"], x["what"], x["due"]) for p in posts for x in p["deadlines"]]
	want = [(x["product"], x["kind"], x["what"], x["due"]) for x in json.load(open("h.json"))["deadlines"]]
	assert len(sent) == len(set(sent)), "an item was sent twice"
	assert sorted(sent) == sorted(want), (sent, want)
	assert any(k == "security.txt expires" for _, k, _, _ in sent)
	PY
	! grep -qi "error\|warning" H1.log H2.log
'
test_done
