# Sourced by the measuring scripts (size-report, lighthouse, load-test): starts the release
# server on a fresh database and waits until it answers.
#
#   start_release_server PORT DIR [VAR=value ...]
#
# The database lives in DIR (the caller removes it); extra environment assignments go to the
# server. Sets $server_pid; fails with the server's log when it does not answer in 60 s.
start_release_server() {
  local port=$1 dir=$2
  shift 2
  local bin=./target/release/server
  [ -x "$bin" ] || { echo "no $bin: run 'make build' first" >&2; return 1; }
  rm -f "$dir"/release.db*
  env DATABASE_URL="sqlite://$dir/release.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$@" "$bin" > "$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    sleep 0.2
  done
  echo "the server did not start on port $port:" >&2
  cat "$dir/server.log" >&2
  return 1
}
