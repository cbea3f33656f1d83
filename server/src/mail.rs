//! Delivery of the outbox over SMTP. With `KAKEHASHI_SMTP_URL` set, a background task sends
//! every message the site queued (invitations, password resets) through that server, and
//! records for each when it was sent, or how many attempts failed and the last error; a
//! failure is tried again later, each wait twice the one before. Without it, mail stays in
//! the outbox for an administrator to copy, as before.
//!
//! Delivery is at least once: a message sent just before the server stops, and not yet
//! marked sent, goes again after the restart.

use app::ssr::db::{dialect, Engine, Pool};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How many times a message is tried before it is given up.
pub const MAX_ATTEMPTS: i64 = app::ssr::account::auth::MAIL_ATTEMPTS;
/// The wait after the first failure; it doubles after each further one, up to [`MAX_WAIT`].
pub const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait between two attempts.
pub const MAX_WAIT: Duration = Duration::from_secs(3600);
/// How often the task looks for messages that are due.
pub const POLL: Duration = Duration::from_secs(1);
/// How long one conversation with the SMTP server may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How many messages one round sends at most.
const BATCH: i64 = 50;
/// How long a message claimed for sending stays with the server that claimed it: longer
/// than one SMTP attempt may take. Should that server stop mid-send, another tries again
/// once the time is up.
const CLAIM_SECONDS: u64 = 3 * SMTP_TIMEOUT.as_secs();

/// A setting for mail that cannot be used; the server does not start.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    /// The SMTP URL cannot be used (the URL itself is not repeated: it may hold a password).
    #[error(
        "KAKEHASHI_SMTP_URL is not a usable SMTP URL ({0}); use smtp://host:25, \
         smtp://user:password@host:587?tls=required or smtps://user:password@host:465"
    )]
    Url(String),
    /// The sender is not a mailbox.
    #[error("KAKEHASHI_MAIL_FROM={0:?} is not a mail address such as \"Kakehashi <noreply@example.org>\"")]
    From(String),
}

/// Sends the outbox through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    first_wait: Duration,
}

impl std::fmt::Debug for Mailer {
    // Not the transport: its settings hold the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `url` (`smtp://`, `smtp://…?tls=required`, `smtps://`, with credentials
    /// in the URL when the server wants them) sending as `from`.
    pub fn new(url: &str, from: &str) -> Result<Self, MailConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim())
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from
            .trim()
            .parse()
            .map_err(|_| MailConfigError::From(from.to_string()))?;
        Ok(Mailer {
            transport,
            from,
            first_wait: FIRST_WAIT,
        })
    }

    /// The same mailer waiting `wait` after a first failure (tests wait nothing).
    pub fn with_first_wait(mut self, wait: Duration) -> Self {
        self.first_wait = wait;
        self
    }

    /// How long to wait after failed attempt number `attempt` (1 for the first).
    pub fn wait_after(&self, attempt: i64) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX)
            .min(16);
        (self.first_wait * 2u32.pow(doublings)).min(MAX_WAIT)
    }

    fn message(&self, to: &str, subject: &str, body: &str) -> Result<Message, String> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| format!("the recipient {to:?} is not a mail address"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| format!("the message could not be written: {e}"))
    }
}

/// What one round of [`deliver_due`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Messages the mail server accepted.
    pub sent: usize,
    /// Messages that failed (to be tried again, or given up).
    pub failed: usize,
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

/// Why an attempt failed, and whether trying again can help.
struct Failure {
    error: String,
    permanent: bool,
}

impl From<SmtpError> for Failure {
    fn from(error: SmtpError) -> Self {
        Failure {
            // 5xx answers: the server refuses this message for good.
            permanent: error.is_permanent(),
            error: error.to_string(),
        }
    }
}

/// Claims the oldest unsent message after id `after` whose time has come, for this server alone: one
/// statement moves its next attempt [`CLAIM_SECONDS`] on, so that it is no longer due for
/// anyone else. Several servers on one PostgreSQL database pass over a row another is
/// claiming (`FOR UPDATE SKIP LOCKED`); SQLite runs one writing statement at a time.
async fn claim_due(pool: &Pool, after: i64) -> Result<Option<Due>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE outbox SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', $1)
         WHERE id = (SELECT id FROM outbox
                     WHERE sent_at IS NULL AND attempts < $2 AND id > $3
                       AND coalesce(next_attempt_at, '') <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                     ORDER BY id LIMIT 1{})
         RETURNING id, recipient, subject, body, attempts",
        dialect::skip_locked(Engine::of(pool))
    ))
    .bind(format!("+{CLAIM_SECONDS} seconds"))
    .bind(MAX_ATTEMPTS)
    .bind(after)
    .fetch_optional(pool)
    .await
}

/// Sends every unsent message whose time has come (at most `BATCH`), oldest first, each
/// claimed first (`claim_due`), and records each outcome. A round tries each message
/// once.
pub async fn deliver_due(pool: &Pool, mailer: &Mailer) -> Result<Round, sqlx::Error> {
    let mut round = Round::default();
    let mut after = 0;
    for _ in 0..BATCH {
        let Some(message) = claim_due(pool, after).await? else {
            break;
        };
        after = message.id;
        let outcome = match mailer.message(&message.recipient, &message.subject, &message.body) {
            Ok(mail) => mailer
                .transport
                .send(mail)
                .await
                .map(drop)
                .map_err(Failure::from),
            Err(error) => Err(Failure {
                error,
                permanent: true,
            }),
        };
        match outcome {
            Ok(()) => {
                sqlx::query(
                    "UPDATE outbox SET sent_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                            attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL
                     WHERE id = $1",
                )
                .bind(message.id)
                .execute(pool)
                .await?;
                tracing::info!(id = message.id, "mail sent");
                round.sent += 1;
            }
            Err(failure) => {
                let attempt = message.attempts + 1;
                let attempts = if failure.permanent {
                    MAX_ATTEMPTS
                } else {
                    attempt
                };
                let wait = mailer.wait_after(attempt).as_secs();
                sqlx::query(
                    "UPDATE outbox SET attempts = $1, last_error = $2,
                            next_attempt_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', $3)
                     WHERE id = $4",
                )
                .bind(attempts)
                .bind(&failure.error)
                .bind(format!("+{wait} seconds"))
                .bind(message.id)
                .execute(pool)
                .await?;
                let given_up = attempts >= MAX_ATTEMPTS;
                tracing::warn!(
                    id = message.id,
                    attempt,
                    given_up,
                    retry_in_seconds = (!given_up).then_some(wait),
                    error = %failure.error,
                    "mail not sent"
                );
                round.failed += 1;
            }
        }
    }
    Ok(round)
}

/// Delivers the outbox for as long as the server runs, every [`POLL`].
pub async fn run(pool: Pool, mailer: Mailer) {
    tracing::info!(from = %mailer.from, "mail: the outbox is delivered over SMTP");
    loop {
        if let Err(error) = deliver_due(&pool, &mailer).await {
            tracing::error!(%error, "mail: reading or updating the outbox failed");
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_an_hour() {
        let mailer =
            Mailer::new("smtp://127.0.0.1:2525", "Kakehashi <noreply@example.org>").unwrap();
        let waits: Vec<u64> = (1..=9).map(|a| mailer.wait_after(a).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(mailer.wait_after(i64::MAX), MAX_WAIT);
    }

    #[test]
    fn unusable_settings_are_refused_without_repeating_the_password() {
        let error = Mailer::new("http://user:s3cret@mail.example.org", "a@example.org")
            .unwrap_err()
            .to_string();
        assert!(error.contains("KAKEHASHI_SMTP_URL"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
        assert!(Mailer::new("not a url", "a@example.org").is_err());
        let error = Mailer::new("smtp://localhost:25", "nobody")
            .unwrap_err()
            .to_string();
        assert!(error.contains("KAKEHASHI_MAIL_FROM"), "{error}");
        assert!(Mailer::new("smtps://u:p@mail.example.org", "Kakehashi <k@example.org>").is_ok());
    }
}
