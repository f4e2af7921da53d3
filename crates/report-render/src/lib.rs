//! The caseload report (sagstal og ventetider) as people read it: a CSV for Danish Excel and a
//! printable HTML page laid out like the 2022 table. Both are built from the same formatted
//! cells (`RowView`), so the two can never disagree; every date and number goes through
//! `familiehus_domain::danish`, the one place the Danish formats are decided. `json` is the
//! document the API and the CLI give. A crate of its own (no HTTP in it), so the CLI renders
//! the report without linking the web server.

pub mod json;

use askama::Template;
use familiehus_domain::danish;
use familiehus_domain::report::FOOTNOTE_DA;
use familiehus_domain::{CaseloadReport, ReportPeriod, ReportRow};

/// The report's columns, in order, exactly as the CSV header and the table head print them.
pub const HEADERS: [&str; 10] = [
    "Paragraf",
    "Indsats",
    "Aktuelt sagstal",
    "Sager, hvor der endnu ikke er iværksat indsats",
    "Gennemsnitlig ventetid (dage)",
    "Median ventetid (dage)",
    "90 %-fraktil (dage)",
    "Længste aktuelle ventetid (dage)",
    "Iværksat i perioden",
    "Bemærkninger",
];

pub const TITLE: &str = "Oversigt over sagsantal og ventetider";

/// UTF-8 byte order mark: without it Excel reads the CSV as Windows-1252 and garbles æøå.
const BOM: &str = "\u{feff}";

/// One row with every cell formatted; an empty string where there is no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub paragraph: String,
    pub service: String,
    pub current_cases: String,
    pub not_started: String,
    pub wait_mean: String,
    pub wait_median: String,
    pub wait_p90: String,
    pub longest_current_wait: String,
    pub started_in_period: String,
    pub remarks: String,
}

fn two_decimals(value: Option<f64>) -> String {
    value.map(|v| danish::decimal(v, 2)).unwrap_or_default()
}

fn whole(value: Option<i64>) -> String {
    value.map(danish::integer).unwrap_or_default()
}

impl RowView {
    pub fn new(row: &ReportRow) -> Self {
        Self {
            paragraph: row.paragraph.clone(),
            service: row.service_name.clone(),
            current_cases: danish::integer(row.current_cases),
            not_started: danish::integer(row.not_started),
            wait_mean: two_decimals(row.wait.mean),
            wait_median: two_decimals(row.wait.median),
            wait_p90: whole(row.wait.p90),
            longest_current_wait: whole(row.longest_current_wait),
            started_in_period: danish::integer(row.started_in_period),
            remarks: row.remarks.clone(),
        }
    }

    /// The cells in `HEADERS` order.
    pub fn cells(&self) -> [&str; 10] {
        [
            &self.paragraph,
            &self.service,
            &self.current_cases,
            &self.not_started,
            &self.wait_mean,
            &self.wait_median,
            &self.wait_p90,
            &self.longest_current_wait,
            &self.started_in_period,
            &self.remarks,
        ]
    }
}

/// `01.01.2022 – 26.04.2022`.
pub fn period_text(period: &ReportPeriod) -> String {
    format!("{} – {}", danish::date(period.from()), danish::date(period.to()))
}

/// `sagstal-og-ventetider-2022-01-01-2022-04-26.csv`: ISO dates sort in a folder.
pub fn csv_filename(period: &ReportPeriod) -> String {
    format!("sagstal-og-ventetider-{}-{}.csv", period.from().format("%Y-%m-%d"), period.to().format("%Y-%m-%d"))
}

/// Semicolon-separated (the list separator of Danish Excel, where the comma is the decimal
/// mark), UTF-8 with BOM, CRLF line ends, one row per service and the "I alt" row last.
pub fn csv(report: &CaseloadReport) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(BOM.as_bytes().to_vec());
    writer.write_record(HEADERS)?;
    for row in report.rows.iter().chain(std::iter::once(&report.totals)) {
        writer.write_record(RowView::new(row).cells())?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The printable page (`templates/report.html`).
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub title: &'static str,
    pub period: String,
    pub as_of: String,
    pub headers: [&'static str; 10],
    pub rows: Vec<RowView>,
    pub totals: RowView,
    pub footnote: &'static str,
}

impl ReportPage {
    pub fn new(report: &CaseloadReport) -> Self {
        Self {
            title: TITLE,
            period: period_text(&report.period),
            as_of: danish::date(report.period.as_of()),
            headers: HEADERS,
            rows: report.rows.iter().map(RowView::new).collect(),
            totals: RowView::new(&report.totals),
            footnote: FOOTNOTE_DA,
        }
    }
}

pub fn html(report: &CaseloadReport) -> Result<String, askama::Error> {
    ReportPage::new(report).render()
}

/// The report as the API's JSON document (pretty-printed), for the command line.
pub fn json(report: &CaseloadReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&json::CaseloadReportOut::from(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use familiehus_domain::report::{ReportService, ServiceAggregates};
    use std::collections::BTreeMap;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn report() -> CaseloadReport {
        let period = ReportPeriod::new(d(2022, 1, 1), d(2022, 4, 26), None).unwrap();
        let services = [ReportService {
            service_id: 1,
            name: "Familiebehandling".into(),
            legal_refs: familiehus_domain::legal_ref::parse_refs("§ 52.3.3").unwrap(),
            unit_name: "Familiehuset".into(),
        }];
        let mut aggregates = BTreeMap::new();
        aggregates.insert(
            1,
            ServiceAggregates {
                current_cases: 141,
                not_started: 19,
                started_in_period: 3,
                wait_sum: 248,
                wait_median_low: Some(80),
                wait_median_high: Some(80),
                wait_p90: Some(100),
                longest_current_wait: Some(120),
            },
        );
        CaseloadReport::build(period, &services, &aggregates)
    }

    #[test]
    fn csv_has_bom_danish_headers_and_decimals() {
        let bytes = csv(&report()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some(format!("{BOM}{}", HEADERS.join(";")).as_str()));
        assert_eq!(lines.next(), Some("§ 52.3.3;Familiebehandling;141;19;82,67;80,00;100;120;3;Leveres af Familiehuset"));
        assert_eq!(lines.next(), Some(";I alt;141;19;82,67;;;120;3;"));
        assert_eq!(csv_filename(&report().period), "sagstal-og-ventetider-2022-01-01-2022-04-26.csv");
    }

    #[test]
    fn html_is_danish_and_carries_the_footnote() {
        let page = html(&report()).unwrap();
        assert!(page.contains(r#"<html lang="da">"#));
        assert!(page.contains(TITLE));
        assert!(page.contains("01.01.2022 – 26.04.2022"));
        assert!(page.contains("82,67"));
        assert!(page.contains("@media print"));
        assert!(page.contains("Aktuelt sagstal: sager, der er indskrevet"));
    }
}
