#!/usr/bin/env bash
# vouch secrets built with its other engine, PCRE2 with its JIT (SECRETS_ENGINE=pcre2: the
# build where neither vectorscan nor hyperscan is installed), in a build folder of its own
# made from this build's objects: it must pass the rule, history and baseline tests, and
# give byte-for-byte the same findings as the vectorscan build on planted, near-miss and
# real trees (this repository's sources and tests, /usr/share/doc when present).
. "$(dirname "$0")/lib.sh"

need_cmd python3 make pkg-config
if [ -z "$skip_all_reason" ] && ! pkg-config --exists libpcre2-8; then
	skip_all_reason="needs libpcre2-dev (libpcre2-8), not installed (scripts/bootstrap installs it)"
fi
if [ -z "$skip_all_reason" ] && [ "$(readlink -f "$VOUCH_BIN")" = "$(readlink -f b/vouch 2>/dev/null)" ]; then
	skip_all_reason="already running under the PCRE2 build"
fi
GEN="$VOUCH_TOP/tests/cli/helpers/secret_tokens.py"
export GEN

test_case 'the PCRE2 engine builds from the same sources, without libhs' '
	mkdir b && cp -a "$VOUCH_BUILD/obj" b/obj &&
	rm -f b/obj/src/util/dynlib.o && # built with -DDYNLIB_NO_HS for this engine
	ldd "$VOUCH_BIN" >ldd.hs && san= && if grep -q libasan ldd.hs; then san=SAN=1; fi &&
	make -s -C "$VOUCH_TOP" BUILD="$PWD/b" SECRETS_ENGINE=pcre2 $san "$PWD/b/vouch" >make.out 2>&1 ||
		{ cat make.out; false; } &&
	ldd b/vouch >ldd.pc && grep -q libpcre2-8 ldd.pc && ! grep -q libhs ldd.pc &&
	! grep -q libpcre2-8 ldd.hs &&
	# vectorscan is loaded on first use (src/util/dynlib.c): its soname is in the
	# vectorscan build, not in the PCRE2 one
	grep -q "libhs\.so" "$VOUCH_BIN" && ! grep -q "libhs\.so" b/vouch
'

# the findings of a tree, every field that identifies one
cat >"$TEST_DIR/findings.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted(d["findings"], key=lambda f: (f["path"], f["line"], f["column"], f["rule"])):
    print(f["path"], f["line"], f["column"], f["rule"], f["fingerprint"], f["secret"])
print("files", d["files_scanned"], "bytes", d["bytes_scanned"])
PY

test_case 'both engines give the same findings on planted, near-miss and real trees' '
	python3 "$GEN" planted p >manifest && python3 "$GEN" nearmiss q >/dev/null &&
	trees="p q $VOUCH_TOP/src $VOUCH_TOP/tests $VOUCH_TOP/docs" &&
	if [ -d /usr/share/doc ]; then trees="$trees /usr/share/doc"; fi &&
	n=0 && for t in $trees; do
		vouch secrets --format json "$t" >hs.json 2>/dev/null || [ $? = 1 ] || [ $? = 3 ] &&
		b/vouch secrets --format json "$t" >pc.json 2>/dev/null || [ $? = 1 ] || [ $? = 3 ] &&
		python3 findings.py hs.json >hs.txt && python3 findings.py pc.json >pc.txt &&
		cmp_output hs.txt pc.txt && n=$((n + $(wc -l <hs.txt) - 1)) || exit 1
	done &&
	[ $(grep -c . manifest) -gt 20 ] && [ $n -ge $(grep -c . manifest) ]
'

# Their skips are allowed: a schema may be found only beside the main build.
test_case 'the secrets rule, history and baseline tests pass under the PCRE2 engine' '
	for t in t0900-secrets-rules t0901-secrets-git t0902-secrets-baseline; do
		env -i PATH="$PATH" TMPDIR="$PWD" VOUCH_BUILD="$PWD/b" VOUCH_TOP="$VOUCH_TOP" \
			bash "$VOUCH_TOP/tests/cli/$t.sh" >$t.out 2>&1 ||
			{ cat $t.out; exit 1; }
		grep -q "^$t: [1-9][0-9]* passed, 0 failed, " $t.out || { cat $t.out; exit 1; }
	done
'

test_done
