#!/usr/bin/env python3
"""How long another server takes to follow an approval (`make bench-follow`): two release
servers on one PostgreSQL database, each with its own search index.

It starts a throw-away PostgreSQL cluster (scripts/pg-test-cluster.sh), generates
FOLLOW_ACTIVITIES (10000) synthetic activities into a new database, starts servers A and B
on it with the demo accounts, and FOLLOW_SAMPLES (50) times: an editor proposes a new
activity with a unique word in its title on A, a moderator approves it on A, and from the
moment A answers the approval (303) a client asks B's search for that word every
FOLLOW_POLL_MS (2) ms until B lists it. Prints the approval's own time on A and the follow
time on B (p50, p95, max in ms). Exits 1 if B missed one for more than a second (the issue's
promise), or on any failed request.

A benchmark, not a timed test: not part of `make test`. Needs the release build
(target/release/server). Python 3's standard library and the helpers of scripts/load.py.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import (  # noqa: E402
    APPROVED,
    ROOT,
    SUBMITTED,
    Client,
    Server,
    activity_form,
    env_int,
    free_port,
    letters,
    log,
    login,
    percentile,
)

CLUSTER = os.path.join(ROOT, "scripts", "pg-test-cluster.sh")
EDITOR = "editor.nagasaki-university@example.org"
ORGANISATION = "nagasaki-university"
MODERATOR = "moderator@example.org"
PROMISE_MS = 1000.0


def cluster(command):
    return subprocess.run([CLUSTER, command], check=True, capture_output=True, text=True).stdout.strip()


def psql(url, *statements):
    args = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1"]
    for statement in statements:
        args += ["-c", statement]
    subprocess.run(args, check=True)


def finds(client, word):
    a = client.request("GET", "/activities?" + urllib.parse.urlencode({"q": word}))
    if a.status != 200:
        raise SystemExit(f"search on B answered {a.status}")
    # A card links to the activity, whose address is made from its title (the title itself
    # shows the word marked, and the search box repeats it).
    return f'href="/activities/load-probe-{word}-'.encode() in a.body


def main():
    binary = os.path.join(ROOT, "target", "release", "server")
    if not os.access(binary, os.X_OK):
        raise SystemExit("no target/release/server: run 'cargo build --release -p server' first")
    activities = env_int("FOLLOW_ACTIVITIES", 10000)
    samples = env_int("FOLLOW_SAMPLES", 50)
    poll = env_int("FOLLOW_POLL_MS", 2) / 1000
    work = tempfile.mkdtemp(prefix="kakehashi-follow-")
    site = os.path.join(work, "site")
    os.makedirs(os.path.join(site, "pkg"))
    servers = []
    log("starting a PostgreSQL test cluster")
    cluster("start")
    try:
        admin = cluster("url")
        psql(admin, "DROP DATABASE IF EXISTS kakehashi_follow", "CREATE DATABASE kakehashi_follow")
        database = admin.rsplit("/", 1)[0] + "/kakehashi_follow"
        extra = {"DATABASE_URL": database, "LEPTOS_HASH_FILES": "false", "RUST_LOG": "warn"}
        for name in ("a", "b"):
            port = free_port(3300, 3399) if not servers else free_port(servers[-1].port + 1, 3399)
            servers.append(Server(binary, site, "unused", port, os.path.join(work, f"{name}.log"), extra))
        a, b = servers
        started = time.time()
        a.generate(activities)
        log(f"{activities} synthetic activities generated in {time.time() - started:.1f} s")
        for server in servers:
            server.start()
        editor = login(a.port, EDITOR)
        moderator = login(a.port, MODERATOR)
        reader = Client(b.port)
        approve_ms, follow_ms = [], []
        tag = int(time.time()) % 10000
        for n in range(samples):
            word = letters(tag * 1000 + n, 8)
            answer = editor.request("POST", "/partner/activities/new", form=activity_form(word, ORGANISATION))
            match = SUBMITTED.match(answer.header("location")) if answer.status == 303 else None
            if not match:
                raise SystemExit(f"proposal {n} on A answered {answer.status} {answer.header('location')}")
            if finds(reader, word):
                raise SystemExit(f"B lists {word} before it was approved")
            answer = moderator.request("POST", f"/moderation/{match.group(1)}", form=[("decision", "approve")])
            if answer.status != 303 or answer.header("location") != APPROVED:
                raise SystemExit(f"approval {n} on A answered {answer.status} {answer.header('location')}")
            approved = time.perf_counter()
            approve_ms.append(answer.seconds * 1000)
            while not finds(reader, word):
                if time.perf_counter() - approved > 5:
                    raise SystemExit(f"B did not list {word} within 5 s")
                time.sleep(poll)
            follow_ms.append((time.perf_counter() - approved) * 1000)
        print(f"two release servers on one PostgreSQL database, {activities} activities, {samples} approvals")
        print(f"{'':28} {'p50_ms':>8} {'p95_ms':>8} {'max_ms':>8}")
        for label, values in (("approval on A (POST)", approve_ms), ("found on B after approval", follow_ms)):
            print(
                f"{label:28} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} {max(values):8.1f}"
            )
        late = [ms for ms in follow_ms if ms > PROMISE_MS]
        if late:
            raise SystemExit(f"{len(late)} approvals took B more than 1 s: {late}")
    finally:
        for server in servers:
            server.stop()
        cluster("stop")
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
