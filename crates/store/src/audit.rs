//! The access log: who read or changed which personal data, when and from where. Appends are
//! serialised (one writer at a time) so the hash chain has a single order.

use crate::{Db, Store, StoreError, with_pool};
use chrono::Utc;
use familiehus_domain::audit::{AuditContent, ChainBroken, GENESIS, chain_hash, verify};
use serde::Serialize;

/// An event to log. `action` is a stable code such as `read_case` or `start_case`.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub user_id: Option<i64>,
    pub action: &'static str,
    pub person_id: Option<i64>,
    pub case_id: Option<i64>,
    pub detail: String,
    pub remote: String,
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
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let last = "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1";
        let insert = "INSERT INTO audit_events (at, user_id, action, person_id, case_id, detail, remote, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let content = |previous: &str| {
            chain_hash(
                previous,
                &AuditContent {
                    at: &at,
                    user_id: e.user_id,
                    action: e.action,
                    person_id: e.person_id,
                    case_id: e.case_id,
                    detail: &e.detail,
                    remote: &e.remote,
                },
            )
        };
        match &self.db {
            Db::Sqlite(pool) => {
                // IMMEDIATE takes the write lock before reading the last hash.
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let previous: Option<String> = sqlx::query_scalar(last).fetch_optional(&mut *tx).await?;
                let hash = content(previous.as_deref().unwrap_or(GENESIS));
                sqlx::query(insert)
                    .bind(&at)
                    .bind(e.user_id)
                    .bind(e.action)
                    .bind(e.person_id)
                    .bind(e.case_id)
                    .bind(&e.detail)
                    .bind(&e.remote)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
                let previous: Option<String> = sqlx::query_scalar(last).fetch_optional(&mut *tx).await?;
                let hash = content(previous.as_deref().unwrap_or(GENESIS));
                sqlx::query(insert)
                    .bind(&at)
                    .bind(e.user_id)
                    .bind(e.action)
                    .bind(e.person_id)
                    .bind(e.case_id)
                    .bind(&e.detail)
                    .bind(&e.remote)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Who has read or changed a case, newest first.
    pub async fn audit_for_case(&self, case_id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC");
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?)
    }

    /// Checks the whole chain; `Ok(n)` is the number of events verified.
    pub async fn verify_audit_chain(&self) -> Result<Result<u64, ChainBroken>, StoreError> {
        let sql = format!("{SELECT} ORDER BY a.id");
        let events: Vec<AuditEvent> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
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
        Ok(with_pool!(self, pool => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|r| r.rows_affected()))?)
    }
}
