#!/usr/bin/env bash
# vouch serve: the token or session check and the route's first read in one
# batch, on one SQLite file: every check still decides (helpers/serve-firstread.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-firstread.sh"
test_done
