-- Delivery of the outbox over SMTP (KAKEHASHI_SMTP_URL; server/src/mail.rs): how many times
-- a message was tried, the last error, and when to try again (backoff). A message without
-- `sent_at` whose `attempts` reached the limit has been given up; the admin page shows why.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
CREATE INDEX outbox_unsent ON outbox (next_attempt_at) WHERE sent_at IS NULL;
