#!/usr/bin/env python3
"""Form and address fuzzing (`make fuzz`): FUZZ_CASES (3000) seeded cases (FUZZ_SEED, 1)
against a fresh release server with the demo accounts.

Every POST endpoint (/login, /logout, /partner/activities/new, /partner/activities/{slug}/edit,
/moderation/{id}, /admin, /admin/accounts/{id}, /admin/invitations/{id}, /account/password,
/forgot-password, /reset-password/{token}, /invite/{token}, /partner/activities/{slug}/confirm,
and their /ja forms), logged out
and with an editor, a moderator and an admin session, gets malformed, oversized (fields of
10-300 KB, bodies just under, at and over 256 KiB, plain and chunked), mis-encoded (invalid
percent-escapes, invalid UTF-8, NUL and control characters, overlong UTF-8, lone surrogates)
and hostile input (markup, SQL, path traversal, CR/LF, very long keys, thousands of repeated
keys, out-of-range row keys, wrong or missing Content-Type, JSON, empty bodies, foreign
Origins, forged cookies and X-Forwarded-For); every public address kind (and the account
pages, with each session) gets hostile paths and query strings (traversal, %00, invalid
UTF-8, 5,000-character values, repeated and unknown parameters, odd methods).

For every case it checks:
- the status is not 5xx, and an answer came (no dropped connection, no timeout);
- neither the body nor a header shows an internal message ("panicked", "sqlx", "SQLITE",
  "stack backtrace", "src/", "RUST_BACKTRACE", "thread '", "Error {",
  "called `Result::unwrap()`");
- a refused request (4xx or 5xx, or the 303 to the bare login page that a form needing an
  account answers a visitor)
  stored nothing, and a GET stored nothing whatever its answer: the row counts of
  submissions, activities, organizations, accounts, invitations, outbox, password_resets and
  revisions, the audit_log rows other than login-failed, login-throttled and
  request-password-reset (written on refusal by design), and a digest of the rows of
  accounts, invitations, submissions, password_resets, activities and organizations, read
  with sqlite3 from the database file before and after the case;
- every redirect stays on the site: a Location without CR/LF that, read as a browser reads
  it (tabs and newlines removed, backslashes as slashes), is a path of this site, not
  //host or another origin.

The server trusts X-Forwarded-For from 127.0.0.1 (KAKEHASHI_TRUSTED_PROXIES) so that the
fuzzed logins (throw-away addresses, from many client addresses) cannot throttle the real
sessions, which log in again from their own address whenever a case ended them. A wrong
current password on /account/password counts as a failed login of that account (5 lock it
for 15 minutes), so the password cases run in a session of their own, of an account no
other case uses; when a case locks it (429), the next account of PASSWORD_ACCOUNTS takes over.

Prints counts per endpoint and per status and every violation with the request that caused
it (truncated; the full requests go to violations.txt in the kept run directory). Exits 1
on any violation. Not part of `make test`. Python 3's standard library only (helpers from
scripts/load.py).
"""

import hashlib
import http.client
import json
import os
import random
import re
import select
import shutil
import socket
import sqlite3
import sys
import time
import urllib.parse
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import (  # noqa: E402
    PASSWORD,
    Server,
    env_int,
    free_port,
    log,
    run_dir,
    snapshot_build,
)

LIMIT = 256 * 1024
MARKERS = [
    b"panicked", b"sqlx", b"SQLITE", b"stack backtrace", b"src/", b"RUST_BACKTRACE",
    b"thread '", b"Error {", b"called `Result::unwrap()`",
]
COUNTED = ["submissions", "activities", "organizations", "accounts", "invitations", "outbox",
           "password_resets", "revisions", "confirmations"]
BY_DESIGN = ("login-failed", "login-throttled", "request-password-reset")
DIGESTS = {
    "accounts": "SELECT id, email, password_hash, role, organization_id, disabled, session_epoch FROM accounts ORDER BY id",
    "invitations": "SELECT * FROM invitations ORDER BY id",
    "submissions": "SELECT id, activity_id, organization_id, proposed_by, status, length(payload), "
                   "substr(payload, 1, 300), reason, created_at, updated_at, submitted_at, decided_by, decided_at, "
                   "base_revision FROM submissions ORDER BY id",
    "password_resets": "SELECT * FROM password_resets ORDER BY id",
    "activities": "SELECT * FROM activities ORDER BY id",
    "organizations": "SELECT * FROM organizations ORDER BY id",
}
REAL_CLIENT = "198.51.100.77"  # the address the real sessions log in from
# Demo editors whose sessions take the password-change cases, one after another as each
# gets locked by its wrong current passwords; no other case uses or disables them.
PASSWORD_ACCOUNTS = [f"editor.{org}@example.org" for org in (
    "university-of-zambia", "mongolian-cancer-center", "vietnam-108-military-central-hospital", "hanoi-medical-university",
    "cho-ray-hospital", "mie-university", "university-of-toyama", "kyushu-university")]

# Values with a meaning an application might trip over. None holds a marker string.
HOSTILE = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "<!--", "]]>", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
    "' OR '1'='1", "'; DROP TABLE activities; --", "1; DELETE FROM accounts", "\" OR 1=1 --",
    "%' AND 1=1 --", "1 UNION SELECT password_hash FROM accounts", "admin'--", "\\", "'", "\"", "`",
    "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/passwd", "file:///etc/passwd",
    "....//....//etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%00/", "/proc/self/environ",
    "//evil.example/", "https://evil.example/", "/\t/evil.example/", "/\\evil.example", "/%09/evil.example",
    "\r\nSet-Cookie: pwned=1", "x\r\nLocation: https://evil.example", "\n", "\r", "\r\n\r\n<h1>x</h1>",
    "{{7*7}}", "${7*7}", "%s%s%s%n", "{0}", "#{7*7}", "*", "AND OR NOT", "NEAR(a b)", "\"unbalanced",
    "\u0000", "a\u0000b", "\x07\x08\x1b[31m", "\u202eevil", "\ufeff", "\U0001d54f", "日本語テスト",
    "ｆｕｌｌｗｉｄｔｈ", "\u3000", "\ud800", "a\udfffb", "\ufffe\uffff",
    "-1", "0", "99999999999999999999", "18446744073709551616", "1e308", "NaN", "null", "true",
    "[]", "{}", " ", "", "0x10", "2025-13", "2025-02-30", "0000-00", "9999-99-99", "-2025",
    "A" * 5000, "é" * 3000, "𝕏" * 1500, "TZ", "XX", "tz", "ZZZ", "capacity-building\u0000", "lead ",
]
# Raw bytes put into an encoded body or query as they are (not percent-encoded again).
BAD_ENCODINGS = [
    b"%", b"%G", b"%zz", b"%e", b"%E", b"%ED%A0%80", b"%ED%BF%BF", b"%C0%AF", b"%C0%80", b"%E0%80%AF",
    b"%F0%82%82%AC", b"%FF%FE", b"%F4%90%80%80", b"%F8%88%80%80%80", b"\xff\xfe", b"\xc0\xaf",
    b"\xed\xa0\x80", b"\x80", b"\x00", b"%00", b"\x01\x1f\x7f", b"%01%1F%7F", b"+%2B+", b"&=&=",
    b"==", b"%25", b"%%", b"%u0041", b"%C3", b"\xc3", b"%E6%97", b"%0D%0A", b"\r\n",
]
ENDPOINTS_POST = ["login", "logout", "new", "edit", "moderation", "invite", "account", "invitation",
                  "password", "forgot", "reset", "accept", "confirm"]


def enc(value):
    """A str (lone surrogates allowed) or bytes, percent-encoded for a form."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    return urllib.parse.quote_plus(value, safe="").encode()


def form_bytes(pairs):
    """Pairs of (key, value); a `bytes` key or value marked RAW goes in as it is."""
    out = []
    for k, v in pairs:
        kb = k.raw if isinstance(k, Raw) else enc(k)
        vb = v.raw if isinstance(v, Raw) else enc(v)
        out.append(kb + b"=" + vb)
    return b"&".join(out)


class Raw:
    def __init__(self, raw):
        self.raw = raw


def short(data, n=300):
    if isinstance(data, bytes):
        text = repr(data[:n])
        return text + (f"... ({len(data):,} bytes)" if len(data) > n else "")
    return data[:n]


class Case:
    def __init__(self, endpoint, method, target, session=None, body=None, content_type="form",
                 headers=None, chunked=False, note="", origin=True, expect_login=False):
        self.endpoint, self.method, self.target = endpoint, method, target
        self.session, self.body, self.content_type = session, body, content_type
        self.headers = headers or []
        self.chunked, self.note, self.origin = chunked, note, origin

    def describe(self, n=300):
        head = f"{self.method} {short(self.target, 200)} as {self.session or 'visitor'} [{self.note}]"
        extra = [f"{k}: {short(v, 120)}" for k, v in self.headers]
        if self.content_type and self.content_type != "form":
            extra.append(f"Content-Type: {short(self.content_type, 80)}")
        if self.body is not None:
            extra.append(f"body {short(self.body, n)}")
        return head + ("; " + "; ".join(extra) if extra else "")


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower(), "")


def send(port, case, cookie, timeout=25):
    """Sends the case as raw bytes over a new connection; reads the answer even when the
    server answers (413) before the body is sent. Returns a Reply, or raises."""
    target = case.target if isinstance(case.target, bytes) else case.target.encode("latin-1")
    lines = [case.method.encode() + b" " + target + b" HTTP/1.1", f"Host: 127.0.0.1:{port}".encode(),
             b"Accept-Encoding: identity", b"Connection: close"]
    if case.method not in ("GET", "HEAD") and case.origin:
        lines.append(f"Origin: http://127.0.0.1:{port}".encode())
    if cookie:
        lines.append(b"Cookie: kakehashi_session=" + cookie.encode())
    ct = {"form": b"application/x-www-form-urlencoded", None: None}.get(case.content_type, case.content_type)
    if isinstance(ct, str):
        ct = ct.encode("latin-1")
    if ct is not None and case.body is not None:
        lines.append(b"Content-Type: " + ct)
    for k, v in case.headers:
        lines.append((k if isinstance(k, bytes) else k.encode()) + b": " +
                     (v if isinstance(v, bytes) else v.encode("utf-8", "surrogatepass")))
    body = b""
    if case.body is not None:
        if case.chunked:
            lines.append(b"Transfer-Encoding: chunked")
            if isinstance(case.body, list):  # raw chunk framing
                body = b"".join(case.body)
            else:
                step = 16 * 1024
                body = b"".join(b"%x\r\n" % len(case.body[i:i + step]) + case.body[i:i + step] + b"\r\n"
                                for i in range(0, len(case.body), step)) + b"0\r\n\r\n"
        else:
            lines.append(b"Content-Length: %d" % len(case.body))
            body = case.body
    elif case.method == "POST":
        lines.append(b"Content-Length: 0")
    data = b"\r\n".join(lines) + b"\r\n\r\n" + body
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sent = 0
        while sent < len(data):
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # the server answered early (413): stop sending, read it
            try:
                sent += sock.send(data[sent:sent + 65536])
            except (BrokenPipeError, ConnectionResetError):
                break
        response = http.client.HTTPResponse(sock, method=case.method)
        response.begin()
        payload = response.read()
        headers = {}
        for k, v in response.getheaders():
            headers[k.lower()] = (headers[k.lower()] + "\n" + v) if k.lower() in headers else v
        return Reply(response.status, headers, payload)
    finally:
        sock.close()


class State:
    """What the database holds that a refused request must not change."""

    def __init__(self, db):
        self.con = sqlite3.connect(db, timeout=30)
        self.con.execute("PRAGMA query_only = 1")

    def snapshot(self):
        c = self.con
        s = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
        marks = ",".join("?" * len(BY_DESIGN))
        s["audit_log (other than refusals by design)"] = c.execute(
            f"SELECT count(*) FROM audit_log WHERE action NOT IN ({marks})", BY_DESIGN).fetchone()[0]
        for name, sql in DIGESTS.items():
            h = hashlib.sha256()
            for row in c.execute(sql):
                h.update(repr(row).encode("utf-8", "surrogatepass"))
            s[f"{name} rows"] = h.hexdigest()[:16]
        return s

    def rows(self, sql, args=()):
        return self.con.execute(sql, args).fetchall()


def changes(before, after):
    return [f"{k}: {before[k]} -> {after[k]}" for k in before if before[k] != after[k]]


UNESCAPED = [b"<script>alert(1)</script>", b"<img src=x onerror=alert(1)>", b"<h1>x</h1>"]


def case_bytes(case):
    """Everything the case sends that the answer might echo."""
    parts = [case.target if isinstance(case.target, bytes) else case.target.encode("latin-1", "replace")]
    body = case.body
    if isinstance(body, list):
        body = b"".join(body)
    if body:
        parts += [body, urllib.parse.unquote_to_bytes(body.replace(b"+", b" "))]
    parts += [urllib.parse.unquote_to_bytes(parts[0])]
    parts += [str(v).encode("utf-8", "surrogatepass") for _, v in case.headers]
    return b"\n".join(parts)


def unsafe_location(location):
    """Why a Location would leave the site (as a browser reads it), or None."""
    if "\r" in location or "\n" in location:
        return "CR/LF in Location"
    seen = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").lstrip(" \x00-\x1f")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", seen):
        if not seen.startswith("http://127.0.0.1"):
            return f"absolute Location to another origin: {location!r}"
        return None
    if not seen.startswith("/") or seen.startswith("//"):
        return f"Location {location!r} reads as {seen!r} in a browser: another host"
    return None


class Fuzzer:
    def __init__(self, server, port, db, rng):
        self.server, self.port, self.db, self.rng = server, port, db, rng
        self.state = State(db)
        self.sessions = {}  # name -> (email, cookie)
        self.relogins = 0
        self.tokens = {"invite": set(), "reset": set()}

    # -- sessions ----------------------------------------------------------------------------
    def login(self, email, client=REAL_CLIENT, locked_ok=False):
        """The session cookie of a fresh login; None when `locked_ok` and the account is
        locked by failed attempts (429)."""
        case = Case("setup", "POST", "/login", body=form_bytes([("email", email), ("password", PASSWORD), ("next", "")]),
                    headers=[("X-Forwarded-For", client)])
        for _ in range(5):
            r = send(self.port, case, None)
            m = re.search(r"kakehashi_session=([^;]+)", r.header("set-cookie"))
            if r.status == 303 and m:
                return m.group(1)
            if r.status == 429 and locked_ok:
                return None
            time.sleep(0.3)
        raise SystemExit(f"could not log in as {email}: HTTP {r.status}")

    def password_session(self):
        """Logs in the next account of PASSWORD_ACCOUNTS that is not locked; once all are
        locked, the last one's session goes on (its cases are then answered 429)."""
        while self.password_accounts:
            email = self.password_accounts.pop(0)
            cookie = self.login(email, locked_ok=True)
            if cookie:
                self.sessions["password"] = (email, cookie)
                return
        if "password" not in self.sessions:
            raise SystemExit("every account of PASSWORD_ACCOUNTS is locked; add more")

    def valid(self, name):
        email, cookie = self.sessions[name]
        r = send(self.port, Case("check", "GET", "/account/password"), cookie)
        return r.status == 200

    def heal(self, names):
        """Logs the named sessions in again when a case ended them (re-enabling a disabled
        account first, with the admin session)."""
        for name in names:
            if self.valid(name):
                continue
            if name == "password":
                self.password_session()
                self.relogins += 1
                continue
            email = self.sessions[name][0]
            disabled = self.state.rows("SELECT id, disabled FROM accounts WHERE email = ?", (email,))
            if disabled and disabled[0][1]:
                if name == "admin":
                    raise SystemExit("the admin account was disabled by a case; cannot go on")
                if not self.valid("admin"):
                    self.sessions["admin"] = ("admin@example.org", self.login("admin@example.org"))
                body = form_bytes([("action", "enable")])
                send(self.port, Case("heal", "POST", f"/admin/accounts/{disabled[0][0]}", body=body),
                     self.sessions["admin"][1])
            self.sessions[name] = (email, self.login(email))
            self.relogins += 1

    # -- what the database offers ------------------------------------------------------------
    def pick(self, sql, fallback, args=()):
        rows = self.state.rows(sql, args)
        return str(self.rng.choice(rows)[0]) if rows else fallback

    def harvest(self):
        """One-time links from the outbox, except the real sessions' own (a reset of theirs
        would end them)."""
        own = {e.lower() for e, _ in self.sessions.values()} | {self.login_next_account}
        for recipient, body in self.state.rows("SELECT recipient, body FROM outbox"):
            if recipient.lower() in own:
                continue
            for t in re.findall(r"/invite/([0-9a-f]{64})", body):
                self.tokens["invite"].add(t)
            for t in re.findall(r"/reset-password/([0-9a-f]{64})", body):
                self.tokens["reset"].add(t)

    def setup(self):
        for name, email in [("editor", "editor.nagasaki-university@example.org"),
                            ("moderator", "moderator@example.org"), ("admin", "admin@example.org")]:
            self.sessions[name] = (email, self.login(email))
        con = self.state
        self.nagasaki = [r[0] for r in con.rows(
            "SELECT DISTINCT a.slug FROM activities a JOIN activity_participants p ON p.activity_id = a.id "
            "JOIN organizations o ON o.id = p.organization_id WHERE o.slug = 'nagasaki-university'")]
        self.others = [r[0] for r in con.rows(
            "SELECT slug FROM activities WHERE slug NOT IN (%s)" % ",".join("?" * len(self.nagasaki)), self.nagasaki)]
        self.all_slugs = self.nagasaki + self.others
        self.orgs = [r[0] for r in con.rows("SELECT slug FROM organizations")]
        self.countries = [r[0] for r in con.rows("SELECT DISTINCT country FROM activity_countries")] or ["VN"]
        own = {e for e, _ in self.sessions.values()}
        self.login_next_account = "editor.beijing-cancer-hospital@example.org"
        known = {r[0] for r in con.rows("SELECT email FROM accounts")}
        missing = [e for e in PASSWORD_ACCOUNTS if e not in known]
        assert not missing, f"no demo account {missing}"
        self.password_accounts = list(PASSWORD_ACCOUNTS)
        self.password_session()
        spared = tuple(own) + (self.login_next_account,) + tuple(PASSWORD_ACCOUNTS)
        self.expendable = [r[0] for r in con.rows(
            "SELECT id FROM accounts WHERE email NOT IN (%s)" % ",".join("?" * len(spared)), spared)]
        self.own_ids = [r[0] for r in con.rows("SELECT id FROM accounts WHERE email IN (?, ?, ?)", tuple(own))]
        # Material to work on: pending proposals, drafts, invitations and reset links.
        from load import activity_form
        for i in range(4):
            body = form_bytes(activity_form(f"fuzzseed{chr(97 + i)}", "nagasaki-university"))
            r = send(self.port, Case("setup", "POST", "/partner/activities/new", body=body), self.sessions["editor"][1])
            assert r.status == 303, f"setup proposal: HTTP {r.status}"
        body = form_bytes(activity_form("fuzzdraft", "nagasaki-university", intent="draft"))
        send(self.port, Case("setup", "POST", "/partner/activities/new", body=body), self.sessions["editor"][1])
        for i in range(3):
            body = form_bytes([("email", f"fuzz-invitee-{i}@example.net"), ("role", "editor"),
                               ("organization", "nagasaki-university")])
            r = send(self.port, Case("setup", "POST", "/admin", body=body), self.sessions["admin"][1])
            assert r.status == 303, f"setup invitation: HTTP {r.status}"
        for email in ["editor.beijing-chaoyang-hospital@example.org", "editor.304-hospital@example.org"]:
            send(self.port, Case("setup", "POST", "/forgot-password", body=form_bytes([("email", email)]),
                                 headers=[("X-Forwarded-For", "203.0.113.200")]), None)
        self.harvest()

    # -- cases -------------------------------------------------------------------------------
    def hostile(self):
        r = self.rng
        x = r.random()
        if x < 0.75:
            return r.choice(HOSTILE)
        if x < 0.9:
            return "".join(r.choice(HOSTILE[:40]) for _ in range(r.randint(2, 5)))
        return "".join(chr(r.choice([r.randint(0, 0x7f), r.randint(0x80, 0xffff), r.randint(0x10000, 0x10ffff)]))
                       for _ in range(r.randint(1, 200)))

    def session_for(self, natural):
        r = self.rng.random()
        if r < 0.5 and natural:
            return natural
        return self.rng.choice([None, "editor", "moderator", "admin"])

    def throwaway(self):
        return f"fuzz{self.rng.randrange(10 ** 9)}@example.net"

    def base_post(self, kind):
        """(path, natural session, pairs) of a plausible request to one endpoint."""
        r = self.rng
        hexes = lambda: "".join(r.choice("0123456789abcdef") for _ in range(64))  # noqa: E731
        if kind == "login":
            return "/login", None, [("email", self.throwaway()), ("password", "wrong-password-1"), ("next", "/partner")]
        if kind == "logout":
            return "/logout", r.choice(["editor", "moderator", "admin"]), []
        if kind in ("new", "edit"):
            from load import activity_form
            pairs = activity_form(f"fuzzcase{r.randrange(10 ** 6)}", "nagasaki-university",
                                  intent=r.choice(["submit", "draft"]))
            if kind == "new":
                return "/partner/activities/new", "editor", pairs
            slug = r.choice(self.nagasaki if r.random() < 0.8 or not self.others else self.others)
            base = self.pick("SELECT max(number) FROM revisions r JOIN activities a ON a.id = r.activity_id WHERE a.slug = ?",
                             "1", (slug,))
            pairs.append(("base", base))
            if r.random() < 0.3:
                pairs.append(("draft", self.pick("SELECT id FROM submissions WHERE status = 'draft'", "1")))
            return f"/partner/activities/{slug}/edit", "editor", pairs
        if kind == "moderation":
            sid = self.pick("SELECT id FROM submissions WHERE status = 'pending'", "1") if r.random() < 0.7 \
                else str(r.choice([0, 999999, self.rng.randint(1, 40)]))
            pairs = [("decision", r.choice(["approve", "reject", "reject"])), ("reason", "Please add a source.")]
            return f"/moderation/{sid}", "moderator", pairs
        if kind == "invite":
            return "/admin", "admin", [("email", self.throwaway()), ("role", r.choice(["editor", "moderator"])),
                                       ("organization", r.choice(self.orgs))]
        if kind == "account":
            aid = r.choice(self.expendable + [0, 999999])
            return f"/admin/accounts/{aid}", "admin", [("action", r.choice(["disable", "enable"]))]
        if kind == "invitation":
            iid = self.pick("SELECT id FROM invitations", "1") if r.random() < 0.8 else str(r.choice([0, 999999]))
            return f"/admin/invitations/{iid}", "admin", [("action", r.choice(["resend", "revoke"]))]
        if kind == "password":
            return "/account/password", "password", [
                ("current", "not-the-password-1"), ("password", "a-new-password-123"), ("confirm", "a-new-password-123")]
        if kind == "confirm":
            # Mostly an activity the editor's organisation takes part in (confirmed, or 409
            # for a stale revision), else one it does not (403).
            slug = r.choice(self.nagasaki if r.random() < 0.7 or not self.others else self.others)
            base = self.pick("SELECT max(number) FROM revisions r JOIN activities a ON a.id = r.activity_id WHERE a.slug = ?",
                             "1", (slug,))
            revision = base if r.random() < 0.7 else r.choice(["0", "-1", str(int(base) + 1), "x"])
            return f"/partner/activities/{slug}/confirm", "editor", [("revision", revision)]
        if kind == "forgot":
            email = r.choice([self.throwaway(), "editor.beijing-chaoyang-hospital@example.org"])
            return "/forgot-password", None, [("email", email)]
        if kind in ("reset", "accept"):
            pool = sorted(self.tokens["reset" if kind == "reset" else "invite"])
            token = r.choice(pool) if pool and r.random() < 0.6 else hexes()
            path = f"/reset-password/{token}" if kind == "reset" else f"/invite/{token}"
            pw = "a-new-password-123" if r.random() < 0.5 else "short"
            return path, None, [("password", pw), ("confirm", pw if r.random() < 0.8 else pw + "x")]
        raise ValueError(kind)

    def hostile_path(self, path):
        """The path with its variable segment (or the whole) made hostile."""
        r = self.rng
        segs = path.split("/")
        choices = [
            "..", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%00", "1%00", "%ff%fe", "%ED%A0%80",
            "%C0%AF", "-1", "99999999999999999999", "0x1", "1.5", "%20", "abc", "A" * 5000, "<script>",
            "%3Cscript%3E", "'%20OR%20'1'='1", "%E6%97%A5%E6%9C%AC", "%", "%zz", "1;2", "1,2", ".", "~",
        ]
        if len(segs) > 2 and r.random() < 0.7:
            i = r.randrange(2, len(segs))
            segs[i] = r.choice(choices)
            return "/".join(segs)
        return r.choice([path + "/", path + "//", path + "/extra", "/" + path.lstrip("/").upper(),
                         path + "/..", path + "/%2e%2e", path.replace("/", "//", 1), path + "%00",
                         path + ";jsessionid=1", path + "?x=1"])

    def post_case(self, kind):
        r = self.rng
        path, natural, pairs = self.base_post(kind)
        if kind == "password":
            # Wrong current passwords lock an account: only the password session gets them.
            session = natural if r.random() < 0.8 else None
        elif kind == "logout" and r.random() < 0.7:
            session = natural
        else:
            session = self.session_for(natural)
        prefix = "/ja" if r.random() < 0.3 else ""
        headers, content_type, chunked, origin = [], "form", False, True
        if kind in ("login", "password"):
            # Failed logins (and wrong current passwords) from many addresses, so that the
            # per-address limit does not answer every case alike.
            headers.append(("X-Forwarded-For", f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}")
                           if r.random() < 0.8 else ("X-Forwarded-For", "127.0.0.1"))
        mutation = r.choices(
            ["valid", "hostile value", "all hostile", "oversized field", "near limit", "bad encoding", "long key",
             "repeated keys", "row keys", "content type", "empty", "json", "origin", "cookie", "chunked",
             "method", "path", "xff", "login next"],
            weights=[6, 16, 6, 6, 5, 12, 3, 4, 4, 5, 4, 3, 4, 3, 4, 2, 5, 2, 25 if kind == "login" else 0])[0]
        note = mutation
        body = None
        method = "POST"
        pairs = list(pairs)
        keys = [k for k, _ in pairs] or ["x"]
        if mutation == "hostile value" and pairs:
            for _ in range(r.randint(1, 3)):
                i = r.randrange(len(pairs))
                pairs[i] = (pairs[i][0], self.hostile())
                note = f"hostile {pairs[i][0]}"
        elif mutation == "all hostile":
            pairs = [(k, self.hostile()) for k in keys]
        elif mutation in ("oversized field", "near limit"):
            if not pairs:
                pairs = [("x", "")]
            i = r.randrange(len(pairs))
            if mutation == "oversized field":
                size = r.randint(10_000, 300_000)
                note = f"{pairs[i][0]} of {size:,} bytes"
                pairs[i] = (pairs[i][0], r.choice(["a", "日", "<", "%"]) * (size // 3 if r.random() < 0.3 else size))
            else:
                without = len(form_bytes(pairs[:i] + [(pairs[i][0], "")] + pairs[i + 1:]))
                want = LIMIT + r.choice([-1000, -1, 0, 1, 1000, r.randint(-4000, 4000)])
                pairs[i] = (pairs[i][0], "a" * max(0, want - without))
                note = f"body of {len(form_bytes(pairs)):,} bytes (limit {LIMIT:,})"
        elif mutation == "bad encoding" and pairs:
            i = r.randrange(len(pairs))
            raw = r.choice(BAD_ENCODINGS)
            where = r.random()
            value = enc(pairs[i][1])
            value = raw + value if where < 0.3 else value + raw if where < 0.6 else value[:len(value) // 2] + raw + value[len(value) // 2:]
            pairs[i] = (pairs[i][0] if r.random() < 0.8 else Raw(enc(pairs[i][0]) + raw), Raw(value))
            note = f"{raw!r} in {pairs[i][0] if isinstance(pairs[i][0], str) else 'a key'}"
        elif mutation == "long key":
            size = r.choice([1000, 10_000, 100_000])
            pairs.append((r.choice(["k", "title_en", "p0_", "c"]) * (size // 2), "v"))
            note = f"key of {size:,} characters"
        elif mutation == "repeated keys":
            n = r.choice([1000, 5000, 20000])
            key = r.choice(keys + ["field", "c0_code", "p0_org", "s0_url", "email"])
            value = r.choice(["intensive-care", "TZ", "x", self.hostile()[:50]])
            pairs += [(key, value)] * n
            note = f"{key} repeated {n:,} times"
        elif mutation == "row keys":
            for _ in range(r.randint(1, 4)):
                pairs.append((r.choice(["c30_code", "c29_code", "c18446744073709551616_code", "c-1_code", "c0_",
                                        "_code", "p99999999999999999999_org", "p29_org", "f29_value", "s29_url",
                                        "c00000000000000000001_code", "c+1_code", "c1_code_extra", "f0_", "p0_role\x00"]),
                              r.choice(["TZ", "lead", "1", self.hostile()[:40]])))
            pairs += [(f"f{i}_value", str(i)) for i in range(r.choice([0, 0, 40]))]
        elif mutation == "content type":
            content_type = r.choice([None, "text/plain", "application/json", "multipart/form-data; boundary=xyz",
                                     "application/x-www-form-urlencoded; charset=utf-16",
                                     "application/x-www-form-urlencoded; charset=iso-8859-1", "application/xml",
                                     "x" * 3000, "application/x-www-form-urlencoded\x00"])
            note = f"Content-Type {short(str(content_type), 60)}"
            if content_type and "utf-16" in content_type:
                body = form_bytes(pairs).decode("latin-1").encode("utf-16")
            elif content_type and "multipart" in content_type:
                body = b"".join(b"--xyz\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                                % (k.encode(), v.encode("utf-8", "surrogatepass")) for k, v in pairs) + b"--xyz--\r\n"
        elif mutation == "empty":
            body = r.choice([b"", b"&&&&", b"===", b"email", b"=", b"&=", b"\x00", b" ", b"\r\n\r\n", None])
            note = f"body {body!r}"
        elif mutation == "json":
            body = json.dumps(dict(pairs), ensure_ascii=r.random() < 0.5).encode("utf-8", "surrogatepass")
            content_type = r.choice(["application/json", "form"])
            note = f"JSON body as {content_type}"
        elif mutation == "origin":
            choice = r.choice(["https://evil.example", "null", "http://127.0.0.1.evil.example", "", "none",
                               "referer-evil", "referer-own", "http://localhost:1", "file://", "HTTP://127.0.0.1:%d" % self.port])
            origin = False
            if choice == "none":
                pass
            elif choice == "referer-evil":
                headers.append(("Referer", "https://evil.example/page"))
            elif choice == "referer-own":
                headers.append(("Referer", f"http://127.0.0.1:{self.port}/login"))
            else:
                headers.append(("Origin", choice))
            note = f"Origin/Referer {choice}"
        elif mutation == "cookie":
            headers.append(("Cookie", r.choice([
                "kakehashi_session=" + "A" * 5000, "kakehashi_session=", "kakehashi_session=../../etc",
                "kakehashi_session=%00", "kakehashi_session=1; kakehashi_session=2",
                "kakehashi_session=\"quoted\"", "kakehashi_session=" + "x" * 22, "other=1"])))
            session = None
            note = f"forged cookie"
        elif mutation == "chunked":
            chunked = True
            choice = r.choice(["plain", "over", "bad"])
            if choice == "over":
                pairs.append(("x", "a" * (LIMIT + r.randint(1, 100_000))))
            elif choice == "bad":
                body = r.choice([[b"zz\r\nabc\r\n0\r\n\r\n"], [b"5\r\nab\r\n0\r\n\r\n"],
                                 [b"-1\r\n\r\n"], [b"3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n"]])
            note = f"chunked ({choice})"
        elif mutation == "method":
            method = r.choice(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "post"])
            note = f"method {method}"
        elif mutation == "path":
            path = self.hostile_path(path)
            note = "hostile path"
        elif mutation == "xff":
            headers = [h for h in headers if h[0] != "X-Forwarded-For"]
            headers.append(("X-Forwarded-For", r.choice([
                "garbage", "1.2.3.4, evil", ", , ,", ",".join("10.0.0.%d" % (i % 250) for i in range(1000)),
                "::1", "[::1]:80", "256.1.1.1", "1.2.3.4\x00", "\u65e5\u672c"])))
            note = "hostile X-Forwarded-For"
        elif mutation == "login next":
            # The one successful login of the fuzz: an account no session uses, with a
            # hostile return address (from many client addresses, never throttled).
            pairs = [("email", self.login_next_account), ("password", PASSWORD),
                     ("next", r.choice(["/\t/evil.example/", "/\t\\evil.example", "/\t\t/evil.example", "/\x00/evil.example",
                                        "//evil.example", "/\\evil.example",
                                        "/%09/evil.example", "https://evil.example", "/\r\nSet-Cookie: x=1",
                                        "/ /evil.example", "/\x0b/evil.example", "/\x00/evil", "/\u3000/evil",
                                        "/%2F/evil.example", "/.//evil.example", "\t//evil.example",
                                        "/partner?x=\r\n", self.hostile()[:100]]))]
            session = None
            note = f"correct login, next {pairs[2][1]!r}"
        if body is None and mutation not in ("empty",):
            body = form_bytes(pairs)
        elif mutation == "empty" and body is None:
            body = None
        if r.random() < 0.1 and mutation not in ("path", "method"):
            path = path + r.choice(["?x=1", "?next=//evil.example", "?" + "a" * 5000, "?%ff"])
        return Case(f"POST {self.label(path, kind)}", method, prefix + path, session=session, body=body,
                    content_type=content_type, headers=headers, chunked=chunked, note=note, origin=origin)

    @staticmethod
    def label(path, kind):
        return {
            "login": "/login", "logout": "/logout", "new": "/partner/activities/new",
            "edit": "/partner/activities/{slug}/edit", "moderation": "/moderation/{id}", "invite": "/admin",
            "account": "/admin/accounts/{id}", "invitation": "/admin/invitations/{id}",
            "password": "/account/password", "forgot": "/forgot-password", "reset": "/reset-password/{token}",
            "accept": "/invite/{token}", "confirm": "/partner/activities/{slug}/confirm",
        }[kind]

    def get_case(self):
        r = self.rng
        slug = r.choice(self.all_slugs)
        org = r.choice(self.orgs)
        country = r.choice(self.countries)
        token = "".join(r.choice("0123456789abcdef") for _ in range(64))
        kinds = [
            ("/", "home", None), ("/activities", "search", None), (f"/activities/{slug}", "activity", None),
            (f"/activities/{slug}/history", "history", None), ("/countries", "map", None),
            (f"/countries/{country}", "country", None), ("/organizations", "organisations", None),
            (f"/organizations/{org}", "organisation", None), ("/api", "api page", None),
            ("/api/v1/activities", "api activities", None), (f"/api/v1/activities/{slug}", "api activity", None),
            ("/api/v1/organizations", "api organisations", None), (f"/api/v1/organizations/{org}", "api organisation", None),
            (f"/api/v1/countries/{country}", "api country", None), ("/api/v1/fields", "api fields", None),
            ("/activities.csv", "export csv", None), ("/activities.json", "export json", None),
            ("/activities.xml", "export xml", None), ("/feed.atom", "feed", None),
            (f"/countries/{country}/feed.atom", "country feed", None), (f"/organizations/{org}/feed.atom", "organisation feed", None),
            ("/sitemap.xml", "sitemap", None), ("/robots.txt", "robots.txt", None), ("/login", "login page", None),
            ("/forgot-password", "forgot page", None), (f"/reset-password/{token}", "reset page", None),
            (f"/invite/{token}", "invite page", None),
            ("/partner", "partner (account)", "editor"), ("/partner/activities/new", "new form (account)", "editor"),
            (f"/partner/activities/{slug}/edit", "edit form (account)", "editor"),
            ("/moderation", "moderation (account)", "moderator"),
            (f"/moderation/{self.pick('SELECT id FROM submissions', '1')}", "review (account)", "moderator"),
            ("/admin", "admin (account)", "admin"), ("/account/password", "password page (account)", "editor"),
        ]
        path, kind, natural = r.choice(kinds)
        session = self.session_for(natural) if natural else (r.choice([None, None, "editor", "admin"]))
        mutation = r.choices(["plain query", "hostile query", "long value", "repeated", "unknown", "bad encoding",
                              "path", "headers", "method"], weights=[8, 20, 8, 8, 6, 14, 18, 6, 3])[0]
        params = ["q", "country", "region", "field", "kind", "status", "org", "from", "to", "sort", "page",
                  "per_page", "side", "name", "draft", "next", "submitted", "decided", "saved", "done"]
        query = b""
        headers = []
        method = "GET"
        note = mutation
        if mutation == "plain query":
            query = form_bytes([(p, r.choice(["liver", "VN", "MN", "1", "2", "newest", "relevance", "2020", "east-asia"]))
                                for p in r.sample(params, r.randint(1, 4))])
        elif mutation == "hostile query":
            query = form_bytes([(p, self.hostile()) for p in r.sample(params, r.randint(1, 3))])
        elif mutation == "long value":
            query = form_bytes([(r.choice(params), r.choice(["a", "日", "%", " ", "<"]) * 5000)])
            note = "5,000-character value"
        elif mutation == "repeated":
            p = r.choice(params)
            n = r.choice([100, 1000, 3000])
            query = b"&".join([form_bytes([(p, r.choice(["VN", "MN", "liver", "1", self.hostile()[:20]]))])] * n)
            note = f"{p} repeated {n:,} times"
        elif mutation == "unknown":
            query = form_bytes([(r.choice(["foo", "utm_source", "__proto__", "constructor", "a[b]", "x" * 300, ""]),
                                 self.hostile()[:200]) for _ in range(r.randint(1, 5))])
        elif mutation == "bad encoding":
            raw = r.choice(BAD_ENCODINGS)
            if r.random() < 0.7:
                query = r.choice(params).encode() + b"=" + raw + b"liver"
            else:
                path = path.rstrip("/") + "/" if path == "/" else path
                segs = path.encode().split(b"/")
                i = r.randrange(1, len(segs)) if len(segs) > 1 else 0
                segs[i] = segs[i] + raw
                path = b"/".join(segs)
            note = f"{raw!r}"
        elif mutation == "path":
            path = self.hostile_path(path)
        elif mutation == "headers":
            headers.append(r.choice([
                ("If-None-Match", r.choice(['"' + "a" * 5000 + '"', "*", "W/\"x\", garbage", "\x01"])),
                ("Accept-Language", r.choice(["ja;q=abc", "x" * 5000, "*"])),
                ("Range", r.choice(["bytes=0-0", "bytes=999999999-", "bytes=-1,0-"])),
                ("Accept", r.choice(["application/json", "*/*;q=x", "text/html" * 500])),
                ("Cookie", "kakehashi_session=" + r.choice(["x" * 5000, "%00", "", "..;"])),
                ("If-Modified-Since", r.choice(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT", "0"])),
                ("Host", r.choice(["evil.example", "127.0.0.1:1"])),
            ]))
            note = f"header {headers[0][0]}"
        elif mutation == "method":
            method = r.choice(["HEAD", "OPTIONS", "DELETE", "PUT", "TRACE", "CONNECT", "get"])
            note = f"method {method}"
        prefix = b"/ja" if (r.random() < 0.35 and not kind.startswith("api") and kind not in ("sitemap", "robots.txt")) else b""
        p = path if isinstance(path, bytes) else path.encode("utf-8", "surrogatepass")
        if p == b"/" and prefix:
            p = b""
        target = prefix + p + (b"?" + query if query else b"")
        case = Case(f"GET {kind}", method, target, session=session, note=note, headers=headers)
        if any(h[0] == "Host" for h in headers):
            case.headers = headers  # sent after our Host: the server sees two
        return case

    # -- one case ----------------------------------------------------------------------------
    def run(self, case):
        cookie = self.sessions[case.session][1] if case.session else None
        before = self.state.snapshot()
        error = None
        try:
            reply = send(self.port, case, cookie)
        except socket.timeout:
            reply, error = None, "no answer within 25 s"
        except (OSError, http.client.HTTPException) as e:
            reply, error = None, f"no answer: {e!r}"
        after = self.state.snapshot()
        problems = []
        if error:
            problems.append(error)
        else:
            if reply.status >= 500:
                problems.append(f"HTTP {reply.status}")
            seen = reply.body + "\n".join(f"{k}: {v}" for k, v in reply.headers.items()).encode("utf-8", "replace")
            sent = case_bytes(case)
            for m in MARKERS:
                if m in seen and m not in sent:
                    at = seen.find(m)
                    problems.append(f"internal message {m.decode()!r} in the answer: {seen[max(0, at - 80):at + 120]!r}")
            ctype = reply.header("content-type")
            if "html" in ctype or "xml" in ctype:
                for markup in UNESCAPED:
                    if markup in reply.body:
                        problems.append(f"unescaped markup {markup.decode()!r} in a {ctype} answer")
            location = reply.header("location")
            if 300 <= reply.status < 400 and location:
                why = unsafe_location(location)
                if why:
                    problems.append(f"unsafe redirect: {why}")
        refused = reply is None or 400 <= reply.status < 600 or (
            case.method == "POST" and reply is not None and 300 <= reply.status < 400
            and re.match(r"^(/ja)?/login$", reply.header("location") or "")
            and not case.endpoint.endswith("/login"))
        is_get = case.method.upper() in ("GET", "HEAD", "OPTIONS")
        diff = changes(before, after)
        if diff and (refused or is_get):
            why = "a GET changed the database" if is_get else "a refused request stored something"
            problems.append(f"{why}: {'; '.join(diff)}")
        return reply, problems, diff


def main():
    cases = env_int("FUZZ_CASES", 3000)
    seed = env_int("FUZZ_SEED", 1)
    activities = env_int("FUZZ_ACTIVITIES", 0)
    port = env_int("FUZZ_PORT", 0) or free_port(3370, 3399)
    keep = os.environ.get("FUZZ_KEEP", "") == "1"
    verbose = os.environ.get("FUZZ_VERBOSE", "") == "1"
    rng = random.Random(seed)

    work = run_dir("fuzz-")
    binary, site = snapshot_build(os.path.join(work, "build"))
    db = os.path.join(work, "fuzz.db")
    server = Server(binary, site, db, port, os.path.join(work, "server.log"),
                    {"KAKEHASHI_TRUSTED_PROXIES": "127.0.0.1"})
    status = 0
    try:
        server.generate(activities, seed)
        server.start()
        fuzzer = Fuzzer(server, port, db, rng)
        fuzzer.setup()
        print(f"# fuzz: {cases:,} cases, seed {seed}, port {port}, the seed record"
              + (f" + {activities:,} generated activities" if activities else "")
              + f"; {len(fuzzer.tokens['invite'])} invitation and {len(fuzzer.tokens['reset'])} reset links to hand")
        per_endpoint = defaultdict(Counter)
        per_status = Counter()
        violations = []
        started = time.time()
        for n in range(1, cases + 1):
            if rng.random() < 0.65:
                case = fuzzer.post_case(rng.choice(ENDPOINTS_POST))
            else:
                case = fuzzer.get_case()
            reply, problems, diff = fuzzer.run(case)
            key = reply.status if reply else "no answer"
            per_endpoint[case.endpoint][key] += 1
            per_status[key] += 1
            if problems:
                violations.append((n, case, key, problems))
            if verbose:
                print(f"{n} {key} {case.describe(120)}" + (f" !! {problems}" if problems else ""))
            # The password cases' account is locked: go on with the next one.
            if case.session == "password" and reply and reply.status == 429:
                fuzzer.password_session()
            # Keep the real sessions: after anything that may have ended one, log in again.
            if (reply and 300 <= reply.status < 400) or diff:
                fuzzer.heal(["editor", "moderator", "admin"])
            elif case.session:
                fuzzer.heal([case.session])
            if diff or n % 100 == 0:
                fuzzer.harvest()
            if n % 500 == 0:
                log(f"{n} cases, {len(violations)} violations, {time.time() - started:.0f} s")
            if server.process.poll() is not None:
                violations.append((n, case, key, [f"the server exited with {server.process.returncode}"]))
                break
        elapsed = time.time() - started
        print()
        print("| endpoint | cases | statuses | violations |")
        print("|---|---:|---|---:|")
        by_endpoint = Counter(v[1].endpoint for v in violations)
        for endpoint in sorted(per_endpoint):
            c = per_endpoint[endpoint]
            statuses = " ".join(f"{k}:{c[k]}" for k in sorted(c, key=str))
            print(f"| {endpoint} | {sum(c.values()):,} | {statuses} | {by_endpoint.get(endpoint, 0)} |")
        print()
        print("per status: " + ", ".join(f"{k}: {per_status[k]:,}" for k in sorted(per_status, key=str)))
        print(f"{sum(per_status.values()):,} cases in {elapsed:.0f} s; the real sessions logged in again "
              f"{fuzzer.relogins} times")
        problems = server.log_problems()
        print(f"server log: {len(problems)} ERROR/panic lines")
        for line in problems[:10]:
            print(f"  {line[:300]}")
        kinds = Counter(p.split(":")[0] for _, _, _, ps in violations for p in ps)
        print(f"violations: {len(violations)}" + (" (" + ", ".join(f"{k}: {v}" for k, v in kinds.items()) + ")" if kinds else ""))
        for n, case, key, ps in violations[:60]:
            print(f"  case {n}: {case.describe(200)}")
            print(f"    -> {key}: {' | '.join(p[:400] for p in ps)}")
        if len(violations) > 60:
            print(f"  ... and {len(violations) - 60} more")
        if violations:
            status = 1
            keep = True
            with open(os.path.join(work, "violations.txt"), "w") as f:
                for n, case, key, ps in violations:
                    f.write(f"case {n}: {case.describe(100_000)}\n  -> {key}: {' | '.join(ps)}\n\n")
            print(f"FAILED: {len(violations)} violations (requests in full: {os.path.join(work, 'violations.txt')})")
        else:
            print("OK: no 5xx, no internal message, nothing stored by a refused request or a GET, no unsafe redirect")
    finally:
        server.stop()
        if keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
