//! What the start forecast (`domain::start_forecast`) reads of the waiting lists: per service,
//! the cases waiting and running now and the exits (starts, or closures without a start) in a
//! window, in one grouped query; a case's place in its queue; and one service's case dates for
//! the backtest. Resumed episodes (`reopened_from`) never waited, so they are left out.

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::start_forecast::CaseDates;

/// One service's waiting list as the forecast sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCounts {
    pub service_id: i64,
    pub waiting: i64,
    pub running: i64,
    pub exits_in_window: i64,
}

impl Store {
    /// Per service with any case: waiting and running now, and exits from `window_start` up to
    /// (not including) `today`.
    pub async fn queue_counts(&self, window_start: NaiveDate, today: NaiveDate) -> Result<Vec<QueueCounts>, StoreError> {
        let sql = "SELECT service_id, \
            CAST(sum(CASE WHEN started_on IS NULL AND closed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(sum(CASE WHEN started_on IS NOT NULL AND closed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(sum(CASE WHEN (started_on >= $1 AND started_on < $2) OR (started_on IS NULL AND closed_on >= $1 AND closed_on < $2) THEN 1 ELSE 0 END) AS BIGINT) \
            FROM cases WHERE reopened_from IS NULL AND (closed_on IS NULL OR closed_on >= $1) GROUP BY service_id ORDER BY service_id";
        let rows: Vec<(i64, i64, i64, i64)> = with_pool!(self, pool => sqlx::query_as(sql).bind(window_start).bind(today).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(service_id, waiting, running, exits_in_window)| QueueCounts { service_id, waiting, running, exits_in_window }).collect())
    }

    /// `queue_counts` for one service (a waiting case's page), reading only its cases.
    pub async fn queue_counts_of(&self, service_id: i64, window_start: NaiveDate, today: NaiveDate) -> Result<Option<QueueCounts>, StoreError> {
        let sql = "SELECT service_id, \
            CAST(sum(CASE WHEN started_on IS NULL AND closed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(sum(CASE WHEN started_on IS NOT NULL AND closed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(sum(CASE WHEN (started_on >= $1 AND started_on < $2) OR (started_on IS NULL AND closed_on >= $1 AND closed_on < $2) THEN 1 ELSE 0 END) AS BIGINT) \
            FROM cases WHERE service_id = $3 AND reopened_from IS NULL AND (closed_on IS NULL OR closed_on >= $1) GROUP BY service_id";
        let row: Option<(i64, i64, i64, i64)> =
            with_pool!(self, pool => sqlx::query_as(sql).bind(window_start).bind(today).bind(service_id).fetch_optional(pool).await)?;
        Ok(row.map(|(service_id, waiting, running, exits_in_window)| QueueCounts { service_id, waiting, running, exits_in_window }))
    }

    /// The case's place on its waiting list (1 = next), or `None` when it is not waiting.
    pub async fn queue_position(&self, case_id: i64) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT CAST(count(o.id) AS BIGINT) + 1 FROM cases c LEFT JOIN cases o ON o.service_id = c.service_id AND o.started_on IS NULL AND o.closed_on IS NULL \
            AND o.reopened_from IS NULL AND (o.enrolled_on < c.enrolled_on OR (o.enrolled_on = c.enrolled_on AND o.id < c.id)) \
            WHERE c.id = $1 AND c.started_on IS NULL AND c.closed_on IS NULL GROUP BY c.id";
        Ok(with_pool!(self, pool => sqlx::query_scalar(sql).bind(case_id).fetch_optional(pool).await)?)
    }

    /// The places (1 = next) of these waiting cases in their queues, in one statement; cases
    /// not waiting are left out.
    pub async fn queue_positions(&self, case_ids: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut out = Vec::new();
        for chunk in case_ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT c.id, (SELECT CAST(count(*) AS BIGINT) FROM cases o WHERE o.service_id = c.service_id AND o.started_on IS NULL AND o.closed_on IS NULL \
                 AND o.reopened_from IS NULL AND (o.enrolled_on < c.enrolled_on OR (o.enrolled_on = c.enrolled_on AND o.id < c.id))) + 1 \
                 FROM cases c WHERE c.started_on IS NULL AND c.closed_on IS NULL AND c.id IN ({})",
                marks.join(", ")
            );
            let mut rows: Vec<(i64, i64)> = with_pool!(self, pool => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(pool).await
            })?;
            out.append(&mut rows);
        }
        Ok(out)
    }

    /// Every case of a service that waited (not resumed episodes), by enrolment.
    pub async fn service_case_dates(&self, service_id: i64) -> Result<Vec<CaseDates>, StoreError> {
        let sql = "SELECT enrolled_on, started_on, closed_on FROM cases WHERE service_id = $1 AND reopened_from IS NULL ORDER BY enrolled_on, id";
        let rows: Vec<(NaiveDate, Option<NaiveDate>, Option<NaiveDate>)> =
            with_pool!(self, pool => sqlx::query_as(sql).bind(service_id).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(enrolled_on, started_on, closed_on)| CaseDates { enrolled_on, started_on, closed_on }).collect())
    }
}
