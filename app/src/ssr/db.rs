//! Every query of the published record, one file per page or aggregate: `cards` (the card
//! every list shows), `activity` (one activity's page), `places` (fields, the map's counts,
//! one country), `organizations` (the list and one organisation), `home` (latest and counts),
//! `notes` (the source's wording and curator's notes on either).
//! Which activities a list holds is the search engine's answer (`ssr::search`); these read
//! what the activities hold.
//!
//! The database itself: `engine` opens SQLite or PostgreSQL behind one pool, `dialect`
//! holds what the two engines do differently.
//!
//! Rules: functions take a pool (or a transaction for writes) and return model types; rows
//! end in `Row` and never leave this module. Cards are assembled for a list of ids in a
//! fixed number of queries (ids passed as one JSON array, `dialect::in_ids`), never one
//! query per card. SQL is written once for both engines, with `$N` parameters.

mod activity;
mod cards;
pub mod dialect;
pub mod engine;
mod export;
mod home;
mod notes;
mod organizations;
mod people;
mod places;

pub use activity::{activity, activity_id, activity_record};
pub use cards::cards;
pub use dialect::Flag;
pub use engine::{connect, test_database_url, Database, Engine, Native, Pool, Transaction};
pub use export::export_records;
pub use home::{recent, stats};
pub use organizations::{organization, organizations};
pub use people::{people_stated, PeopleStated};
pub use places::{country, country_counts, fields, fields_with_dac};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// Which state of the record the database holds: the newest revision and the newest
/// confirmation (rows of both are only ever added). Every publication and confirmation
/// moves it on, so a server whose search index was built at an older version has missed
/// one (`SearchHandle::follow`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordVersion {
    pub revision: i64,
    pub confirmation: i64,
}

/// The record's version now (two lookups of a primary key's largest value).
pub async fn record_version(pool: &Pool) -> Result<RecordVersion, sqlx::Error> {
    let (revision, confirmation): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT coalesce(max(id), 0) FROM revisions),
                (SELECT coalesce(max(id), 0) FROM confirmations)",
    )
    .fetch_one(pool)
    .await?;
    Ok(RecordVersion {
        revision,
        confirmation,
    })
}

/// The activities with a revision or a confirmation newer than `since` (each once).
pub async fn changed_since(pool: &Pool, since: RecordVersion) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT activity_id FROM revisions WHERE id > $1
         UNION SELECT activity_id FROM confirmations WHERE id > $2",
    )
    .bind(since.revision)
    .bind(since.confirmation)
    .fetch_all(pool)
    .await
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
    #[error("backup copies a SQLite database; back up PostgreSQL with its own tools (pg_dump)")]
    NotSqlite,
    #[error("{0} already exists; a backup never overwrites a file (choose a new name)")]
    Exists(String),
    #[error("the backup could not be written: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the copy at {path} failed its integrity check: {report}")]
    Corrupt { path: String, report: String },
}

/// Writes a consistent copy of the whole SQLite database to `to`, a new file, while the site
/// keeps serving and writing (`VACUUM INTO` reads one snapshot of the database; writers are
/// not blocked), then opens the copy and checks it (`PRAGMA integrity_check`). PostgreSQL is
/// backed up with its own tools (`pg_dump`).
pub async fn backup(pool: &Pool, to: &std::path::Path) -> Result<Backup, BackupError> {
    if Engine::of(pool) != Engine::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    sqlx::query("VACUUM INTO $1")
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
