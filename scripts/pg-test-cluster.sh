#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (`make test-pg`), on a loopback port.
#   scripts/pg-test-cluster.sh start   installs Debian's postgresql if missing, creates the
#                                      cluster in a temporary folder and starts it (idempotent)
#   scripts/pg-test-cluster.sh url     the superuser URL the tests create their databases with
#   scripts/pg-test-cluster.sh stop    stops the cluster and deletes its folder
# KAKEHASHI_PG_PORT (default 55432) and KAKEHASHI_PG_DIR move it. The cluster trusts local
# connections and skips fsync: it is for tests only, never for a site.
set -euo pipefail

PORT="${KAKEHASHI_PG_PORT:-55432}"
DIR="${KAKEHASHI_PG_DIR:-${TMPDIR:-/tmp}/kakehashi-pg-$PORT}"

bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_if_missing() {
    if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    fi
}

# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user the
# Debian package creates.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-}" in
    start)
        install_if_missing
        BIN="$(bin_dir)"
        if [ -f "$DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
            exit 0
        fi
        rm -rf "$DIR"
        mkdir -p "$DIR"
        [ "$(id -u)" -ne 0 ] || chown postgres: "$DIR"
        as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >"$DIR.initdb.log"
        as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
        rm -f "$DIR.initdb.log"
        echo "PostgreSQL test cluster on 127.0.0.1:$PORT ($DIR)"
        ;;
    url)
        echo "postgres://postgres@127.0.0.1:$PORT/postgres"
        ;;
    stop)
        BIN="$(bin_dir)"
        if [ -n "$BIN" ] && [ -f "$DIR/PG_VERSION" ]; then
            as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$DIR"
        ;;
    *)
        echo "usage: $0 start|url|stop" >&2
        exit 2
        ;;
esac
