#!/usr/bin/env bash
# vouch serve deadlines: a release's end-of-support notice counts whether it is
# declared in vouch.toml (notice_published) or only filed as a notice
# (lifecycle/notices/). The assessment JSON carries the effective notice day,
# the one `vouch lifecycle check` reports (the oracle), and the server lists
# a notice as due only for a release that has none.
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

EX="$VOUCH_TOP/examples/example-product"
DB="sqlite:$TEST_DIR/serve.db"
export EX DB

# notices PRODUCT-DIR: "release notice" lines as `vouch lifecycle check` sees them
# and as the assessment JSON carries them
cat >"$TEST_DIR/notices.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["releases"] if "releases" in d else d["product"]["releases"]
for r in rows:
    print(r.get("release", r.get("version")), r.get("notice", r.get("notice_published")) or "-")
PY

test_case 'setup: the example without vouch.toml notice dates; a copy without notice files either' '
	cp -r "$EX" filed
	sed -i "/^notice_published = /d" filed/vouch.toml
	! grep -q "^notice_published" filed/vouch.toml
	cp -r filed none
	rm none/lifecycle/notices/*.toml
	for p in filed none; do
		(cd $p && vouch assess --format json --no-save .) >$p.json 2>/dev/null
		(cd $p && vouch lifecycle check --format json) >$p.check 2>/dev/null || true
	done
	tok admin >admin.tok && tok viewer >view.tok
'

test_case 'the assessment carries the notice day lifecycle check finds in the notice files' '
	python3 notices.py filed.check | sort >want
	python3 notices.py filed.json | sort >got
	diff want got
	grep -qx "1.x 2026-08-13" got && grep -qx "2.x 2026-11-01" got
'

test_case 'without notice files there is no notice day at all' '
	python3 notices.py none.check | sort >want
	python3 notices.py none.json | sort >got
	diff want got
	test "$(cut -d" " -f2 got | sort -u)" = -
'

# the server on 2026-03-01: the notice for 1.x (end of support 2027-03-31) is due by
# 2026-03-31, within the 90 days before it is listed
if [ -z "$skip_all_reason" ]; then
	SOURCE_DATE_EPOCH=$(($(date -u -d 2026-03-01 +%s) + 43200)) serve_spawn S "$DB" --rate 0
	serve_wait S || skip_all_reason="server did not start"
fi

test_case 'the server lists the notice as due only for the product without one' '
	sed "s/\"name\": \"lantern\"/\"name\": \"unnoticed\"/" none.json >unnoticed.json
	for f in filed.json unnoticed.json; do
		vouch -q push --server "$S_URL" --token "$(cat admin.tok)" $f
	done
	URL=$S_URL api "$(cat view.tok)" GET /api/v1/deadlines >d.json
	test "$(status)" = 200
	jpy "sorted((x[\"product\"], x[\"due\"], x[\"days\"]) for x in d[\"deadlines\"] if x[\"kind\"] == \"end-of-support notice\")" <d.json >got
	test "$(cat got)" = "[('\''unnoticed'\'', '\''2026-03-31'\'', 30)]"
'
test_done
