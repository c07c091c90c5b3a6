#!/usr/bin/env bash
# vouch serve: an assurance bundle uploaded (POST /api/v1/bundles, `vouch push`)
# is verified whole against the server's --bundle-key before anything of it
# is kept; its assessment, SBOM and scan then land under the product and
# version its signed manifest names. A tampered bundle, one signed by another
# key, an uploader of another product and a server without a key are refused.
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/bundle.sh"
	bundle_setup || skip_all_reason="could not build the example release"
fi

DB="sqlite:$TEST_DIR/serve.db"
export DB
[ -n "$skip_all_reason" ] || {
	mkbundle good.vouch >/dev/null 2>&1 || skip_all_reason="bundle create failed"
	vouch bundle create --sign other.key --output other.vouch --db old.db prod >/dev/null 2>&1
	tok uploader lantern >up.tok && tok uploader beacon >beacon.tok && tok viewer >viewer.tok
}
serve_up S "$DB" --rate 0 --bundle-key "$TEST_DIR/k.pub" || skip_all_reason="server did not start"
URL=${S_URL:-}
export URL

test_case 'push of the bundle: verified, its assessment, SBOM, scan and VEX stored for lantern 2.1.0' '
	vouch push --server "$URL" --token "$(cat up.tok)" good.vouch >out 2>err &&
	api "$(cat viewer.tok)" GET /api/v1/products/lantern/releases >rel.json && [ "$(status)" = 200 ] &&
	grep -q "2.1.0" rel.json &&
	api "$(cat viewer.tok)" GET /api/v1/products/lantern/assessments >as.json &&
	test "$(jpy "len(d) if isinstance(d, list) else len(d[\"assessments\"])" <as.json)" -ge 1 &&
	api "$(cat up.tok)" POST /api/v1/bundles --data-binary @good.vouch >resp.json &&
	[ "$(status)" = 201 ] &&
	test "$(jpy "\",\".join(sorted(s[\"kind\"] for s in d[\"stored\"]))" <resp.json)" = "assessment,sbom,scan,vex" ||
	{ cat resp.json err; false; }
'

test_case 'a bundle with one byte changed is refused, the failing member and check named' '
	python3 -c "
import sys
b = bytearray(open(\"good.vouch\", \"rb\").read())
i = b.find(b\"\\\"claims\\\"\")
b[i + 1] ^= 0x20
open(\"bad.vouch\", \"wb\").write(b)
" &&
	api "$(cat up.tok)" POST /api/v1/bundles --data-binary @bad.vouch >resp.txt &&
	[ "$(status)" = 422 ] && grep -q "does not verify: .*sha256" resp.txt &&
	expect_code 1 vouch push --server "$URL" --token "$(cat up.tok)" bad.vouch 2>err &&
	grep -q "does not verify" err
'

test_case 'a bundle signed by another key is refused' '
	api "$(cat up.tok)" POST /api/v1/bundles --data-binary @other.vouch >resp.txt &&
	[ "$(status)" = 422 ] && grep -q "signature" resp.txt
'

test_case 'an uploader of another product may not upload lantern'"'"'s bundle; a viewer may not at all' '
	api "$(cat beacon.tok)" POST /api/v1/bundles --data-binary @good.vouch >resp.txt &&
	[ "$(status)" = 403 ] && grep -q "lantern" resp.txt &&
	api "$(cat viewer.tok)" POST /api/v1/bundles --data-binary @good.vouch >/dev/null &&
	[ "$(status)" = 403 ]
'

test_case 'the audit log records the bundle upload' '
	api "$(tok admin)" GET /api/v1/audit >audit.json &&
	grep -q "bundle signed by" audit.json
'

[ -n "$skip_all_reason" ] || serve_up T "sqlite:$TEST_DIR/t.db" --rate 0 ||
	skip_all_reason="second server did not start"
test_case 'a server without --bundle-key answers 501, saying how to set it' '
	t=$("$VOUCH_BIN" -q serve token create --db "sqlite:$TEST_DIR/t.db" --role admin) &&
	curl -sS -o resp.txt -w "%{http_code}" -H "Authorization: Bearer $t" \
		--data-binary @good.vouch "$T_URL/api/v1/bundles" >code &&
	[ "$(cat code)" = 501 ] && grep -q -- "--bundle-key" resp.txt
'

test_done
