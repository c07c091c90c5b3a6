#!/usr/bin/env bash
# Every comparison line of every file in the shared corpus's versions/ folder
# (osv-scalibr's ordering lists, mostly generated from each ecosystem's own
# tooling) agrees with `vouch version compare`, end to end through the binary.
. "$(dirname "$0")/lib.sh"
need_corpus

# check FILE ECOSYSTEM COUNT: COUNT is the number of "A op B" lines in FILE
# (comments start with '#' or '//'); every one must agree.
check() {
	local file=$1 eco=$2 want=$3
	test_case "$file: $want comparisons agree under $eco" '
		f="$CORPUS/versions/'"$file"'"
		grep -E "^[^ ]+ [<=>] [^ ]+\$" "$f" >lines || true
		n=$(wc -l <lines)
		[ "$n" -eq '"$want"' ] || { echo "expected '"$want"' comparison lines, found $n"; exit 1; }
		awk "{print \$1, \$3}" lines >pairs
		rc=0
		vouch version compare "'"$eco"'" <pairs >got 2>err || rc=$?
		[ "$(wc -l <got)" -eq "$n" ] || { echo "got $(wc -l <got) results for $n lines"; exit 1; }
		paste -d " " lines got | awk "\$2 != \$4 {print; bad++} END {exit bad > 0}" >diff || {
			echo "$(wc -l <diff) of $n disagree (expected op, then ours):"
			head -30 diff; head -5 err; exit 1; }
		[ "$rc" -eq 0 ] || { echo "exit $rc"; head -5 err; exit 1; }
		[ ! -s err ] || { head -5 err; exit 1; }
	'
}

check alpine-versions-generated.txt Alpine 13979
check alpine-versions.txt Alpine 778
check cran-versions-generated.txt CRAN 57
check cran-versions.txt CRAN 21
check debian-versions-generated.txt Debian 14442
check debian-versions.txt Debian 30
check debian-versions.txt Ubuntu:22.04:LTS 30
check hackage-versions.txt Hackage 11
check maven-versions-generated.txt Maven 14752
check maven-versions.txt Maven 102
check nuget-versions.txt NuGet 35
check packagist-versions-generated.txt Packagist 10630
check packagist-versions.txt Packagist 95
check pub-versions.txt Pub 100
check pypi-versions-generated.txt PyPI 12375
check pypi-versions.txt PyPI 37
check redhat-versions.txt 'Red Hat' 165
check rubygems-versions-generated.txt RubyGems 4098
check rubygems-versions.txt RubyGems 25
check semver-versions.txt npm 86
check semver-versions.txt crates.io 86

test_done
