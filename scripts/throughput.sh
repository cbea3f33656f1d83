#!/usr/bin/env bash
# Requests per second of the release server, one address at a time: /healthz, the hashed
# stylesheet and wasm (their names read from the home page), a search page and a country
# page; each `wrk -t1 -c32 -d${THROUGHPUT_SECONDS}s` with a browser's Accept-Encoding, once per
# worker count in THROUGHPUT_WORKERS (default "1 2"). Prints a table with each figure as a
# share of /healthz. Not part of `make test` (figures depend on the machine); fails only when
# a request fails or answers other than 2xx.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./target/release/server
[ -x "$bin" ] || { echo "no $bin: run 'make build' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
port=${THROUGHPUT_PORT:-3291}
seconds=${THROUGHPUT_SECONDS:-8}
base="http://127.0.0.1:$port"
encoding='Accept-Encoding: gzip, deflate, br'
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
status=0
results=()
for workers in ${THROUGHPUT_WORKERS:-1 2}; do
  rm -f "$dir"/site.db*
  DATABASE_URL="sqlite://$dir/site.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    KAKEHASHI_WORKERS=$workers RUST_LOG=warn "$bin" &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  home=$(curl -sf "$base/")
  css=$(grep -o '/pkg/[^"]*\.css' <<<"$home" | head -1)
  wasm=$(grep -o '/pkg/[^"]*\.wasm' <<<"$home" | head -1)
  [ -n "$css" ] && [ -n "$wasm" ] || { echo "no stylesheet or wasm named in the home page" >&2; exit 1; }
  for target in /healthz "$css" "$wasm" '/activities?q=liver' /countries/MN; do
    wrk -t1 -c32 -d"${seconds}s" --timeout 25s -H "$encoding" "$base$target" >"$dir/wrk.txt"
    rate=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
    if grep -qE 'Non-2xx|Socket errors' "$dir/wrk.txt"; then
      echo "FAILED: $target with $workers worker(s):" >&2; cat "$dir/wrk.txt" >&2
      status=1
    fi
    results+=("$workers|$target|$rate")
  done
  kill $pid; wait $pid 2>/dev/null || true
  pid=
done
echo
echo "wrk -t1 -c32 -d${seconds}s -H '$encoding' (release build, $(nproc) cores)"
printf '%-8s %-48s %12s %10s\n' workers address req/s '% healthz'
for row in "${results[@]}"; do
  IFS='|' read -r workers target rate <<<"$row"
  [ "$target" = /healthz ] && healthz=$rate
  printf '%-8s %-48s %12.0f %9.0f%%\n' "$workers" "$target" "$rate" "$(awk -v r="$rate" -v h="$healthz" 'BEGIN { print 100 * r / h }')"
done
exit $status
