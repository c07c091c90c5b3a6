#!/usr/bin/env bash
# vouch serve: every re-match recorded; SIGTERM during a long re-match ends it
# between batches, the store consistent, on SQLite (helpers/serve-halt.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus

DB="sqlite:$TEST_DIR/serve.db"
export DB
sqlq() { /usr/bin/python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for row in c.execute(sys.argv[2]):
    print(\"|\".join(\"\" if v is None else str(v) for v in row))" "$TEST_DIR/serve.db" "$1"; }
export -f sqlq
. "$TEST_SRC/helpers/serve-halt.sh"
test_done
