#!/usr/bin/env bash
# Times the full exports (every activity: CSV, JSON, IATI XML) of the release server at each size in
# BENCH_SIZES (default 1000,10000,100000), and the server's peak memory (VmHWM) before and
# after them.
# Each size gets a database of its own under target/bench-export/, made once with
# `server generate` on top of the seed record.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./target/release/server
[ -x "$bin" ] || { echo "no $bin: run 'make build' first" >&2; exit 1; }
mkdir -p target/bench-export
port=${BENCH_PORT:-3190}
printf '%-10s %-6s %12s %12s %10s %14s\n' activities format seconds bytes rows peak_rss_kib
for size in $(echo "${BENCH_SIZES:-1000,10000,100000}" | tr ',' ' '); do
  db="target/bench-export/$size.db"
  if [ ! -f "$db" ]; then
    DATABASE_URL="sqlite://$db" LEPTOS_SITE_ROOT=target/site "$bin" generate --activities "$size" --seed 1 >/dev/null
  fi
  DATABASE_URL="sqlite://$db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # What the server holds before any export (the record's search index is most of it).
  printf '%-10s %-6s %12s %12s %10s %14s\n' "$size" "(idle)" - - - "$(awk '/VmHWM/ {print $2}' /proc/$pid/status)"
  for format in csv json xml; do
    out=$(curl -s -o target/bench-export/out.$format -w '%{time_total} %{size_download}' "http://127.0.0.1:$port/activities.$format")
    rows=$(case $format in
      csv) echo $(( $(grep -c $'\r$' target/bench-export/out.csv) - 1 )) ;;
      json) grep -c '^[,\[]\?{' target/bench-export/out.json || true ;;
      xml) grep -c '^  <iati-activity ' target/bench-export/out.xml || true ;;
    esac)
    peak=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
    printf '%-10s %-6s %12s %12s %10s %14s\n' "$size" "$format" ${out% *} ${out#* } "$rows" "$peak"
  done
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
done
