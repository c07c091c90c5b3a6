#!/usr/bin/env bash
# vouch sbom on hostile PyPI, Go, Cargo, RubyGems and Composer inputs: deep nesting, huge
# strings, binary junk. No crash, bounded memory, every good file still read, bad ones named.
# pylock.toml and installed METADATA/PKG-INFO, from the shared corpus and this machine.
. "$(dirname "$0")/lib.sh"
if [ -f "$VOUCH_TOP/tests/lib/sbom.sh" ] && vouch sbom --help >/dev/null 2>&1; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
else
	skip_all_reason="vouch sbom is not in this build yet"
fi
export L="$CORPUS/lockfiles"
# the good files: real ones from the corpus, else the small ones of tests/fixtures/tree
if [ -d "$L" ]; then
	export GOOD_CARGO="$L/rust-cargolock/many-packages.lock" GOOD_GEM="$L/ruby-gemfilelock/rubocop.lock"
	export GOOD_PURLS="pkg:cargo/zstd@0.11.2 pkg:gem/rubocop@1.25.1"
else
	export GOOD_CARGO="$FIXTURES/tree/Cargo.lock" GOOD_GEM="$FIXTURES/tree/Gemfile.lock"
	export GOOD_PURLS="pkg:cargo/itoa@1.0.10 pkg:gem/rake@13.1.0"
fi
# tree_of and named come from tests/lib/sbom.sh


test_case 'deep nesting, 60 MB strings and junk: exit 3, bad files named, good ones read' '
	mkdir -p h/deep-cargo h/deep-composer h/long-req h/junk-go h/junk-gem h/good h/deep-pipfile &&
	python3 -c "
import os
open(\"h/deep-cargo/Cargo.lock\",\"w\").write(\"a = \" + \"[\" * 1000000)
open(\"h/deep-composer/composer.lock\",\"w\").write(\"[\" * 1000000)
open(\"h/deep-pipfile/Pipfile.lock\",\"w\").write(\"{\\\"default\\\": \" * 300000)
open(\"h/long-req/requirements.txt\",\"w\").write(\"x==\" + \"1\" * (60 << 20) + \"\\n\")
open(\"h/junk-go/go.mod\",\"wb\").write(os.urandom(1 << 20))
open(\"h/junk-gem/Gemfile.lock\",\"wb\").write(b\"GEM\\n  specs:\\n    \" + os.urandom(1 << 20))
" &&
	cp "$GOOD_CARGO" h/good/Cargo.lock &&
	cp "$GOOD_GEM" h/good/Gemfile.lock &&
	expect_code 3 /usr/bin/time -f "%M" -o rss "$VOUCH_BIN" sbom h >bom.json 2>err &&
	named err >bad &&
	printf "%s\n" h/deep-cargo/Cargo.lock h/deep-composer/composer.lock h/deep-pipfile/Pipfile.lock \
		h/junk-gem/Gemfile.lock h/junk-go/go.mod h/long-req/requirements.txt >want &&
	cmp_output want bad &&
	purls bom.json >p && for u in $GOOD_PURLS; do grep -qx "$u" p || exit 1; done &&
	[ "$(files_read bom.json)" = 8 ] &&
	[ "$(tail -1 rss)" -lt 1048576 ]
'

test_done
