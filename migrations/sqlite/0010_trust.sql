-- Trust you can cite (app/src/ssr/trust.rs).
--
-- An editor of an organisation named in an activity confirms a published revision ("this is
-- accurate as published"). A confirmation is of one revision: a new revision starts with
-- none, and the earlier ones stay, as confirmations of an earlier version. One per
-- organisation and revision.
CREATE TABLE confirmations (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    confirmed_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (activity_id, revision, organization_id)
) STRICT;
CREATE INDEX confirmations_by_organization ON confirmations (organization_id);

-- What a revision published, as its page showed it (the JSON of model::ActivityDetail),
-- kept when a later revision replaces it, so /activities/{slug}/v/{n} renders it exactly.
-- The current revision is the record itself.
ALTER TABLE revisions ADD COLUMN snapshot TEXT;

-- Reminders to confirm or update a record nobody has confirmed or changed for 12 months:
-- one per activity and the day it became stale (`due_since`), so `server remind` can run
-- as often as an operator likes and queues each reminder once.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    due_since   TEXT NOT NULL,
    recipients  INTEGER NOT NULL,
    queued_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (activity_id, due_since)
) STRICT;
