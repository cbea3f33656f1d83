#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (installed by
# setup.sh): the release server on a fresh seeded database, every operation, checks
# not_a_server_error, response_schema_conformance and status_code_conformance. Any failure
# fails the run. API_FUZZ_EXAMPLES (default 100, about 40 s) bounds the cases per operation
# and phase; API_FUZZ_SEED (default 1, so CI is reproducible) picks them: set another to
# explore; API_FUZZ_PORT (default 3195) is the port.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${API_FUZZ_BIN:-./target/release/server}
schemathesis=$PWD/.venv-schemathesis/bin/schemathesis
[ -x "$bin" ] || { echo "no $bin: run 'make build' first" >&2; exit 1; }
[ -x "$schemathesis" ] || { echo "no $schemathesis: run 'make setup' first" >&2; exit 1; }
port=${API_FUZZ_PORT:-3195}
base="http://127.0.0.1:$port"
work=$(mktemp -d target/api-fuzz.XXXXXX)
DATABASE_URL="sqlite://$work/kakehashi.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$base/healthz" >/dev/null || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
status=0
# From the run's own folder: schemathesis keeps its crash cache in ./.schemathesis.
(cd "$work" && "$schemathesis" run "$base/api/v1/openapi.json" --url "$base" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance \
  --max-examples "${API_FUZZ_EXAMPLES:-100}" --seed "${API_FUZZ_SEED:-1}" --workers 2 \
  --generation-database none) || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures (exit $status); the server's log:" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"
