#!/usr/bin/env bash
# vouch serve: the whole API suite (helpers/serve-api.sh) on SQLite
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

BACKEND=sqlite
DB="sqlite:$TEST_DIR/serve.db"
export DB BACKEND
. "$TEST_SRC/helpers/serve-api.sh"
test_done
