//! The unit of work: one write transaction that several store calls share, and that carries the
//! access-log entries of its change to the commit. `Tx::commit` appends those entries to the
//! hash chain last, inside the same transaction, so a change and its log entry are durable
//! together or not at all (kill -9 cannot separate them). When checkpoints are enabled, the
//! append also stores a MAC'd checkpoint of the new head every `every` entries (the database's
//! copy, in the same transaction), and `commit` hands it to the checkpoint file afterwards.
//!
//! On SQLite every write transaction runs on the one writer connection and starts with
//! `BEGIN IMMEDIATE` (the write lock is taken up front, so no transaction is refused half-way
//! with `SQLITE_BUSY`); readers use their own pool and never wait for it (WAL).

use crate::audit::AuditEntry;
use crate::audit_files::{Checkpointer, Checkpoints};
use crate::{Db, Store, StoreError};
use chrono::Utc;
use familiehus_domain::audit::{AuditContent, GENESIS, chain_hash};
use familiehus_domain::audit_checkpoint::{AuditKey, Checkpoint, CheckpointKind};
use sqlx::{Postgres, Sqlite, Transaction};
use std::sync::Arc;

pub(crate) enum Conn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An open write transaction. Dropped without `commit`, it rolls back and logs nothing.
pub struct Tx {
    pub(crate) conn: Conn,
    audit: Vec<AuditEntry>,
    /// Set when the server takes access-log checkpoints.
    pub(crate) checkpointer: Option<Arc<Checkpointer>>,
    /// A checkpoint this transaction stored, written to the file once it is committed.
    pub(crate) checkpoint: Option<Checkpoint>,
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
        let mut tx = begin_on(&self.writer, &self.checkpoints).await?;
        tx.cpr = self.cpr.clone();
        Ok(tx)
    }
}

pub(crate) async fn begin_on(writer: &Db, checkpoints: &Checkpoints) -> Result<Tx, StoreError> {
    let conn = match writer {
        Db::Sqlite(pool) => Conn::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        Db::Postgres(pool) => Conn::Postgres(pool.begin().await?),
    };
    Ok(Tx { conn, audit: Vec::new(), checkpointer: checkpoints.get().cloned(), checkpoint: None, cpr: None })
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
        if let (Some(checkpointer), Some(checkpoint)) = (self.checkpointer, self.checkpoint) {
            checkpointer.publish(checkpoint).await;
        }
        Ok(())
    }
}

/// Appends entries after the chain's last event, inside `tx`. On PostgreSQL the table lock
/// (held to commit) keeps concurrent transactions from reading the same last hash; on SQLite
/// the transaction already holds the database's write lock (`BEGIN IMMEDIATE`).
pub(crate) async fn append_chain(tx: &mut Tx, entries: &[AuditEntry]) -> Result<(), StoreError> {
    let last = "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1";
    lock_chain(tx).await?;
    let previous: Option<String> = with_tx!(tx, conn => sqlx::query_scalar(last).fetch_optional(conn).await)?;
    let mut previous = previous.unwrap_or_else(|| GENESIS.to_owned());
    let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let mut hashes = Vec::with_capacity(entries.len());
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
        previous = chain_hash(&previous, &content);
        hashes.push(previous.clone());
    }
    // Many rows per statement (a page of 200 shown cases is 4 statements, not 200): both
    // backends number a multi-row VALUES in its order, which is the chain's order.
    for (chunk, chunk_hashes) in entries.chunks(APPEND_ROWS).zip(hashes.chunks(APPEND_ROWS)) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 8;
                format!("(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8)
            })
            .collect();
        let insert = format!("INSERT INTO audit_events (at, user_id, action, person_id, case_id, detail, remote, hash) VALUES {}", rows.join(", "));
        with_tx!(tx, conn => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(insert.as_str()));
            for (e, hash) in chunk.iter().zip(chunk_hashes) {
                q = q.bind(&at).bind(e.user_id).bind(e.action.code()).bind(e.person_id).bind(e.case_id).bind(&e.detail).bind(&e.remote).bind(hash);
            }
            q.execute(conn).await.map(|_| ())
        })?;
    }
    after_append(tx, entries.len() as u64).await
}

/// Access-log rows per INSERT: 8 placeholders each, far under either backend's limit.
const APPEND_ROWS: usize = 50;

/// On PostgreSQL, locks the log against other appenders to commit (SQLite's `BEGIN IMMEDIATE`
/// already holds the database's write lock).
pub(crate) async fn lock_chain(tx: &mut Tx) -> Result<(), StoreError> {
    if let Conn::Postgres(t) = &mut tx.conn {
        sqlx::query("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE").execute(&mut **t).await?;
    }
    Ok(())
}

/// The chain's head inside a write transaction.
pub(crate) struct Head {
    pub(crate) entries: u64,
    pub(crate) last_id: i64,
    pub(crate) hash: String,
    /// The newest checkpoint's (last id, head hash), if there is one.
    pub(crate) latest: Option<(i64, String)>,
}

/// Reads the head. Counts only the rows after the newest checkpoint, so it costs a few rows,
/// not the whole log.
pub(crate) async fn head(tx: &mut Tx) -> Result<Head, StoreError> {
    let base: Option<(i64, i64, String)> =
        with_tx!(tx, conn => sqlx::query_as("SELECT entries, last_id, head FROM audit_checkpoints ORDER BY id DESC LIMIT 1").fetch_optional(conn).await)?;
    let (base_entries, base_id) = base.as_ref().map_or((0, 0), |(entries, id, _)| (*entries, *id));
    let since: i64 =
        with_tx!(tx, conn => sqlx::query_scalar("SELECT CAST(count(*) AS BIGINT) FROM audit_events WHERE id > $1").bind(base_id).fetch_one(conn).await)?;
    let last: Option<(i64, String)> =
        with_tx!(tx, conn => sqlx::query_as("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetch_optional(conn).await)?;
    let (last_id, hash) = last.unwrap_or((0, GENESIS.to_owned()));
    let entries = u64::try_from(base_entries + since).map_err(|_| StoreError::Corrupt("negative access-log count".into()))?;
    Ok(Head { entries, last_id, hash, latest: base.map(|(_, id, head)| (id, head)) })
}

/// Signs the head and stores the database's copy, inside `tx`.
pub(crate) async fn insert(tx: &mut Tx, key: &AuditKey, kind: CheckpointKind, entries: u64, last_id: i64, head: &str) -> Result<Checkpoint, StoreError> {
    let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let c = Checkpoint::sign(key, kind, entries, last_id, head, &at);
    let count = i64::try_from(c.entries).map_err(|_| StoreError::Corrupt("access-log count out of range".into()))?;
    with_tx!(tx, conn => sqlx::query("INSERT INTO audit_checkpoints (kind, entries, last_id, head, at, mac) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(c.kind.code()).bind(count).bind(c.last_id).bind(&c.head).bind(&c.at).bind(&c.mac)
        .execute(conn).await.map(|_| ()))?;
    Ok(c)
}

/// Called by `append_chain` after it appended `appended` entries: a checkpoint when the count
/// crosses a multiple of `every`, or when there is none yet.
pub(crate) async fn after_append(tx: &mut Tx, appended: u64) -> Result<(), StoreError> {
    let Some(checkpointer) = tx.checkpointer.clone() else { return Ok(()) };
    let head = head(tx).await?;
    let before = head.entries.saturating_sub(appended);
    if head.latest.is_none() || head.entries / checkpointer.every > before / checkpointer.every {
        let c = insert(tx, &checkpointer.key, CheckpointKind::Checkpoint, head.entries, head.last_id, &head.hash).await?;
        tx.checkpoint = Some(c);
    }
    Ok(())
}
