#!/usr/bin/env bash
# The floor of the browser bundle: what Leptos 0.8 alone costs in each design, built as the
# site's main wasm is built (the Makefile's nightly toolchain and flags, the wasm-release
# profile, erased components, wasm-bindgen, wasm-opt -Oz), from tools/wasm-floor:
#   spa             a hydrated single-page app with the client router (the site's design)
#   islands         islands: only the interactive parts hydrate
#   islands-router  islands with Leptos's client-side navigation
# then the site's own main wasm (`make build` first) beside them. Sizes are of the files
# (raw, gzip -9, brotli -q 11), as the site precompresses its own. The floor's JS is not
# minified (cargo-leptos minifies the site's), so its JS figures are upper bounds.
# Usage: make wasm-floor (WASM_TOOLCHAIN and WASM_RUSTFLAGS come from the Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${WASM_TOOLCHAIN:?run through make wasm-floor}" "${WASM_RUSTFLAGS:?run through make wasm-floor}"
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }
wasm_opt=end2end/node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || { echo "no $wasm_opt: run 'make setup'" >&2; exit 1; }

floor=tools/wasm-floor
# The same versions of Leptos, wasm-bindgen and the rest as the site.
cp Cargo.lock "$floor/Cargo.lock"

sizes() { # label file
  printf '%-34s %10d %10d %10d\n' "$1" "$(stat -c %s "$2")" "$(gzip -9 -c "$2" | wc -c)" \
    "$(brotli -q 11 -c "$2" | wc -c)"
}

rows=()
for design in spa islands islands-router; do
  echo "== building $design" >&2
  (cd "$floor" && CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RUSTFLAGS --cfg erase_components" \
    cargo "+$WASM_TOOLCHAIN" build --quiet --lib --target wasm32-unknown-unknown \
    --profile wasm-release --features "$design" --target-dir "target/$design" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  out="$floor/out/$design"
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" \
    "$floor/target/$design/wasm32-unknown-unknown/wasm-release/wasm_floor.wasm"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/wasm_floor_bg.wasm" -o "$out/wasm_floor_bg.wasm"
  rows+=("$(sizes "$design: wasm" "$out/wasm_floor_bg.wasm")" "$(sizes "$design: js" "$out/wasm_floor.js")")
done

echo
echo "== the floor of each design, and the site's main bundle (raw, gzip -9, brotli -q 11)"
printf '%-34s %10s %10s %10s\n' file raw gzip brotli
printf '%s\n' "${rows[@]}"
pkg=target/site/pkg
if wasm=$(ls "$pkg"/kakehashi.*.wasm 2>/dev/null | head -1) && [ -n "$wasm" ]; then
  sizes "the site (make build): main wasm" "$wasm"
  sizes "the site (make build): js" "${wasm%.wasm}.js"
else
  echo "(no $pkg/kakehashi.*.wasm: 'make build' to compare with the site)"
fi
