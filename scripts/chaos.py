#!/usr/bin/env python3
"""Crash test (`make chaos`): kill -9 the release server while editors propose and moderators
approve, restart it on the same database, and check that nothing acknowledged was lost.

On a fresh server (demo accounts, CHAOS_ACTIVITIES (1000) generated activities), each of
CHAOS_ROUNDS (3) rounds runs CHAOS_WRITERS (4) writers (as in `make load`: an editor
proposes a new activity with a unique word in its title, a moderator approves it) and
CHAOS_READERS (8) readers, sends SIGKILL to the server after CHAOS_KILL_AFTER (20) seconds
(plus up to one second drawn from CHAOS_SEED, so the kill lands anywhere in a request),
restarts the server on the same database file (the writers send nothing new once the kill
begins; what they had sent is acknowledged, in flight, or failed) and then checks, with sqlite3 on the file and
over HTTP:

- every approval acknowledged with its 303 before the kill is published: its submission is
  `approved`, its activity exists, GET /activities/{slug} answers 200 and
  GET /activities?q=<word> lists it;
- every proposal never sent for approval (and every approval the dead server refused at
  connect) is not published: no activity has its word, the search does not list it, and its
  submission (when it was acknowledged) is still `pending`;
- an approval in flight at the kill (sent, no answer) is either published or not, both
  correct; which one is printed, and the database and the search must agree on it;
- no activity of the run is published without an approved submission;
- `PRAGMA integrity_check` and `PRAGMA foreign_key_check` are clean.

The next round continues on the restarted server. Exits 1 on any lost acknowledged
approval, any unapproved activity published, any disagreement, or an integrity failure.
Not part of `make test`. Python 3's standard library only (helpers from scripts/load.py).
"""

import os
import random
import shutil
import sqlite3
import sys
import threading
import time
import urllib.parse
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import (  # noqa: E402
    Answer,
    Client,
    Server,
    Tally,
    env_int,
    free_port,
    letters,
    log,
    public_pages,
    read_cycle,
    reader,
    run_dir,
    snapshot_build,
    writer,
    writer_accounts,
)


def search_slugs(client, word):
    """The activity links GET /activities?q=word lists (None when the page did not answer 200)."""
    a = client.request("GET", "/activities?" + urllib.parse.urlencode({"q": word}))
    if a.status != 200:
        return None
    import re

    return set(re.findall(rb'href="/activities/([^"/?#]+)"', a.body))


def check_round(db, port, state, run_tag, dead_at):
    """Checks one round after the restart; returns (summary dict, list of violations)."""
    con = sqlite3.connect(db, timeout=30)
    con.execute("PRAGMA query_only = 1")
    violations = []
    integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
    foreign = con.execute("PRAGMA foreign_key_check").fetchall()
    if integrity != ["ok"]:
        violations.append(f"PRAGMA integrity_check: {integrity[:5]}")
    if foreign:
        violations.append(f"PRAGMA foreign_key_check: {foreign[:5]}")
    client = Client(port)
    s = {
        "proposals sent": 0, "proposals acknowledged": 0, "proposals in flight": 0,
        "acknowledged": 0, "acknowledged published": 0,
        "in flight": 0, "in flight published": 0, "in flight not published": 0,
        "not sent for approval": 0, "not sent published": 0,
        "refused at connect": 0, "sent to the dead server": 0, "integrity": ",".join(integrity[:3]),
    }

    def published(record):
        """(submission status, activity slug from the submission, activities with the word,
        whether GET /activities/{slug} is 200, whether the search lists the slug, slugs the
        search lists that hold the word)."""
        status = slug = None
        if record["id"] is not None:
            row = con.execute(
                "SELECT s.status, a.slug FROM submissions s LEFT JOIN activities a ON a.id = s.activity_id "
                "WHERE s.id = ?", (record["id"],)).fetchone()
            if row:
                status, slug = row
        word = record["word"]
        with_word = [r[0] for r in con.execute(
            "SELECT slug FROM activities WHERE title_en LIKE ?", (f"% {word} %",))]
        listed = search_slugs(client, word)
        page_ok = None
        if slug:
            page_ok = client.request("GET", f"/activities/{slug}").status == 200
        listed_word = {x.decode() for x in (listed or set()) if word.encode() in x}
        return status, slug, with_word, page_ok, listed, listed_word

    for word, r in sorted(state.items()):
        if r["approve"] in ("sent", "no answer") and r["approve_at"] and r["approve_at"] > dead_at:
            # Begun after the server had died (on a connection still open): never delivered.
            r["approve"] = "sent to the dead server"
            s["sent to the dead server"] += 1
        if r["propose"] in ("sent", "no answer") and r["propose_at"] > dead_at:
            r["propose"] = "sent to the dead server"
        s["proposals sent"] += 1
        if r["propose"] == "acknowledged":
            s["proposals acknowledged"] += 1
        elif r["propose"] in ("sent", "no answer"):
            s["proposals in flight"] += 1
        status, slug, with_word, page_ok, listed, listed_word = published(r)
        desc = f"{word} (submission {r['id']}, propose {r['propose']}, approve {r['approve']})"
        if listed is None:
            violations.append(f"{desc}: the search page did not answer 200")
            continue
        is_published = bool(with_word) or bool(listed_word)
        if r["approve"] == "acknowledged":
            s["acknowledged"] += 1
            ok = (status == "approved" and slug and with_word == [slug] and page_ok and slug in listed_word)
            if ok:
                s["acknowledged published"] += 1
            else:
                violations.append(
                    f"LOST acknowledged approval {desc}: submission status {status}, activity {slug}, "
                    f"activities with the word {with_word}, page 200 {page_ok}, search lists {sorted(listed_word)}")
        elif r["approve"] in ("sent", "no answer"):
            s["in flight"] += 1
            yes = status == "approved" and slug and with_word == [slug] and page_ok and slug in listed_word
            no = status in ("pending", None) and not slug and not with_word and not listed_word
            if yes:
                s["in flight published"] += 1
                s.setdefault("outcomes", []).append(f"{word} (submission {r['id']}): published")
            elif no:
                s["in flight not published"] += 1
                s.setdefault("outcomes", []).append(f"{word} (submission {r['id']}): not published, {status}")
            else:
                violations.append(
                    f"in-flight approval half done {desc}: submission status {status}, activity {slug}, "
                    f"activities with the word {with_word}, page 200 {page_ok}, search lists {sorted(listed_word)}")
        else:
            # Never sent for approval: not sent at all, refused at connect, or a propose that
            # failed or was in flight.
            s["not sent for approval"] += 1
            if r["approve"] == "refused":
                s["refused at connect"] += 1
            if is_published or slug or status not in ("pending", None):
                s["not sent published"] += 1
                violations.append(
                    f"PUBLISHED without approval {desc}: submission status {status}, activity {slug}, "
                    f"activities with the word {with_word}, search lists {sorted(listed_word)}")
    # Nothing of this run is published without an approved submission.
    orphans = con.execute(
        "SELECT a.slug FROM activities a WHERE a.title_en LIKE ? AND NOT EXISTS "
        "(SELECT 1 FROM submissions s WHERE s.activity_id = a.id AND s.status = 'approved')",
        (f"Load probe lp{run_tag}%",)).fetchall()
    for (slug,) in orphans:
        violations.append(f"PUBLISHED without an approved submission: activity {slug}")
    unknown = con.execute(
        "SELECT count(*) FROM activities WHERE title_en LIKE ?", (f"Load probe lp{run_tag}%",)).fetchone()[0]
    expected = s["acknowledged published"] + s["in flight published"]
    if unknown != expected:
        violations.append(f"{unknown} activities of this round are published, expected {expected}")
    broken = con.execute(
        "SELECT count(*) FROM submissions s WHERE s.status = 'approved' AND "
        "(s.activity_id IS NULL OR NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = s.activity_id))"
    ).fetchone()[0]
    if broken:
        violations.append(f"{broken} approved submissions without their activity")
    client.close()
    con.close()
    return s, violations


def main():
    rounds = env_int("CHAOS_ROUNDS", 3)
    kill_after = float(os.environ.get("CHAOS_KILL_AFTER", "20"))
    writers = env_int("CHAOS_WRITERS", 4)
    readers = env_int("CHAOS_READERS", 8)
    activities = env_int("CHAOS_ACTIVITIES", 1000)
    seed = env_int("CHAOS_SEED", 1)
    port = env_int("CHAOS_PORT", 0) or free_port(3350, 3369)
    keep = os.environ.get("CHAOS_KEEP", "") == "1"
    rng = random.Random(seed)

    work = run_dir("chaos-")
    binary, site = snapshot_build(os.path.join(work, "build"))
    db = os.path.join(work, "chaos.db")
    server = Server(binary, site, db, port, os.path.join(work, "server.log"))
    status = 0
    all_violations = []
    try:
        server.generate(activities, seed)
        server.start()
        cycle = read_cycle(public_pages(db, seed))
        accounts = writer_accounts(db, writers)
        run = letters(random.Random(time.time_ns()).randrange(26 ** 2), 2)
        print(f"# chaos: {rounds} rounds; each: {writers} writers (propose + approve) and {readers} readers, "
              f"kill -9 after {kill_after:g} s (+ up to 1 s), restart on the same database, check; "
              f"{activities:,} generated activities + the seed, port {port}")
        print()
        print("| round | killed after s | proposals sent | approvals acknowledged | acknowledged published "
              "| in flight | in flight published / not | not sent for approval | not sent published "
              "| restart s | integrity |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for number in range(1, rounds + 1):
            tag = run + letters(number, 1)
            state, done = {}, []
            stop, dying = threading.Event(), threading.Event()
            tallies = [Tally() for _ in range(readers + writers)]
            far = time.time() + 3600
            threads = [
                threading.Thread(target=writer, args=(port, w, accounts[w][0], accounts[w][1], tag, far,
                                                      tallies[w], done, dying, state))
                for w in range(writers)
            ]
            threads += [
                threading.Thread(target=reader_until,
                                 args=(port, cycle, i, seed, number, stop, dying, tallies[writers + i]))
                for i in range(readers)
            ]
            started = time.time()
            for t in threads:
                t.start()
            wait = kill_after + rng.uniform(0, 1)
            time.sleep(max(0.0, started + wait - time.time()))
            dying.set()
            server.kill9()
            dead_at = time.time()
            killed_at = dead_at - started
            stop.set()
            for t in threads:
                t.join()
            t0 = time.time()
            server.start()
            restart = time.time() - t0
            s, violations = check_round(db, port, state, tag, dead_at)
            in_flight = s.get("outcomes", [])
            print(f"| {number} | {killed_at:.2f} | {s['proposals sent']} | {s['acknowledged']} | "
                  f"{s['acknowledged published']} | {s['in flight']} | {s['in flight published']} / "
                  f"{s['in flight not published']} | {s['not sent for approval']} | {s['not sent published']} | "
                  f"{restart:.1f} | {s['integrity']} |", flush=True)
            round_notes = (
                f"  round {number}: proposals acknowledged {s['proposals acknowledged']}, proposals in flight "
                f"at the kill {s['proposals in flight']}, approvals after the kill refused at connect "
                f"{s['refused at connect']} or sent on a connection to the dead server "
                f"{s['sent to the dead server']}; approvals in flight: "
                + (", ".join(in_flight) if in_flight else "none")
            )
            outcomes = Counter(f"propose {r['propose']}" for r in state.values())
            outcomes.update(f"approve {r['approve']}" for r in state.values() if r["approve"])
            round_notes += "; outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            failures = Tally()
            for t in tallies[:writers]:
                failures.merge(t)
            for line in failures.examples()[:6]:
                round_notes += f"\n    write failed: {line}"
            reads = Tally()
            for t in tallies:
                reads.merge(t)
            r = reads.kinds.get("reads", {"n": 0, "errors": 0})
            round_notes += f"; reads before the kill {r['n']:,} ({r['errors']} failed)"
            all_violations += [f"round {number}: {v}" for v in violations]
            notes.append(round_notes)
        print()
        for line in notes:
            print(line)
        problems = [p for p in server.log_problems()]
        print(f"server log: {len(problems)} ERROR/panic lines over all rounds")
        for line in problems[:10]:
            print(f"  {line[:300]}")
        if all_violations:
            status = 1
            keep = True
            print(f"FAILED: {len(all_violations)} violations")
            for v in all_violations[:50]:
                print(f"  {v}")
        else:
            print("OK: every acknowledged approval survived kill -9, nothing unapproved was published, "
                  "integrity ok after every restart")
    finally:
        server.stop()
        if keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


notes = []


def reader_until(port, cycle, i, seed, number, stop, dying, tally):
    """A reader (as in load.py) until `stop` is set; its errors after the kill do not count."""
    r = random.Random(seed * 100 + number * 10 + i)
    client = Client(port)
    k = i * 5
    while not stop.is_set():
        label, fn, prefix = cycle[k % len(cycle)]
        k += 1
        path = fn(r)
        path = prefix + (path if path != "/" or not prefix else "")
        try:
            a = client.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        except Exception as e:
            if dying.is_set():
                break
            tally.error("reads", f"GET {path}: {e!r}")
            time.sleep(0.05)
            continue
        if dying.is_set():
            break
        if 200 <= a.status < 400:
            tally.ok("reads", a.seconds)
        else:
            tally.error("reads", f"GET {path}: HTTP {a.status}")
    client.close()


if __name__ == "__main__":
    sys.exit(main())
