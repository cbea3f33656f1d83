#!/usr/bin/env python3
"""Page benchmark: every public page kind, in both languages, at several record sizes.

For each size in BENCH_SIZES (default 1000,10000,100000) it makes a throw-away database once
(`server generate` on top of the seed record, under target/bench-pages/), starts the release
server on it and, per page, sends BENCH_WARMUP requests it does not count and then
BENCH_RUNS (default 30) timed ones, one at a time over one keep-alive connection, asking for
brotli as a browser does. It prints p50/p95 latency, the HTML's bytes raw and as served with
brotli, and at the end of each size the server's resident memory (VmRSS, and its peak VmHWM)
and how long the start-up index build took (from the server's log).

The page cache is off (KAKEHASHI_PAGE_CACHE_MIB=0; BENCH_PAGE_CACHE_MIB to change it), so
every request is rendered: the figures are render times, not cache hits. BENCH_ONLY=insights
(a comma-separated list of kind prefixes) measures only those kinds.

Needs the release build (`make build`). Not part of `make test`: its figures go in the
README and the issue notes.
"""

import http.client
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/server")
WORK = os.path.join(ROOT, "target/bench-pages")
PORT = int(os.environ.get("BENCH_PORT", "3191"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s]
ONLY = [k for k in os.environ.get("BENCH_ONLY", "").split(",") if k]

# (kind, path in English); each is also measured under /ja.
PAGES = [
    ("home", "/"),
    ("search", "/activities"),
    ("search q=liver", "/activities?q=liver"),
    ("map", "/countries"),
    ("country VN", "/countries/VN"),
    ("organisations", "/organizations"),
    ("organisation", "/organizations/nagasaki-university"),
    ("activity", "/activities/synthetic-1-0"),
    ("insights matrix", "/insights"),
    ("insights matrix by total", "/insights?sort=total&status=completed"),
    ("insights flows", "/insights/flows"),
    ("insights flows by people", "/insights/flows?width=people&field=oncology"),
    ("insights trends", "/insights/trends"),
    ("insights matrix.csv", "/insights/matrix.csv"),
    ("insights flows.csv", "/insights/flows.csv"),
    ("insights trends.csv", "/insights/trends.csv"),
]


def server_env(db):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite://{db}",
        LEPTOS_SITE_ADDR=f"127.0.0.1:{PORT}",
        LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"),
        RUST_LOG="info",
        KAKEHASHI_PAGE_CACHE_MIB=os.environ.get("BENCH_PAGE_CACHE_MIB", "0"),
    )
    return env


def make_db(size):
    db = os.path.join(WORK, f"{size}.db")
    if not os.path.exists(db):
        print(f"# generating {size} synthetic activities into {db}", file=sys.stderr)
        subprocess.run(
            [BIN, "generate", "--activities", str(size), "--seed", "1"],
            env=server_env(db),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return db


def get(conn, path, brotli):
    headers = {"Accept-Encoding": "br"} if brotli else {}
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    took = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    if brotli and response.getheader("Content-Encoding") != "br":
        raise SystemExit(f"{path}: not served with brotli")
    return took, len(body)


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench(size):
    db = make_db(size)
    log_path = os.path.join(WORK, f"{size}.log")
    log = open(log_path, "w")
    server = subprocess.Popen([BIN], env=server_env(db), stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the server did not start; see {log_path}")
        with open(log_path) as f:
            log_text = re.sub(r"\x1b\[[0-9;]*m", "", f.read())
        built = re.search(r"search index built in memory .*ms=(\d+) mib=(\d+)", log_text)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        rows = []
        worst = {"p95": 0.0, "br": 0}
        for kind, path in PAGES:
            if ONLY and not any(kind.startswith(k) for k in ONLY):
                continue
            for prefix in ("", "/ja"):
                url = prefix + (path if path != "/" or not prefix else "")
                for _ in range(WARMUP):
                    get(conn, url, True)
                times = [get(conn, url, True)[0] for _ in range(RUNS)]
                _, served = get(conn, url, True)
                _, raw = get(conn, url, False)
                p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
                worst["p95"] = max(worst["p95"], p95)
                worst["br"] = max(worst["br"], served)
                rows.append((kind, "ja" if prefix else "en", url, p50, p95, raw, served))
        rss, hwm = status_kib(server.pid, "VmRSS"), status_kib(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait()
        log.close()
    took = f"{built.group(1)} ms, index {built.group(2)} MiB" if built else "not logged"
    print(f"\n## {size} activities (start-up index build: {took})")
    print(f"{'page':<26} {'lang':<4} {'p50 ms':>8} {'p95 ms':>8} {'raw B':>10} {'br B':>8}  address")
    for kind, lang, url, p50, p95, raw, served in rows:
        print(f"{kind:<26} {lang:<4} {p50:>8.1f} {p95:>8.1f} {raw:>10,} {served:>8,}  {url}")
    print(f"server RSS after the run: {rss / 1024:.0f} MiB (peak {hwm / 1024:.0f} MiB)")
    print(f"worst p95: {worst['p95']:.1f} ms (target 50); largest page as served: {worst['br']:,} B brotli (target 61,440)")


def main():
    if not os.access(BIN, os.X_OK):
        raise SystemExit(f"no {BIN}: run 'make build' first")
    os.makedirs(WORK, exist_ok=True)
    print(f"# {RUNS} timed requests per page after {WARMUP} warm-up ones, one client, brotli")
    for size in SIZES:
        bench(size)


if __name__ == "__main__":
    main()
