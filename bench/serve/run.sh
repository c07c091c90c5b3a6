#!/usr/bin/env bash
# bench/serve/run.sh [N] [BACKEND...]: N products (default 100), each with a
# 2,000-component CycloneDX SBOM and an assessment, loaded through the API on
# each backend (default: sqlite postgresql); then wrk on loopback, 64
# connections for 30 s, against the portfolio's whole table (?page=all, plain
# and gzip), the portfolio as a browser gets it by default (its first page of
# 100, gzip) and the product API (p99, errors, server CPU a request, and
# PostgreSQL's), uploads per second, the time to re-match every stored SBOM
# (wall clock and the server's CPU seconds, which a loaded machine inflates
# less), and the server's peak memory. Run it nice'd on a shared machine:
#     nice -n 10 bench/serve/run.sh 100
# Components are PyPI names taken from the corpus advisories (so the re-match
# does real lookups and finds real matches), versions 0.1 to 9.9.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
vouch=${VOUCH_BIN:-$top/build/vouch}
corpus=${VOUCH_CORPUS:-$top/../shared/corpus}
n=${1:-100}
shift || true
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgresql)
secs=${WRK_SECONDS:-30}
pg_bin=/usr/lib/postgresql/15/bin
for c in wrk curl python3; do command -v $c >/dev/null || { echo "needs $c"; exit 2; }; done
[ -d "$corpus/osv/pypi" ] || { echo "needs the corpus at $corpus (osv/pypi)"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vouch-bench-serve.XXXXXX")
pids=()
cleanup() {
	set +e # a server already stopped must not keep PostgreSQL running
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	if [ -d "$work/pg/data" ]; then
		runuser -u nobody -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1
	fi
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "== data: $n products x 2000 components"
"$vouch" db import --db vulns.db "$corpus/osv" >/dev/null 2>&1 || true
(cd "$top/examples/example-product" && "$vouch" assess --format json --no-save .) >assess.json 2>/dev/null
python3 - "$corpus/osv/pypi" "$n" <<'PY'
import json, os, sys, random
names = sorted(os.listdir(sys.argv[1]))
n = int(sys.argv[2])
random.seed(18)
a = json.load(open("assess.json"))
os.makedirs("up", exist_ok=True)
statuses = ["met", "not_met", "unknown"]
for i in range(n):
    p = "product-%04d" % i
    comps = []
    for k in range(2000):
        nm = names[k % len(names)] + ("" if k < len(names) else "-x%d" % (k // len(names)))
        v = "%d.%d" % (random.randint(0, 9), random.randint(0, 9))
        comps.append({"type": "library", "name": nm, "version": v, "purl": "pkg:pypi/%s@%s" % (nm, v)})
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "metadata": {"component": {"type": "application", "name": p, "version": "1.0"}},
           "components": comps}
    json.dump(bom, open("up/%s.sbom.json" % p, "w"))
    a["product"]["name"] = p
    for pr in a["principles"]:
        for c in pr["claims"]:
            c["status"] = random.choice(statuses)
    json.dump(a, open("up/%s.assess.json" % p, "w"))
PY
ls up | head -1 >/dev/null

pg_url() {
	mkdir -p "$work/pg/sock"
	chmod 711 "$work"
	chown -R nobody "$work/pg"
	runuser -u nobody -- "$pg_bin/initdb" -D "$work/pg/data" -U nobody --auth=trust >/dev/null
	runuser -u nobody -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
		-o "-c listen_addresses='' -c unix_socket_directories='$work/pg/sock'" start >/dev/null
	runuser -u nobody -- "$pg_bin/createdb" -h "$work/pg/sock" -U nobody vouch
	echo "postgresql:///vouch?host=$work/pg/sock&user=nobody"
}

cpu() { awk '{print $14 + $15}' /proc/$spid/stat; }
# PostgreSQL's CPU ticks (the postmaster's children: the server's backends), or 0
pgcpu() {
	local pm s=0 p
	pm=$(head -1 "$work/pg/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
	for p in $(pgrep -P "$pm"); do
		s=$((s + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0)))
	done
	echo $s
}
bench_wrk() { # PATH [LABEL]
	local c0 c1 g0 g1 pg=
	c0=$(cpu)
	g0=$(pgcpu)
	wrk -t2 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $tok" \
		${AE:+-H "Accept-Encoding: $AE"} "$url$1" >wrk.out 2>&1
	c1=$(cpu)
	g1=$(pgcpu)
	p99=$(awk '$1=="99%"{print $2}' wrk.out)
	p50=$(awk '$1=="50%"{print $2}' wrk.out)
	rps=$(awk '/Requests\/sec/{print $2}' wrk.out)
	errs=$(awk '/Non-2xx/{print $5}' wrk.out)
	sockerr=$(grep -c "Socket errors" wrk.out || true)
	reqs=$(awk '/requests in/{print $1}' wrk.out)
	[ "$be" != postgresql ] ||
		pg=" (PostgreSQL $(python3 -c "print('%.3f ms' % (($g1 - $g0) * 1000 / $(getconf CLK_TCK) / max(1, ${reqs:-0})))"))"
	echo "wrk $1${2:+ $2}: p50 $p50, p99 $p99, $rps req/s, non-2xx ${errs:-0}, socket error lines $sockerr," \
		"server CPU $(python3 -c "print('%.3f ms' % (($c1 - $c0) * 1000 / $(getconf CLK_TCK) / max(1, ${reqs:-0})))") a request$pg," \
		"load average $(cut -d" " -f1-3 /proc/loadavg)"
}
first() { # PATH: one request's time (a page not kept yet is rendered)
	curl -sS -o /dev/null -w "first $1: %{time_total} s, %{size_download} bytes\n" \
		-H "Authorization: Bearer $tok" "$url$1"
}

for be in "${backends[@]}"; do
	echo
	echo "== backend: $be"
	case $be in
	sqlite) db="sqlite:$work/serve.db" ;;
	postgresql) db=$(pg_url) ;;
	*) echo "unknown backend $be"; exit 2 ;;
	esac
	tok=$("$vouch" -q serve token create --db "$db" --role admin)
	rm -f port
	"$vouch" -q serve --db "$db" --listen 127.0.0.1:0 --port-file port --rate 0 --threads 4 \
		--vulns "$work/vulns.db" --watch 0 &
	spid=$!
	pids+=($spid)
	for _ in $(seq 1 200); do [ -s port ] && break; sleep 0.05; done
	url="http://127.0.0.1:$(cat port)"
	start=$(date +%s.%N)
	ls up/*.json | xargs -P 4 -n 10 "$vouch" -q push --server "$url" --token "$tok" >/dev/null
	end=$(date +%s.%N)
	python3 -c "print('uploads: %d in %.1f s: %.1f uploads/s (%.0f components/s)' % ($n*2, $end-$start, $n*2/($end-$start), $n*2000/($end-$start)))"
	first "/portfolio?page=all"
	first /api/v1/products
	bench_wrk "/portfolio?page=all" "(the whole table, no Accept-Encoding)"
	AE=gzip bench_wrk "/portfolio?page=all" "(the whole table, Accept-Encoding: gzip)"
	AE=gzip bench_wrk /portfolio "(what a browser gets: the first page of 100, gzip)"
	bench_wrk /api/v1/products/product-0001
	echo "load average now: $(cut -d" " -f1-3 /proc/loadavg)"
	echo "server peak RSS before the re-match: $(awk '/VmHWM/{print $2, $3}' /proc/$spid/status), now $(awk '/VmRSS/{print $2, $3}' /proc/$spid/status)"
	start=$(date +%s.%N)
	c0=$(cpu)
	curl -sS -m 3600 -X POST -H "Authorization: Bearer $tok" "$url/api/v1/rematch" >rematch.json
	c1=$(cpu)
	end=$(date +%s.%N)
	python3 -c "import json; d=json.load(open('rematch.json')); print('rematch: %d releases, %d components, %d new findings in %.1f s (server CPU %.1f s)' % (d['releases'], $n*2000, d['new_findings'], $end-$start, ($c1-$c0)/$(getconf CLK_TCK)))"
	first "/portfolio?page=all"
	bench_wrk "/portfolio?page=all" "(after the re-match: $(python3 -c "import json; print(json.load(open('rematch.json'))['new_findings'])") open findings; the whole table, plain)"
	AE=gzip bench_wrk "/portfolio?page=all" "(after the re-match, the whole table, gzip)"
	AE=gzip bench_wrk /portfolio "(after the re-match, what a browser gets: first page, gzip)"
	bench_wrk /api/v1/products/product-0001 "(after the re-match)"
	echo "server peak RSS: $(awk '/VmHWM/{print $2, $3}' /proc/$spid/status)"
	echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
	kill $spid
	wait $spid 2>/dev/null || true
done
