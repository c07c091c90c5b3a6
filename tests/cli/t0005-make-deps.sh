#!/usr/bin/env bash
# `make` on a machine without the build dependencies names the missing
# pkg-config modules and their Debian packages, and how to install them,
# before compiling anything (rather than a compiler error about a header).
# Each case runs make in a copy of the Makefile and src/.
. "$(dirname "$0")/lib.sh"

need_cmd make pkg-config

tree() {
	rm -rf tree && mkdir tree &&
		cp -r "$VOUCH_TOP/Makefile" "$VOUCH_TOP/VERSION" "$VOUCH_TOP/src" "$VOUCH_TOP/scripts" tree/
}
export -f tree

test_case 'pkg-config finds nothing: every Debian package named, bootstrap suggested, nothing built' '
	tree &&
	expect_code 2 env PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent \
		make -C tree -s >out 2>err &&
	cat err &&
	for d in libjansson-dev libsodium-dev libxxhash-dev libsqlite3-dev libarchive-dev \
		libyaml-dev libxml2-dev libcurl4-openssl-dev zlib1g-dev; do
		grep -q "apt-get install.* $d" err || { echo "$d not named"; exit 1; }
	done &&
	grep -q "missing build dependencies (pkg-config): jansson libsodium libxxhash sqlite3" err &&
	grep -q "make bootstrap" err &&
	! grep -qi "error:\|\.h:" err &&
	[ ! -e tree/build ]
'

test_case 'one missing package: only it is named (a pkg-config name without a Debian one as is)' '
	tree &&
	expect_code 2 make -C tree -s PKGS="zlib vouch-test-no-such-module" >out 2>err &&
	cat err &&
	grep -q "missing build dependencies (pkg-config): vouch-test-no-such-module;" err &&
	grep -q "apt-get install vouch-test-no-such-module'"'"'" err &&
	! grep -q zlib err
'

test_case 'no pkg-config at all: pkg-config is among the packages to install' '
	tree &&
	mkdir bin && ln -s "$(command -v make)" bin/make &&
	expect_code 2 env PATH="$TEST_DIR/bin" make -C tree -s >out 2>err &&
	cat err &&
	grep -q "apt-get install pkg-config libjansson-dev" err
'

test_case 'without the dependencies, make bootstrap and make clean still run' '
	tree &&
	PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent make -C tree -n bootstrap clean >out 2>err &&
	grep -q "scripts/bootstrap" out &&
	grep -q "rm -rf build" out &&
	! grep -q missing err
'

# With this machine's packages the check says nothing (the normal build).
if pkg-config --exists jansson libsodium sqlite3 libarchive yaml-0.1 libxml-2.0 libcurl zlib; then
	test_case 'with every dependency installed: no message, the build goes ahead' '
		tree &&
		make -C tree -n >out 2>err &&
		[ ! -s err ] &&
		grep -q "src/main.c" out
	'
else
	test_skip 'with every dependency installed: no message' 'the build dependencies are not installed'
fi

test_done
