#!/usr/bin/env bash
# vouch assess, claim 3.5.2: the mitigations of the binaries in the release folder and in
# [harden] paths, against [harden] require (or the recommended set): a binary lacking one
# is a gap naming file and property; all passing leaves the testing half to a declaration.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3
need_cmd gcc

. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f run

printf '#include <stdio.h>\n#include <string.h>\nint main(int c, char **v){char b[32];strcpy(b,v[0]);puts(b);return c;}\n' >"$TEST_DIR/m.c"
(
	cd "$TEST_DIR" &&
	gcc -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -pie -Wl,-z,relro,-z,now -o hard m.c &&
	gcc -O0 -fno-stack-protector -no-pie -o soft m.c
) >/dev/null 2>&1 || skip_all_reason="cannot build the fixtures with gcc"

# product DIR: a product whose release folder holds the files given after DIR
product() {
	local d=$1
	shift
	mkdir -p "$d/dist" && cp "$@" "$d/dist/" && echo "notes" >"$d/dist/README.txt" &&
	printf '[organisation]\nname = "P"\n\n[evidence]\nreleases = "dist"\n' >"$d/vouch.toml"
}
export -f product

test_case 'a shipped binary without the recommended mitigations: 3.5.2 not met, naming it' '
	product weak hard soft && run weak &&
	[ "$(claim weak.json 3.5.2 status)" = not_met ] &&
	[ "$(claim weak.json 3.5.2 basis)" = observed ] &&
	claim weak.json 3.5.2 argument | grep -q "1 of 2 shipped binaries lack" &&
	claim weak.json 3.5.2 argument | grep -q "dist/soft lacks pie (has no)" &&
	claim weak.json 3.5.2 argument | grep -q "dist/soft lacks relro=full (has partial)" &&
	! claim weak.json 3.5.2 argument | grep -q "dist/hard lacks" &&
	claim weak.json 3.5.2 evidence | grep -q "\"collector\": \"harden\""
'

test_case 'all binaries hardened: the observation is recorded, the declaration decides' '
	product good hard && run good &&
	[ "$(claim good.json 3.5.2 status)" = unknown ] &&
	claim good.json 3.5.2 argument | grep -q "All 1 shipped executables and libraries have the required mitigations" &&
	mkdir -p good/evidence && echo "patch release CI run" >good/evidence/ci.txt &&
	cat >>good/vouch.toml <<TOML &&

[[claim]]
id = "3.5.2"
status = "met"
argument = "Patch releases run the full CI suite."
evidence = ["evidence/ci.txt"]
owner = "Release manager"
reviewed = 2026-11-01
TOML
	run good && [ "$(claim good.json 3.5.2 status)" = met ] &&
	claim good.json 3.5.2 argument | grep -q "have the required mitigations"
'

test_case 'a declaration does not override a missing mitigation' '
	product weak2 soft && mkdir -p weak2/evidence && echo x >weak2/evidence/ci.txt &&
	printf "\n[[claim]]\nid = \"3.5.2\"\nstatus = \"met\"\nargument = \"Fine.\"\nevidence = [\"evidence/ci.txt\"]\nowner = \"R\"\nreviewed = 2026-11-01\n" >>weak2/vouch.toml &&
	run weak2 && [ "$(claim weak2.json 3.5.2 status)" = not_met ]
'

test_case '[harden] require narrows the policy; [harden] paths adds binaries' '
	product narrow hard && mkdir -p narrow/build && cp soft narrow/build/ &&
	printf "\n[harden]\npaths = [\"build\"]\nrequire = [\"nx\"]\n" >>narrow/vouch.toml &&
	run narrow && [ "$(claim narrow.json 3.5.2 status)" = unknown ] &&
	claim narrow.json 3.5.2 argument | grep -q "All 2 shipped" &&
	printf "\n[harden]\npaths = [\"build\"]\nrequire = [\"nx\", \"canary\"]\n" >narrow/extra.toml &&
	sed -i "/^\[harden\]/,\$d" narrow/vouch.toml && cat narrow/extra.toml >>narrow/vouch.toml &&
	run narrow && [ "$(claim narrow.json 3.5.2 status)" = not_met ] &&
	claim narrow.json 3.5.2 argument | grep -q "build/soft lacks canary (has no)"
'

test_case 'an unknown requirement in [harden] is an error at its line' '
	product typo hard && printf "\n[harden]\nrequire = [\"pie\", \"relro=ful\"]\n" >>typo/vouch.toml &&
	! run typo && grep -q "vouch.toml:8: unknown hardening requirement .relro=ful." typo.err
'

test_case 'without a release folder or [harden], 3.5.2 is not observed' '
	mkdir -p none && printf "[organisation]\nname = \"P\"\n" >none/vouch.toml && run none &&
	[ "$(claim none.json 3.5.2 basis)" != observed ]
'

test_done
