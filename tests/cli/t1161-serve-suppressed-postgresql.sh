#!/usr/bin/env bash
# vouch serve: findings suppressed by VEX or an ignore entry are stored as
# suppressed with the reason and counted as open nowhere, on PostgreSQL
# (helpers/serve-suppress.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus
pg_start

DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-suppress.sh"
test_done
