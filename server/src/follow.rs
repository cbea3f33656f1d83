//! Several servers on one PostgreSQL database, one record: each server keeps its own search
//! index (and its cache of rendered pages, which follows the index) and follows what the
//! others publish.
//!
//! - At once: an approval or a confirmation announces its activity in the same transaction
//!   (`NOTIFY`, delivered with the commit: `db::dialect::announce`); every server listens
//!   and puts that activity into its index (`listen`), passing over its own.
//! - As a safety net, every [`CHECK_EVERY`], each server compares the record's version
//!   (the newest revision and confirmation) with the last it saw and puts in every activity
//!   changed since ([`catch_up`]): a notification lost while a connection was down is made
//!   good within that time.
//!
//! On SQLite (one server) nothing runs: the server that writes updates its own index.

use app::ssr::db::{self, dialect, Native, RecordVersion};
use app::ssr::AppState;
use sqlx::postgres::PgListener;
use std::time::Duration;

/// How often each server checks the record's version for changes it was not told about.
pub const CHECK_EVERY: Duration = Duration::from_secs(30);

/// Starts following the other servers (PostgreSQL only): the listener and the periodic
/// check, each its own task, for the life of the server.
pub fn start(state: &AppState) {
    if let Native::Postgres(pool) = &state.native {
        tokio::spawn(listen(state.clone(), pool.clone()));
        tokio::spawn(check_periodically(state.clone()));
    }
}

/// Puts into the index every activity another server announces.
async fn listen(state: AppState, pool: sqlx::PgPool) {
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "follow: cannot listen for other servers' changes");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(dialect::RECORD_CHANNEL).await {
            tracing::warn!(%error, "follow: LISTEN failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    if let Some(id) = state.search.announced(notification.payload()) {
                        if let Err(error) = state.search.publish(&state.pool, id).await {
                            tracing::error!(%error, id, "follow: index update failed");
                        }
                    }
                }
                // The connection dropped (the next call reconnects): what was announced
                // meanwhile is lost to this server; the periodic check brings it in.
                Ok(None) => tracing::warn!("follow: listening connection lost; reconnecting"),
                Err(error) => {
                    tracing::warn!(%error, "follow: listening failed; starting again");
                    break;
                }
            }
        }
    }
}

/// Runs [`catch_up`] every [`CHECK_EVERY`].
async fn check_periodically(state: AppState) {
    let mut seen = loop {
        match db::record_version(&state.pool).await {
            Ok(version) => break version,
            Err(error) => {
                tracing::warn!(%error, "follow: cannot read the record's version");
                tokio::time::sleep(CHECK_EVERY).await;
            }
        }
    };
    let mut every = tokio::time::interval(CHECK_EVERY);
    every.tick().await;
    loop {
        every.tick().await;
        match catch_up(&state, seen).await {
            Ok(now) => seen = now,
            Err(error) => tracing::warn!(%error, "follow: version check failed"),
        }
    }
}

/// Puts into the index every activity changed since version `seen`, and answers the
/// version read before looking (what changes after it is found again at the next check:
/// putting an activity in twice changes nothing).
pub async fn catch_up(state: &AppState, seen: RecordVersion) -> Result<RecordVersion, sqlx::Error> {
    let now = db::record_version(&state.pool).await?;
    if now == seen {
        return Ok(now);
    }
    let changed = db::changed_since(&state.pool, seen).await?;
    tracing::debug!(
        activities = changed.len(),
        "follow: the record changed since the last check; putting its activities in again"
    );
    if changed.len() > REBUILD_ABOVE {
        // Each `publish` copies the index: past a few hundred, one rebuild is cheaper.
        state.search.refresh(&state.pool).await?;
    } else {
        for id in changed {
            state.search.publish(&state.pool, id).await?;
        }
    }
    Ok(now)
}

/// How many changed activities [`catch_up`] puts in one by one; more rebuild the index.
pub const REBUILD_ABOVE: usize = 200;
