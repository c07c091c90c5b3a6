#!/usr/bin/env bash
# Differential tests: random versions, different each run, ordered by vouch
# and by the real implementations on this machine: python3-apt (dpkg's order),
# python3-packaging (PEP 440), the npm semver package (SemVer, and Go after
# mapping) and Composer's own composer/semver through php (Packagist). The seed is printed; rerun with VOUCH_TEST_SEED=N to repeat it.
. "$(dirname "$0")/lib.sh"

seed=${VOUCH_TEST_SEED:-$(date +%s)}
echo "# seed $seed (VOUCH_TEST_SEED=$seed to repeat)"
export seed
gen="$TEST_SRC/helpers/version_gen.py"
export gen
# scripts/bootstrap installs the npm oracles into build/node; a sanitizer
# build elsewhere uses the same ones
SEMVER_DIR="$VOUCH_BUILD/node/node_modules/semver"
[ -d "$SEMVER_DIR" ] || SEMVER_DIR="$VOUCH_TOP/build/node/node_modules/semver"
export SEMVER_DIR

# agree ECOSYSTEM FILE: FILE holds "A B OP" lines; vouch must give OP for each.
agree() {
	awk "{print \$1, \$2}" "$2" >pairs
	vouch version compare "$1" <pairs >got
	paste -d " " "$2" got | awk "\$3 != \$4 {print; bad++} END {exit bad > 0}" >diff || {
		echo "$(wc -l <diff) of $(wc -l <"$2") disagree (A B oracle vouch), seed $seed:"
		head -20 diff
		exit 1
	}
	echo "# $1: $(wc -l <"$2") pairs agree"
}
export -f agree

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import apt_pkg" 2>/dev/null; then
	test_case 'Debian order agrees with python3-apt on 5000 random pairs' '
		/usr/bin/python3 "$gen" deb "$seed" 5000 >pairs0
		/usr/bin/python3 "$TEST_SRC/helpers/apt_compare.py" <pairs0 >ops
		paste -d " " pairs0 ops >expected
		[ "$(wc -l <expected)" -eq 5000 ]
		agree Debian expected
	'
	test_case 'opam order agrees with python3-apt on random pairs without an epoch' '
		# opam compares as dpkg does with no epoch (OpamVersionCompare):
		# where neither version has a colon the two orders are the same
		/usr/bin/python3 "$gen" deb "$seed" 8000 >all
		grep -v : all >pairs0 || true
		[ "$(wc -l <pairs0)" -ge 2000 ] || { echo "too few pairs without an epoch"; exit 1; }
		/usr/bin/python3 "$TEST_SRC/helpers/apt_compare.py" <pairs0 >ops
		paste -d " " pairs0 ops >expected
		agree opam expected
	'
	test_case 'dpkg --compare-versions agrees with python3-apt on the first 100 pairs' '
		/usr/bin/python3 "$gen" deb "$seed" 100 >pairs0
		/usr/bin/python3 "$TEST_SRC/helpers/apt_compare.py" <pairs0 >ops
		paste -d " " pairs0 ops | while read -r a b op; do
			case $op in "<") o=lt ;; ">") o=gt ;; *) o=eq ;; esac
			dpkg --compare-versions "$a" "$o" "$b" 2>/dev/null || { echo "dpkg: $a $o $b"; exit 1; }
		done
	'
else
	test_skip 'Debian order agrees with python3-apt' 'needs python3-apt (scripts/bootstrap)'
	test_skip 'dpkg agrees with python3-apt' 'needs python3-apt (scripts/bootstrap)'
fi

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import packaging.version" 2>/dev/null; then
	test_case 'PEP 440 order agrees with python3-packaging on 5000 random pairs' '
		/usr/bin/python3 "$gen" pep440 "$seed" 5000 >pairs0
		/usr/bin/python3 "$TEST_SRC/helpers/pep440_compare.py" <pairs0 >expected 2>dropped
		cat dropped >&2
		[ "$(wc -l <expected)" -ge 3000 ] || { echo "too few valid pairs"; exit 1; }
		agree PyPI expected
	'
	test_case 'PEP 440 or legacy: vouch and python3-packaging agree on 5000 spliced strings' '
		/usr/bin/python3 "$gen" pep440junk "$seed" 5000 | grep -v "^-" >pairs0
		/usr/bin/python3 "$TEST_SRC/helpers/pep440_compare.py" --classify <pairs0 >expected
		[ "$(wc -l <expected)" -ge 4000 ]
		agree PyPI expected
	'
else
	test_skip 'PEP 440 order agrees with python3-packaging' 'needs python3-packaging (scripts/bootstrap)'
fi

if command -v node >/dev/null && [ -d "$SEMVER_DIR" ]; then
	test_case 'SemVer order (npm, crates.io) agrees with npm semver on 5000 random pairs' '
		/usr/bin/python3 "$gen" semver "$seed" 5000 >pairs0
		node "$TEST_SRC/helpers/semver_compare.js" <pairs0 >expected 2>dropped
		cat dropped >&2
		[ "$(wc -l <expected)" -ge 4000 ] || { echo "too few valid pairs"; exit 1; }
		agree npm expected
		agree crates.io expected
	'
	test_case 'Go order agrees with npm semver (after mapping) on 5000 random pairs' '
		/usr/bin/python3 "$gen" go "$seed" 5000 >pairs0
		node "$TEST_SRC/helpers/semver_compare.js" --go <pairs0 >expected 2>dropped
		cat dropped >&2
		[ "$(wc -l <expected)" -ge 4000 ] || { echo "too few valid pairs"; exit 1; }
		agree Go expected
	'
else
	test_skip 'SemVer order agrees with npm semver' "needs node and $SEMVER_DIR (scripts/bootstrap)"
	test_skip 'Go order agrees with npm semver' "needs node and $SEMVER_DIR (scripts/bootstrap)"
fi

if command -v php >/dev/null && [ -f /usr/share/php/Composer/Semver/autoload.php ]; then
	test_case 'Packagist order agrees with composer/semver (normalised as Composer does) on the corpus and the random pairs Composer reads' '
		{ /usr/bin/python3 "$gen" semver "$seed" 2500; /usr/bin/python3 "$gen" go "$seed" 2500; } >pairs0
		printf "%s\n" "2.0 2.0.0" "3.3.1.0 3.3.1" "1.0-p1 1.0" "1.0-p1 1.0.0-patch1" \
			"v2.1 2.1.0" "1.0rc1 1.0.0-RC1" "2.0b2 2.0.0-beta2" "1.0.0+build.5 1.0.0" \
			"1.0-dev 1.0a1" "5.1.0-stable 5.1.0-beta2" "v1.9.0-ALPHA.1 v1.9.0-BETA.1" >>pairs0
		if [ -n "${CORPUS:-}" ] && [ -d "$CORPUS/versions" ]; then
			cat "$CORPUS"/versions/packagist-versions*.txt |
				grep -E "^[^ ]+ [<=>] [^ ]+\$" | awk "{print \$1, \$3}" >>pairs0
		fi
		php "$TEST_SRC/helpers/composer_compare.php" <pairs0 >expected 2>dropped
		[ "$(wc -l <expected)" -ge 900 ] || { echo "too few pairs Composer reads"; exit 1; }
		agree Packagist expected
	'
else
	test_skip 'Packagist order agrees with composer/semver' 'needs php and php-composer-semver (scripts/bootstrap)'
fi

test_done
