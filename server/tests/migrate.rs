//! `server migrate-to-postgres`, run as the built binary: the seed record plus 1,000
//! synthetic activities, with accounts, move from SQLite into an empty PostgreSQL database
//! and read the same there; a database that is not empty is refused. Runs when
//! `KAKEHASHI_TEST_PG_URL` names a PostgreSQL server (`make test-pg`).

mod support;

use app::ssr::account::auth;
use app::ssr::db::{self, Pool};
use app::ssr::{search::SearchIndex, seed, synthetic};
use std::path::Path;
use std::process::{Command, Output};

fn migrate(from: &str, to: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["migrate-to-postgres", "--from", from, "--to", to])
        .env("DATABASE_URL", "sqlite::memory:")
        .env("RUST_LOG", "error")
        .output()
        .expect("the server binary runs")
}

/// Every activity as the exports read it, in id order, with the search engine's answer to
/// a few queries.
async fn everything(pool: &Pool) -> (Vec<app::ssr::export::ExportRecord>, Vec<Vec<i64>>) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    let index = SearchIndex::load(pool).await.unwrap();
    let searches = ["liver", "肝移植", "Mongolia", "nursing training"]
        .iter()
        .map(|q| index.search(q, &Default::default(), Default::default()).ids)
        .collect();
    (db::export_records(pool, &ids).await.unwrap(), searches)
}

#[tokio::test]
async fn the_seed_and_a_thousand_activities_move_to_postgres_and_read_the_same() {
    if !support::on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("site.db").display());
    let source = db::connect(&sqlite).await.unwrap().pool;
    let record = seed::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    seed::load_if_empty(&source, &record)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(synthetic::generate(&source, 1000, 7).await.unwrap(), 1000);
    auth::ensure_demo_accounts(&source).await.unwrap();
    let before = everything(&source).await;
    assert_eq!(before.0.len(), 1026);
    source.close().await;

    let postgres = db::test_database_url(dir.path(), "unused").await;
    let output = migrate(&sqlite, &postgres);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("activities ") && l.contains(" 1026 rows")),
        "{stdout}"
    );

    let target = db::connect(&postgres).await.unwrap().pool;
    assert_eq!(
        everything(&target).await,
        before,
        "the record reads the same"
    );
    // New rows get new ids after the copied ones.
    let admin: i64 = auth::create_admin(&target, "new.admin@example.org", "a long enough password")
        .await
        .unwrap();
    let largest: i64 = sqlx::query_scalar("SELECT max(id) FROM accounts WHERE id <> $1")
        .bind(admin)
        .fetch_one(&target)
        .await
        .unwrap();
    assert!(admin > largest, "{admin} after {largest}");

    // A database that already holds a site is never written into.
    let again = migrate(&sqlite, &postgres);
    assert!(!again.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(said.contains("not empty"), "{said}");
}
