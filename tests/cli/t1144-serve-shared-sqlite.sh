#!/usr/bin/env bash
# vouch serve: rate limits and the audit chain shared by two servers on one
# SQLite file (helpers/serve-shared.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-shared.sh"
test_done
