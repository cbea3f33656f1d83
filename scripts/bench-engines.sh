#!/usr/bin/env bash
# Page and API latency of the release server on SQLite and on PostgreSQL at the same record:
# the seed plus BENCH_ACTIVITIES synthetic activities (default 10,000), the page cache off
# (every answer rendered and read from the database), one serving thread, `wrk -t1 -c4` for
# BENCH_SECONDS (default 5) per address. PostgreSQL is a throw-away cluster
# (scripts/pg-test-cluster.sh), stopped afterwards. Prints p50 and p99 in ms and requests per
# second per engine and address. Not part of `make test`: figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./target/release/server
[ -x "$bin" ] || { echo "no $bin: run 'cargo build --release -p server' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
n=${BENCH_ACTIVITIES:-10000}
seconds=${BENCH_SECONDS:-5}
port=${BENCH_PORT:-3293}
base="http://127.0.0.1:$port"
dir=$(mktemp -d)
mkdir -p "$dir/site/pkg"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; scripts/pg-test-cluster.sh stop; rm -rf "$dir"' EXIT
scripts/pg-test-cluster.sh start >/dev/null
admin=$(scripts/pg-test-cluster.sh url)
psql "$admin" -qc "DROP DATABASE IF EXISTS kakehashi_bench" -c "CREATE DATABASE kakehashi_bench"
paths=(/ '/activities?q=liver' '/activities?country=VN&page=3' /countries/MN /organizations
       '/api/v1/activities?q=liver' '/activities.csv?country=MN')
printf '%-9s %-30s %9s %9s %9s\n' engine address p50_ms p99_ms req/s
for engine in sqlite postgres; do
  case $engine in
    sqlite) url="sqlite://$dir/bench.db" ;;
    postgres) url="${admin%/*}/kakehashi_bench" ;;
  esac
  DATABASE_URL="$url" RUST_LOG=error "$bin" generate --activities "$n" --seed 1 >/dev/null
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$dir/site" \
    LEPTOS_HASH_FILES=false KAKEHASHI_WORKERS=1 KAKEHASHI_PAGE_CACHE_MIB=0 RUST_LOG=error "$bin" &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  for path in "${paths[@]}"; do
    curl -sf -o /dev/null "$base$path" || { echo "$engine $path failed" >&2; exit 1; }
    out=$(wrk -t1 -c4 -d"${seconds}s" --latency "$base$path")
    ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.1f", v }' <<<"$out"; }
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
    printf '%-9s %-30s %9s %9s %9s\n' "$engine" "$path" "$(ms 50%)" "$(ms 99%)" "$rps"
  done
  kill $pid; wait $pid 2>/dev/null || true; pid=
done
