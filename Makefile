# Kakehashi: the two commands are `make run` and `make test`. Each installs what it lacks.
SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

SSR_SET  := -p app -p server --features app/ssr
WASM_SET := -p frontend --target wasm32-unknown-unknown

# The browser bundle is built on a pinned nightly with a size-optimised standard library
# (README, "The browser bundle"); the server stays on the default (stable) toolchain.
# scripts/setup.sh installs WASM_TOOLCHAIN with rust-src. Every build below uses $(LEPTOS).
WASM_TOOLCHAIN   := nightly-2026-05-20
SERVER_TOOLCHAIN := $(shell rustup show active-toolchain 2>/dev/null | cut -d' ' -f1)
WASM_RUSTFLAGS   := -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none
LEPTOS := RUSTUP_TOOLCHAIN=$(WASM_TOOLCHAIN) \
	LEPTOS_BIN_CARGO_COMMAND='cargo +$(SERVER_TOOLCHAIN)' \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='$(WASM_RUSTFLAGS)' \
	cargo leptos
WASM_STD := --lib-cargo-args=-Zbuild-std=std,panic_abort \
	--lib-cargo-args=-Zbuild-std-features=optimize_for_size

.PHONY: run dev test test-pg setup lint unit build api-fuzz e2e size lighthouse wasm-floor bench bench-export bench-pages bench-insights bench-follow load-test throughput load chaos fuzz clean-db

## Start the site at http://127.0.0.1:3000 with the seed data (release build).
run: setup
	$(LEPTOS) serve --release --split $(WASM_STD)

## Start the site with rebuild-on-save (debug build). Without hashed file names: watch
## hashes only its first build, and would serve every rebuild under the old names.
dev: setup
	LEPTOS_HASH_FILES=false $(LEPTOS) watch --split $(WASM_STD)

## Everything CI runs: format, lint both feature sets, unit/database/HTTP tests,
## the release build, the API fuzzed against its OpenAPI document, then Playwright with
## JavaScript on and off.
test: setup lint unit test-pg build api-fuzz e2e

setup:
	@scripts/setup.sh

lint:
	cargo fmt --all --check
	cargo clippy $(SSR_SET) --all-targets -- -D warnings
	cargo clippy $(WASM_SET) -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps $(SSR_SET)

unit:
	cargo test -p app --features app/ssr
	# Sites in HTTP tests take turns (tests/support: RenderTurn), as the one-thread server does.
	cargo test -p server --features app/ssr

## The database and HTTP tests again, on PostgreSQL: a throw-away cluster on 127.0.0.1:55432
## (scripts/pg-test-cluster.sh installs Debian's postgresql if missing), each test in a
## database of its own; the cluster is stopped and deleted afterwards, pass or fail.
test-pg:
	@scripts/pg-test-cluster.sh start
	KAKEHASHI_TEST_PG_URL=$$(scripts/pg-test-cluster.sh url) cargo test -p app --features app/ssr \
	  && KAKEHASHI_TEST_PG_URL=$$(scripts/pg-test-cluster.sh url) cargo test -p server --features app/ssr; \
	  status=$$?; scripts/pg-test-cluster.sh stop; exit $$status

## The release build; the main script, wasm and split loader named by their final content;
## then the brotli (11) and gzip (-9) forms of its static files.
build:
	$(LEPTOS) build --release --split $(WASM_STD)
	@scripts/name-by-content.py target/site/pkg target/release/hash.txt
	@scripts/precompress.sh target/site

## Fuzz the JSON API of the release build against /api/v1/openapi.json with schemathesis
## (API_FUZZ_EXAMPLES=100 cases per operation and phase, API_FUZZ_SEED=1); any failure fails.
api-fuzz:
	@scripts/api-fuzz.sh

e2e:
	cd end2end && npx tsc --noEmit -p . && npx playwright test

## Print what a visitor downloads (release build): every file raw/gzip/brotli, the script +
## wasm each public page fetches as served against the 200 KB budget, each lazy page's chunks.
size:
	@scripts/size-report.sh

## Lighthouse 12.2.3, mobile, on /, /activities?q=liver and /countries/MN (release build);
## fails below performance 95, accessibility 100, best practices 95, SEO 95.
lighthouse:
	@scripts/lighthouse.sh

## The floor of the browser bundle: Leptos alone as a hydrated single-page app, as islands and
## as islands with client-side navigation (tools/wasm-floor), beside the site's main wasm.
wasm-floor: setup
	@WASM_TOOLCHAIN=$(WASM_TOOLCHAIN) WASM_RUSTFLAGS='$(WASM_RUSTFLAGS)' scripts/wasm-floor.sh

## Print search latency (p50/p95/p99) at 1k, 10k and 100k activities (BENCH_SIZES=1000,10000).
bench:
	cargo bench -p server --bench search

## Print full-export (CSV, JSON) time, size and the server's peak memory at each size
## (BENCH_SIZES=1000,10000,100000 by default; the release build must exist).
bench-export:
	@scripts/bench-export.sh

## Every public page kind in both languages at 1k, 10k and 100k activities (BENCH_SIZES):
## p50/p95 latency of one client, HTML bytes raw and brotli, server RSS, index build time.
bench-pages:
	@scripts/bench-pages.py

## The insights views (/insights, /insights/flows, /insights/trends and their CSVs, both
## languages) at BENCH_SIZES (10000) activities with the page cache off: p50/p95 ms of one
## client against the 50 ms budget (release build; BENCH_PORT moves the server, 3191).
bench-insights:
	BENCH_ONLY=insights BENCH_SIZES=$${BENCH_SIZES:-10000} scripts/bench-pages.py

## Two release servers on one PostgreSQL database: FOLLOW_SAMPLES (50) approvals on server A,
## p50/p95/max ms until server B's search lists each (FOLLOW_ACTIVITIES, 10000); fails if one
## takes over 1 s (a throw-away cluster, as in test-pg).
bench-follow:
	@scripts/bench-follow.py

## Every page kind under 32 connections for LOAD_SECONDS (60) with 1 and then 2 serving
## threads (LOAD_WORKERS="1 2"); fails on any failed or stalled request (release build).
load-test:
	@scripts/load-test.sh

## Requests per second for /healthz, the stylesheet, the wasm, a search and a country page
## (with the page cache, then without), each as a share of /healthz, with 1 and 2 serving
## threads (release build; not in `make test`).
throughput:
	@scripts/throughput.sh

## Reads and writes together: 64 readers on every public page kind (both languages) and 4
## writers proposing and approving for LOAD_SECONDS (60) on LOAD_ACTIVITIES (10000); p50/p99
## per kind; fails on any error or stall or an approval the search misses (release build).
load:
	@scripts/load.py

## kill -9 the server while approvals are written, CHAOS_ROUNDS (3) times after CHAOS_KILL_AFTER
## (20) s; fails on a lost acknowledged approval, an unapproved activity published, or a
## failed integrity check after the restart (release build).
chaos:
	@scripts/chaos.py

## FUZZ_CASES (3000) seeded (FUZZ_SEED) hostile form posts and addresses; fails on any 5xx,
## internal message, unsafe redirect, or anything stored by a refused request or a GET.
fuzz:
	@scripts/fuzz-forms.py

## Forget the local database (it is re-created and re-seeded at the next start).
clean-db:
	rm -f var/kakehashi.db var/kakehashi.db-wal var/kakehashi.db-shm
