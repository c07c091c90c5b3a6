#!/usr/bin/env bash
# vouch serve: a product's own fix targets (helpers/serve-fix-targets.sh) on postgresql
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-fix-targets.sh"
test_done
