#!/usr/bin/env bash
# vouch harden: /GS (stack cookies) of PE images, read from the load configuration's
# SecurityCookie. The images are built here with clang and lld-link for PE32 (i386) and
# PE32+ (x86_64), each with a cookie, with none, and with a load configuration too short
# to hold the field; and with mingw-w64 (whose images have no load configuration) when it
# is installed. Each is compared with llvm-readobj --coff-load-config.
. "$(dirname "$0")/lib.sh"

LLVM=/usr/lib/llvm-14/bin
need_cmd python3 clang
for t in lld-link llvm-readobj; do
	[ -n "$skip_all_reason" ] || [ -x $LLVM/$t ] ||
		skip_all_reason="needs $LLVM/$t (llvm-14, lld-14: scripts/bootstrap installs them)"
done
export LLVM

# a load configuration of the documented layout (IMAGE_LOAD_CONFIG_DIRECTORY32/64 up to
# SEHandlerCount), SecurityCookie pointing at __security_cookie unless NO_COOKIE; SIZE
# overrides its Size field
cat >"$TEST_DIR/lc.c" <<'C'
#include <stdint.h>
#ifdef __x86_64__
typedef uint64_t uptr;
#else
typedef uint32_t uptr;
#endif
struct lc {
	uint32_t size, time;
	uint16_t major, minor;
	uint32_t gclear, gset, timeout;
	uptr decommit_free, decommit_total, lock_prefix, max_alloc, vm_threshold;
#ifdef __x86_64__
	uptr affinity;
	uint32_t heap_flags;
#else
	uint32_t heap_flags;
	uptr affinity;
#endif
	uint16_t csd, dep;
	uptr edit_list, cookie, seh_table, seh_count;
};
#ifndef SIZE
#define SIZE sizeof(struct lc)
#endif
#ifdef NO_COOKIE
#define COOKIE 0
#else
#define COOKIE ((uptr)&__security_cookie)
#endif
uptr __security_cookie = 0x2B992DDF;
const struct lc _load_config_used = { .size = SIZE, .cookie = COOKIE };
int start(void) { return (int)__security_cookie; }
C

test_case 'PE32 and PE32+ built with a cookie, without one, and with a short load configuration' '
	mkdir pe &&
	for arch in x86_64 i686; do
		for v in cookie:"" none:-DNO_COOKIE short:-DSIZE=0x3C; do
			clang --target=$arch-pc-windows-msvc -O2 ${v#*:} -c lc.c -o $arch-${v%%:*}.obj &&
			$LLVM/lld-link /nologo /entry:start /nodefaultlib /subsystem:console \
				/out:pe/$arch-${v%%:*}.exe $arch-${v%%:*}.obj || exit 1
		done
	done &&
	if command -v x86_64-w64-mingw32-gcc >/dev/null; then
		printf "int main(void){return 0;}\n" >w.c &&
		x86_64-w64-mingw32-gcc -O2 -fstack-protector-strong -o pe/mingw.exe w.c
	fi &&
	vouch harden --format json pe >h.json &&
	for f in pe/*.exe; do $LLVM/llvm-readobj --file-headers --coff-load-config $f >$f.llvm; done &&
	python3 - <<PY
import json, re
files = {f["path"]: f for f in json.load(open("h.json"))["files"]}
assert len(files) >= 6, sorted(files)
for path, f in sorted(files.items()):
    text = open(path + ".llvm").read()
    m = re.search(r"^\s*SecurityCookie: (0x[0-9A-F]+)", text, re.M)
    theirs = int(m.group(1), 16) if m else 0
    mine = int(f["security_cookie"], 16) if f["security_cookie"] else 0
    assert mine == theirs, (path, f["security_cookie"], m and m.group(1))
    assert f["gs"] is (theirs != 0), (path, f["gs"])
    magic = re.search(r"Magic: (0x10B|0x20B)", text).group(1)
    assert f["arch"] == ("i386" if magic == "0x10B" else "x86_64"), (path, f["arch"])
    want = path.split("/")[1].split("-")[-1] == "cookie.exe"
    assert f["gs"] is want, (path, f["gs"], want)
    print(path, f["gs"], f["security_cookie"])
PY
'

test_case 'gs can be required: table, and SARIF results for the images without a cookie' '
	vouch harden pe/x86_64-cookie.exe pe/i686-none.exe >t.out &&
	grep -q "gs:yes.* pe/x86_64-cookie.exe$" t.out && grep -q "gs:no.* pe/i686-none.exe$" t.out &&
	expect_code 1 vouch harden --require gs --format sarif pe >s.json &&
	python3 - <<PY
import json
r = json.load(open("s.json"))["runs"][0]
failed = sorted(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for x in r["results"] if x["ruleId"] == "harden/gs")
import glob
want = sorted(p for p in glob.glob("pe/*.exe") if not p.endswith("-cookie.exe"))
assert failed == want, (failed, want)
assert any(x["id"] == "harden/gs" for x in r["tool"]["driver"]["rules"])
PY
'

test_done
