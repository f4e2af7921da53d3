//! The report as a JSON document (`GET /api/reports/caseload` and `familiehus report --format
//! json`): raw numbers rather than formatted cells, the totals row without a `service_id`, and
//! the footnote with the column definitions.

use chrono::NaiveDate;
use familiehus_domain::report::{FOOTNOTE_DA, Hide, PERCENTILE_NOTE_DA};
use familiehus_domain::{CaseloadReport, ReportRow};
use serde::Serialize;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodOut {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
}

/// Waiting days from enrolment to start, over the cases started in the period.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitOut {
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// 90th percentile, nearest rank.
    pub p90: Option<i64>,
}

/// A count not shown, and why.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HiddenOut {
    pub field: String,
    /// `under_five` (1–4) or `withheld` (a total that would give a hidden count away).
    pub reason: String,
}

/// One row of the report; the totals row has no `service_id`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRowOut {
    pub service_id: Option<i64>,
    /// As the 2022 table writes it: `§ 52.3.2 + 52.3.3`.
    pub paragraph: String,
    pub service_name: String,
    /// Aktuelt sagstal: open on the report date, started or not. `null` when hidden from a
    /// role without case access (1–4, or a total that would give one away): see `hidden`.
    pub current_cases: Option<i64>,
    /// Sager, hvor der endnu ikke er iværksat indsats.
    pub not_started: Option<i64>,
    pub started_in_period: Option<i64>,
    /// Which counts are hidden and why: `under_five` or `withheld`; empty when all are shown.
    pub hidden: Vec<HiddenOut>,
    pub wait: WaitOut,
    /// Længste aktuelle ventetid: days waited so far by the oldest case not yet started.
    pub longest_current_wait: Option<i64>,
    /// The leader's remark to the committee.
    pub remarks: String,
    /// The previous period's mean wait as shown (two decimals).
    pub previous_mean: Option<f64>,
    /// Shown mean minus shown previous mean.
    pub change: Option<f64>,
}

impl ReportRowOut {
    fn new(row: &ReportRow, is_total: bool) -> Self {
        Self {
            service_id: (!is_total).then_some(row.service_id),
            paragraph: row.paragraph.clone(),
            service_name: row.service_name.clone(),
            current_cases: row.hidden.current_cases.is_shown().then_some(row.current_cases),
            not_started: row.hidden.not_started.is_shown().then_some(row.not_started),
            started_in_period: row.hidden.started_in_period.is_shown().then_some(row.started_in_period),
            hidden: [("current_cases", row.hidden.current_cases), ("not_started", row.hidden.not_started), ("started_in_period", row.hidden.started_in_period)]
                .into_iter()
                .filter(|(_, h)| !h.is_shown())
                .map(|(field, h)| HiddenOut { field: field.to_owned(), reason: if h == Hide::UnderFive { "under_five" } else { "withheld" }.to_owned() })
                .collect(),
            wait: WaitOut { mean: row.wait.mean, median: row.wait.median, p90: row.wait.p90 },
            longest_current_wait: row.longest_current_wait,
            remarks: row.remarks.clone(),
            previous_mean: row.previous_mean,
            change: row.change,
        }
    }
}

/// The report with its footnote (the column definitions, in Danish).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseloadReportOut {
    pub title: String,
    pub period: PeriodOut,
    pub rows: Vec<ReportRowOut>,
    pub totals: ReportRowOut,
    /// The period compared with (the previous half-year, or as long just before).
    pub previous_period: Option<PeriodOut>,
    pub footnote_da: String,
    /// How the 90th percentile is computed (nearest rank) and why Excel's differs.
    pub percentile_note_da: String,
}

impl From<&CaseloadReport> for CaseloadReportOut {
    fn from(r: &CaseloadReport) -> Self {
        Self {
            title: crate::TITLE.to_owned(),
            period: PeriodOut { from: r.period.from(), to: r.period.to(), as_of: r.period.as_of() },
            rows: r.rows.iter().map(|row| ReportRowOut::new(row, false)).collect(),
            totals: ReportRowOut::new(&r.totals, true),
            previous_period: r.previous.map(|p| PeriodOut { from: p.from(), to: p.to(), as_of: p.as_of() }),
            footnote_da: FOOTNOTE_DA.to_owned(),
            percentile_note_da: PERCENTILE_NOTE_DA.to_owned(),
        }
    }
}
