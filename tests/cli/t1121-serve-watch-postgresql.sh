#!/usr/bin/env bash
# vouch serve --watch: an update of the served vulnerability database re-matches
# every stored SBOM by itself, on PostgreSQL (helpers/serve-watch.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus
pg_start

DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-watch.sh"
test_done
