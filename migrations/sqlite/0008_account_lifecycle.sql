-- Accounts that can be run for years (app/src/ssr/account/lifecycle.rs):
-- - `session_epoch`: every session remembers the epoch it began in; a password change, a
--   reset or disabling the account moves it on, and every older session of the account
--   stops logging anyone in at its next request;
-- - `revoked_at`: an invitation an administrator withdrew (its link stops working);
-- - `password_resets`: one-time links to set a new password, stored as SHA-256 hashes of
--   the token in the link, valid for an hour.
ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invitations ADD COLUMN revoked_at TEXT;

CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX password_resets_by_account ON password_resets (account_id, created_at);
