# bundle.sh: the release the vouch bundle scripts (tests/cli/t083*.sh) bundle; sourced after
# lib.sh. It builds, in the test's folder, a copy of the example product with everything a
# release has: a key pair (k.key, k.pub), an OSV database of two hand-written advisories
# (old.db holds the first only, new.db both), a release folder rel/ with an artefact, a signed
# SHA256SUMS and provenance, a build log that records them with a signed checkpoint, and the
# product's vouch.toml naming all of it. Then:
#
#     mkbundle OUT [ARGS...]     vouch bundle create of that release into OUT
#     members BUNDLE             the member names, one a line (Python's tarfile)
#     repack DIR OUT             a bundle from the files under DIR, in the order of DIR/.order
#     resign DIR                 rewrite DIR/manifest.json's hashes and sizes, re-sign it with k.key
#
export SOURCE_DATE_EPOCH=1796688000 # 2026-12-08
export BUNDLE_TOOLS="$VOUCH_TOP/tests/lib/bundle-tools.py"

bundle_setup() {
	cp -r "$VOUCH_TOP/examples/example-product" prod &&
	vouch key generate --no-password -p k.pub -s k.key >/dev/null 2>&1 &&
	vouch key generate --no-password -p other.pub -s other.key >/dev/null 2>&1 &&
	mkdir -p adv adv2 &&
	cat >adv/a.json <<-'JSON' &&
	{"id": "GHSA-test-aaaa-0001", "modified": "2026-01-01T00:00:00Z", "published": "2026-01-01T00:00:00Z",
	 "aliases": ["CVE-2026-0001"],
	 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
	 "affected": [{"package": {"ecosystem": "npm", "name": "escape-html"}, "versions": ["1.0.3"]}]}
	JSON
	cat >adv2/b.json <<-'JSON' &&
	{"id": "GHSA-test-bbbb-0002", "modified": "2026-12-20T00:00:00Z", "published": "2026-12-20T00:00:00Z",
	 "aliases": ["CVE-2026-0002"],
	 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}],
	 "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"}, "versions": ["2.28.1"]}]}
	JSON
	vouch db import --db old.db adv >/dev/null 2>&1 &&
	vouch db import --db new.db adv adv2 >/dev/null 2>&1 &&
	mkdir -p rel &&
	printf 'lantern release artefact\n' >rel/lantern-2.1.0.tar.gz &&
	vouch sign --secret k.key --sums rel >/dev/null 2>&1 &&
	(cd rel && vouch attest provenance --secret ../k.key --output ../lantern.provenance.json \
		--started-on "$SOURCE_DATE_EPOCH" --finished-on "$SOURCE_DATE_EPOCH" \
		lantern-2.1.0.tar.gz >/dev/null 2>&1) &&
	vouch log append --log log rel/SHA256SUMS lantern.provenance.json \
		rel/lantern-2.1.0.tar.gz >/dev/null &&
	vouch log checkpoint --log log --secret k.key --origin test.example/log >/dev/null &&
	sed -i -e '/^\[evidence\]/a log = "../log"\npublic_key = "../k.pub"\nreleases = "../rel"\nprovenance = ["../lantern.provenance.json"]' \
		prod/vouch.toml
}

mkbundle() {
	local out=$1
	shift
	vouch bundle create --sign k.key --output "$out" --db old.db "$@" prod
}

members() { /usr/bin/python3 "$BUNDLE_TOOLS" members "$1"; }
repack() { /usr/bin/python3 "$BUNDLE_TOOLS" repack "$1" "$2"; }
resign() { /usr/bin/python3 "$BUNDLE_TOOLS" rehash "$1" && vouch sign --secret k.key "$1/manifest.json" >/dev/null 2>&1; }
unpack() { rm -rf "$2" && mkdir -p "$2" && /usr/bin/python3 "$BUNDLE_TOOLS" unpack "$1" "$2"; }
export -f mkbundle members repack resign unpack
