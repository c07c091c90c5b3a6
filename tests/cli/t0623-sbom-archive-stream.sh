#!/usr/bin/env bash
# Archives are streamed, never held whole in memory: a 300 MiB tar on disk,
# a 100 MiB tar nested in another (over the 64 MiB cap on members held in
# memory), and a 100 MiB jar in an image layer are read with a peak memory
# far below their sizes, and what they hold is found. The files are made here.
. "$(dirname "$0")/lib.sh"
need_cmd python3 /usr/bin/time
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
	MK="$VOUCH_TOP/tests/lib/mkimage.py"
fi

# mktar OUT SIZE_MIB [MEMBER=FILE]...: a plain tar with a SIZE_MIB member of
# zeros (not a bomb: stored, not compressed) and the members given.
mktar() {
	python3 - "$@" <<'PY'
import io, sys, tarfile
out, mib = sys.argv[1], int(sys.argv[2])
class Zeros(io.RawIOBase):
    def __init__(self, n): self.left = n
    def readable(self): return True
    def readinto(self, b):
        k = min(len(b), self.left); b[:k] = bytes(k); self.left -= k; return k
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
    i = tarfile.TarInfo("blob.bin"); i.size = mib << 20; i.mtime = 0
    t.addfile(i, io.BufferedReader(Zeros(i.size)))
    for a in sys.argv[3:]:
        name, path = a.split("=", 1)
        t.add(path, arcname=name)
PY
}

cargo_lock() {
	printf 'version = 3\n\n[[package]]\nname = "%s"\nversion = "%s"\n' "$1" "$2" >Cargo.lock
}

peak_kib() { tail -1 rss; }
export -f mktar cargo_lock peak_kib
export MK

test_case 'a 300 MiB tar on disk: its lockfile found, peak memory under 100 MiB' '
	cargo_lock zstd 0.11.2 && mktar big.tar 300 app/Cargo.lock=Cargo.lock &&
	expect_code 0 /usr/bin/time -f %M -o rss "$VOUCH_BIN" sbom big.tar >bom.json 2>err &&
	purls bom.json | grep -qx "pkg:cargo/zstd@0.11.2" &&
	[ "$(peak_kib)" -lt 102400 ] || { echo "peak $(peak_kib) KiB" >&2; false; }
'

test_case 'a 100 MiB tar nested in a tar (over the 64 MiB cap on members held whole): read, streamed' '
	cargo_lock serde 1.0.0 && mktar inner.tar 100 app/Cargo.lock=Cargo.lock &&
	cargo_lock rand 0.8.5 && mktar outer.tar 1 inner.tar=inner.tar top/Cargo.lock=Cargo.lock &&
	expect_code 0 /usr/bin/time -f %M -o rss "$VOUCH_BIN" sbom outer.tar >bom.json 2>err &&
	purls bom.json >got && grep -qx "pkg:cargo/serde@1.0.0" got &&
	grep -qx "pkg:cargo/rand@0.8.5" got && [ ! -s err ] &&
	[ "$(peak_kib)" -lt 102400 ] || { echo "peak $(peak_kib) KiB" >&2; cat err >&2; false; }
'

test_case 'a 100 MiB jar in an image layer: its pom.properties found, peak memory under 100 MiB' '
	rm -rf l1 img && mkdir -p l1/opt/app &&
	python3 -c "
import zipfile
with zipfile.ZipFile(\"l1/opt/app/big.jar\", \"w\", zipfile.ZIP_STORED) as z:
    z.writestr(\"META-INF/maven/org.example/big/pom.properties\",
               \"groupId=org.example\nartifactId=big\nversion=2.1\n\")
    with z.open(\"data.bin\", \"w\", force_zip64=True) as f:
        for _ in range(100):
            f.write(bytes(1 << 20))
" &&
	python3 "$MK" --format oci img l1 >/dev/null &&
	expect_code 0 /usr/bin/time -f %M -o rss "$VOUCH_BIN" sbom img >bom.json 2>err &&
	purls bom.json | grep -qx "pkg:maven/org.example/big@2.1" &&
	[ "$(peak_kib)" -lt 102400 ] || { echo "peak $(peak_kib) KiB" >&2; cat err >&2; false; }
'

test_case 'a tar that ends early: named, exit 3, what came before kept' '
	cargo_lock zstd 0.11.2 && mktar cut.tar 2 app/Cargo.lock=Cargo.lock &&
	head -c 1048576 cut.tar >short.tar &&
	expect_code 3 "$VOUCH_BIN" sbom short.tar >bom.json 2>err &&
	grep -q "short.tar" err
'

test_done
