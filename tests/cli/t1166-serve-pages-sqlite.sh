#!/usr/bin/env bash
# vouch serve: the portfolio in pages and worst first, on one SQLite file
# (helpers/serve-pages.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-pages.sh"
test_done
