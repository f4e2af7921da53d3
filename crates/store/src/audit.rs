//! The access log: who read or changed which personal data, when and from where — its entries,
//! the reads of it, and the check of its hash chain.
//!
//! Only two paths write it, and both append inside a write transaction that holds the log's
//! lock, so the hash chain has a single order: a change carries its entries in its `Tx` and
//! appends them at commit (`tx.rs`); a read hands its entries to the log writer
//! (`log_writer.rs`, group commit).

use crate::{Store, StoreError, with_pool};
use familiehus_domain::AuditAction;
use familiehus_domain::audit::{AuditContent, ChainBroken, verify};
use serde::Serialize;

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

impl Store {
    /// Who has read or changed a case, newest first.
    pub async fn audit_for_case(&self, case_id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC");
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?)
    }

    /// Every event about a person, directly or through one of their cases, oldest first: the
    /// access-log part of an insight document.
    pub async fn audit_for_person(&self, person_id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!("{SELECT} WHERE a.person_id = $1 OR a.case_id IN (SELECT id FROM cases WHERE person_id = $1) ORDER BY a.id");
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(person_id).fetch_all(pool).await)?)
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
