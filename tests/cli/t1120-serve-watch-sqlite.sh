#!/usr/bin/env bash
# vouch serve --watch: an update of the served vulnerability database re-matches
# every stored SBOM by itself, on SQLite (helpers/serve-watch.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus

DB="sqlite:$TEST_DIR/serve.db"
export DB
. "$TEST_SRC/helpers/serve-watch.sh"
test_done
