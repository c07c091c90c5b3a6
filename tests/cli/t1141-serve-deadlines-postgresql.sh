#!/usr/bin/env bash
# vouch serve: the deadlines page, API and CSV (helpers/serve-deadlines.sh) on postgresql
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-deadlines.sh"
test_done
