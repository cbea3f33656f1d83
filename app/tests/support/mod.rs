//! What the database tests share: a fresh seeded database, the naive search oracle, and
//! databases as earlier releases left them.
#![allow(dead_code)] // each test file uses its own part

pub mod migrations;
pub mod oracle;

use app::account::Actor;
use app::ssr::account::auth;
use app::ssr::db::Pool;
use app::ssr::{db, seed};
use std::path::Path;

/// A fresh database file in a temporary folder, migrated and seeded with the record.
pub async fn seeded() -> (tempfile::TempDir, Pool) {
    let dir = tempfile::tempdir().unwrap();
    let url = db::test_database_url(dir.path(), "test.db").await;
    let pool = db::connect(&url).await.unwrap().pool;
    let record = seed::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    seed::load_if_empty(&pool, &record).await.unwrap().unwrap();
    (dir, pool)
}

/// [`seeded`], with the demo accounts.
pub async fn seeded_with_accounts() -> (tempfile::TempDir, Pool) {
    let (dir, pool) = seeded().await;
    auth::ensure_demo_accounts(&pool).await.unwrap();
    (dir, pool)
}

/// The enabled account with address `email`.
pub async fn actor(pool: &Pool, email: &str) -> Actor {
    let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap();
    auth::load_actor(pool, id).await.unwrap().unwrap()
}
