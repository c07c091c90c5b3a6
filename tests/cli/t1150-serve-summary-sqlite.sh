#!/usr/bin/env bash
# vouch serve: the portfolio and product summaries kept at write time, and the
# pages kept per data generation, on one SQLite file (helpers/serve-summary.sh)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
DB="sqlite:$TEST_DIR/serve.db"
sql() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit()
sys.stdout.write(''.join(str(x[0]) + '\n' for x in r))" "$TEST_DIR/serve.db" "$1"; }
export DB
export -f sql
. "$TEST_SRC/helpers/serve-summary.sh"
test_done
