#!/usr/bin/env bash
# End-to-end tests: start the built server on a fresh SQLite database with the
# demo city, drive it with Playwright in Debian's Chromium, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=${E2E_PORT:-18080}
log="$tmp/server.log"
# The clock file lets a test of a years-long workflow move the server's time
# (E2E_CLOCK_FILE, seconds of offset; deleted to come back).
clockfile="$tmp/clock-offset"
bin/dangjian serve --demo --addr "127.0.0.1:$port" --data-dir "$tmp/data" --clock-offset-file "$clockfile" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 120); do
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited"; exit 1; }
	sleep 0.5
done
cd e2e
[ -d node_modules ] || npm ci --no-audit --no-fund
E2E_BASE="http://127.0.0.1:$port" E2E_CLOCK_FILE="$clockfile" E2E_SHOTS="${E2E_SHOTS:-$tmp/shots}" node --test --test-concurrency=1 ./*.test.mjs
cd ..
# SECURITY.md: no personal data in logs — the server log of the whole run must
# not contain an ID number with a valid check digit.
node e2e/scan-log.mjs "$log"
