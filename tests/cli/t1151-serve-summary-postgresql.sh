#!/usr/bin/env bash
# vouch serve: the portfolio and product summaries kept at write time, and the
# pages kept per data generation, on one PostgreSQL (helpers/serve-summary.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-summary.sh"
test_done
