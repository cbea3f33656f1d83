-- Accounts, invitations, the outbox, submissions, revisions and the audit log.
-- Nothing here is public except what /activities/{slug}/history shows of revisions
-- (the proposing organisation, the date and which parts changed). Sessions live in the
-- table tower-sessions' store creates (`tower_sessions`).

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash   TEXT NOT NULL,              -- Argon2id, PHC string
    role            TEXT NOT NULL CHECK (role IN ('editor', 'moderator', 'admin')),
    organization_id INTEGER REFERENCES organizations (id),
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((role = 'editor') = (organization_id IS NOT NULL))
) STRICT;

CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,       -- SHA-256 of the token in the link
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('editor', 'moderator', 'admin')),
    organization_id INTEGER REFERENCES organizations (id),
    invited_by      INTEGER NOT NULL REFERENCES accounts (id),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at      TEXT NOT NULL,
    accepted_at     TEXT,
    CHECK ((role = 'editor') = (organization_id IS NOT NULL))
) STRICT;

-- Messages for a mailer that does not exist yet; the admin page shows them.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at    TEXT
) STRICT;

-- A proposal: a new activity (activity_id NULL until approved) or a change to one.
-- The payload is the form as typed (JSON of forms::ActivityInput); it is never read by a
-- public page. Publishing copies it into the record tables in one transaction.
CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER REFERENCES activities (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    proposed_by     INTEGER NOT NULL REFERENCES accounts (id),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
    payload         TEXT NOT NULL,
    reason          TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    submitted_at    TEXT,
    decided_by      INTEGER REFERENCES accounts (id),
    decided_at      TEXT
) STRICT;
CREATE INDEX submissions_by_status ON submissions (status, submitted_at);
CREATE INDEX submissions_by_org ON submissions (organization_id);

-- Every published version of an activity. Number 1 of a seeded activity is its import.
CREATE TABLE revisions (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    submission_id   INTEGER REFERENCES submissions (id),
    organization_id INTEGER REFERENCES organizations (id),
    approved_by     INTEGER REFERENCES accounts (id),
    published_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    changes         TEXT NOT NULL,              -- JSON array of changed parts
    UNIQUE (activity_id, number)
) STRICT;

INSERT INTO revisions (activity_id, number, published_at, changes)
SELECT id, 1, published_at, '["imported"]' FROM activities;

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor_id INTEGER REFERENCES accounts (id),
    action   TEXT NOT NULL,   -- login, login-failed, logout, invite, accept-invitation,
                              -- save-draft, submit, approve, reject, create-admin
    subject  TEXT,            -- the email tried, the submission, the invitee
    ip       TEXT
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_action_subject ON audit_log (action, subject, at);
