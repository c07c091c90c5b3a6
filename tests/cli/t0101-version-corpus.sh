#!/usr/bin/env bash
# Every comparison line of every file in the shared corpus's versions/ folder
# (osv-scalibr's ordering lists, mostly generated from each ecosystem's own
# tooling) agrees with `vouch version compare`, end to end through the binary.
. "$(dirname "$0")/lib.sh"
need_corpus

# Hand-written lines where vouch follows the real tool, not the list. The
# generated lists (from the tools themselves) agree everywhere.
# - alpine-versions.txt marks these malformed strings as ordered differently by
#   apk-tools 3 ("latest apk") than by the apk-tools 2 that Alpine 3.x ships
#   (the list follows apk-tools 3); vouch follows apk-tools 2, which the
#   13,979 generated Alpine lines agree with.
# - maven-versions.txt "1-1 = 1-ga-1": under the ComparableVersion algorithm that
#   all 14,752 generated Maven lines agree with, "1-ga-1" is [1, [[1]]] once the
#   null "ga" is dropped, which sorts below "1-1" ([1, [1]]).
cd "$TEST_DIR" && cat >known <<'KNOWN'
1-r-0 < 1-r0
1-r-1 < 1-r0
0.r1 < 0r2
0.8.21.r2 < 0.8.21r2
1.2.0A < 1.2.0d
1.2.0D < 1.2.0d
1 > 1-ruff
1-ruff2 = 1--ruff1
1-1 = 1-ga-1
KNOWN

# check FILE ECOSYSTEM COUNT [KNOWN]: COUNT is the number of "A op B" lines in
# FILE (comments start with '#' or '//'); every one must agree but the KNOWN
# number of lines listed above, which must disagree.
check() {
	local file=$1 eco=$2 want=$3 known=${4:-0}
	test_case "$file: $((want - known)) of $want comparisons agree under $eco" '
		f="$CORPUS/versions/'"$file"'"
		grep -E "^[^ ]+ [<=>] [^ ]+\$" "$f" >lines || true
		n=$(wc -l <lines)
		[ "$n" -eq '"$want"' ] || { echo "expected '"$want"' comparison lines, found $n"; exit 1; }
		awk "{print \$1, \$3}" lines >pairs
		rc=0
		vouch version compare "'"$eco"'" <pairs >got 2>err || rc=$?
		[ "$(wc -l <got)" -eq "$n" ] || { echo "got $(wc -l <got) results for $n lines"; exit 1; }
		paste -d " " lines got | awk "\$2 != \$4 {print}" >diff
		cut -d " " -f 1-3 diff | grep -vxFf known >unexpected || true
		if [ -s unexpected ] || [ "$(wc -l <diff)" -ne '"$known"' ]; then
			echo "$(wc -l <diff) of $n disagree (expected op, then ours), '"$known"' known:"
			head -30 diff; head -5 err; exit 1
		fi
		[ "$rc" -eq 0 ] || { echo "exit $rc"; head -5 err; exit 1; }
		[ ! -s err ] || { head -5 err; exit 1; }
	'
}

check alpine-versions-generated.txt Alpine 13979
check alpine-versions.txt Alpine 778 8
check cran-versions-generated.txt CRAN 57
check cran-versions.txt CRAN 21
check debian-versions-generated.txt Debian 14442
check debian-versions.txt Debian 30
check debian-versions.txt Ubuntu:22.04:LTS 30
check hackage-versions.txt Hackage 11
check maven-versions-generated.txt Maven 14752
check maven-versions.txt Maven 102 1
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
