#!/usr/bin/env bash
# vouch serve: every re-match recorded; SIGTERM during a long re-match ends it
# between batches, the store consistent, on PostgreSQL (helpers/serve-halt.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus
pg_start

DB=${PG_URL:-}
export DB
sqlq() { pg_as "$PG_BIN/psql" -q -At -F"|" -v ON_ERROR_STOP=1 "$PG_URL" -c "$1"; }
export -f sqlq pg_as
export PG_BIN
. "$TEST_SRC/helpers/serve-halt.sh"
test_done
