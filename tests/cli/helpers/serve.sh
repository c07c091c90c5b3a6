# helpers/serve.sh: sourced by the t11xx scripts after lib.sh. Starts and stops
# `vouch serve` processes and a throw-away PostgreSQL 15 in the test's folder.
#
#   pg_start              initdb + pg_ctl start on a Unix socket in $TEST_DIR/pg
#                         (as 'nobody' when run as root); sets $PG_URL; skips
#                         the rest of the script when PostgreSQL is not installed
#   serve_up NAME DB [OPTION...]   starts a server; sets $NAME_PORT, $NAME_URL
#   serve_down NAME       stops it (SIGTERM) and waits
#   tok ROLE [PRODUCT]    prints a new token for the database in $DB
#   api TOKEN METHOD PATH [curl args...]   prints the body; status in ./status
#   webhook_start         a webhook receiver; sets $HOOK (posts in ./hook.jsonl)
#
# Everything is stopped by the EXIT trap, before lib.sh's folder removal.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
serve_pids=()
pg_running=

serve_cleanup() {
	local p
	for p in "${serve_pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${serve_pids[@]}"; do wait "$p" 2>/dev/null; done
	if [ -n "$pg_running" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$TEST_DIR/pg/data" -m immediate stop >/dev/null 2>&1
	fi
	# a server's sanitizer report (it goes to the server's log, not a test's output)
	local bad
	bad=$(grep -l "ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:" \
		"$TEST_DIR"/*.log 2>/dev/null | head -1)
	if [ -n "$bad" ]; then
		echo "FAIL - $TEST_NAME: sanitizer report in $(basename "$bad")"
		grep -A12 "ERROR: \|runtime error:" "$bad" | head -30 | sed "s/^/    /"
		rm -rf "$TEST_DIR" "$SCHEMAS"
		exit 1
	fi
	rm -rf "$TEST_DIR" "$SCHEMAS"
}
# under AddressSanitizer memory figures include its shadow and quarantine
if ldd "$VOUCH_BIN" 2>/dev/null | grep -q libasan; then SANITIZED=1; else SANITIZED=; fi
export SANITIZED
trap serve_cleanup EXIT

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local dir=$TEST_DIR/pg user
	if ! [ -x "$PG_BIN/initdb" ] || ! [ -x "$PG_BIN/pg_ctl" ]; then
		skip_all_reason="PostgreSQL 15 is not installed ($PG_BIN/initdb)"
		return 0
	fi
	if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null; then
		skip_all_reason="running as root without runuser to start PostgreSQL unprivileged"
		return 0
	fi
	mkdir -p "$dir/sock"
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$TEST_DIR"
		chown -R nobody "$dir"
		user=nobody
	else
		user=$(id -un)
	fi
	if ! pg_as "$PG_BIN/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 \
		--no-instructions >"$dir/initdb.log" 2>&1; then
		skip_all_reason="initdb failed: $(tail -1 "$dir/initdb.log")"
		return 0
	fi
	if ! pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -c fsync=off" \
		start >/dev/null 2>&1; then
		skip_all_reason="PostgreSQL did not start: $(tail -2 "$dir/log" 2>/dev/null)"
		return 0
	fi
	pg_running=1
	pg_as "$PG_BIN/createdb" -h "$dir/sock" -U "$user" vouch || {
		skip_all_reason="createdb failed"
		return 0
	}
	PG_URL="postgresql:///vouch?host=$dir/sock&user=$user"
	export PG_URL
}

# serve_spawn NAME DB [OPTION...]: starts without waiting (see serve_wait)
serve_spawn() {
	local name=$1 db=$2
	shift 2
	rm -f "$TEST_DIR/$name.port"
	"$VOUCH_BIN" serve --db "$db" --listen 127.0.0.1:0 --port-file "$TEST_DIR/$name.port" \
		--threads 2 "$@" 2>"$TEST_DIR/$name.log" &
	serve_pids+=($!)
	eval "${name}_PID=$!"
}

serve_up() {
	serve_spawn "$@"
	serve_wait "$1"
}

serve_wait() {
	local name=$1 i pid
	eval "pid=\$${name}_PID"
	for i in $(seq 1 400); do
		[ -s "$TEST_DIR/$name.port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if ! [ -s "$TEST_DIR/$name.port" ]; then
		echo "server $name did not start:" >&2
		cat "$TEST_DIR/$name.log" >&2
		return 1
	fi
	eval "${name}_PORT=$(cat "$TEST_DIR/$name.port")"
	eval "${name}_URL=http://127.0.0.1:\$${name}_PORT"
	export "${name}_PORT" "${name}_URL" "${name}_PID"
}

serve_down() {
	local pid
	eval "pid=\$${1}_PID"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

tok() {
	if [ -n "${2:-}" ]; then
		"$VOUCH_BIN" -q serve token create --db "$DB" --role "$1" --product "$2"
	else
		"$VOUCH_BIN" -q serve token create --db "$DB" --role "$1"
	fi
}

# api TOKEN METHOD PATH [curl args]: body on stdout, HTTP status in $TEST_DIR/status
api() {
	local t=$1 m=$2 p=$3
	shift 3
	if [ -n "$t" ]; then
		curl -sS -o "$TEST_DIR/body" -w '%{http_code}' -X "$m" \
			-H "Authorization: Bearer $t" "$@" "$URL$p" >"$TEST_DIR/status"
	else
		curl -sS -o "$TEST_DIR/body" -w '%{http_code}' -X "$m" "$@" "$URL$p" \
			>"$TEST_DIR/status"
	fi
	cat "$TEST_DIR/body"
}
status() { cat "$TEST_DIR/status"; }
# first_vulns: ./vulns.db from the corpus' crates.io advisories alone (nothing for the
# example product's pypi, npm and golang components: a later full import adds them)
first_vulns() {
	mkdir -p first && cp -r "$CORPUS/osv/crates.io" first/ &&
		{ "$VOUCH_BIN" db import --db vulns.db first >/dev/null 2>&1 || test $? = 3; }
}
# webhook_start: a receiver of webhook posts (helpers/webhook-receiver.py), one JSON document
# a line in $TEST_DIR/hook.jsonl; sets $HOOK, its URL
webhook_start() {
	/usr/bin/python3 "$TEST_SRC/helpers/webhook-receiver.py" "$TEST_DIR/hook.port" "$TEST_DIR/hook.jsonl" &
	serve_pids+=($!)
	for _ in $(seq 1 100); do [ -s "$TEST_DIR/hook.port" ] && break; sleep 0.05; done
	HOOK="http://127.0.0.1:$(cat "$TEST_DIR/hook.port")/hook"
	export HOOK
}
# jq-free JSON checks: jpy 'python expression over d' < file
jpy() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); r=($1); print(r if not isinstance(r,bool) else ('true' if r else 'false'))"; }
export -f api status jpy tok first_vulns
# sql STATEMENT: runs one statement on $DB (sqlite:PATH, or pg_start's PostgreSQL) and
# prints each row's first column
sql() {
	case $DB in
	sqlite:*)
		python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit()
sys.stdout.write(''.join(str(x[0]) + '\n' for x in r))" "${DB#sqlite:}" "$1"
		;;
	*) pg_as "$PG_BIN/psql" -X -q -A -t -h "$TEST_DIR/pg/sock" \
		-U "$(stat -c %U "$TEST_DIR/pg")" -d vouch -c "$1" ;;
	esac
}
export PG_BIN
export -f sql pg_as
