//! The access log: who read or changed which personal data, when and from where.
//!
//! Only two paths write it, and both append inside a write transaction that holds the log's
//! lock, so the hash chain has a single order:
//! - a change carries its entries in its `Tx` and appends them at commit (`tx.rs`);
//! - a read hands its entries to the one log writer (`log_access`), a task that takes every
//!   entry waiting in its queue, appends them in one transaction (group commit), and answers
//!   each request only after that commit: the page is not shown before its entry is durable,
//!   yet a hundred readers cost one commit, not a hundred queued write locks.

use crate::tx::with_tx;
use crate::{Db, Store, StoreError, Tx, with_pool};
use chrono::Utc;
use familiehus_domain::AuditAction;
use familiehus_domain::audit::{AuditContent, ChainBroken, GENESIS, chain_hash, verify};
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

/// An event to log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub user_id: Option<i64>,
    pub action: AuditAction,
    pub person_id: Option<i64>,
    pub case_id: Option<i64>,
    pub detail: String,
    pub remote: String,
}

impl AuditEntry {
    pub fn new(action: AuditAction) -> Self {
        Self { user_id: None, action, person_id: None, case_id: None, detail: String::new(), remote: String::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub action: String,
    pub person_id: Option<i64>,
    pub case_id: Option<i64>,
    pub detail: String,
    pub remote: String,
    pub hash: String,
}

const SELECT: &str = "SELECT a.id, a.at, a.user_id, u.display_name AS user_name, a.action, a.person_id, a.case_id, a.detail, a.remote, a.hash \
    FROM audit_events a LEFT JOIN users u ON u.id = a.user_id";

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

/// Entries of one request waiting for the log writer, and where to tell it they are durable.
pub(crate) struct Pending {
    entries: Vec<AuditEntry>,
    done: oneshot::Sender<Result<(), String>>,
}

/// The most entries one group commit takes; the rest wait for the next.
const BATCH_LIMIT: usize = 512;

/// Starts the log writer on the current runtime. It ends when every `Store` is dropped.
pub(crate) fn spawn_log_writer(writer: Db) -> mpsc::Sender<Pending> {
    let (send, mut receive) = mpsc::channel::<Pending>(4096);
    tokio::spawn(async move {
        while let Some(first) = receive.recv().await {
            let mut batch = vec![first];
            while batch.len() < BATCH_LIMIT {
                match receive.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            let entries: Vec<AuditEntry> = batch.iter().flat_map(|p| p.entries.iter().cloned()).collect();
            let written = async {
                let mut tx = crate::tx::begin_on(&writer).await?;
                append_chain(&mut tx, &entries).await?;
                tx.commit().await
            }
            .await
            .map_err(|e| e.to_string());
            if let Err(error) = &written {
                tracing::error!(%error, entries = entries.len(), "access log batch not written");
            }
            for pending in batch {
                // A request that gave up waiting no longer needs the answer.
                let _ = pending.done.send(written.clone());
            }
        }
    });
    send
}

impl Store {
    /// Logs reads: returns once the entries are durable (group commit with other requests').
    pub async fn log_access(&self, entries: Vec<AuditEntry>) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let (done, answer) = oneshot::channel();
        self.log_writer.send(Pending { entries, done }).await.map_err(|_| StoreError::AccessLog("the log writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::AccessLog("the log writer has stopped".into()))?.map_err(StoreError::AccessLog)
    }

    /// Logs one read (see `log_access`).
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        self.log_access(vec![e.clone()]).await
    }

    /// Who has read or changed a case, newest first.
    pub async fn audit_for_case(&self, case_id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC");
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?)
    }

    /// The newest `limit` events of a case and how many there are in all: what a case page
    /// shows of "who has seen the case" without reading a log that grows with every view.
    pub async fn recent_audit_for_case(&self, case_id: i64, limit: i64) -> Result<(Vec<AuditEvent>, i64), StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC LIMIT $2");
        let count = "SELECT CAST(count(*) AS BIGINT) FROM audit_events WHERE case_id = $1";
        let events = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).bind(limit).fetch_all(pool).await)?;
        let total: i64 = with_pool!(self, pool => sqlx::query_scalar(count).bind(case_id).fetch_one(pool).await)?;
        Ok((events, total))
    }

    /// Every event, oldest first (for checks and exports).
    pub async fn audit_events(&self) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!("{SELECT} ORDER BY a.id");
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?)
    }

    /// Checks the whole chain; `Ok(n)` is the number of events verified.
    pub async fn verify_audit_chain(&self) -> Result<Result<u64, ChainBroken>, StoreError> {
        let events = self.audit_events().await?;
        Ok(verify(events.iter().map(|e| {
            (
                e.id,
                AuditContent {
                    at: &e.at,
                    user_id: e.user_id,
                    action: &e.action,
                    person_id: e.person_id,
                    case_id: e.case_id,
                    detail: &e.detail,
                    remote: &e.remote,
                },
                e.hash.as_str(),
            )
        })))
    }
}

impl Store {
    /// Runs one statement as given. For operators' repair scripts and for tests that prove the
    /// database itself refuses forbidden changes; application code never calls it.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(crate::with_writer!(self, pool => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|r| r.rows_affected()))?)
    }
}
