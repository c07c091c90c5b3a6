#!/usr/bin/env bash
# vouch sbom on Swift Package.resolved and CocoaPods Podfile.lock.
. "$(dirname "$0")/lib.sh"
need_corpus
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
export L="$CORPUS/lockfiles"

test_case 'Package.resolved: every fixture read, the malformed ones named, exit 3' '
	corpus_folder swift-packageresolved Package.resolved 5 Dockerfile.swift-testbed empty invalid
'

test_case 'Package.resolved: the package set of valid (host and owner as namespace)' '
	cp "$L/swift-packageresolved/valid" Package.resolved &&
	expect_purls Package.resolved <<-X
	pkg:swift/github.com/apple/swift-algorithms@1.0.0
	pkg:swift/github.com/apple/swift-async-algorithms@0.1.0
	pkg:swift/github.com/apple/swift-atomics@1.1.0
	X
'

test_case 'Podfile.lock: every fixture read, the malformed ones named, exit 3' '
	corpus_folder swift-podfilelock Podfile.lock 4 empty invalid
'

test_case 'Podfile.lock: the package set of valid2, direct and transitive' '
	cp "$L/swift-podfilelock/valid2" Podfile.lock &&
	expect_purls Podfile.lock <<-X
	pkg:cocoapods/GlossButtonNode@3.1.2
	pkg:cocoapods/PINCache@3.0.3
	pkg:cocoapods/Reveal-SDK@1.5.0
	pkg:cocoapods/SwiftGen@6.0.0
	X
	vouch sbom Podfile.lock >p.json 2>err && purls --flags p.json >f &&
	grep -qx "pkg:cocoapods/PINCache@3.0.3 required transitive" f &&
	grep -qx "pkg:cocoapods/SwiftGen@6.0.0 required direct" f &&
	grep -q "note: Podfile.lock:11: dependency .Texture. is not among the PODS" err
'

test_done
