//! `server migrate-to-postgres`: copies a site's SQLite database (the record, accounts,
//! proposals, revisions, the audit log, the outbox) into an empty PostgreSQL database, in
//! one transaction, then checks that every table holds as many rows on both sides.
//! Sessions are not copied: people log in again on the new database.

use app::ssr::db::{self, Native};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{PgPool, Row};

/// Every table of the schema, each after the tables it refers to.
pub const TABLES: &[&str] = &[
    "regions",
    "countries",
    "fields",
    "organizations",
    "activities",
    "activity_fields",
    "activity_countries",
    "activity_participants",
    "figures",
    "sources",
    "accounts",
    "invitations",
    "outbox",
    "submissions",
    "revisions",
    "audit_log",
    "record_notes",
    "password_resets",
    "confirmations",
    "reminders",
];

/// Why the copy was not made (nothing was written to the target).
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// `--from` is not SQLite or `--to` is not PostgreSQL.
    #[error("{0}")]
    Engines(&'static str),
    /// The target already holds rows.
    #[error(
        "the PostgreSQL database is not empty ({table} holds {rows} rows); give it an empty one"
    )]
    NotEmpty {
        /// The first table found holding rows.
        table: &'static str,
        /// How many.
        rows: i64,
    },
    /// A table holds a different number of rows after the copy.
    #[error("{table}: {from} rows in SQLite but {to} in PostgreSQL")]
    Count {
        /// The table.
        table: &'static str,
        /// Its rows in SQLite.
        from: i64,
        /// Its rows in PostgreSQL.
        to: i64,
    },
    /// Reading or writing failed.
    #[error("{0}")]
    Database(#[from] sqlx::Error),
}

/// A column of the target table and how its values travel.
struct Column {
    name: String,
    kind: Kind,
}

enum Kind {
    Integer,
    Real,
    Text,
}

/// Copies everything from the SQLite database `from` into the empty PostgreSQL database
/// `to` (both opened with `db::connect`, so both schemas are current), and answers each
/// table with its number of rows, checked on both sides.
pub async fn copy(
    from: &db::Database,
    to: &db::Database,
) -> Result<Vec<(&'static str, i64)>, CopyError> {
    let (Native::Sqlite(source), Native::Postgres(target)) = (&from.native, &to.native) else {
        return Err(CopyError::Engines(
            "--from must be a sqlite:// database and --to a postgres:// one",
        ));
    };
    for &table in TABLES {
        let rows = count_postgres(target, table).await?;
        if rows > 0 {
            return Err(CopyError::NotEmpty { table, rows });
        }
    }
    let mut tx = target.begin().await?;
    for &table in TABLES {
        let columns = columns(target, table).await?;
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let select = format!("SELECT {} FROM {table}", names.join(", "));
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            (1..=names.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows: Vec<SqliteRow> = sqlx::query(&select).fetch_all(source).await?;
        for row in &rows {
            let mut query = sqlx::query(&insert);
            for (i, column) in columns.iter().enumerate() {
                query = match column.kind {
                    Kind::Integer => query.bind(row.try_get::<Option<i64>, _>(i)?),
                    Kind::Real => query.bind(row.try_get::<Option<f64>, _>(i)?),
                    Kind::Text => query.bind(row.try_get::<Option<String>, _>(i)?),
                };
            }
            query.execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    // Rows came with their own ids: the next ids handed out follow the largest copied.
    for &table in TABLES {
        if columns(target, table).await?.iter().any(|c| c.name == "id") {
            db::dialect::continue_ids(&to.pool, table).await?;
        }
    }
    let mut counts = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        let from: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(source)
            .await?;
        let to = count_postgres(target, table).await?;
        if from != to {
            return Err(CopyError::Count { table, from, to });
        }
        counts.push((table, to));
    }
    Ok(counts)
}

async fn count_postgres(pool: &PgPool, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
}

/// The columns of `table` in PostgreSQL, in order, with the kind of each.
async fn columns(pool: &PgPool, table: &str) -> Result<Vec<Column>, sqlx::Error> {
    let rows: Vec<PgRow> = sqlx::query(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind = match row.try_get::<String, _>(1)?.as_str() {
                "bigint" | "integer" => Kind::Integer,
                "double precision" | "real" => Kind::Real,
                _ => Kind::Text,
            };
            Ok(Column {
                name: row.try_get(0)?,
                kind,
            })
        })
        .collect()
}
