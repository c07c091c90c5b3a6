#!/usr/bin/env bash
# Every comparison line of every file in the shared corpus's versions/ folder
# (osv-scalibr's ordering lists, mostly generated from each ecosystem's own
# tooling) agrees with `vouch version compare`, end to end through the binary.
. "$(dirname "$0")/lib.sh"
need_corpus

# A hand-written line where vouch follows the real tool, not the list. The
# generated lists (from the tools themselves) agree everywhere.
# - maven-versions.txt "1-1 = 1-ga-1" (from osv.dev's own Maven tests): every
#   ComparableVersion read (3.8, 3.9 with MNG-7559's "ga"/"final"/"release"
#   aliases, and the later CombinationItem rewrite) orders 1-ga-1 below 1-1,
#   as do all 14,752 generated Maven lines' algorithm; see
#   docs/internals/version.md.
# - maven-versions-generated.txt: 18 lines come from a Maven before 3.8.7 and
#   order a qualifier after a '.' as an item of the outer list. Maven 3.8.7 and
#   3.9 (MNG-7644) read ".RC1" as "-RC1" there, and so does vouch:
#   "2.9.0-1 < 2.9.0.RC1" in the list, ">" in Maven 3.9. t0261 checks all 18
#   (and every other line) against Maven's own ComparableVersion.
# The Alpine lines that apk-tools 3 orders differently from apk-tools 2 (all on
# malformed strings) agree since vouch follows apk-tools 3 there.
# - Packagist (issue 14): vouch normalises versions as Composer's VersionParser
#   does before comparing (four numbers, stability spelled out and lower-cased),
#   as Composer matches versions against constraints; the corpus lines are PHP's
#   version_compare() on the strings as written. They differ exactly where
#   normalising matters, and t0102 checks each such line against composer/semver.
cd "$TEST_DIR" && cat >known <<'KNOWN'
1-1 = 1-ga-1
1.0.0-RC16 < 1.0.0.RC8-beta
1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3
2.9.0-1 < 2.9.0.RC1
6.1.12.rc5 < 6.1.12rc1
1.1.31.sec10 < 1.1.31_noneautotype
1.1.34.sec10 < 1.1.34_noneautotype
1.1.46.sec10 < 1.1.46_noneautotype
1.2.8.sec10_noneautotype < 1.2.8_noneautotype
1.2.31.sec10 < 1.2.31_noneautotype
1.2.48.sec10 < 1.2.48_noneautotype
1.2.50.sec10 < 1.2.50_noneautotype
1.2.54.sec10 < 1.2.54_noneautotype
1.2.57.sec10 < 1.2.57_noneautotype
1.2.60.sec10 < 1.2.60_noneautotype
1.2.67.sec10 < 1.2.67_noneautotype
1.0.0rc0 < 1.0.beta8
1.5.9.RC1 < 1.5.9-RC0
1.1.0-01-glassfish < 1.1.0.Beta1
v3.0 < v3.0.0-beta
v3.4 < v3.4.0-alpha
v4-beta4 < v4.0-alpha
v1.9.0-ALPHA.1 = v1.9.0-BETA.1
v1.9.0-BETA.1 < v1.9.0-ALPHA.2
v1.9.0-ALPHA.2 = v1.9.0-BETA.2
5.1.0-stable < 5.1.0-beta2
v4.4 < v4.4.0-beta
v6.5 < v6.5.0-beta-0
v6.6 < v6.6.0-beta
1.0.0 > 1.0
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
check alpine-versions.txt Alpine 778
check cran-versions-generated.txt CRAN 57
check cran-versions.txt CRAN 21
check debian-versions-generated.txt Debian 14442
check debian-versions.txt Debian 30
check debian-versions.txt Ubuntu:22.04:LTS 30
check hackage-versions.txt Hackage 11
check maven-versions-generated.txt Maven 14752 18
check maven-versions.txt Maven 102 1
check nuget-versions.txt NuGet 35
check packagist-versions-generated.txt Packagist 10630 10
check packagist-versions.txt Packagist 95 1
check pub-versions.txt Pub 100
check pypi-versions-generated.txt PyPI 12375
check pypi-versions.txt PyPI 37
check redhat-versions.txt 'Red Hat' 165
check rubygems-versions-generated.txt RubyGems 4098
check rubygems-versions.txt RubyGems 25
check semver-versions.txt npm 86
check semver-versions.txt crates.io 86

test_done
