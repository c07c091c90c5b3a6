#!/usr/bin/env bash
# Container images that try to hang vouch or exhaust its memory: a FIFO where a blob or a
# layer belongs (named, exit 3, never waited on), and layers whose names alone would take
# gigabytes to keep (refused once the bytes held pass the limit, which --image-name-budget
# lowers for the test).
. "$(dirname "$0")/lib.sh"
need_cmd python3 mkfifo timeout
MK="$VOUCH_TOP/tests/lib/mkimage.py"
export MK L="$CORPUS/lockfiles"

# Two layers: a Cargo.lock, a poetry.lock (written here: no corpus needed).
make_layers() {
	mkdir -p l1/app l2/srv &&
	printf 'version = 3\n\n[[package]]\nname = "zstd"\nversion = "0.11.2"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' \
		>l1/app/Cargo.lock &&
	printf '[[package]]\nname = "six"\nversion = "1.16.0"\n\n[metadata]\nlock-version = "2.0"\n' \
		>l2/srv/poetry.lock
}
export -f make_layers

# blob N of the OCI layout in folder $1: "layer" index N, or the "manifest"
blob_of() {
	python3 -c "
import json, sys
d = sys.argv[1]
i = json.load(open(d + '/index.json'))
m = i['manifests'][0]['digest'][7:]
if sys.argv[2] == 'manifest':
    print(m)
else:
    print(json.load(open(d + '/blobs/sha256/' + m))['layers'][int(sys.argv[2])]['digest'][7:])
" "$@"
}
export -f blob_of

test_case 'a FIFO as a layer blob of an OCI layout: named, exit 3, the other layer read' '
	rm -rf oci dd l1 l2 img.tar && make_layers && python3 "$MK" --format oci oci l1 l2 >/dev/null &&
	b=$(blob_of oci 0) && rm "oci/blobs/sha256/$b" && mkfifo "oci/blobs/sha256/$b" &&
	expect_code 3 timeout 30 "$VOUCH_BIN" sbom oci >bom.json 2>err &&
	grep -q "layer 1 .*oci/blobs/sha256/$b.* is not a regular file" err &&
	grep -q "pkg:pypi/six@1.16.0" bom.json && ! grep -q "pkg:cargo/" bom.json
'

test_case 'a FIFO as the manifest blob: named, exit 3 or 4, no hang' '
	rm -rf oci dd l1 l2 img.tar && make_layers && python3 "$MK" --format oci oci l1 l2 >/dev/null && rm -f oci/manifest.json &&
	b=$(blob_of oci manifest) && rm "oci/blobs/sha256/$b" && mkfifo "oci/blobs/sha256/$b" &&
	if timeout 30 "$VOUCH_BIN" sbom oci >bom.json 2>err; then rc=0; else rc=$?; fi &&
	{ [ "$rc" = 3 ] || [ "$rc" = 4 ]; } &&
	grep -q "$b.* is not a regular file" err
'

test_case 'a FIFO as a docker-save layer.tar, and as an image given with --type: no hang' '
	rm -rf oci dd l1 l2 img.tar && make_layers && python3 "$MK" --format docker-dir dd l1 l2 >/dev/null &&
	t=$(ls dd/*/layer.tar | head -1) && rm "$t" && mkfifo "$t" &&
	expect_code 3 timeout 30 "$VOUCH_BIN" sbom dd >bom.json 2>err &&
	grep -q "$t.* is not a regular file" err &&
	mkfifo img.tar &&
	if timeout 30 "$VOUCH_BIN" sbom --type container-image img.tar >bom.json 2>err; then rc=0; else rc=$?; fi &&
	{ [ "$rc" = 2 ] || [ "$rc" = 4 ]; } && grep -q "img.tar" err
'

test_case 'names that take more bytes than the budget: named, exit 3; the same image read whole under the default' '
	rm -rf names && python3 "$VOUCH_TOP/tests/lib/mkimage-names.py" names 3000 2000 >sizes &&
	expect_code 3 /usr/bin/time -f %M -o rss \
		"$VOUCH_BIN" sbom --image-name-budget 4000000 names >bom.json 2>err &&
	grep -q "layer 1 .*take more than 4000000 bytes to remember: the rest is not read" err &&
	grep -q "vouch:complete" bom.json &&
	expect_code 0 "$VOUCH_BIN" sbom names >bom.json 2>err &&
	[ ! -s err ]
'

test_case 'an image tar whose member names and JSON files pass the budget: named, exit 3' '
	rm -rf oci.tar l1 l2 && make_layers && python3 "$MK" --format oci-tar oci.tar l1 l2 >/dev/null &&
	expect_code 3 "$VOUCH_BIN" sbom --image-name-budget 2000 oci.tar >bom.json 2>err &&
	grep -q "oci.tar.*member names and JSON files take more than 2000 bytes" err &&
	expect_code 0 "$VOUCH_BIN" sbom oci.tar >bom.json 2>err &&
	grep -q "pkg:cargo/zstd@0.11.2" bom.json
'

test_case 'whiteouts count too: 3,000 of 2,000 bytes over a 4 MB budget' '
	rm -rf wh && python3 "$VOUCH_TOP/tests/lib/mkimage-names.py" wh 3000 2000 --whiteouts >sizes &&
	expect_code 3 "$VOUCH_BIN" sbom --image-name-budget 4000000 wh >bom.json 2>err &&
	grep -q "take more than 4000000 bytes to remember" err
'

test_case 'a layer that inflates over 200 times its size past 16 MiB: a bomb, named, exit 3' '
	rm -rf bl && mkdir -p bl/l1 bl/l2/zz && truncate -s 40M bl/l1/zeros &&
	printf "version = 3\n\n[[package]]\nname = \"zstd\"\nversion = \"0.11.2\"\n" >bl/l2/zz/Cargo.lock &&
	python3 "$MK" --format oci --gzip bomb bl/l1 bl/l2 >/dev/null &&
	expect_code 3 "$VOUCH_BIN" sbom bomb >bom.json 2>err &&
	grep -q "layer 1 .*inflates to over .* an archive bomb" err &&
	grep -q "pkg:cargo/zstd@0.11.2" bom.json
'

test_done
