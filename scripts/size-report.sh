#!/usr/bin/env bash
# Prints the bytes a visitor downloads for the release build's wasm, JS glue and CSS:
# raw, gzip -9 and brotli -q 11 (what `make build` writes beside each file and the server
# sends; names carry their content hash).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: run 'cargo leptos build --release' first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
for f in "$pkg"/*; do
  # The precompressed forms make build writes beside each file (scripts/precompress.sh).
  case "$f" in *.br|*.gz) continue ;; esac
  printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" \
    "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
