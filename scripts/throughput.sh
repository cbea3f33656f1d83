#!/usr/bin/env bash
# Requests per second of the release server, one address at a time: /healthz, the hashed
# stylesheet and wasm (their names read from the home page), a search page and a country
# page; each `wrk -t1 -c32 -d${THROUGHPUT_SECONDS}s` with a browser's Accept-Encoding, once per
# worker count in THROUGHPUT_WORKERS (default "1 2"). The two pages are measured twice: as
# served (a repeated address comes from the page cache, server/src/page_cache.rs) and with
# the cache off (KAKEHASHI_PAGE_CACHE_MIB=0: every answer rendered, as for an address nobody
# asked for since the record last changed). Prints a table with each figure as a share of
# /healthz. Not part of `make test` (figures depend on the machine); fails only when a
# request fails or answers other than 2xx.
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
pages=('/activities?q=liver' /countries/MN)
for workers in ${THROUGHPUT_WORKERS:-1 2}; do
  for cache in on off; do
    rm -f "$dir"/site.db*
    mib=${KAKEHASHI_PAGE_CACHE_MIB:-64}
    [ "$cache" = off ] && mib=0
    DATABASE_URL="sqlite://$dir/site.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
      KAKEHASHI_WORKERS=$workers KAKEHASHI_PAGE_CACHE_MIB=$mib RUST_LOG=warn "$bin" &
    pid=$!
    for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
    home=$(curl -sf "$base/")
    css=$(grep -o '/pkg/[^"]*\.css' <<<"$home" | head -1)
    wasm=$(grep -o '/pkg/[^"]*\.wasm' <<<"$home" | head -1)
    [ -n "$css" ] && [ -n "$wasm" ] || { echo "no stylesheet or wasm named in the home page" >&2; exit 1; }
    targets=(/healthz "$css" "$wasm" "${pages[@]}")
    [ "$cache" = off ] && targets=("${pages[@]}")
    for target in "${targets[@]}"; do
      wrk -t1 -c32 -d"${seconds}s" --timeout 25s -H "$encoding" "$base$target" >"$dir/wrk.txt"
      rate=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
      if grep -qE 'Non-2xx|Socket errors' "$dir/wrk.txt"; then
        echo "FAILED: $target with $workers worker(s), page cache $cache:" >&2; cat "$dir/wrk.txt" >&2
        status=1
      fi
      label=$target
      [ "$cache" = off ] && label="$target (page cache off)"
      results+=("$workers|$label|$rate")
    done
    kill $pid; wait $pid 2>/dev/null || true
    pid=
  done
done
echo
echo "wrk -t1 -c32 -d${seconds}s -H '$encoding' (release build, $(nproc) cores)"
printf '%-8s %-56s %12s %10s\n' workers address req/s '% healthz'
for row in "${results[@]}"; do
  IFS='|' read -r workers target rate <<<"$row"
  [ "$target" = /healthz ] && healthz=$rate
  printf '%-8s %-56s %12.0f %9.0f%%\n' "$workers" "$target" "$rate" "$(awk -v r="$rate" -v h="$healthz" 'BEGIN { print 100 * r / h }')"
done
exit $status
