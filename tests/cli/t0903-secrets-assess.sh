#!/usr/bin/env bash
# vouch assess: the secrets collector. A credential in the product tree makes 1.4.3, 1.4.5 and
# 2.1.4 not met (observed, naming the file); a clean tree never makes them met on its own; the
# baseline of [evidence] secrets_baseline accepts findings.
. "$(dirname "$0")/lib.sh"

need_cmd python3
GEN="$VOUCH_TOP/tests/cli/helpers/secret_tokens.py"
export GEN
. "$VOUCH_TOP/tests/lib/assess.sh"
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f run

test_case 'a token in the product tree: the three claims are not met, naming file and line' '
	python3 "$GEN" planted p >manifest && mkdir -p leak/src && cp p/.npmrc leak/src/npmrc &&
	run leak || true
	for id in 1.4.3 1.4.5 2.1.4; do
		[ "$(claim leak.json $id status)" = not_met ] || exit 1
		[ "$(claim leak.json $id basis)" = observed ] || exit 1
		claim leak.json $id argument | grep -q "src/npmrc:1 (npm-token)" || exit 1
	done &&
	! grep -qF "$(cut -d" " -f4 manifest | sed -n 17p)" leak.json
'

test_case 'a clean tree is not met or met by the scan alone: the declaration decides' '
	mkdir -p clean && echo "int main(void) { return 0; }" >clean/main.c &&
	run clean || true
	for id in 1.4.3 1.4.5 2.1.4; do
		[ "$(claim clean.json $id status)" = unknown ] || exit 1
		claim clean.json $id argument | grep -q "found no credential in the 1 files" || exit 1
	done
'

test_case 'findings in the baseline are accepted; the baseline is listed as evidence' '
	python3 "$GEN" planted p >manifest && mkdir -p based && cp p/.npmrc based/npmrc &&
	vouch secrets --write-baseline based/.vouch-secrets based >/dev/null &&
	printf "[evidence]\nsecrets_baseline = \".vouch-secrets\"\n" >based/vouch.toml &&
	run based || true
	[ "$(claim based.json 1.4.5 status)" = unknown ] &&
	claim based.json 1.4.5 argument | grep -q "beyond those accepted in the baseline" &&
	claim based.json 1.4.5 evidence | grep -q "vouch-secrets"
'
test_done
