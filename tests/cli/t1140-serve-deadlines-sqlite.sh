#!/usr/bin/env bash
# vouch serve: the deadlines page, API and CSV (helpers/serve-deadlines.sh) on sqlite
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-deadlines.sh"
test_done
