#!/usr/bin/env bash
# vouch serve: the whole API suite (helpers/serve-api.sh) on PostgreSQL 15,
# started by the test in its own folder on a Unix socket
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start

BACKEND=postgresql
DB=${PG_URL:-}
export DB BACKEND
. "$TEST_SRC/helpers/serve-api.sh"
test_done
