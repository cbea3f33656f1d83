//! The two engines the record can live in, and opening one: SQLite (the default: one file,
//! nothing to install) and PostgreSQL (a database several servers share).
//!
//! Rules: every query of the site goes through one engine-neutral pool ([`Pool`], sqlx's
//! `Any` driver) with numbered parameters (`$1`, which SQLite reads too), in SQL both engines
//! understand. What the engines do differently is written once, in [`super::dialect`], with
//! an arm per engine (and in the schema, `migrations/sqlite` and `migrations/postgres`).
//! Each engine also keeps its own pool ([`Native`]) for what only it can do: its migrations,
//! the sessions store, PostgreSQL's notifications (`server::follow`) and the copy into it
//! (`server::copy`).

use sqlx::any::AnyPoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Executor, PgPool, SqlitePool};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The pool every query uses, whichever the engine.
pub type Pool = sqlx::AnyPool;
/// A transaction on [`Pool`].
pub type Transaction<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// Which engine a database runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A `DATABASE_URL` the server cannot use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    /// Neither `sqlite:` nor `postgres://`.
    #[error(
        "DATABASE_URL names no database Kakehashi can use ({scheme}); use sqlite://var/kakehashi.db \
         (a SQLite file, the default) or postgres://user:password@host:5432/database"
    )]
    Scheme { scheme: String },
    /// The engine is right but the rest of the address cannot be read (the URL itself is
    /// not repeated: it may hold a password).
    #[error("DATABASE_URL is not a usable {engine} address: {reason}")]
    Malformed {
        engine: &'static str,
        reason: String,
    },
}

impl Engine {
    /// The engine a `DATABASE_URL` names, once the whole address has been checked (without
    /// connecting): `sqlite:` (a file, or `sqlite::memory:`) or `postgres://` /
    /// `postgresql://`. Anything else is refused, never taken for a file name.
    pub fn of_url(url: &str) -> Result<Engine, UrlError> {
        let url = url.trim();
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        let (engine, checked) = match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => (
                Engine::Sqlite,
                SqliteConnectOptions::from_str(url).map(drop),
            ),
            "postgres" | "postgresql" => {
                (Engine::Postgres, PgConnectOptions::from_str(url).map(drop))
            }
            _ => {
                // Only the scheme, never the rest (it may hold a password).
                let shown = if scheme.is_empty() || scheme.len() > 20 || scheme.contains('/') {
                    "no scheme".to_string()
                } else {
                    format!("{scheme}:")
                };
                return Err(UrlError::Scheme { scheme: shown });
            }
        };
        checked.map_err(|e| UrlError::Malformed {
            engine: engine.name(),
            reason: without_secrets(&e.to_string()),
        })?;
        Ok(engine)
    }

    /// The engine of `pool`.
    pub fn of(pool: &Pool) -> Engine {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Engine::Sqlite,
            _ => Engine::Postgres,
        }
    }

    /// The engine of an open connection (or a transaction on one).
    pub fn of_connection(connection: &sqlx::AnyConnection) -> Engine {
        match connection.backend_name() {
            "SQLite" => Engine::Sqlite,
            _ => Engine::Postgres,
        }
    }

    /// The engine's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// An error message with anything that looks like a URL's credentials cut out.
fn without_secrets(message: &str) -> String {
    message
        .split_whitespace()
        .map(|word| match word.split_once("://") {
            Some((scheme, rest)) if rest.contains('@') => format!("{scheme}://…"),
            _ => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The engine's own pool, for what only that engine does: migrations, the sessions store,
/// notifications (PostgreSQL) and backups (SQLite).
#[derive(Clone, Debug)]
pub enum Native {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Database {
    /// The pool every query uses.
    pub pool: Pool,
    /// The engine's own pool.
    pub native: Native,
}

/// How many connections each server keeps to PostgreSQL for queries (its sessions store
/// and the notification listener take a few more).
const POSTGRES_CONNECTIONS: u32 = 10;
/// How many connections to SQLite the server keeps for queries.
const SQLITE_CONNECTIONS: u32 = 8;
/// How many connections the engine's own pool keeps: the sessions store reads and writes
/// through it at every request of a logged-in person, and on PostgreSQL the notification
/// listener holds one for good.
const NATIVE_CONNECTIONS: u32 = 6;

/// Opens the database `url` names (creating a missing SQLite file), and brings its schema
/// up to date with that engine's migrations (`migrations/sqlite/`, `migrations/postgres/`).
///
/// SQLite's durability: the write-ahead log (readers never wait for a writer, and a backup
/// can copy the database while the site runs); `synchronous = FULL`, so a commit is on disk
/// (the WAL synced) before the site answers that an approval or a proposal was saved, even
/// across a power cut (`NORMAL` would survive a crash of the server but not of the machine);
/// a busy timeout of 5 s, so a writer waits for another rather than failing with
/// `SQLITE_BUSY`. PostgreSQL's durability is the server's own (`synchronous_commit`).
pub async fn connect(url: &str) -> Result<Database, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of_url(url).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    match engine {
        Engine::Sqlite => connect_sqlite(url).await,
        Engine::Postgres => connect_postgres(url).await,
    }
}

async fn connect_sqlite(url: &str) -> Result<Database, sqlx::Error> {
    // An in-memory database is one per pool: both pools must name the same one.
    let url = if is_memory(url) {
        static MEMORY: AtomicUsize = AtomicUsize::new(0);
        format!(
            "sqlite:file:kakehashi-memory-{}-{}?mode=memory&cache=shared",
            std::process::id(),
            MEMORY.fetch_add(1, Ordering::Relaxed)
        )
    } else {
        url.trim().to_string()
    };
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let native = SqlitePoolOptions::new()
        .max_connections(NATIVE_CONNECTIONS)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations/sqlite").run(&native).await?;
    // The engine-neutral pool reads the same address; the write-ahead log is a setting of
    // the file (set above), the rest are per connection: foreign keys and the 5 s busy
    // timeout are sqlx's defaults for SQLite, `synchronous` is set here.
    let pool = AnyPoolOptions::new()
        .max_connections(SQLITE_CONNECTIONS)
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection
                    .execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
                    .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    Ok(Database {
        pool,
        native: Native::Sqlite(native),
    })
}

async fn connect_postgres(url: &str) -> Result<Database, sqlx::Error> {
    let url = url.trim();
    // One connection first: a pool would retry until its timeout and then say only that it
    // timed out; this says why (refused, unknown host, authentication failed, no database).
    sqlx::PgConnection::connect(url).await?.close().await?;
    let native = PgPoolOptions::new()
        .max_connections(NATIVE_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    sqlx::migrate!("../migrations/postgres")
        .run(&native)
        .await?;
    let pool = AnyPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    Ok(Database {
        pool,
        native: Native::Postgres(native),
    })
}

/// The variable naming the PostgreSQL server the test suites run on as well as on SQLite
/// (`make test-pg`): `postgres://role@host:port/database`, a role that may create databases.
pub const TEST_POSTGRES_URL: &str = "KAKEHASHI_TEST_PG_URL";

/// The address of a new, empty database for one test: a SQLite file `name` in `dir`, or, when
/// [`TEST_POSTGRES_URL`] is set, a new database of its own on that PostgreSQL server (left
/// there: the test cluster is thrown away whole).
pub async fn test_database_url(dir: &std::path::Path, name: &str) -> String {
    let Ok(server) = std::env::var(TEST_POSTGRES_URL) else {
        return format!("sqlite://{}", dir.join(name).display());
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let database = format!(
        "kakehashi_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| panic!("{TEST_POSTGRES_URL}: cannot connect: {e}"));
    admin
        .execute(format!("CREATE DATABASE {database}").as_str())
        .await
        .unwrap_or_else(|e| panic!("{TEST_POSTGRES_URL}: cannot create a database: {e}"));
    let (address, query) = server.split_once('?').unwrap_or((&server, ""));
    let base = address.rsplit_once('/').map_or(address, |(base, _)| base);
    if query.is_empty() {
        format!("{base}/{database}")
    } else {
        format!("{base}/{database}?{query}")
    }
}

/// Whether a SQLite URL names an in-memory database.
fn is_memory(url: &str) -> bool {
    let rest = url
        .trim()
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split('?').next() == Some(":memory:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_engine_or_are_refused() {
        for url in [
            "sqlite://var/kakehashi.db",
            "sqlite:var/kakehashi.db",
            "sqlite::memory:",
        ] {
            assert_eq!(Engine::of_url(url), Ok(Engine::Sqlite), "{url}");
        }
        for url in [
            "postgres://kakehashi@db.example:5432/kakehashi",
            "postgresql://u:p@localhost/k",
            "postgres:///kakehashi?host=/var/run/postgresql",
        ] {
            assert_eq!(Engine::of_url(url), Ok(Engine::Postgres), "{url}");
        }
        for url in [
            "mysql://u:s3cret@localhost/db",
            "var/kakehashi.db",
            "http://example.org",
        ] {
            let error = Engine::of_url(url).unwrap_err().to_string();
            assert!(error.contains("DATABASE_URL"), "{error}");
            assert!(!error.contains("s3cret"), "{error}");
        }
    }

    #[test]
    fn a_malformed_postgres_address_is_refused_without_its_password() {
        let error = Engine::of_url("postgres://u:s3cret@localhost:notaport/db")
            .unwrap_err()
            .to_string();
        assert!(error.contains("PostgreSQL"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
    }

    #[test]
    fn memory_urls_are_recognised() {
        assert!(is_memory("sqlite::memory:"));
        assert!(is_memory("sqlite://:memory:"));
        assert!(!is_memory("sqlite://var/kakehashi.db"));
    }
}
