//! The unit of work: one write transaction that several store calls share, and that carries the
//! access-log entries of its change to the commit. `Tx::commit` appends those entries to the
//! hash chain last, inside the same transaction, so a change and its log entry are durable
//! together or not at all (kill -9 cannot separate them).
//!
//! On SQLite every write transaction runs on the one writer connection and starts with
//! `BEGIN IMMEDIATE` (the write lock is taken up front, so no transaction is refused half-way
//! with `SQLITE_BUSY`); readers use their own pool and never wait for it (WAL).

use crate::audit::AuditEntry;
use crate::{Db, Store, StoreError};
use chrono::Utc;
use familiehus_domain::audit::{AuditContent, GENESIS, chain_hash};
use sqlx::{Postgres, Sqlite, Transaction};

pub(crate) enum Conn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An open write transaction. Dropped without `commit`, it rolls back and logs nothing.
pub struct Tx {
    pub(crate) conn: Conn,
    audit: Vec<AuditEntry>,
    /// The store's CPR cipher, for writes that seal a CPR number.
    pub(crate) cpr: Option<std::sync::Arc<crate::cpr_crypt::CprCipher>>,
}

/// Expands one body for the transaction's connection: `with_tx!(tx, conn => query.execute(conn).await)`.
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.conn {
            $crate::tx::Conn::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::tx::Conn::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use with_tx;

impl Store {
    /// Opens a write transaction (on SQLite: the writer connection, `BEGIN IMMEDIATE`).
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let mut tx = begin_on(&self.writer).await?;
        tx.cpr = self.cpr.clone();
        Ok(tx)
    }
}

pub(crate) async fn begin_on(writer: &Db) -> Result<Tx, StoreError> {
    let conn = match writer {
        Db::Sqlite(pool) => Conn::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        Db::Postgres(pool) => Conn::Postgres(pool.begin().await?),
    };
    Ok(Tx { conn, audit: Vec::new(), cpr: None })
}

impl Tx {
    /// Adds an access-log entry that is written with this transaction's commit.
    pub fn log(&mut self, entry: AuditEntry) {
        self.audit.push(entry);
    }

    pub(crate) fn cipher(&self) -> Result<&crate::cpr_crypt::CprCipher, StoreError> {
        self.cpr.as_deref().ok_or(StoreError::NoCprKey)
    }

    /// Appends the logged entries to the chain, then commits everything at once.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        let entries = std::mem::take(&mut self.audit);
        if !entries.is_empty() {
            append_chain(&mut self, &entries).await?;
        }
        match self.conn {
            Conn::Sqlite(t) => t.commit().await?,
            Conn::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Appends entries after the chain's last event, inside `tx`. On PostgreSQL the table lock
/// (held to commit) keeps concurrent transactions from reading the same last hash; on SQLite
/// the transaction already holds the database's write lock (`BEGIN IMMEDIATE`).
pub(crate) async fn append_chain(tx: &mut Tx, entries: &[AuditEntry]) -> Result<(), StoreError> {
    let last = "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1";
    let insert = "INSERT INTO audit_events (at, user_id, action, person_id, case_id, detail, remote, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    if let crate::tx::Conn::Postgres(t) = &mut tx.conn {
        sqlx::query("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE").execute(&mut **t).await?;
    }
    let previous: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(last).fetch_optional(conn).await)?;
    let mut previous = previous.unwrap_or_else(|| GENESIS.to_owned());
    let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    for e in entries {
        let content = AuditContent {
            at: &at,
            user_id: e.user_id,
            action: e.action.code(),
            person_id: e.person_id,
            case_id: e.case_id,
            detail: &e.detail,
            remote: &e.remote,
        };
        let hash = chain_hash(&previous, &content);
        with_tx!(tx, conn => sqlx::query(insert)
            .bind(&at).bind(e.user_id).bind(e.action.code()).bind(e.person_id).bind(e.case_id).bind(&e.detail).bind(&e.remote).bind(&hash)
            .execute(conn).await.map(|_| ()))?;
        previous = hash;
    }
    Ok(())
}
