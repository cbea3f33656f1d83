#!/usr/bin/env bash
# Writes the brotli (quality 11) and gzip (-9) forms of every compressible file of the built
# site, beside it: `kakehashi.<hash>.wasm.br`, `….gz`. The server reads them at start and
# sends the one a request accepts (server/src/assets.rs); files without them are compressed
# at start at quicker levels. Run by `make build` after `cargo leptos build --release`.
# Usage: scripts/precompress.sh [site root, default target/site]
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-target/site}
[ -d "$root" ] || { echo "no $root: run 'cargo leptos build --release' first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli not found: run scripts/setup.sh (Debian's brotli)" >&2; exit 1; }
count=0
while IFS= read -r -d '' file; do
  brotli --quality=11 --force --keep --output="$file.br" -- "$file"
  gzip -9 --no-name --force --keep -- "$file"
  # A form that is not smaller is useless; the server would ignore it anyway.
  for form in "$file.br" "$file.gz"; do
    [ "$(stat -c %s "$form")" -lt "$(stat -c %s "$file")" ] || rm -f -- "$form"
  done
  count=$((count + 1))
done < <(find "$root" -type f \( -iname '*.js' -o -iname '*.mjs' -o -iname '*.css' -o -iname '*.wasm' \
  -o -iname '*.svg' -o -iname '*.json' -o -iname '*.map' -o -iname '*.html' -o -iname '*.txt' \
  -o -iname '*.xml' -o -iname '*.ts' -o -iname '*.webmanifest' -o -iname '*.ico' \) -print0)
echo "precompressed $count files in $root (brotli 11, gzip -9)"
