#!/usr/bin/env bash
# vouch serve: the token or session check and the route's first read in one
# round trip to PostgreSQL (pipeline mode): every check still decides
# (helpers/serve-firstread.sh), and the server sends PostgreSQL one message a
# request where it sent two (counted with strace when it can attach)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
export DB
. "$TEST_SRC/helpers/serve-firstread.sh"

# a server run under strace (which may start a child where it may not attach to one):
# each send it makes is a line of st.txt
if command -v strace >/dev/null && [ -z "$skip_all_reason" ]; then
	rm -f T.port
	strace -f -qq -I 1 -e trace=sendto,sendmsg,write -o "$TEST_DIR/st.txt" \
		"$VOUCH_BIN" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$TEST_DIR/T.port" \
		--threads 2 --rate 0 2>"$TEST_DIR/T.log" &
	st_pid=$!
	for _ in $(seq 1 200); do [ -s T.port ] && break; sleep 0.05; done
	# the server first: strace ends with its tracee
	serve_pids+=($(pgrep -P $st_pid) $st_pid)
fi
# pg_sends: the server's sends to PostgreSQL so far (the extended protocol's messages
# start with Bind, Parse or Sync)
pg_sends() { grep -c '"[BPS]\\0\\0\\0' st.txt; }
export -f pg_sends

if [ -s T.port ]; then
	test_case 'one message to PostgreSQL a request: the check and the first read pipelined' '
		URL=http://127.0.0.1:$(cat T.port)
		# each statement prepared once on each connection first
		for i in 1 2 3 4 5 6; do
			api "$(cat view.tok)" GET /api/v1/products/lantern >/dev/null
			api "$(cat view.tok)" GET /portfolio >/dev/null
		done
		n0=$(pg_sends)
		for i in 1 2 3 4 5; do
			api "$(cat view.tok)" GET /api/v1/products/lantern >/dev/null
			test "$(status)" = 200
			api "$(cat view.tok)" GET /portfolio >/dev/null
			test "$(status)" = 200
		done
		n1=$(pg_sends)
		test $((n1 - n0)) = 10 || { echo "$((n1 - n0)) sends for 10 requests"; false; }
	'
else
	test_skip 'one message to PostgreSQL a request' 'no strace, or it could not start a server'
fi
test_done
