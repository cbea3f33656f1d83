#!/usr/bin/env python3
"""Load with writes (`make load`): readers on every public page kind while editors propose and
moderators approve, on a fresh release server.

It copies the release build (target/release/server, its hash.txt and target/site) into a
throw-away directory under target/load/, generates LOAD_ACTIVITIES (10000) synthetic
activities into a new database there, starts the server with the demo accounts
(KAKEHASHI_DEMO=1) and for LOAD_SECONDS (60) runs

- LOAD_READERS (64) readers, each over its own keep-alive connection, cycling over every
  public page kind in both languages (home, search, search with words, activity, history,
  map, country, organisations, organisation, API page, JSON API, CSV/JSON/XML exports,
  feeds, sitemap, robots.txt) with addresses drawn from the database;
- LOAD_WRITERS (4) writers, each logged in once as the editor of its own organisation and
  once as the moderator: in a loop the editor proposes a new activity with a unique title
  (POST /partner/activities/new, expecting 303 to /partner?submitted=ID) and the moderator
  approves it (POST /moderation/ID, expecting 303 to /moderation?decided=approved).

Per page kind (and for the two writes) it prints requests, errors (any other status,
connection errors, timeouts), stalled requests (no answer within 20 s; the socket gives up at
25 s) and p50/p99 latency in ms, then the totals. Afterwards every approved activity must be
found at once by GET /activities?q=<the unique word of its title>, and its submission must be
`approved` in the database. Exits 1 on any error, stall or approval the search does not find.

A benchmark, not a timed test: not part of `make test`. Python 3's standard library only.
Other scripts (chaos.py, fuzz-forms.py) import the server and client helpers from here.
"""

import http.client
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "load")
PASSWORD = "kakehashi-demo"
STALL_SECONDS = 20.0
SOCKET_TIMEOUT = 25.0


def env_int(name, default):
    text = os.environ.get(name, "").strip()
    return int(text) if text else default


def log(message):
    print(f"# {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The release build, copied so that a rebuild during the run changes nothing.


def hash_file_ok(hash_file, site):
    """What the server checks at start: every file hash.txt names is in the site."""
    if os.environ.get("LEPTOS_HASH_FILES", "").lower() in ("false", "0"):
        return True
    try:
        text = open(hash_file).read()
    except OSError:
        return False
    pkg = os.path.join(site, "pkg")
    for line in text.splitlines():
        kind, _, value = line.partition(":")
        kind, value = kind.strip(), value.strip()
        name = {
            "js": f"kakehashi.{value}.js",
            "wasm": f"kakehashi.{value}.wasm",
            "css": f"kakehashi.{value}.css",
            "manifest": f"__wasm_split_manifest.{value}.json",
            "split": f"__wasm_split.{value}.js",
        }.get(kind)
        if name and not os.path.exists(os.path.join(pkg, name)):
            return False
    return True


def snapshot_build(into, wait_seconds=None):
    """Copies the server binary, its hash.txt and the site into `into`; waits (up to
    SERVER_WAIT seconds, default 1800) while the build is missing or half-written."""
    wait_seconds = env_int("SERVER_WAIT", 1800) if wait_seconds is None else wait_seconds
    src_bin = os.path.join(ROOT, "target", "release", "server")
    src_hash = os.path.join(ROOT, "target", "release", "hash.txt")
    src_site = os.path.join(ROOT, "target", "site")
    deadline = time.time() + wait_seconds
    said = False
    while True:
        ok = os.access(src_bin, os.X_OK) and os.path.isdir(src_site)
        if ok:
            before = os.stat(src_bin).st_mtime
            shutil.rmtree(into, ignore_errors=True)
            os.makedirs(into)
            try:
                shutil.copy2(src_bin, os.path.join(into, "server"))
                if os.path.exists(src_hash):
                    shutil.copy2(src_hash, os.path.join(into, "hash.txt"))
                shutil.copytree(src_site, os.path.join(into, "site"))
                ok = (
                    os.stat(src_bin).st_mtime == before
                    and hash_file_ok(os.path.join(into, "hash.txt"), os.path.join(into, "site"))
                )
            except OSError:
                ok = False
        if ok:
            return os.path.join(into, "server"), os.path.join(into, "site")
        if time.time() > deadline:
            raise SystemExit("no complete release build (target/release/server + target/site): run 'make build'")
        if not said:
            log("the release build is missing or being rebuilt; waiting for it")
            said = True
        time.sleep(10)


class Server:
    """One release server on `port` with its database at `db`; its log goes to `log_path`."""

    def __init__(self, binary, site, db, port, log_path, extra_env=None):
        self.binary, self.site, self.db, self.port = binary, site, db, port
        self.log_path = log_path
        self.extra_env = dict(extra_env or {})
        self.process = None
        self.origin = f"http://127.0.0.1:{port}"

    def env(self):
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"sqlite://{self.db}",
            LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}",
            LEPTOS_SITE_ROOT=self.site,
            KAKEHASHI_DATA_DIR=os.path.join(ROOT, "data"),
            KAKEHASHI_DEMO="1",
            RUST_LOG=os.environ.get("RUST_LOG", "warn"),
        )
        env.update(self.extra_env)
        return env

    def generate(self, activities, seed=1):
        if activities <= 0:
            return
        subprocess.run(
            [self.binary, "generate", "--activities", str(activities), "--seed", str(seed)],
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )

    def start(self, timeout=120):
        out = open(self.log_path, "a")
        out.write(f"\n==== start {time.strftime('%H:%M:%S')}\n")
        out.flush()
        self.process = subprocess.Popen(
            [self.binary], env=self.env(), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
        out.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return
                c.close()
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"the server did not answer /healthz in {timeout} s:\n{self.log_tail()}")

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def memory_kib(self, field):
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def log_text(self):
        try:
            return re.sub(r"\x1b\[[0-9;]*m", "", open(self.log_path, errors="replace").read())
        except OSError:
            return ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def log_problems(self):
        """The log's ERROR lines and panics (the server logs at warn)."""
        return [
            line
            for line in self.log_text().splitlines()
            if " ERROR " in line or "panicked" in line
        ]


def free_port(first, last):
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SystemExit(f"no free port in {first}-{last}")


def run_dir(prefix):
    os.makedirs(WORK, exist_ok=True)
    return tempfile.mkdtemp(prefix=prefix, dir=WORK)


# ---------------------------------------------------------------------------------------------
# HTTP: one keep-alive connection per client, no redirects followed.


class Answer:
    __slots__ = ("status", "headers", "body", "seconds")

    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    def header(self, name):
        return self.headers.get(name.lower(), "")


class Client:
    def __init__(self, port, cookie=None, forwarded_for=None, timeout=SOCKET_TIMEOUT):
        self.port, self.cookie, self.timeout = port, cookie, timeout
        self.forwarded_for = forwarded_for
        self.conn = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, form=None):
        """Sends one request; returns an Answer or raises OSError/HTTPException (the
        connection is then dropped, the next request opens a new one)."""
        h = {"Accept-Encoding": "identity"}
        if self.cookie:
            h["Cookie"] = f"kakehashi_session={self.cookie}"
        if self.forwarded_for:
            h["X-Forwarded-For"] = self.forwarded_for
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            h["Origin"] = f"http://127.0.0.1:{self.port}"
        h.update(headers or {})
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=h)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        took = time.perf_counter() - start
        headers_out = {k.lower(): v for k, v in response.getheaders()}
        if response.will_close:
            self.close()
        return Answer(response.status, headers_out, data, took)


def session_of(answer):
    m = re.search(r"kakehashi_session=([^;]+)", answer.header("set-cookie"))
    return m.group(1) if m else None


def login(port, email, password=PASSWORD, forwarded_for=None, tries=5):
    """A Client logged in as `email` (303 with a session cookie), or SystemExit."""
    client = Client(port, forwarded_for=forwarded_for)
    last = None
    for _ in range(tries):
        try:
            a = client.request("POST", "/login", form={"email": email, "password": password, "next": ""})
        except (OSError, http.client.HTTPException) as e:
            last = repr(e)
            time.sleep(0.5)
            continue
        if a.status == 303 and session_of(a):
            client.cookie = session_of(a)
            return client
        last = f"HTTP {a.status}"
        time.sleep(0.5)
    raise SystemExit(f"could not log in as {email}: {last}")


def letters(n, width):
    """`n` as `width` lower-case letters (a unique word the search tokenises as one)."""
    out = []
    for _ in range(width):
        out.append(chr(ord("a") + n % 26))
        n //= 26
    return "".join(reversed(out))


def activity_form(word, org, intent="submit"):
    return [
        ("title_en", f"Load probe {word} intensive care training"),
        ("title_ja", f"負荷試験 {word} 集中治療研修"),
        ("summary_en", f"A synthetic proposal {word} written by the load script."),
        ("summary_ja", f"負荷試験のための提案 {word} です。"),
        ("kind", "capacity-building"),
        ("status", "ongoing"),
        ("start", "2025-04"),
        ("field", "intensive-care"),
        ("c0_code", "TZ"),
        ("p0_org", org),
        ("p0_role", "lead"),
        ("s0_title", "Some news"),
        ("s0_url", "https://example.org/x"),
        ("intent", intent),
    ]


SUBMITTED = re.compile(r"^/partner\?submitted=(\d+)$")
APPROVED = "/moderation?decided=approved"


def writer_accounts(db, count):
    """`count` (editor email, organisation slug) pairs, Nagasaki University first."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT a.email, o.slug FROM accounts a JOIN organizations o ON o.id = a.organization_id "
            "WHERE a.role = 'editor' AND a.disabled = 0 "
            "ORDER BY o.slug = 'nagasaki-university' DESC, "
            "o.slug = 'international-university-of-health-and-welfare' DESC, a.id"
        ).fetchall()
    finally:
        con.close()
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} editor accounts in the demo database")
    return rows[:count]


def search_finds(client, word, slug):
    """Whether GET /activities?q=word lists the activity `slug` (a link to it, not just the
    word echoed in the search box)."""
    a = client.request("GET", "/activities?" + urllib.parse.urlencode({"q": word}))
    return a.status == 200 and f'href="/activities/{slug}"'.encode() in a.body


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Tally:
    """Per kind: latencies of answered requests, errors, stalls and a few examples."""

    def __init__(self):
        self.kinds = {}

    def slot(self, kind):
        return self.kinds.setdefault(kind, {"n": 0, "ms": [], "errors": 0, "stalls": 0, "examples": []})

    def ok(self, kind, seconds):
        s = self.slot(kind)
        s["n"] += 1
        s["ms"].append(seconds * 1000)
        if seconds > STALL_SECONDS:
            s["stalls"] += 1
            self.example(s, f"answered after {seconds:.1f} s")

    def error(self, kind, what, seconds=None, stalled=False):
        s = self.slot(kind)
        s["n"] += 1
        if seconds is not None:
            s["ms"].append(seconds * 1000)
        if stalled:
            s["stalls"] += 1
        else:
            s["errors"] += 1
        self.example(s, what)

    @staticmethod
    def example(s, what):
        if len(s["examples"]) < 5:
            s["examples"].append(what)

    def merge(self, other):
        for kind, o in other.kinds.items():
            s = self.slot(kind)
            s["n"] += o["n"]
            s["ms"].extend(o["ms"])
            s["errors"] += o["errors"]
            s["stalls"] += o["stalls"]
            s["examples"].extend(o["examples"][: max(0, 5 - len(s["examples"]))])

    def totals(self):
        n = sum(s["n"] for s in self.kinds.values())
        e = sum(s["errors"] for s in self.kinds.values())
        st = sum(s["stalls"] for s in self.kinds.values())
        return n, e, st

    def table(self, order=None):
        lines = [
            "| kind | requests | errors | stalled | p50 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        kinds = order or sorted(self.kinds)
        for kind in kinds:
            if kind not in self.kinds:
                continue
            s = self.kinds[kind]
            ms = s["ms"]
            top = max(ms) if ms else float("nan")
            lines.append(
                f"| {kind} | {s['n']:,} | {s['errors']} | {s['stalls']} | "
                f"{percentile(ms, 50):.1f} | {percentile(ms, 99):.1f} | {top:.1f} |"
            )
        return "\n".join(lines)

    def examples(self):
        out = []
        for kind, s in sorted(self.kinds.items()):
            for what in s["examples"]:
                if s["errors"] or s["stalls"]:
                    out.append(f"{kind}: {what}")
        return out


def timed(tally, kind, client, method, path, expect, **kw):
    """One request counted under `kind`; `expect(answer)` says whether it is the right one.
    Returns the Answer, or the exception after a connection error or timeout."""
    start = time.perf_counter()
    try:
        a = client.request(method, path, **kw)
    except socket.timeout as e:
        tally.error(kind, f"{method} {path}: no answer in {SOCKET_TIMEOUT:.0f} s", stalled=True)
        return e
    except (OSError, http.client.HTTPException) as e:
        tally.error(kind, f"{method} {path}: {e!r} after {time.perf_counter() - start:.2f} s")
        return e
    if expect(a):
        tally.ok(kind, a.seconds)
    else:
        location = a.header("location")
        what = f"{method} {path}: HTTP {a.status}" + (f" -> {location}" if location else "")
        tally.error(kind, what, a.seconds, stalled=a.status == 503 or a.seconds > STALL_SECONDS)
    return a


# ---------------------------------------------------------------------------------------------
# The load run.


def public_pages(db, rng_seed):
    """(kind, has /ja, function rng -> path) for every public page kind."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        slugs = [r[0] for r in con.execute("SELECT slug FROM activities")]
        orgs = [r[0] for r in con.execute(
            "SELECT DISTINCT o.slug FROM organizations o JOIN activity_participants p ON p.organization_id = o.id")]
        countries = [r[0] for r in con.execute("SELECT DISTINCT country FROM activity_countries")]
        fields = [r[0] for r in con.execute("SELECT DISTINCT field FROM activity_fields")]
        regions = [r[0] for r in con.execute("SELECT slug FROM regions")]
        titles = [r[0] for r in con.execute("SELECT title_en FROM activities ORDER BY random() LIMIT 500")]
        kinds_ = [r[0] for r in con.execute("SELECT DISTINCT kind FROM activities")]
        statuses = [r[0] for r in con.execute("SELECT DISTINCT status FROM activities")]
    finally:
        con.close()
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z]{5,}", t)})
    words += ["liver", "transplant", "cancer", "nursing", "mongolia", "vietnam", "肝移植", "研修", "看護"]
    sorts = ["newest", "title", "relevance"]

    def q(pairs):
        return urllib.parse.urlencode(pairs)

    def search(r):
        pairs = []
        if r.random() < 0.5:
            pairs.append(("country", r.choice(countries)))
        if r.random() < 0.3:
            pairs.append(("field", r.choice(fields)))
        if r.random() < 0.2:
            pairs.append(("region", r.choice(regions)))
        if r.random() < 0.2:
            pairs.append(("kind", r.choice(kinds_)))
        if r.random() < 0.2:
            pairs.append(("status", r.choice(statuses)))
        if r.random() < 0.2:
            pairs.append(("from", str(r.randint(1980, 2015))))
            pairs.append(("to", str(r.randint(2016, 2026))))
        if r.random() < 0.3:
            pairs.append(("sort", r.choice(sorts[:2])))
        if r.random() < 0.3:
            pairs.append(("page", str(r.randint(1, 5))))
        return "/activities" + ("?" + q(pairs) if pairs else "")

    def search_words(r):
        pairs = [("q", " ".join(r.sample(words, r.choice([1, 1, 2]))))]
        if r.random() < 0.3:
            pairs.append(("country", r.choice(countries)))
        if r.random() < 0.3:
            pairs.append(("sort", r.choice(sorts)))
        return "/activities?" + q(pairs)

    def export(ext):
        return lambda r: f"/activities.{ext}?" + q([("country", r.choice(countries))] +
                                                    ([("q", r.choice(words))] if r.random() < 0.3 else []))

    def api(r):
        pairs = [("country", r.choice(countries))] if r.random() < 0.7 else [("q", r.choice(words))]
        if r.random() < 0.3:
            pairs.append(("page", str(r.randint(1, 3))))
        return "/api/v1/activities?" + q(pairs)

    def feed(r):
        x = r.random()
        if x < 0.4:
            return "/feed.atom"
        if x < 0.7:
            return f"/countries/{r.choice(countries)}/feed.atom"
        return f"/organizations/{r.choice(orgs)}/feed.atom"

    return [
        ("home", True, lambda r: "/"),
        ("search", True, search),
        ("search q=", True, search_words),
        ("activity", True, lambda r: "/activities/" + r.choice(slugs)),
        ("history", True, lambda r: f"/activities/{r.choice(slugs)}/history"),
        ("map", True, lambda r: "/countries"),
        ("country", True, lambda r: "/countries/" + r.choice(countries)),
        ("organisations", True, lambda r: "/organizations"),
        ("organisation", True, lambda r: "/organizations/" + r.choice(orgs)),
        ("api page", True, lambda r: "/api"),
        ("api json", False, api),
        ("export csv", True, export("csv")),
        ("export json", True, export("json")),
        ("export xml", True, export("xml")),
        ("feeds", True, feed),
        ("sitemap", False, lambda r: "/sitemap.xml"),
        ("robots.txt", False, lambda r: "/robots.txt"),
    ]


def read_cycle(pages):
    """Every (row label, has ja, path function) pair, English then Japanese."""
    cycle = []
    for kind, has_ja, fn in pages:
        cycle.append((f"{kind} en", fn, ""))
        if has_ja:
            cycle.append((f"{kind} ja", fn, "/ja"))
    return cycle


def reader(port, cycle, offset, seed, deadline, tally, brotli):
    r = random.Random(seed)
    client = Client(port)
    headers = {"Accept-Encoding": "br, gzip"} if brotli else {}
    i = offset
    while time.time() < deadline:
        label, fn, prefix = cycle[i % len(cycle)]
        i += 1
        path = fn(r)
        path = prefix + (path if path != "/" or not prefix else "")
        timed(tally, label, client, "GET", path, lambda a: 200 <= a.status < 400, headers=headers)
    client.close()


def writer(port, index, editor_email, org, run_tag, deadline, tally, done, stop=None, state=None):
    """Proposes and approves in a loop until `deadline` (or until `stop` is set). `done`
    collects (word, submission id) of each acknowledged approval. `state`, when given, gets
    one record per proposal with what is known of it (the chaos script reads it):
    `propose` and `approve` are None (not sent), "sent" (no answer yet), "acknowledged"
    (the expected 303 arrived), "HTTP n" (another answer), "refused" (the connection was
    refused: never reached the server) or "no answer" (the connection broke or timed out)."""
    editor = login(port, editor_email)
    moderator = login(port, "moderator@example.org")

    def outcome(a, ok):
        if isinstance(a, ConnectionRefusedError):
            return "refused"
        if not isinstance(a, Answer):
            return "no answer"
        return "acknowledged" if ok(a) else f"HTTP {a.status}"

    proposed = lambda a: a.status == 303 and SUBMITTED.match(a.header("location"))
    approved = lambda a: a.status == 303 and a.header("location") == APPROVED
    n = 0
    while time.time() < deadline and not (stop and stop.is_set()):
        word = f"lp{run_tag}{letters(index, 1)}{letters(n, 5)}"
        n += 1
        record = {"word": word, "writer": index, "id": None, "propose": "sent", "approve": None,
                  "propose_at": time.time(), "approve_at": None}
        if state is not None:
            state[word] = record
        a = timed(tally, "propose (POST new)", editor, "POST", "/partner/activities/new", proposed,
                  form=activity_form(word, org))
        record["propose"] = outcome(a, proposed)
        if record["propose"] != "acknowledged":
            continue
        sid = int(SUBMITTED.match(a.header("location")).group(1))
        record["id"] = sid
        if stop and stop.is_set():
            break
        record["approve"] = "sent"
        record["approve_at"] = time.time()
        a = timed(tally, "approve (POST moderation)", moderator, "POST", f"/moderation/{sid}", approved,
                  form=[("decision", "approve")])
        record["approve"] = outcome(a, approved)
        if record["approve"] == "acknowledged":
            done.append((word, sid))
    editor.close()
    moderator.close()


def main():
    seconds = env_int("LOAD_SECONDS", 60)
    activities = env_int("LOAD_ACTIVITIES", 10000)
    readers = env_int("LOAD_READERS", 64)
    writers = env_int("LOAD_WRITERS", 4)
    seed = env_int("LOAD_SEED", 1)
    brotli = os.environ.get("LOAD_BROTLI", "1") != "0"
    port = env_int("LOAD_PORT", 0) or free_port(3300, 3349)
    workers = os.environ.get("LOAD_WORKERS", "").strip()
    keep = os.environ.get("LOAD_KEEP", "") == "1"

    work = run_dir("load-")
    binary, site = snapshot_build(os.path.join(work, "build"))
    db = os.path.join(work, "load.db")
    extra = {"KAKEHASHI_WORKERS": workers} if workers else {}
    server = Server(binary, site, db, port, os.path.join(work, "server.log"), extra)
    status = 0
    try:
        t0 = time.perf_counter()
        server.generate(activities, seed)
        log(f"generated {activities} activities in {time.perf_counter() - t0:.1f} s into {db}")
        server.start()
        pages = public_pages(db, seed)
        cycle = read_cycle(pages)
        accounts = writer_accounts(db, writers)
        run_tag = letters(random.Random(time.time_ns()).randrange(26 ** 3), 3)
        print(f"# load: {readers} readers over {len(cycle)} page kinds x languages, {writers} writers "
              f"(propose + approve), {seconds} s, {activities:,} generated activities + the seed, "
              f"port {port}, serving threads {workers or 'default (one per core)'}, "
              f"{'brotli' if brotli else 'identity'} reads")
        tallies = [Tally() for _ in range(readers + writers)]
        approvals = []
        start = time.time()
        deadline = start + seconds
        threads = [
            threading.Thread(target=reader, args=(port, cycle, i * 7, seed * 1000 + i, deadline, tallies[i], brotli))
            for i in range(readers)
        ]
        threads += [
            threading.Thread(target=writer, args=(port, w, accounts[w][0], accounts[w][1], run_tag,
                                                  deadline, tallies[readers + w], approvals))
            for w in range(writers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - start
        tally = Tally()
        for t in tallies:
            tally.merge(t)
        order = [label for label, _, _ in cycle] + ["propose (POST new)", "approve (POST moderation)"]
        print()
        print(tally.table(order))
        n, errors, stalls = tally.totals()
        print()
        print(f"total: {n:,} requests in {elapsed:.1f} s = {n / elapsed:,.0f} requests/s; "
              f"errors {errors}, stalled {stalls}; approvals acknowledged {len(approvals)} "
              f"({len(approvals) / elapsed:.1f}/s)")
        for line in tally.examples()[:30]:
            print(f"  failed: {line}")

        # Every approval is searchable at once, and approved in the database.
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        checker = Client(port)
        missing = []
        for word, sid in approvals:
            row = con.execute(
                "SELECT s.status, a.slug FROM submissions s LEFT JOIN activities a ON a.id = s.activity_id "
                "WHERE s.id = ?", (sid,)).fetchone()
            if not row or row[0] != "approved" or not row[1]:
                missing.append(f"submission {sid} ({word}): database says {row}")
                continue
            try:
                if not search_finds(checker, word, row[1]):
                    missing.append(f"submission {sid}: GET /activities?q={word} does not list /activities/{row[1]}")
            except (OSError, http.client.HTTPException) as e:
                missing.append(f"submission {sid}: search failed: {e!r}")
        con.close()
        checker.close()
        print(f"search after the run: {len(approvals) - len(missing)} of {len(approvals)} approved "
              f"activities found by GET /activities?q=<their word>")
        for m in missing[:20]:
            print(f"  MISSING: {m}")
        rss, hwm = server.memory_kib("VmRSS"), server.memory_kib("VmHWM")
        print(f"server RSS at the end: {rss / 1024:.0f} MiB (peak {hwm / 1024:.0f} MiB)")
        problems = server.log_problems()
        print(f"server log: {len(problems)} ERROR/panic lines" + (f" (kept in {server.log_path})" if problems else ""))
        for line in problems[:10]:
            print(f"  {line[:300]}")
        if errors or stalls or missing or not approvals:
            status = 1
            keep = True
            print("FAILED: " + ", ".join(
                x for x in [
                    f"{errors} errors" if errors else "",
                    f"{stalls} stalled" if stalls else "",
                    f"{len(missing)} approvals not found" if missing else "",
                    "no approval acknowledged" if not approvals else "",
                ] if x))
        else:
            print("OK: no error, no stall, every approval found by the search at once")
    finally:
        server.stop()
        if keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
