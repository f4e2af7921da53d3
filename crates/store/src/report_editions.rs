//! The committee report's configuration and its saved editions (`0008_report_editions.sql`).
//!
//! The configuration (rows: service, paragraph, label, remark, in order) is one row holding a
//! snapshot; without it the rows come from the catalogue's report flag
//! (`ReportConfig::from_catalogue`). An edition is the whole report as it was sent to a committee
//! meeting — rows, remarks, figures and the comparison — kept as a snapshot, so reopening it
//! reads the snapshot and never recomputes: new or changed cases cannot alter what was sent.
//! Both go through shapes this crate owns (`ConfigSnapshot`, `EditionSnapshot`), whose
//! conversions name every field, so a field added to the domain types does not compile until it
//! has a place and a default here.

use crate::snapshot::{self, Versioned};
use crate::{Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::report::{CatalogueRow, ReportService, WaitStats};
use familiehus_domain::{CaseloadReport, ReportConfig, ReportPeriod, ReportRow};
use serde::{Deserialize, Serialize};

/// The configuration in force and whether it was saved (`false`: the catalogue's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReportConfig {
    pub config: ReportConfig,
    pub saved: bool,
}

/// A saved edition: the meeting it was for, the report as sent, and who saved it when.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportEdition {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub report: CaseloadReport,
    /// RFC 3339, UTC, seconds.
    pub saved_at: String,
    pub saved_by: Option<String>,
}

/// An edition in the list: enough to pick one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionSummary {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_of: NaiveDate,
    pub saved_at: String,
    pub saved_by: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RowConfigSnapshot {
    service_id: i64,
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    remark: String,
}

#[derive(Serialize, Deserialize)]
struct ConfigSnapshot {
    #[serde(default)]
    rows: Vec<RowConfigSnapshot>,
}

impl Versioned for ConfigSnapshot {
    const FORMAT: u64 = 1;
}

impl From<&ReportConfig> for ConfigSnapshot {
    fn from(c: &ReportConfig) -> Self {
        let ReportConfig { rows } = c;
        let rows = rows
            .iter()
            .map(|r| {
                let ReportService { service_id, paragraph, label, remark } = r.clone();
                RowConfigSnapshot { service_id, paragraph, label, remark }
            })
            .collect();
        ConfigSnapshot { rows }
    }
}

impl From<ConfigSnapshot> for ReportConfig {
    fn from(c: ConfigSnapshot) -> Self {
        let rows = c
            .rows
            .into_iter()
            .map(|RowConfigSnapshot { service_id, paragraph, label, remark }| ReportService { service_id, paragraph, label, remark })
            .collect();
        ReportConfig { rows }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy)]
struct PeriodSnapshot {
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
}

#[derive(Serialize, Deserialize)]
struct RowSnapshot {
    #[serde(default)]
    service_id: i64,
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    service_name: String,
    #[serde(default)]
    current_cases: i64,
    #[serde(default)]
    not_started: i64,
    #[serde(default)]
    started_in_period: i64,
    #[serde(default)]
    wait_mean: Option<f64>,
    #[serde(default)]
    wait_median: Option<f64>,
    #[serde(default)]
    wait_p90: Option<i64>,
    #[serde(default)]
    longest_current_wait: Option<i64>,
    #[serde(default)]
    remarks: String,
    #[serde(default)]
    previous_mean: Option<f64>,
    #[serde(default)]
    change: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct EditionSnapshot {
    period: PeriodSnapshot,
    #[serde(default)]
    previous: Option<PeriodSnapshot>,
    #[serde(default)]
    rows: Vec<RowSnapshot>,
    totals: RowSnapshot,
}

impl Versioned for EditionSnapshot {
    const FORMAT: u64 = 1;
}

fn period_snapshot(p: &ReportPeriod) -> PeriodSnapshot {
    PeriodSnapshot { from: p.from(), to: p.to(), as_of: p.as_of() }
}

fn period_of(p: PeriodSnapshot, what: &str) -> Result<ReportPeriod, StoreError> {
    ReportPeriod::new(p.from, p.to, Some(p.as_of)).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

fn row_snapshot(r: &ReportRow) -> RowSnapshot {
    let ReportRow {
        service_id,
        paragraph,
        service_name,
        current_cases,
        not_started,
        started_in_period,
        wait,
        longest_current_wait,
        remarks,
        previous_mean,
        change,
        // Editions keep the full figures; what a reader may see is decided when it is shown.
        hidden: _,
    } = r.clone();
    let WaitStats { mean, median, p90 } = wait;
    RowSnapshot {
        service_id,
        paragraph,
        service_name,
        current_cases,
        not_started,
        started_in_period,
        wait_mean: mean,
        wait_median: median,
        wait_p90: p90,
        longest_current_wait,
        remarks,
        previous_mean,
        change,
    }
}

fn row_of(r: RowSnapshot) -> ReportRow {
    let RowSnapshot {
        service_id,
        paragraph,
        service_name,
        current_cases,
        not_started,
        started_in_period,
        wait_mean,
        wait_median,
        wait_p90,
        longest_current_wait,
        remarks,
        previous_mean,
        change,
    } = r;
    ReportRow {
        service_id,
        paragraph,
        service_name,
        current_cases,
        not_started,
        started_in_period,
        wait: WaitStats { mean: wait_mean, median: wait_median, p90: wait_p90 },
        longest_current_wait,
        remarks,
        previous_mean,
        change,
        hidden: familiehus_domain::report::HiddenCounts::default(),
    }
}

impl From<&CaseloadReport> for EditionSnapshot {
    fn from(r: &CaseloadReport) -> Self {
        let CaseloadReport { period, rows, totals, previous } = r;
        EditionSnapshot {
            period: period_snapshot(period),
            previous: previous.as_ref().map(period_snapshot),
            rows: rows.iter().map(row_snapshot).collect(),
            totals: row_snapshot(totals),
        }
    }
}

impl EditionSnapshot {
    fn into_report(self, what: &str) -> Result<CaseloadReport, StoreError> {
        let EditionSnapshot { period, previous, rows, totals } = self;
        Ok(CaseloadReport {
            period: period_of(period, what)?,
            previous: previous.map(|p| period_of(p, what)).transpose()?,
            rows: rows.into_iter().map(row_of).collect(),
            totals: row_of(totals),
        })
    }
}

type EditionRow = (i64, NaiveDate, NaiveDate, NaiveDate, NaiveDate, String, Option<String>);

impl Store {
    /// The report's configuration: the saved one, or rows for the services the catalogue marks
    /// for the report.
    pub async fn report_config(&self) -> Result<StoredReportConfig, StoreError> {
        let sql = "SELECT snapshot FROM report_config WHERE id = 1";
        let row: Option<(String,)> = with_pool!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?;
        if let Some((text,)) = row {
            let config = ReportConfig::from(snapshot::decode::<ConfigSnapshot>(&text, "report configuration")?);
            return Ok(StoredReportConfig { config, saved: true });
        }
        let rows = self
            .list_services()
            .await?
            .into_iter()
            .filter(|s| s.service.in_report)
            .map(|s| CatalogueRow { service_id: s.id, name: s.service.name, legal_refs: s.service.legal_refs })
            .collect();
        Ok(StoredReportConfig { config: ReportConfig::from_catalogue(rows), saved: false })
    }

    /// The saved editions, newest meeting first.
    pub async fn report_editions(&self) -> Result<Vec<EditionSummary>, StoreError> {
        let sql = "SELECT e.id, e.meeting_on, e.period_from, e.period_to, e.as_of, e.saved_at, u.display_name FROM report_editions e \
            LEFT JOIN users u ON u.id = e.saved_by ORDER BY e.meeting_on DESC, e.id DESC";
        let rows: Vec<EditionRow> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, meeting_on, period_from, period_to, as_of, saved_at, saved_by)| EditionSummary {
                id,
                meeting_on,
                period_from,
                period_to,
                as_of,
                saved_at,
                saved_by,
            })
            .collect())
    }

    /// One edition exactly as it was saved; `None` for an unknown id.
    pub async fn report_edition(&self, id: i64) -> Result<Option<ReportEdition>, StoreError> {
        let sql = "SELECT e.meeting_on, e.snapshot, e.saved_at, u.display_name FROM report_editions e LEFT JOIN users u ON u.id = e.saved_by WHERE e.id = $1";
        let row: Option<(NaiveDate, String, String, Option<String>)> = with_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?;
        let Some((meeting_on, text, saved_at, saved_by)) = row else { return Ok(None) };
        let what = format!("report edition {id}");
        let report = snapshot::decode::<EditionSnapshot>(&text, &what)?.into_report(&what)?;
        Ok(Some(ReportEdition { id, meeting_on, report, saved_at, saved_by }))
    }
}

impl Tx {
    /// Replaces the configuration; refused (`StoreError::Invalid`) unless it validates.
    pub async fn save_report_config(&mut self, config: &ReportConfig, by: Option<i64>) -> Result<(), StoreError> {
        config.validate()?;
        let text = snapshot::encode(&ConfigSnapshot::from(config))?;
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let sql = "INSERT INTO report_config (id, snapshot, changed_at, changed_by) VALUES (1, $1, $2, $3) \
            ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, changed_at = excluded.changed_at, changed_by = excluded.changed_by";
        crate::tx::with_tx!(self, conn => sqlx::query(sql).bind(&text).bind(&at).bind(by).execute(&mut *conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Keeps `report` as sent to the meeting on `meeting_on`; returns the edition's id.
    pub async fn save_report_edition(&mut self, meeting_on: NaiveDate, report: &CaseloadReport, by: Option<i64>) -> Result<i64, StoreError> {
        let text = snapshot::encode(&EditionSnapshot::from(report))?;
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let p = report.period;
        let sql = "INSERT INTO report_editions (meeting_on, period_from, period_to, as_of, snapshot, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let (id,): (i64,) = crate::tx::with_tx!(self, conn => sqlx::query_as(sql)
            .bind(meeting_on).bind(p.from()).bind(p.to()).bind(p.as_of()).bind(&text).bind(&at).bind(by)
            .fetch_one(&mut *conn).await)?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edition_snapshot_reads_back_as_written_and_missing_fields_default() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let period = ReportPeriod::new(d(2022, 1, 1), d(2022, 4, 26), None).expect("period");
        let rows = [ReportService { service_id: 3, paragraph: "§ 76".into(), label: "Efterværn".into(), remark: "Ny medarbejder".into() }];
        let mut a = std::collections::BTreeMap::new();
        a.insert(3, familiehus_domain::ServiceAggregates { current_cases: 38, not_started: 7, started_in_period: 7, wait_sum: 331, ..Default::default() });
        let before = CaseloadReport::build(period.previous().expect("previous"), &rows, &a);
        let report = CaseloadReport::build(period, &rows, &a).compare_with(&before);
        let text = snapshot::encode(&EditionSnapshot::from(&report)).expect("encode");
        assert_eq!(snapshot::decode::<EditionSnapshot>(&text, "e").expect("decode").into_report("e").expect("report"), report);
        let old = r#"{"format":1,"data":{"period":{"from":"2022-01-01","to":"2022-04-26","as_of":"2022-04-26"},"totals":{"service_name":"I alt"}}}"#;
        let read = snapshot::decode::<EditionSnapshot>(old, "e").expect("decode").into_report("e").expect("report");
        assert_eq!((read.rows.len(), read.totals.service_name.as_str(), read.previous), (0, "I alt", None));
    }
}
