#!/usr/bin/env bash
# Load test of the release server: every page kind (scripts/load-test.lua) under 32
# concurrent connections, once per worker count in LOAD_WORKERS (default "1 2"), for
# LOAD_SECONDS each (default 60: about 20,000 requests per run on a 2-core machine).
# Prints wrk's summary; fails when any request failed, timed out or answered other than
# 2xx/3xx (a stalled page answers 503 after 20 s, or times out in wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./target/release/server
[ -x "$bin" ] || { echo "no $bin: run 'make build' first" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  echo "installing Debian's wrk for the load test"
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends wrk; else sudo apt-get install -y --no-install-recommends wrk; fi
fi
port=${LOAD_PORT:-3191}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
status=0
for workers in ${LOAD_WORKERS:-1 2}; do
  rm -f "$dir"/load.db*
  DATABASE_URL="sqlite://$dir/load.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    KAKEHASHI_WORKERS=$workers RUST_LOG=warn "$bin" &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== $workers worker thread(s): wrk -t2 -c32 -d${LOAD_SECONDS:-60}s --timeout 25s, every page kind"
  wrk -t2 -c32 -d"${LOAD_SECONDS:-60}s" --timeout 25s -s scripts/load-test.lua "http://127.0.0.1:$port" | tee "$dir/wrk.txt"
  if grep -qE 'Non-2xx|Socket errors' "$dir/wrk.txt"; then
    echo "FAILED: some requests failed or stalled ($workers worker(s))" >&2
    status=1
  fi
  kill $pid; wait $pid 2>/dev/null || true
done
exit $status
