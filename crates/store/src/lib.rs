//! Familiehus storage: the one schema (a migration folder per backend, kept in step) and every
//! query, for SQLite (embedded, the default) and PostgreSQL (production). Only this crate knows
//! SQL. Each query body is written once and expanded for both pools by `with_pool!`; the few
//! places where the dialects differ (date arithmetic) are explicit per-backend branches.

mod access_routes;
mod anonymous;
mod attachments;
mod audit;
pub mod audit_checkpoint;
mod audit_files;
mod backup;
mod case_details;
mod case_list;
mod caseload;
mod cases;
mod consents;
mod cpr_crypt;
mod enquiries;
mod error;
mod family;
mod family_treatment;
mod follow_ups;
mod forecast;
mod groups;
mod inbox;
mod journal;
mod log_writer;
mod measurements;
mod outcome;
mod persons;
mod report;
mod report_editions;
mod retention;
mod search_synonyms;
pub mod seed;
mod services;
mod settings;
mod snapshot;
mod status_reports;
mod stored_deadlines;
mod stored_off_track;
mod tx;
mod units;
mod users;

pub use anonymous::{AnonymousSummary, LoggedTalk, NewTalk, StoredTalk};
pub use attachments::StoredAttachment;
pub use audit::{AuditEntry, AuditEvent};
pub use backup::sqlite_file;
pub use case_details::DetailChange;
pub use case_list::{CaseListQuery, CasePage, CaseSort, ListedCase, StateFilter};
pub use caseload::Caseload;
pub use cases::{CaseEvent, CaseRecord, Closure, NewCase, PersonInput, WaitingEntry};
pub use consents::{RecordedConsent, RecordedDecision};
pub use cpr_crypt::{CprKey, CprKeyError};
pub use enquiries::{Enquiry, ErasureCandidate, UnitContact};
pub use error::{AuditFileError, Entity, StoreError};
pub use family::StoredFamilyMember;
pub use family_treatment::StoredNetworkMap;
pub use follow_ups::{HeldFollowUp, NewFollowUp};
pub use forecast::QueueCounts;
pub use groups::{AttendanceMark, CourseFilter, CourseLeader, GroupParticipant, GroupSession, PreTalk, Seats, StoredCourse};
pub use journal::{JournalEntry, JournalVersion};
pub use measurements::{Goal, GoalRating, Measurement, OrsSrsRow};
pub use persons::{NewPerson, Person};
pub use report_editions::{EditionSummary, ReportEdition, StoredReportConfig};
pub use retention::RetentionCandidate;
pub use search_synonyms::StoredSynonyms;
pub use services::{ServiceVersion, StoredService};
pub use settings::{SettingsChange, StoredSettings};
pub use status_reports::{SentReport, StatusReport};
pub use stored_deadlines::DeadlineFacts;
pub use tx::Tx;
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

/// `with_pool!` for writes: on SQLite the one writer connection, on PostgreSQL the pool.
#[macro_export]
#[doc(hidden)]
macro_rules! with_writer {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.writer {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Which SQL dialect a store speaks; exposed for tests and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Readers use `db`; every write goes through `writer` (on SQLite a pool of one connection,
/// so writers queue in the process instead of spinning on `SQLITE_BUSY`; on PostgreSQL the same
/// pool as readers). Reads that must be logged hand their entries to the log writer task.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) writer: Db,
    pub(crate) log_writer: tokio::sync::mpsc::Sender<log_writer::Pending>,
    /// The access-log checkpointer, once enabled (`enable_audit_checkpoints`).
    pub(crate) checkpoints: audit_files::Checkpoints,
    /// Seals and finds CPR numbers (`cpr_crypt`); `None` until `use_cpr_key`, and then every
    /// read or write of a CPR number is `StoreError::NoCprKey`.
    pub(crate) cpr: Option<std::sync::Arc<cpr_crypt::CprCipher>>,
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
            Ok(Self::from_pools(Db::Sqlite(pool.clone()), Db::Sqlite(pool)))
        } else {
            Self::connect(url).await
        }
    }

    /// A new SQLite file is created with mode 0600 (and so are its `-wal` and `-shm`): it holds
    /// CPR numbers and child-welfare records.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let parsed = SqliteConnectOptions::from_str(url)?;
            let file = parsed.get_filename();
            if !url.contains(":memory:") && !file.as_os_str().is_empty() {
                backup::precreate_private(file).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
            }
            let options = parsed
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536");
            let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
            let readers = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
            Ok(Self::from_pools(Db::Sqlite(readers), Db::Sqlite(writer)))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
            Ok(Self::from_pools(Db::Postgres(pool.clone()), Db::Postgres(pool)))
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    fn from_pools(db: Db, writer: Db) -> Self {
        let checkpoints = audit_files::Checkpoints::default();
        let log_writer = log_writer::spawn_log_writer(writer.clone(), checkpoints.clone());
        Self { db, writer, log_writer, checkpoints, cpr: None }
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.writer {
            Db::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Takes the CPR key (after `migrate`): refuses a key other than the one the database's CPR
    /// numbers were sealed with (its fingerprint is kept in `cpr_key`, written the first time),
    /// and seals the numbers still stored in clear (written before migration 0007), all in one
    /// transaction, so a failure leaves the database as it was.
    pub async fn use_cpr_key(mut self, key: &CprKey) -> Result<Self, StoreError> {
        let cipher = cpr_crypt::CprCipher::new(key);
        let mut tx = self.begin().await?;
        tx.adopt_cpr_key(&cipher).await?;
        tx.commit().await?;
        self.cpr = Some(std::sync::Arc::new(cipher));
        Ok(self)
    }

    /// The same database without the CPR key: for work that needs no CPR number (and to
    /// show that such a handle reads none).
    pub fn without_cpr_key(&self) -> Self {
        Self { cpr: None, ..self.clone() }
    }

    pub(crate) fn cipher(&self) -> Result<&cpr_crypt::CprCipher, StoreError> {
        self.cpr.as_deref().ok_or(StoreError::NoCprKey)
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
        with_pool!(self, pool => pool.close().await);
        with_writer!(self, pool => pool.close().await)
    }
}
