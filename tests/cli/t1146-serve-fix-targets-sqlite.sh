#!/usr/bin/env bash
# vouch serve: a product's own fix targets (helpers/serve-fix-targets.sh) on sqlite
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-fix-targets.sh"

test_case '[fix_targets] in vouch.toml: a value out of range or an unknown key is an error at its line' '
	mkdir bad && cd bad
	printf "[fix_targets]\ncritical = 7\nhigh = 0\n" >vouch.toml
	expect_code 4 vouch assess --no-save . 2>err
	grep -q "vouch.toml:3: high must be a whole number from 1 to 3650" err
	printf "[fix_targets]\nsevere = 3\n" >vouch.toml
	expect_code 4 vouch assess --no-save . 2>err
	grep -q "vouch.toml:2: unknown key .severe. in \[fix_targets\]" err
'
test_done
