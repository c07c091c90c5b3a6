#!/usr/bin/env bash
# Start-up cost: the libraries only some commands need (libcurl, libgit2, libpq, gpgme, libarchive, libxml2,
# libmicrohttpd, vectorscan) are not linked but loaded on first use (src/util/dynlib.c),
# and one that cannot be loaded is named in the error.
. "$(dirname "$0")/lib.sh"

need_cmd readelf

test_case 'the binary does not link the libraries loaded on demand' '
	readelf -d "$VOUCH_BIN" >dyn &&
	grep -q "NEEDED.*libjansson" dyn &&
	! grep -E "NEEDED.*(libcurl|libgit2|libpq|libgpgme|libmicrohttpd|libhs|libarchive|libxml2)\." dyn
'

test_case 'the library is loaded when first needed: secrets loads vectorscan' '
	mkdir -p tree && echo "nothing = 1" >tree/a.cfg &&
	LD_DEBUG=files "$VOUCH_BIN" secrets --format json tree >out.json 2>ld.log &&
	grep -q "file=libhs\.so\.5 .*dynamically loaded" ld.log &&
	grep -q "\"files_scanned\": 1" out.json
'

test_case 'a library that cannot be loaded is named, exit 4' '
	mkdir -p fake tree2 && : >fake/libhs.so.5 && echo x >tree2/a.txt &&
	expect_code 4 env LD_LIBRARY_PATH="$TEST_DIR/fake" "$VOUCH_BIN" secrets tree2 2>err &&
	grep -q "cannot load .libhs\.so\.5. (needed for secret scanning)" err
'

test_case 'commands that need none of them do not load them' '
	LD_DEBUG=files "$VOUCH_BIN" --version 2>ld.log >/dev/null &&
	grep -q "file=libjansson" ld.log &&
	! grep -E "file=(libcurl|libgit2|libpq|libgpgme|libmicrohttpd|libhs|libarchive|libxml2)\." ld.log
'

test_done
