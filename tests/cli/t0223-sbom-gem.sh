#!/usr/bin/env bash
# vouch sbom on Gemfile.lock (shared corpus).
. "$(dirname "$0")/lib.sh"
need_corpus
export L="$CORPUS/lockfiles"
. "$VOUCH_TOP/tests/lib/sbom.sh"

test_case 'Gemfile.lock: every fixture read, the malformed one named, exit 3' '
	n=$(tree_of ruby-gemfilelock Gemfile.lock) && [ "$n" = 11 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 11 ] &&
	named err >bad && echo t/invalid.lock/Gemfile.lock >want && cmp_output want bad
'

test_case 'Gemfile.lock: the package set of has-git-gem.lock, direct and git source' '
	expect_purls "$L/ruby-gemfilelock/has-git-gem.lock" <<-X
	pkg:gem/concurrent-ruby@1.1.7
	pkg:gem/hanami-controller@2.0.0.alpha1
	pkg:gem/hanami-utils@2.0.0.alpha1
	pkg:gem/rack@2.2.3
	pkg:gem/transproc@1.1.1
	X
	grep -q "git+https://github.com/hanami/utils.git@5904fc9a70683b8749aa2861257d0c8c01eae4aa" expect.bom
'

test_case 'Gemfile.lock: platforms become the platform qualifier; BOMs validate' '
	vouch sbom "$L/ruby-gemfilelock/rails.lock" >r.json && purls r.json >p &&
	grep -qx "pkg:gem/nokogiri@1.13.3?platform=x86_64-linux" p && [ "$(wc -l <p)" = 46 ] &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" r.json >/dev/null &&
	vouch sbom --format spdx "$L/ruby-gemfilelock/rails.lock" >s.json &&
	validate "$SCHEMAS/spdx-2.3.schema.json" s.json >/dev/null
'

test_done
