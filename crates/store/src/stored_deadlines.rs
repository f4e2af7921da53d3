//! The stored next follow-up of each case (`0026_stored_deadlines.sql`): triggers mark a case
//! stale when its start, closure, service, follow-ups held or its service's follow-up rule
//! change; `refresh_stale_deadlines` recomputes the stale ones with the rule the caller passes
//! (`domain::deadlines::due_follow_up`, applied in `app::deadlines`) and clears the mark.
//!
//! The stale rows are read and rewritten in one write transaction, locked on PostgreSQL
//! (`FOR UPDATE`), so a follow-up recorded meanwhile waits and marks its case stale again after
//! the refresh commits: a refresh can never store a date that is already out of date.

use crate::tx::with_tx;
use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;

/// What a case's next follow-up is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineFacts {
    pub case_id: i64,
    pub service_id: i64,
    /// `None` while the case waits; a closed case has no deadline at all.
    pub started_on: Option<NaiveDate>,
    pub open: bool,
    pub held: u32,
}

/// How many stale cases one transaction refreshes: short transactions, so a large backfill
/// (after the migration, or a rule change on a large service) never holds the writer long.
const BATCH: i64 = 2000;

type FactRow = (i64, i64, Option<NaiveDate>, Option<NaiveDate>, i64);

impl Store {
    /// Whether any case's stored deadline waits to be recomputed (one indexed probe).
    pub async fn has_stale_deadlines(&self) -> Result<bool, StoreError> {
        let sql = "SELECT id FROM cases WHERE deadline_stale LIMIT 1";
        let found: Option<i64> = with_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await)?;
        Ok(found.is_some())
    }

    /// Recomputes every stale case's next follow-up with `next` (its due date and number, or
    /// `None` for no deadline; only called for started, open cases) and returns how many
    /// cases were refreshed.
    pub async fn refresh_stale_deadlines(&self, next: impl Fn(&DeadlineFacts) -> Option<(NaiveDate, u32)>) -> Result<u64, StoreError> {
        let lock = match self.backend() {
            crate::Backend::Sqlite => "",
            crate::Backend::Postgres => " FOR UPDATE OF c",
        };
        let select = format!(
            "SELECT c.id, c.service_id, c.started_on, c.closed_on, CAST((SELECT count(*) FROM follow_ups f WHERE f.case_id = c.id) AS BIGINT) \
             FROM cases c WHERE c.deadline_stale ORDER BY c.id LIMIT $1{lock}"
        );
        let update = "UPDATE cases SET next_follow_up_on = $1, next_follow_up_number = $2, deadline_stale = FALSE WHERE id = $3";
        let mut refreshed = 0;
        loop {
            let mut tx = self.begin().await?;
            let rows: Vec<FactRow> = with_tx!(tx, conn => sqlx::query_as(sqlx::AssertSqlSafe(select.as_str())).bind(BATCH).fetch_all(&mut *conn).await?);
            if rows.is_empty() {
                tx.commit().await?;
                return Ok(refreshed);
            }
            for (case_id, service_id, started_on, closed_on, held) in rows {
                let facts = DeadlineFacts { case_id, service_id, started_on, open: closed_on.is_none(), held: u32::try_from(held).unwrap_or(u32::MAX) };
                let due = if facts.open && facts.started_on.is_some() { next(&facts) } else { None };
                let (on, number) = (due.map(|d| d.0), due.map(|d| i64::from(d.1)));
                with_tx!(tx, conn => sqlx::query(update).bind(on).bind(number).bind(case_id).execute(&mut *conn).await?.rows_affected());
                refreshed += 1;
            }
            tx.commit().await?;
        }
    }
}
