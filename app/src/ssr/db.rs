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
mod places;

pub use activity::{activity, activity_id, activity_record};
pub use cards::cards;
pub use export::export_records;
pub use home::{recent, stats};
pub use organizations::{organization, organizations};
pub use places::{country, country_counts, fields, fields_with_dac};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if missing) the SQLite database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
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
