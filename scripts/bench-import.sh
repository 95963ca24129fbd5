#!/usr/bin/env bash
# Import through the HTTP API, as the console does, and the server's peak
# memory meanwhile: a register of N members exported from a demo database is
# uploaded back into it, so every row is parsed, validated, matched by ID
# number and compared (the insert path is timed by BenchmarkImport100k).
# Usage: scripts/bench-import.sh [MEMBERS]   (default 100000; SQLite)
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-100000}
work=$(mktemp -d)
go build -o bin/dangjian ./cmd/dangjian
common=(--data-dir "$work")
bin/dangjian demo "${common[@]}" --members "$members" 2>/dev/null | tail -1
bin/dangjian export members "${common[@]}" --org SCALE --out "$work/members.xlsx"
ls -l "$work/members.xlsx" | awk '{printf "file: %.1f MiB\n", $5/1048576}'
bin/dangjian user create "${common[@]}" --username importer --password 'Kq7#Pz9!mx2' --role org_admin --org SCALE >/dev/null
token=$(bin/dangjian token create "${common[@]}" --username importer --expires 1d)
bin/dangjian serve "${common[@]}" --addr 127.0.0.1:18182 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -fsS http://127.0.0.1:18182/healthz >/dev/null 2>&1 && break; sleep 0.5; done
root=$(curl -fsS -H "Authorization: Bearer $token" http://127.0.0.1:18182/api/v1/orgs/roots | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
echo "## server RSS before: $(grep VmRSS /proc/$pid/status)"
/usr/bin/time -f 'HTTP import: %e s wall' curl -fsS -o "$work/report.json" -H "Authorization: Bearer $token" \
	-F "file=@$work/members.xlsx" -F mode=good_rows "http://127.0.0.1:18182/api/v1/orgs/$root/members/import"
head -c 200 "$work/report.json"; echo
grep -o "\"message\":\"[^\"]*\"" "$work/report.json" | sort | uniq -c | sort -rn | head -5 || true
echo "## server memory"
grep -E 'VmHWM|VmRSS' /proc/$pid/status
