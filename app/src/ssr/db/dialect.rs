//! Everything the two engines do differently in the code, each written once with an arm per
//! engine. The rest of the code writes SQL both understand (numbered parameters `$1`,
//! `ON CONFLICT`, `RETURNING`, `IS NOT DISTINCT FROM`, `coalesce`, `CASE`), and calls SQLite's
//! `strftime` and `json_each`, which `migrations/postgres` gives PostgreSQL too. Here:
//!
//! - the record's write lock, which SQLite takes with a transaction's first write and
//!   PostgreSQL with an advisory lock ([`lock_record`]);
//! - claiming a row no other server is working on ([`skip_locked`]);
//! - telling the other servers that the record changed ([`announce`]);
//! - ids that follow rows copied in with their own ([`continue_ids`]);
//! - yes/no values: SQLite answers integers, PostgreSQL booleans ([`Flag`]);
//! - optional numbers, bound as text ([`optional_real`]).

use super::engine::{Engine, Transaction};
use sqlx::any::{AnyTypeInfo, AnyTypeInfoKind};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type, ValueRef};

/// The channel on which a server announces a change of the record to the others
/// (PostgreSQL's `LISTEN`/`NOTIFY`).
pub const RECORD_CHANNEL: &str = "kakehashi_record";

/// What ends a `SELECT` that claims rows for this server alone: PostgreSQL locks them and
/// passes over rows another server holds; SQLite has one writer at a time, so a claim made
/// in the same statement as its write is already alone.
pub fn skip_locked(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "",
        Engine::Postgres => SKIP_LOCKED,
    }
}

const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// Takes the record's write lock for the rest of transaction `tx`, so that two decisions
/// on the record (approvals, confirmations) run one after the other, on any server.
/// SQLite takes its one write lock at the transaction's first write, and waits for it (the
/// busy timeout); PostgreSQL takes a transaction-scoped advisory lock.
pub async fn lock_record(tx: &mut Transaction<'_>) -> Result<(), sqlx::Error> {
    match Engine::of_connection(tx) {
        Engine::Sqlite => Ok(()),
        Engine::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(RECORD_LOCK)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }
}

/// The key of the record's advisory lock (any number no other lock of the database uses).
const RECORD_LOCK: i64 = 0x4b61_6b65_6861_7368; // "Kakehash"

/// Tells the other servers, when `tx` commits, that activity `activity` changed
/// (`payload` is `"{server}:{activity}"`, so a server can pass over its own). PostgreSQL
/// delivers it with the commit (`NOTIFY`); SQLite has no other servers to tell.
pub async fn announce(tx: &mut Transaction<'_>, payload: &str) -> Result<(), sqlx::Error> {
    match Engine::of_connection(tx) {
        Engine::Sqlite => Ok(()),
        Engine::Postgres => {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(RECORD_CHANNEL)
                .bind(payload)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }
}

/// After rows were copied in with their own ids (`server migrate-to-postgres`), makes the
/// next id `table` hands out follow the largest one copied. SQLite does that by itself.
pub async fn continue_ids(pool: &super::Pool, table: &str) -> Result<(), sqlx::Error> {
    match Engine::of(pool) {
        Engine::Sqlite => Ok(()),
        Engine::Postgres => {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                               coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(pool)
            .await?;
            Ok(())
        }
    }
}

/// An optional number to bind as `CAST($n AS DOUBLE PRECISION)`: as text. sqlx 0.8.6's
/// `Any` driver sends a missing `f64` to PostgreSQL as a `float4` NULL, and PostgreSQL keeps
/// the statement prepared with that type, so the next present value (8 bytes) is refused
/// ("incorrect binary data format"). Text has one type whether present or not; Rust writes
/// the shortest text that reads back as the same `f64`.
pub fn optional_real(value: Option<f64>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// A yes/no read from either engine: SQLite's 0/1 integers and PostgreSQL's booleans
/// (a comparison or `EXISTS` in a `SELECT`). Stored flags are 0/1 integers in both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: <Any as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            <bool as Decode<Any>>::decode(value).map(Flag)
        } else {
            <i64 as Decode<Any>>::decode(value).map(|i| Flag(i != 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_numbers_travel_as_text_that_reads_back_the_same() {
        for v in [0.1, 76.0, 1e-7, 12345.678, f64::MAX] {
            let text = optional_real(Some(v)).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
        }
        assert_eq!(optional_real(None), None);
    }

    #[test]
    fn only_postgres_skips_locked_rows() {
        assert_eq!(skip_locked(Engine::Sqlite), "");
        assert_eq!(skip_locked(Engine::Postgres), " FOR UPDATE SKIP LOCKED");
    }
}
