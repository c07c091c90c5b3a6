#!/usr/bin/env bash
# vouch serve: the portfolio in pages and worst first, on one PostgreSQL
# (helpers/serve-pages.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-pages.sh"
test_done
