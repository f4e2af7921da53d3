//! The half-yearly report computed in SQL: two aggregate queries (cases open on the report date;
//! cases started in the period, with order statistics of their waits). Column definitions are in
//! `familiehus_domain::report`, whose `aggregate` is the reference this SQL is tested against.
//! The report's configuration (its rows) and its saved editions are in `report_editions.rs`.

use crate::{Db, Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::report::{ReportService, ServiceAggregates};
use familiehus_domain::{CaseFacts, CaseloadReport, ReportPeriod};
use std::collections::BTreeMap;

/// Cases open on the report date ($1): counts, and the oldest enrolment among those not started.
/// The two halves (never closed; closed after the report date) each read one range of the
/// covering index `cases_open`, instead of every case ever enrolled.
const OPEN_SQL: &str = "SELECT c.service_id, count(*) AS current_cases, \
    CAST(sum(CASE WHEN c.started_on IS NULL OR c.started_on > $1 THEN 1 ELSE 0 END) AS BIGINT) AS not_started, \
    min(CASE WHEN c.started_on IS NULL OR c.started_on > $1 THEN c.enrolled_on END) AS oldest_waiting \
    FROM (SELECT service_id, enrolled_on, started_on FROM cases WHERE closed_on IS NULL AND enrolled_on <= $1 \
          UNION ALL \
          SELECT service_id, enrolled_on, started_on FROM cases WHERE closed_on > $1 AND enrolled_on <= $1) c \
    GROUP BY c.service_id";

/// Waits of cases started in the period ($1..=$2) as a histogram per service (waits are whole
/// days, so there are few distinct values), then running counts over it: the r-th smallest
/// wait is the smallest wait whose running count reaches r, with the ranks of
/// `domain::report::ranks`. `{WAIT}` is the dialect's "days from enrolled_on to started_on".
const STARTED_SQL: &str = "WITH hist AS ( \
        SELECT c.service_id, {WAIT} AS wait, count(*) AS k FROM cases c \
        WHERE c.started_on >= $1 AND c.started_on <= $2 AND c.reopened_from IS NULL \
        GROUP BY 1, 2 \
    ), cum AS ( \
        SELECT service_id, wait, k, \
        CAST(sum(k) OVER (PARTITION BY service_id ORDER BY wait ROWS UNBOUNDED PRECEDING) AS BIGINT) AS upto, \
        CAST(sum(k) OVER (PARTITION BY service_id) AS BIGINT) AS n FROM hist \
    ) \
    SELECT service_id, max(n) AS started, CAST(sum(wait * k) AS BIGINT) AS wait_sum, \
    CAST(min(CASE WHEN upto >= (n + 1) / 2 THEN wait END) AS BIGINT) AS median_low, \
    CAST(min(CASE WHEN upto >= (n + 2) / 2 THEN wait END) AS BIGINT) AS median_high, \
    CAST(min(CASE WHEN upto >= (9 * n + 9) / 10 THEN wait END) AS BIGINT) AS p90 \
    FROM cum GROUP BY service_id";

type StartedRow = (i64, i64, i64, Option<i64>, Option<i64>, Option<i64>);
/// service, enrolled, started, closed, reopened from.
type FactsRow = (i64, NaiveDate, Option<NaiveDate>, Option<NaiveDate>, Option<i64>);

impl Store {
    /// The report's rows as configured (the catalogue's report flag until a configuration is saved).
    pub async fn report_services(&self) -> Result<Vec<ReportService>, StoreError> {
        Ok(self.report_config().await?.config.rows)
    }

    /// Per-service aggregates for the period, computed by the database for every service (the
    /// configuration picks the rows; which services it names is not the SQL's business).
    pub async fn report_aggregates(&self, period: &ReportPeriod) -> Result<BTreeMap<i64, ServiceAggregates>, StoreError> {
        let as_of = period.as_of();
        let open: Vec<(i64, i64, i64, Option<NaiveDate>)> = with_pool!(self, pool => sqlx::query_as(OPEN_SQL).bind(as_of).fetch_all(pool).await)?;
        let wait = match self.db {
            Db::Sqlite(_) => "CAST(julianday(c.started_on) - julianday(c.enrolled_on) AS INTEGER)",
            Db::Postgres(_) => "CAST(c.started_on - c.enrolled_on AS BIGINT)",
        };
        let started_sql = STARTED_SQL.replace("{WAIT}", wait);
        let started: Vec<StartedRow> =
            with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(started_sql.as_str())).bind(period.from()).bind(period.to()).fetch_all(pool).await)?;

        let mut out: BTreeMap<i64, ServiceAggregates> = BTreeMap::new();
        for (service_id, current_cases, not_started, oldest_waiting) in open {
            let a = out.entry(service_id).or_default();
            a.current_cases = current_cases;
            a.not_started = not_started;
            a.longest_current_wait = oldest_waiting.map(|d| (as_of - d).num_days());
        }
        for (service_id, started, wait_sum, median_low, median_high, p90) in started {
            let a = out.entry(service_id).or_default();
            a.started_in_period = started;
            a.wait_sum = wait_sum;
            a.wait_median_low = median_low;
            a.wait_median_high = median_high;
            a.wait_p90 = p90;
        }
        Ok(out)
    }

    /// The report for the configured rows, without a comparison.
    pub async fn caseload_report(&self, period: ReportPeriod) -> Result<CaseloadReport, StoreError> {
        let services = self.report_services().await?;
        self.caseload_report_for(period, &services).await
    }

    /// The report for the given rows, without a comparison.
    pub async fn caseload_report_for(&self, period: ReportPeriod, services: &[ReportService]) -> Result<CaseloadReport, StoreError> {
        let aggregates = self.report_aggregates(&period).await?;
        Ok(CaseloadReport::build(period, services, &aggregates))
    }

    /// The dates of every case: the input of the reference computation.
    pub async fn report_case_facts(&self) -> Result<Vec<CaseFacts>, StoreError> {
        let sql = "SELECT c.service_id, c.enrolled_on, c.started_on, c.closed_on, c.reopened_from FROM cases c";
        let rows: Vec<FactsRow> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(service_id, enrolled_on, started_on, closed_on, reopened_from)| CaseFacts {
                service_id,
                enrolled_on,
                started_on,
                closed_on,
                resumed: reopened_from.is_some(),
            })
            .collect())
    }
}
