#!/usr/bin/env bash
# A document going to a regular file is streamed to a temporary file beside it in pieces,
# hashed as it goes, its serial number written in place at the end, then renamed over the
# name (src/core/formats/bom.c, util/fs.h fs_atomic_*). It must be byte for byte what the
# same run prints on stdout (held whole), with the serial number xxhsum's XXH3-128 gives;
# a write that fails leaves the old file and no temporary file; and reading a lockfile loads
# neither libarchive nor libxml2 (util/dynlib.c), which reading a pom.xml does load.
. "$(dirname "$0")/lib.sh"

need_cmd python3
need_cmd xxhsum

export SOURCE_DATE_EPOCH=1700000000

# a lockfile of 3,000 packages: a document of about 4 MB, some sixty pieces
make_lock() {
	mkdir -p "$1" && python3 - "$1/package-lock.json" <<-\PY
	import json, sys
	pk = {"": {"name": "big", "version": "1.0.0",
	           "dependencies": {"p%d" % i: "1.0.%d" % i for i in range(0, 3000, 7)}}}
	for i in range(3000):
	    pk["node_modules/p%d" % i] = {
	        "version": "1.0.%d" % i,
	        "resolved": "https://registry.npmjs.org/p%d/-/p%d-1.0.%d.tgz" % (i, i, i),
	        "integrity": "sha512-" + ("%064x" % (i * 7919)).encode().hex()[:86] + "==",
	        "license": "MIT" if i % 3 else "(MIT OR Apache-2.0)",
	        "dev": i % 5 == 0,
	        "dependencies": {"p%d" % ((i * 31 + k) % 3000): "*" for k in range(3)}}
	json.dump({"name": "big", "version": "1.0.0", "lockfileVersion": 3, "packages": pk},
	          open(sys.argv[1], "w"), indent=2)
	PY
}

# The serial number of a document: XXH3-128 of it with the placeholder in place of the
# serial, version 5 and variant bits set (bom.h); xxhsum (the xxhash package) is the oracle.
check_serial() {
	python3 - "$1" "$2" <<-\PY
	import json, re, subprocess, sys
	raw = open(sys.argv[1], "rb").read()
	doc = json.loads(raw)
	key = "serialNumber" if sys.argv[2] == "cyclonedx" else "documentNamespace"
	got = doc[key]
	m = re.fullmatch(r"urn:uuid:([0-9a-f-]{36})", got)
	assert m, got
	zero = b"00000000-0000-0000-0000-000000000000"
	# the serial is the first match of the key's value: put the placeholder back there
	at = raw.index(b'"' + key.encode() + b'": "urn:uuid:') + len(key) + 14
	assert raw[at:at + 36] == m.group(1).encode()
	run = subprocess.run(["xxhsum", "-H2", "-"], input=raw[:at] + zero + raw[at + 36:],
	                     capture_output=True, check=True)
	h = bytearray(bytes.fromhex(run.stdout.split()[0].decode()))
	assert len(h) == 16, run.stdout
	h[6] = (h[6] & 0x0F) | 0x50
	h[8] = (h[8] & 0x3F) | 0x80
	x = h[:16].hex()
	want = "%s-%s-%s-%s-%s" % (x[:8], x[8:12], x[12:16], x[16:20], x[20:32])
	assert m.group(1) == want, (m.group(1), want)
	PY
}
export -f check_serial
make_lock big

test_case 'a streamed CycloneDX document is the one printed on stdout, its serial XXH3-128 of it' '
	"$VOUCH_BIN" sbom --output file.json big &&
	"$VOUCH_BIN" sbom big >stdout.json &&
	cmp file.json stdout.json &&
	[ "$(wc -c <file.json)" -gt 1000000 ] &&
	check_serial file.json cyclonedx &&
	python3 -c "import json,sys; assert len(json.load(open(\"file.json\"))[\"components\"]) == 3000"
'

test_case 'the same for SPDX and CycloneDX 1.7, several outputs of one run' '
	"$VOUCH_BIN" sbom -o spdx=s.json -o cyclonedx@1.7=c17.json -o c16.json big &&
	"$VOUCH_BIN" sbom -f spdx big >s.out &&
	"$VOUCH_BIN" sbom --spec-version 1.7 big >c17.out &&
	"$VOUCH_BIN" sbom big >c16.out &&
	cmp s.json s.out && cmp c17.json c17.out && cmp c16.json c16.out &&
	check_serial s.json spdx && check_serial c17.json cyclonedx
'

test_case 'the serial goes where the writer put its placeholder, not where a name repeats it' '
	d=00000000-0000-0000-0000-000000000000 &&
	mkdir -p "$d" && printf "six==1.16.0\n" >"$d/requirements.txt" &&
	"$VOUCH_BIN" sbom -f spdx --output s.json "$d" &&
	python3 - s.json "$d" <<-\PY &&
	import json, sys
	doc = json.load(open(sys.argv[1]))
	assert doc["name"] == sys.argv[2], doc["name"]
	assert doc["documentNamespace"] != "urn:uuid:" + sys.argv[2], doc["documentNamespace"]
	PY
	check_serial s.json spdx
'

test_case 'a write that fails: exit 4, the old file as it was, no temporary file left' '
	echo old >out.json &&
	mkdir -p w && echo old >w/out.json &&
	(trap "" XFSZ; ulimit -f 1024; expect_code 4 "$VOUCH_BIN" sbom --output w/out.json big 2>err) &&
	grep -q "cannot write .*File too large" err &&
	[ "$(cat w/out.json)" = old ] &&
	[ "$(ls w)" = out.json ]
'

test_case 'stdout stays whole: a failed write there is an error too' '
	if [ -w /dev/full ]; then
		expect_code 4 "$VOUCH_BIN" sbom big >/dev/full 2>err &&
		grep -q "cannot write output" err
	fi
'

# strace shows the system calls (LeakSanitizer cannot run under it: off there): a document is
# renamed into place unsynced (FS_NO_SYNC, util/fs.h),
# a secret key is still synced; the heap is made of huge pages where the system gives them on
# request, else with two processors it is warmed by a thread (util/heapwarm.h)
if command -v strace >/dev/null 2>&1; then
test_case 'a document is replaced atomically without fsync, ext4 blocks reserved and given back; a key still is synced' '
	echo old >s1.json &&
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o st.log \
		-e trace=fsync,fdatasync,sync_file_range,rename,madvise,fallocate,ftruncate \
		"$VOUCH_BIN" sbom --output s1.json big &&
	grep -q "pkg:npm/p2999@1.0.2999" s1.json &&
	if [ "$(stat -f -c %T .)" = ext2/ext3 ]; then
		# ext4: blocks reserved ahead as the document grows, the excess given back
		[ "$(grep -c "fallocate(.*FALLOC_FL_KEEP_SIZE" st.log)" -ge 2 ] &&
		grep -q "ftruncate(" st.log
	fi &&
	[ $(($(stat -c "%b * %B" s1.json))) -le $(($(stat -c %s s1.json) + 65536)) ] &&
	# (no closing parenthesis: a call another thread interrupts is printed "<unfinished ...>")
	grep -q "rename(\".*s1\.json\.tmp-[^\"]*\", \".*s1\.json\"" st.log &&
	! grep -E "(fsync|fdatasync|sync_file_range)\(" st.log &&
	VOUCH_PASSWORD= ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o key.log -e trace=fsync \
		"$VOUCH_BIN" key generate \
		--no-password --public k.pub --secret k.key >/dev/null 2>&1 &&
	[ "$(grep -c "fsync(" key.log)" -ge 2 ] &&
	if ldd "$VOUCH_BIN" | grep -q libasan; then
		! grep -q "madvise(.*MADV_\(HUGEPAGE\|POPULATE_WRITE\)" st.log
	elif grep -qE "\[(always|madvise)\]" /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
		grep -q "madvise(.*MADV_HUGEPAGE" st.log &&
		! grep -q "madvise(.*MADV_POPULATE_WRITE" st.log
	elif [ "$(nproc)" -gt 1 ]; then
		grep -q "madvise(.*MADV_POPULATE_WRITE" st.log
	fi
'
else
	test_skip 'a document is replaced atomically without fsync, ext4 blocks reserved and given back; a key still is synced' "needs strace to see the system calls"
fi

test_case 'a lockfile is read without libarchive or libxml2; a pom.xml loads libxml2' '
	mkdir -p n m &&
	printf "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": \"1.0.0\"}}}\n" \
		>n/package-lock.json &&
	LD_DEBUG=files "$VOUCH_BIN" sbom --output n.json n 2>ld.log &&
	grep -q "pkg:npm/a@1.0.0" n.json &&
	! grep -E "file=(libarchive|libxml2)\." ld.log &&
	printf "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version></project>\n" \
		>m/pom.xml &&
	LD_DEBUG=files "$VOUCH_BIN" sbom --output m.json m 2>ld2.log &&
	grep -q "file=libxml2\.so\.[0-9]* .*dynamically loaded" ld2.log &&
	! grep -q "file=libarchive\." ld2.log
'

test_done
