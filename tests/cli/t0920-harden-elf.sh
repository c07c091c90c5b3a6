#!/usr/bin/env bash
# vouch harden on ELF programs, libraries and objects built here with and without each
# mitigation: the build flags say what each must report, and checksec and hardening-check
# must agree on every property both report (tests/lib/harden_oracle.py explains the rest).
. "$(dirname "$0")/lib.sh"

need_cmd gcc readelf python3
export PY=python3 ORACLE="$VOUCH_TOP/tests/lib/harden_oracle.py" HELPERS="$TEST_SRC/helpers"

# get JSON PATH EXPR: the Python expression EXPR over the file entry f whose path is PATH
get() {
	$PY - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["files"] if x["path"] == sys.argv[2]]
assert len(f) == 1, f"{sys.argv[2]}: {len(f)} entries"
f = f[0]
v = eval(sys.argv[3])
print(json.dumps(v) if not isinstance(v, str) else v)
PY
}
export -f get

cat >"$TEST_DIR/p.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char buf[64], link[128];
	strcpy(buf, argv[0]);
	printf("%s %d\n", buf, argc);
	if (readlink("/proc/self/exe", link, sizeof(link) - 1) > 0)
		puts(link);
	return 0;
}
C
# Debian's C start files carry no CET marking, so the linker drops it from any program
# linked with them: a program with its own _start shows it.
cat >"$TEST_DIR/cet.c" <<'C'
void _start(void)
{
	__asm__ volatile("mov $60, %%eax\n\txor %%edi, %%edi\n\tsyscall" ::: "memory");
}
C
(
	cd "$TEST_DIR" &&
	mkdir -p bin &&
	gcc -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fcf-protection=full -fPIE -pie \
		-Wl,-z,relro,-z,now -o bin/hard p.c &&
	gcc -O0 -fno-stack-protector -no-pie -Wl,-z,norelro -z execstack \
		-Wl,--disable-new-dtags,-rpath,/opt/old -o bin/soft p.c &&
	gcc -O2 -fPIE -pie -Wl,--enable-new-dtags,-rpath,/opt/new -o bin/runpath p.c &&
	gcc -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIC -shared -o bin/libp.so p.c &&
	gcc -O2 -fstack-protector-all -c -o bin/p.o p.c &&
	gcc -O2 -fcf-protection=full -nostdlib -static -o bin/cet cet.c &&
	cp bin/hard bin/hard-stripped && strip bin/hard-stripped &&
	echo "not a binary" >bin/readme.txt &&
	ln -s /nonexistent bin/dangling
) >/dev/null 2>&1 || skip_all_reason="cannot build the ELF fixtures with gcc"

test_case 'every ELF of the folder is read, other files and dangling links skipped' '
	vouch harden --format json bin >h.json &&
	[ "$($PY -c "import json;print(len(json.load(open(\"h.json\"))[\"files\"]))")" = 7 ] &&
	! grep -q readme h.json && ! grep -q dangling h.json
'

test_case 'a program built with every mitigation has each of them' '
	vouch harden --format json bin >h.json &&
	[ "$(get h.json bin/hard "f[\"type\"], f[\"pie\"], f[\"relro\"], f[\"bindnow\"], f[\"nx\"], f[\"canary\"]")" = "[\"pie\", true, \"full\", true, true, true]" ] &&
	[ "$(get h.json bin/cet "f[\"cet\"]")" = "{\"ibt\": true, \"shstk\": true}" ] &&
	[ "$(get h.json bin/hard "f[\"cet\"]")" = "{\"ibt\": false, \"shstk\": false}" ] &&
	[ "$(get h.json bin/hard "f[\"fortify\"][\"status\"] in (\"yes\", \"partial\")")" = true ] &&
	[ "$(get h.json bin/hard "\"strcpy\" in f[\"fortify\"][\"fortified\"] and \"printf\" in f[\"fortify\"][\"fortified\"]")" = true ] &&
	[ "$(get h.json bin/hard "f[\"rpath\"], f[\"runpath\"], f[\"stripped\"], f[\"execstack\"]")" = "[null, null, false, false]" ] &&
	[ "$(get h.json bin/hard-stripped "f[\"stripped\"], f[\"canary\"]")" = "[true, true]" ]
'

test_case 'a program built without them lacks each, and says where it loads libraries from' '
	vouch harden --format json bin >h.json &&
	[ "$(get h.json bin/soft "f[\"type\"], f[\"pie\"], f[\"relro\"], f[\"nx\"], f[\"execstack\"], f[\"canary\"]")" = "[\"exe\", false, \"none\", false, true, false]" ] &&
	[ "$(get h.json bin/soft "f[\"fortify\"]")" = "{\"status\": \"no\", \"fortified\": [], \"unfortified\": [\"printf\", \"readlink\", \"strcpy\"]}" ] &&
	[ "$(get h.json bin/soft "f[\"rpath\"], f[\"runpath\"]")" = "[\"/opt/old\", null]" ] &&
	[ "$(get h.json bin/runpath "f[\"rpath\"], f[\"runpath\"]")" = "[null, \"/opt/new\"]" ]
'

test_case 'libraries and objects are typed as such; an object reads its .note.GNU-stack' '
	vouch harden --format json bin >h.json &&
	[ "$(get h.json bin/libp.so "f[\"type\"], f[\"pie\"], f[\"canary\"]")" = "[\"dyn\", false, true]" ] &&
	[ "$(get h.json bin/p.o "f[\"type\"], f[\"nx\"], f[\"canary\"], f[\"relro\"]")" = "[\"rel\", true, true, \"none\"]" ]
'

test_case '--require: exit 1 names each file and missing property; programs-only rules skip libraries' '
	expect_code 1 vouch harden --require pie,nx,relro=full,canary bin/soft bin/libp.so >out 2>err &&
	grep -q "^bin/soft: lacks pie (has no)" out &&
	grep -q "^bin/soft: lacks relro=full (has none)" out &&
	grep -q "^bin/soft: lacks canary (has no)" out &&
	grep -q "^bin/libp.so: lacks relro=full (has partial)" out &&
	! grep -q "bin/libp.so: lacks pie" out &&
	grep -q "2 of 2 files lack a required property" err &&
	expect_code 0 vouch harden --require pie,nx,relro=full,canary,fortify,no-rpath,no-runpath bin/hard >out &&
	expect_code 0 vouch harden --require cet bin/cet >out &&
	expect_code 1 vouch harden --require cet bin/hard >out 2>err && grep -q "lacks cet (has no)" out &&
	expect_code 1 vouch harden --format json --require no-rpath --require no-runpath bin/soft bin/runpath >h.json &&
	[ "$(get h.json bin/soft "f[\"failures\"]")" = "[{\"requirement\": \"no-rpath\", \"have\": \"/opt/old\"}]" ]
'

test_case 'an unknown requirement is a usage error naming it' '
	expect_code 2 vouch harden --require pie,aslr-ish bin 2>err &&
	grep -q "unknown hardening requirement .aslr-ish." err
'

test_case 'a damaged ELF is named on stderr (exit 3) and the rest is still reported' '
	mkdir -p dmg && cp bin/hard dmg/ok &&
	head -c 64 bin/hard >dmg/cut && printf "\xff\xff\xff\x7f" | dd of=dmg/cut bs=1 seek=32 conv=notrunc 2>/dev/null &&
	expect_code 3 vouch harden --format json dmg >h.json 2>err &&
	grep -q "dmg/cut" err && grep -q "program headers outside the file" err &&
	[ "$(get h.json dmg/ok "f[\"pie\"]")" = true ]
'

schema_case sarif-2.1.0.schema.json 'SARIF: each unmet requirement a result, valid SARIF 2.1.0' '
	expect_code 1 vouch harden --format sarif --require pie,canary,no-rpath bin/soft bin/hard >o.sarif &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json o.sarif &&
	$PY - <<PY
import json
run = json.load(open("o.sarif"))["runs"][0]
got = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["level"])
             for r in run["results"])
assert got == [("harden/canary", "bin/soft", "error"), ("harden/no-rpath", "bin/soft", "error"),
               ("harden/pie", "bin/soft", "error")], got
assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["harden/pie", "harden/canary", "harden/no-rpath"]
PY
'

schema_case sarif-2.1.0.schema.json 'SARIF without --require: the recommended properties as warnings, exit 0' '
	vouch harden --format sarif bin/soft >o.sarif &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json o.sarif &&
	$PY -c "
import json
r = json.load(open(\"o.sarif\"))[\"runs\"][0][\"results\"]
assert {x[\"level\"] for x in r} == {\"warning\"}, r
assert {x[\"ruleId\"] for x in r} >= {\"harden/pie\", \"harden/nx\", \"harden/canary\", \"harden/relro=full\"}, r
"
'

if command -v checksec >/dev/null && command -v hardening-check >/dev/null; then
	test_case 'checksec and hardening-check agree on every property of the fixtures' '
		vouch harden --format json bin >h.json &&
		{ $PY "$ORACLE" h.json >oracle.txt || { cat oracle.txt; false; }; } &&
		grep -q "^6 files" oracle.txt
	'
else
	test_skip 'checksec and hardening-check agree' 'needs checksec and hardening-check (devscripts)'
fi

test_done
