//! Familiehus storage: the one schema (a migration folder per backend, kept in step) and every
//! query, for SQLite (embedded, the default) and PostgreSQL (production). Only this crate knows
//! SQL. Each query body is written once and expanded for both pools by `with_pool!`; the few
//! places where the dialects differ (date arithmetic) are explicit per-backend branches.

mod anonymous;
mod audit;
mod cases;
mod error;
mod persons;
mod report;
pub mod seed;
mod services;
mod units;
mod users;

pub use anonymous::AnonymousSummary;
pub use audit::{AuditEntry, AuditEvent};
pub use cases::{CaseEvent, CaseRecord, NewCase, PersonInput, WaitingEntry};
pub use error::StoreError;
pub use persons::{NewPerson, Person};
pub use services::{ServiceVersion, StoredService};
pub use units::StoredUnit;
pub use users::{NewUser, User};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// The two backends. Cloning is cheap (pools are shared handles).
#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Expands one query body for each pool: `with_pool!(self, pool => sqlx::query(..).execute(pool).await)`.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Which SQL dialect a store speaks; exposed for tests and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

impl Store {
    /// Connects to `sqlite://PATH` (file created if missing) or `postgres://…`.
    /// Opens an existing database for reading only: a SQLite file is neither created nor
    /// written (its connections are read-only), and no migration runs. For previews such as
    /// `catalogue import --dry-run`; on PostgreSQL the caller's discipline keeps it read-only.
    pub async fn connect_read_only(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let options =
                SqliteConnectOptions::from_str(url)?.create_if_missing(false).read_only(true).foreign_keys(true).busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await?;
            Ok(Self { db: Db::Sqlite(pool) })
        } else {
            Self::connect(url).await
        }
    }

    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536");
            let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
            Ok(Self { db: Db::Sqlite(pool) })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
            Ok(Self { db: Db::Postgres(pool) })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Tables and their columns (sorted), to check that both schemas are the same.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut columns: Vec<(String, String)> = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await?
            }
        };
        columns.sort();
        Ok(columns)
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}
