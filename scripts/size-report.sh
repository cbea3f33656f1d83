#!/usr/bin/env bash
# What a visitor downloads, from the release build (`make build` first):
#  1. every file of target/site/pkg: raw, gzip -9 and brotli -q 11;
#  2. per public page, the script + wasm a first visit fetches (found by opening the page in
#     headless Chromium) as the server sends them, with Accept-Encoding br and then gzip,
#     against the budget of issue 11 (200 KB brotli, 230 KB gzip);
#  3. per lazy page (app/src/routes/lazy.rs), the wasm it fetches on top of the main wasm
#     (its chunks, from __wasm_split_manifest*.json), as served.
# Names carry their content hash; the .br/.gz files beside them are what `make build` writes
# (scripts/precompress.sh) and the server sends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-server.sh
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: run 'make build' first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }

echo "== files in $pkg (raw, gzip -9, brotli -q 11)"
printf '%-56s %10s %10s %10s\n' file raw gzip brotli
for f in "$pkg"/*; do
  case "$f" in *.br|*.gz) continue ;; esac
  printf '%-56s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" \
    "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done

port=${SIZE_PORT:-3193}
base="http://127.0.0.1:$port"
dir=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
start_release_server "$port" "$dir"

# Bytes of one path as served with the given Accept-Encoding.
served() { curl -s -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download}' "$base$1"; }

echo
echo "== script + wasm of a first visit, as served (budget: 200,000 B brotli, 230,000 B gzip)"
printf '%-44s %6s %10s %10s  %s\n' page files brotli gzip budget
node scripts/page-assets.mjs "$base" / /activities '/activities?q=liver' \
  /activities/nagasaki-living-donor-liver-transplantation-kazakhstan /countries /countries/MN \
  /organizations /organizations/nagasaki-university /no-such-page /ja '/ja/activities?q=肝移植' \
  /ja/countries/VN /insights /insights/flows /insights/trends /about /api \
  /activities/nagasaki-living-donor-liver-transplantation-kazakhstan/history > "$dir/pages.tsv"
while IFS=$'\t' read -r page assets; do
  br=0 gz=0 n=0
  for a in $assets; do
    br=$((br + $(served "$a" br))); gz=$((gz + $(served "$a" gzip))); n=$((n + 1))
  done
  verdict=ok
  { [ "$br" -le 200000 ] && [ "$gz" -le 230000 ]; } || verdict=over
  printf '%-44s %6d %10d %10d  %s\n' "$page" "$n" "$br" "$gz" "$verdict"
done < "$dir/pages.tsv"

echo
echo "== lazy pages: wasm fetched on top of the main wasm, as served"
printf '%-44s %6s %10s %10s\n' 'lazy route (its chunks)' files brotli gzip
python3 - "$pkg"/__wasm_split_manifest*.json > "$dir/chunks.tsv" <<'EOF'
import json, sys
for name, chunks in sorted(json.load(open(sys.argv[1])).items()):
    print(name.strip('_').rsplit('_', 1)[0], *chunks, sep='\t')
EOF
while IFS=$'\t' read -r route chunks; do
  br=0 gz=0 n=0
  for c in $chunks; do
    file=$(cd "$pkg" && ls "$c".wasm "$c".*.wasm 2>/dev/null | head -1 || true)
    [ -n "$file" ] || continue
    br=$((br + $(served "/pkg/$file" br))); gz=$((gz + $(served "/pkg/$file" gzip))); n=$((n + 1))
  done
  printf '%-44s %6d %10d %10d\n' "$route" "$n" "$br" "$gz"
done < "$dir/chunks.tsv"
