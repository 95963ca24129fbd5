#!/usr/bin/env bash
# The platform-core figures of docs/benchmarks.md, on PostgreSQL:
#   1. `dangjian demo --members N` load time,
#   2. API latency p50/p95/p99 with dangjian-bench against the running server,
#   3. the server's peak resident memory while serving them,
#   4. the dashboards (issue #8): the rollup rebuild, every panel's latency
#      and the big screen's first load in Chromium (scripts/bench-screen.mjs).
# Usage: scripts/bench.sh [MEMBERS]   (default 1000000; needs a local PostgreSQL,
# the built UI in web/dist (make web) and e2e/node_modules (cd e2e && npm ci))
set -euo pipefail
cd "$(dirname "$0")/.."
# The big screen is served from the UI embedded at build time.
grep -qs screen-headline web/dist/assets/*.js || { echo "web/dist has no big screen: run make web first" >&2; exit 1; }
members=${1:-1000000}
pgbase=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
db="dangjian_bench_${members}"
work=$(mktemp -d)
psql "$pgbase/postgres?sslmode=disable" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql "$pgbase/postgres?sslmode=disable" -qc "CREATE DATABASE $db"
dsn="$pgbase/$db?sslmode=disable"
go build -o bin/dangjian ./cmd/dangjian
go build -o bin/dangjian-bench ./cmd/dangjian-bench
common=(--db "$dsn" --data-dir "$work")

echo "## machine"; nproc; free -g | head -2; psql "$dsn" -qAtc 'select version()'
echo "## load $members members"
/usr/bin/time -f 'demo load: %e s wall, %M KiB max RSS' bin/dangjian demo "${common[@]}" --members "$members"
# The load ends with a rollup rebuild (its time is printed above); once more
# on its own, as an operator runs it, with no server dispatching.
echo "## rollup rebuild ($members members)"; uptime
/usr/bin/time -f 'rollup rebuild: %e s wall, %M KiB max RSS' bin/dangjian rollup rebuild "${common[@]}"
top=$(psql "$dsn" -qAtc "SELECT id FROM orgs WHERE parent_id IS NULL LIMIT 1")
bin/dangjian user create "${common[@]}" --username bench --password 'Kq7#Pz9!mx2' --role party_worker --org "$top" >/dev/null
screen_pw='Vb4#Lr8!qw5'
bin/dangjian user create "${common[@]}" --username screen --password "$screen_pw" --role party_worker --org "$top" >/dev/null
token=$(bin/dangjian token create "${common[@]}" --username bench --expires 1d)

bin/dangjian serve "${common[@]}" --addr 127.0.0.1:18181 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -fsS http://127.0.0.1:18181/healthz >/dev/null 2>&1 && break; sleep 0.5; done
echo "## API latency ($members members)"
bin/dangjian-bench --base http://127.0.0.1:18181 --token "$token" --org "$top" --n "${BENCH_N:-300}"
echo "## server memory"
grep -E 'VmHWM|VmRSS' /proc/$pid/status
echo "## notice to the whole subtree ($members members)"
bin/dangjian-bench --base http://127.0.0.1:18181 --token "$token" --org "$top" --notice
echo "## server memory after the notice"
grep -E 'VmHWM|VmRSS' /proc/$pid/status
echo "## dashboard panels ($members members)"; uptime
bin/dangjian-bench --base http://127.0.0.1:18181 --token "$token" --org "$top" --dashboard --members "$members" --n "${BENCH_N:-300}"
echo "## big screen first load ($members members)"; uptime
E2E_BASE=http://127.0.0.1:18181 E2E_SHOTS="$work/shots" BENCH_ORG="$top" BENCH_MEMBERS="$members" \
	BENCH_SCREEN_USER=screen BENCH_SCREEN_PASSWORD="$screen_pw" node scripts/bench-screen.mjs
echo "## server memory after the dashboards"
grep -E 'VmHWM|VmRSS' /proc/$pid/status
