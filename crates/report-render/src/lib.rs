//! The caseload report (sagstal og ventetider) as people read it: a CSV for Danish Excel and a
//! printable HTML page laid out like the 2022 table. Both are built from the same formatted
//! cells (`RowView`), so the two can never disagree; every date and number goes through
//! `familiehus_domain::danish`, the one place the Danish formats are decided. `json` is the
//! document the API and the CLI give. A crate of its own (no HTTP in it), so the CLI renders
//! the report without linking the web server.

pub mod json;
pub mod outcome;
pub mod reach;

use askama::Template;
use familiehus_domain::danish;
use familiehus_domain::report::{FOOTNOTE_DA, Hide, PERCENTILE_NOTE_DA};
use familiehus_domain::{CaseloadReport, ReportPeriod, ReportRow};

/// Number of columns: the 2022 table's six, the further waiting-time figures, and the comparison.
pub const COLUMNS: usize = 12;

/// The report's columns, in order, exactly as the CSV header and the table head print them: the
/// 2022 table's headers unshortened, its remarks column last.
pub const HEADERS: [&str; COLUMNS] = [
    "Paragraf",
    "Indsats",
    "Aktuelt sagstal",
    "Sager, hvor der endnu ikke er iværksat indsats",
    "Gennemsnitlig ventetid for iværksættelse af indsats efter indskrivning (antal dage)",
    "Median ventetid (dage)",
    "90 %-fraktil (dage)",
    "Længste aktuelle ventetid (dage)",
    "Iværksat i perioden",
    "Gennemsnitlig ventetid forrige periode (dage)",
    "Ændring (dage)",
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
    /// The previous period's mean as shown, and the change with its sign (`+2,50`, `−1,00`).
    pub previous_mean: String,
    pub change: String,
    pub remarks: String,
}

fn two_decimals(value: Option<f64>) -> String {
    value.map(|v| danish::decimal(v, 2)).unwrap_or_default()
}

fn whole(value: Option<i64>) -> String {
    value.map(danish::integer).unwrap_or_default()
}

/// A count, or what stands in its place when it is hidden ("under 5", "–").
fn count(n: i64, hide: Hide) -> String {
    if hide.is_shown() { danish::integer(n) } else { hide.text_da().to_owned() }
}

impl RowView {
    pub fn new(row: &ReportRow) -> Self {
        Self {
            paragraph: row.paragraph.clone(),
            service: row.service_name.clone(),
            current_cases: count(row.current_cases, row.hidden.current_cases),
            not_started: count(row.not_started, row.hidden.not_started),
            wait_mean: two_decimals(row.wait.mean),
            wait_median: two_decimals(row.wait.median),
            wait_p90: whole(row.wait.p90),
            longest_current_wait: whole(row.longest_current_wait),
            started_in_period: count(row.started_in_period, row.hidden.started_in_period),
            previous_mean: two_decimals(row.previous_mean),
            change: row.change.map(signed).unwrap_or_default(),
            remarks: row.remarks.clone(),
        }
    }

    /// The cells in `HEADERS` order.
    pub fn cells(&self) -> [&str; COLUMNS] {
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
            &self.previous_mean,
            &self.change,
            &self.remarks,
        ]
    }
}

/// A change with its sign: `+2,50`, `−1,00` (a true minus sign), `0,00`.
pub fn signed(value: f64) -> String {
    let text = danish::decimal(value.abs(), 2);
    if text == danish::decimal(0.0, 2) {
        text
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// A CSV cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is read as a formula by Excel and LibreOffice (CSV injection), so it gets a
/// leading apostrophe, which they show as text. A cell that is only a number (`-3`, `82,77`)
/// is left alone, since it cannot be a formula and should stay a number.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(text) { std::borrow::Cow::Owned(format!("'{text}")) } else { std::borrow::Cow::Borrowed(text) }
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') && digits.starts_with(|c: char| c.is_ascii_digit())
}

/// Writes the records, each cell through `csv_cell`, so no cell of any CSV this crate writes
/// escapes it; an empty record is an empty line (the csv crate alone would write `""`).
pub(crate) fn write_safe(records: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.as_bytes().to_vec();
    for record in records {
        if record.is_empty() {
            out.extend_from_slice(b"\r\n");
            continue;
        }
        let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(out);
        writer.write_record(record.iter().map(|c| csv_cell(c).into_owned()))?;
        out = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    }
    Ok(out)
}

/// `01.01.2022 – 26.04.2022`.
///
/// (Also used for the comparison period.)
pub fn period_text(period: &ReportPeriod) -> String {
    format!("{} – {}", danish::date(period.from()), danish::date(period.to()))
}

/// `sagstal-og-ventetider-2022-01-01-2022-04-26.csv`: ISO dates sort in a folder.
pub fn csv_filename(period: &ReportPeriod) -> String {
    format!("sagstal-og-ventetider-{}-{}.csv", period.from().format("%Y-%m-%d"), period.to().format("%Y-%m-%d"))
}

/// Semicolon-separated (the list separator of Danish Excel, where the comma is the decimal
/// mark), UTF-8 with BOM, CRLF line ends: the title, period, report date and comparison period
/// first (a CSV travels without the page around it), then the table with one row per service
/// and the "I alt" row, then the footnote and the percentile note. Every cell goes through
/// `csv_cell`. The change is written as a plain number (`-0,04`) so Excel reads it as one.
pub fn csv(report: &CaseloadReport) -> Result<Vec<u8>, csv::Error> {
    let meta = Meta::new(report);
    let line = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<String>>();
    let mut records = vec![
        line(&[meta.title]),
        line(&["Periode", &meta.period]),
        line(&["Opgørelsesdato", &meta.as_of]),
        line(&["Sammenlignet med", &meta.previous_period]),
        Vec::new(),
        line(&HEADERS),
    ];
    for row in report.rows.iter().chain(std::iter::once(&report.totals)) {
        let mut view = RowView::new(row);
        view.change = row.change.map(|c| danish::decimal(c, 2)).unwrap_or_default();
        records.push(line(&view.cells()));
    }
    records.push(Vec::new());
    records.push(line(&["Note", meta.footnote]));
    records.push(line(&["Note", meta.percentile_note]));
    write_safe(&records)
}

/// What every format prints around the table: title, period, report date, the period compared
/// with, the footnote and the percentile note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: &'static str,
    pub period: String,
    pub as_of: String,
    /// Empty without a comparison.
    pub previous_period: String,
    pub footnote: &'static str,
    pub percentile_note: &'static str,
}

impl Meta {
    pub fn new(report: &CaseloadReport) -> Self {
        Self {
            title: TITLE,
            period: period_text(&report.period),
            as_of: danish::date(report.period.as_of()),
            previous_period: report.previous.as_ref().map(period_text).unwrap_or_default(),
            footnote: FOOTNOTE_DA,
            percentile_note: PERCENTILE_NOTE_DA,
        }
    }
}

/// The printable page (`templates/report.html`).
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub meta: Meta,
    pub headers: [&'static str; COLUMNS],
    pub rows: Vec<RowView>,
    pub totals: RowView,
}

impl ReportPage {
    pub fn new(report: &CaseloadReport) -> Self {
        Self { meta: Meta::new(report), headers: HEADERS, rows: report.rows.iter().map(RowView::new).collect(), totals: RowView::new(&report.totals) }
    }
}

pub fn html(report: &CaseloadReport) -> Result<String, askama::Error> {
    ReportPage::new(report).render()
}

/// The report as an accessible PDF (A4 landscape, tagged, PDF/UA-1): title, period, report date
/// and comparison, the table with its header row and the "I alt" row as its footer, then the
/// footnote and the percentile note, all from the same formatted cells as the other formats.
pub fn pdf(report: &CaseloadReport) -> Result<Vec<u8>, familiehus_pdf::PdfError> {
    use familiehus_pdf::{Block, Document, Table};
    let meta = Meta::new(report);
    let mut about = format!("Periode: {}. Opgørelsesdato: {}.", meta.period, meta.as_of);
    if !meta.previous_period.is_empty() {
        about.push_str(&format!(" Sammenlignet med {}.", meta.previous_period));
    }
    let rows = report.rows.iter().chain(std::iter::once(&report.totals)).map(|r| RowView::new(r).cells().map(str::to_owned).to_vec()).collect();
    let table = Table {
        headers: HEADERS.map(str::to_owned).to_vec(),
        rows,
        widths: vec![1.3, 3.0, 1.0, 1.2, 1.5, 1.0, 1.0, 1.1, 1.0, 1.2, 1.0, 2.6],
        numeric: vec![false, false, true, true, true, true, true, true, true, true, true, false],
        total_rows: 1,
    };
    let doc = Document {
        title: format!("{TITLE} {}", meta.period),
        landscape: true,
        blocks: vec![
            Block::Heading { level: 1, text: TITLE.to_owned() },
            Block::Paragraph(about),
            Block::Table(table),
            Block::Heading { level: 2, text: "Noter".to_owned() },
            Block::Small(meta.footnote.to_owned()),
            Block::Small(meta.percentile_note.to_owned()),
        ],
    };
    familiehus_pdf::render(&doc)
}

/// `sagstal-og-ventetider-….pdf`.
pub fn pdf_filename(period: &ReportPeriod) -> String {
    csv_filename(period).replace(".csv", ".pdf")
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
        let services =
            [ReportService { service_id: 1, paragraph: "§ 52.3.3".into(), label: "Familiebehandling".into(), remark: "Ny behandler fra marts".into() }];
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
        let now = CaseloadReport::build(period, &services, &aggregates);
        let previous_period = period.previous().unwrap();
        let mut before = aggregates.clone();
        before.entry(1).and_modify(|a| a.wait_sum = 200);
        now.compare_with(&CaseloadReport::build(previous_period, &services, &before))
    }

    #[test]
    fn csv_has_bom_title_period_comparison_danish_headers_decimals_and_notes() {
        let bytes = csv(&report()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some(format!("{BOM}{TITLE}").as_str()));
        assert_eq!(lines.next(), Some("Periode;01.01.2022 – 26.04.2022"));
        assert_eq!(lines.next(), Some("Opgørelsesdato;26.04.2022"));
        assert_eq!(lines.next(), Some("Sammenlignet med;01.07.2021 – 31.12.2021"));
        assert_eq!(lines.next(), Some(""));
        assert_eq!(lines.next(), Some(HEADERS.join(";").as_str()));
        // 248/3 = 82,67 now, 200/3 = 66,67 before: the change is 16,00, a plain number.
        assert_eq!(lines.next(), Some("§ 52.3.3;Familiebehandling;141;19;82,67;80,00;100;120;3;66,67;16,00;Ny behandler fra marts"));
        assert_eq!(lines.next(), Some(";I alt;141;19;82,67;;;120;3;66,67;16,00;"));
        assert_eq!(lines.next(), Some(""));
        let note = lines.next().unwrap_or_default();
        // Quoted: the text has a semicolon, the separator.
        assert!(note.starts_with("Note;\"Aktuelt sagstal:") && note.contains("Iværksat i perioden:"), "{note}");
        let note = lines.next().unwrap_or_default();
        assert!(note.starts_with("Note;90 %-fraktilen er beregnet efter nærmeste rang") && note.contains("PERCENTILE"), "{note}");
        assert_eq!(csv_filename(&report().period), "sagstal-og-ventetider-2022-01-01-2022-04-26.csv");
    }

    #[test]
    fn a_csv_cell_that_a_spreadsheet_would_run_is_neutralised() {
        let mut r = report();
        r.rows[0].service_name = r#"=HYPERLINK("http://x")"#.into();
        r.rows[0].remarks = "@SUM(A1)".into();
        r.rows[0].paragraph = "-1+2".into();
        let text = String::from_utf8(csv(&r).unwrap()).unwrap();
        assert!(text.contains(r#";"'=HYPERLINK(""http://x"")";"#), "{text}");
        assert!(text.contains(";'@SUM(A1)\r\n"), "{text}");
        assert!(text.contains("\r\n'-1+2;"), "{text}");
        for (cell, safe) in [("+1", "'+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-0,04", "-0,04"), ("82,77", "82,77"), ("-", "'-"), ("Familie", "Familie")] {
            assert_eq!(csv_cell(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn the_pdf_is_tagged_with_a_table_and_carries_title_comparison_and_notes() {
        let bytes = pdf(&report()).unwrap();
        let tags = familiehus_test_support::pdf::check_accessible(
            &bytes,
            "Oversigt over sagsantal og ventetider 01.01.2022 – 26.04.2022",
            &["H1", "H2", "P", "Table", "TH", "TD", "TFoot"],
        );
        assert!(tags.is_ok(), "{tags:?}");
        assert_eq!(pdf_filename(&report().period), "sagstal-og-ventetider-2022-01-01-2022-04-26.pdf");
    }

    #[test]
    fn html_is_danish_and_carries_the_footnote() {
        let page = html(&report()).unwrap();
        assert!(page.contains(r#"<html lang="da">"#));
        assert!(page.contains(TITLE));
        assert!(page.contains("Sammenlignet med 01.07.2021 – 31.12.2021"));
        assert!(page.contains("+16,00"));
        assert!(page.contains("nærmeste rang"));
        assert!(page.contains("01.01.2022 – 26.04.2022"));
        assert!(page.contains("82,67"));
        assert!(page.contains("@media print"));
        assert!(page.contains("Aktuelt sagstal: sager, der er indskrevet"));
    }
}
