#!/usr/bin/env bash
# Installs what building and testing Kakehashi needs, skipping whatever is already there.
# Safe to run again: a second run takes seconds. Works offline from the package registries
# only (crates.io, npm, Debian); see ../shared/TOOLCHAIN.md for why each pin exists.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs a newer rustc than ours
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

# The browser bundle is built on a pinned nightly with the standard library rebuilt for size
# (-Zbuild-std needs rust-src); the Makefile names it (WASM_TOOLCHAIN), read here so the two
# cannot disagree. The server and the tests stay on the default toolchain.
WASM_TOOLCHAIN=$(sed -n 's/^WASM_TOOLCHAIN *:= *//p' Makefile)
if ! rustup component list --toolchain "$WASM_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing the browser bundle's toolchain $WASM_TOOLCHAIN with rust-src (once)"
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src
fi

if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION$"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# Must equal the wasm-bindgen in Cargo.lock, or cargo-leptos tries to download one.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends chromium
fi

# xmllint validates the IATI export against the official schema in the tests.
if ! command -v xmllint >/dev/null; then
  say "installing Debian's libxml2-utils (xmllint) for the IATI schema tests"
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends libxml2-utils
fi

# brotli writes the site's precompressed files at build time (scripts/precompress.sh).
if ! command -v brotli >/dev/null; then
  say "installing Debian's brotli for the precompressed static files"
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends brotli
fi

# Playwright, TypeScript and binaryen's wasm-opt (Debian's binaryen breaks release builds).
if [ ! -f end2end/node_modules/.package-lock.json ] ||
   [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing the end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund)
fi

# schemathesis fuzzes the JSON API against its OpenAPI document (`make api-fuzz`), from
# PyPI into a virtual environment of its own (git-ignored).
SCHEMATHESIS_VERSION=4.32.5
if ! .venv-schemathesis/bin/schemathesis --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION$"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, into .venv-schemathesis)"
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends python3-venv
  fi
  rm -rf .venv-schemathesis
  python3 -m venv .venv-schemathesis
  .venv-schemathesis/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# aiosmtpd is the real SMTP server the mail tests deliver to (server/tests/mail.rs), from
# PyPI into a virtual environment of its own (git-ignored).
AIOSMTPD_VERSION=1.4.6
if ! .venv-smtp/bin/python -m aiosmtpd --version 2>/dev/null | grep -q " $AIOSMTPD_VERSION$"; then
  say "installing aiosmtpd $AIOSMTPD_VERSION (PyPI, into .venv-smtp)"
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends python3-venv
  fi
  rm -rf .venv-smtp
  python3 -m venv .venv-smtp
  .venv-smtp/bin/pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi

say "ready"
