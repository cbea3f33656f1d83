#!/usr/bin/env bash
# Load test of the release server: every page kind (scripts/load-test.lua) under 32
# concurrent connections, once per worker count in LOAD_WORKERS (default "1 2"), for
# LOAD_SECONDS each (default 60: about 20,000 requests per run on a 2-core machine).
# Prints wrk's summary; fails when any request failed, timed out or answered other than
# 2xx/3xx (a stalled page answers 503 after 20 s, or times out in wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-server.sh
if ! command -v wrk >/dev/null; then
  echo "installing Debian's wrk for the load test"
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends wrk; else sudo apt-get install -y --no-install-recommends wrk; fi
fi
port=${LOAD_PORT:-3191}
dir=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
status=0
for workers in ${LOAD_WORKERS:-1 2}; do
  start_release_server "$port" "$dir" KAKEHASHI_WORKERS="$workers"
  echo "== $workers worker thread(s): wrk -t2 -c32 -d${LOAD_SECONDS:-60}s --timeout 25s, every page kind"
  wrk -t2 -c32 -d"${LOAD_SECONDS:-60}s" --timeout 25s -s scripts/load-test.lua "http://127.0.0.1:$port" | tee "$dir/wrk.txt"
  if grep -qE 'Non-2xx|Socket errors' "$dir/wrk.txt"; then
    echo "FAILED: some requests failed or stalled ($workers worker(s))" >&2
    status=1
  fi
  kill $server_pid; wait $server_pid 2>/dev/null || true
done
exit $status
