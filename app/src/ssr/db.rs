//! Every query of the published record, one file per page or aggregate: `cards` (the card
//! every list shows), `activity` (one activity's page), `places` (fields, the map's counts,
//! one country), `organizations` (the list and one organisation), `home` (latest and counts),
//! `notes` (the source's wording and curator's notes on either).
//! Which activities a list holds is the search engine's answer (`ssr::search`); these read
//! what the activities hold.
//!
//! Rules: functions take a pool (or a transaction for writes) and return model types; rows
//! end in `Row` and never leave this module. Cards are assembled for a list of ids in a
//! fixed number of queries (ids passed as one JSON array), never one query per card.

mod activity;
mod cards;
mod export;
mod home;
mod notes;
mod organizations;
mod people;
mod places;

pub use activity::{activity, activity_id, activity_record};
pub use cards::cards;
pub use export::export_records;
pub use home::{recent, stats};
pub use organizations::{organization, organizations};
pub use people::{people_stated, PeopleStated};
pub use places::{country, country_counts, fields, fields_with_dac};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if missing) the SQLite database at `url` and brings its schema up to date.
///
/// Durability: the write-ahead log (readers never wait for a writer, and a backup can copy
/// the database while the site runs); `synchronous = FULL`, so a commit is on disk (the WAL
/// synced) before the site answers that an approval or a proposal was saved, even across a
/// power cut (`NORMAL` would survive a crash of the server but not of the machine); a busy
/// timeout of 5 s, so a writer waits for another rather than failing with `SQLITE_BUSY`.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

/// What [`backup`] wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Backup {
    pub bytes: u64,
    pub activities: i64,
}

/// Why a backup was not written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; a backup never overwrites a file (choose a new name)")]
    Exists(String),
    #[error("the backup could not be written: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the copy at {path} failed its integrity check: {report}")]
    Corrupt { path: String, report: String },
}

/// Writes a consistent copy of the whole database to `to`, a new file, while the site keeps
/// serving and writing (`VACUUM INTO` reads one snapshot of the database; writers are not
/// blocked), then opens the copy and checks it (`PRAGMA integrity_check`).
pub async fn backup(pool: &SqlitePool, to: &std::path::Path) -> Result<Backup, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(to.to_string_lossy().as_ref())
        .execute(pool)
        .await?;
    let copy = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(to).read_only(true))
        .await?;
    let report: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await?;
    let activities: i64 = sqlx::query_scalar("SELECT count(*) FROM activities")
        .fetch_one(&copy)
        .await?;
    copy.close().await;
    if report != "ok" {
        return Err(BackupError::Corrupt {
            path: to.display().to_string(),
            report,
        });
    }
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    Ok(Backup { bytes, activities })
}

/// The words of a query, lower-cased the way SQLite's `lower()` does (ASCII only), each as
/// a `LIKE` pattern with its wildcards escaped.
pub fn like_patterns(q: &str) -> Vec<String> {
    q.split_whitespace()
        .take(8)
        .map(|term| {
            let mut p = String::from("%");
            for c in term.to_ascii_lowercase().chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::like_patterns;

    #[test]
    fn query_words_become_escaped_case_folded_patterns() {
        assert_eq!(like_patterns("  Liver  移植 "), vec!["%liver%", "%移植%"]);
        assert_eq!(like_patterns("100%_x"), vec!["%100\\%\\_x%"]);
        assert!(like_patterns("   ").is_empty());
    }
}
