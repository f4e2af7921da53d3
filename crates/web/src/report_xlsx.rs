//! The caseload report as an Excel workbook: real numbers in the cells (Excel shows them with
//! the reader's decimal comma); the title, period, report date and comparison period above the
//! table; the header row frozen and an autofilter over the table; the footnote and the
//! percentile note below it. The means are written as shown (two decimals), so the change
//! column is the difference of the two figures beside it in Excel too.

use familiehus_domain::report::{Hide, shown};
use familiehus_domain::{CaseloadReport, ReportRow};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::report_render::{COLUMNS, HEADERS, Meta};

/// The table's header row (0-based); the rows above it hold title, period, date, comparison.
const HEADER_ROW: u32 = 5;

fn number(sheet: &mut Worksheet, r: u32, c: u16, value: Option<f64>, format: &Format) -> Result<(), XlsxError> {
    if let Some(v) = value {
        sheet.write_number_with_format(r, c, v, format)?;
    }
    Ok(())
}

/// A count as a number, or "under 5" / "–" as text when it is hidden.
fn count(sheet: &mut Worksheet, r: u32, c: u16, n: i64, hide: Hide, whole: &Format, text: &Format) -> Result<(), XlsxError> {
    if hide.is_shown() {
        sheet.write_number_with_format(r, c, n as f64, whole)?;
    } else {
        sheet.write_string_with_format(r, c, hide.text_da(), text)?;
    }
    Ok(())
}

fn write_row(sheet: &mut Worksheet, r: u32, row: &ReportRow, text: &Format, whole: &Format, decimals: &Format) -> Result<(), XlsxError> {
    sheet.write_string_with_format(r, 0, &row.paragraph, text)?;
    sheet.write_string_with_format(r, 1, &row.service_name, text)?;
    count(sheet, r, 2, row.current_cases, row.hidden.current_cases, whole, text)?;
    count(sheet, r, 3, row.not_started, row.hidden.not_started, whole, text)?;
    number(sheet, r, 4, row.wait.mean.map(shown), decimals)?;
    number(sheet, r, 5, row.wait.median, decimals)?;
    number(sheet, r, 6, row.wait.p90.map(|v| v as f64), whole)?;
    number(sheet, r, 7, row.longest_current_wait.map(|v| v as f64), whole)?;
    count(sheet, r, 8, row.started_in_period, row.hidden.started_in_period, whole, text)?;
    number(sheet, r, 9, row.previous_mean, decimals)?;
    number(sheet, r, 10, row.change, decimals)?;
    sheet.write_string_with_format(r, 11, &row.remarks, text)?;
    Ok(())
}

pub fn xlsx(report: &CaseloadReport) -> Result<Vec<u8>, XlsxError> {
    let meta = Meta::new(report);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sagstal og ventetider")?;
    let plain = Format::new().set_text_wrap();
    let bold = Format::new().set_bold().set_text_wrap();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#DDE6F0");
    let whole = Format::new().set_num_format("0");
    let decimals = Format::new().set_num_format("0.00");
    let whole_bold = Format::new().set_num_format("0").set_bold();
    let decimals_bold = Format::new().set_num_format("0.00").set_bold();
    sheet.write_string_with_format(0, 0, meta.title, &Format::new().set_bold().set_font_size(14))?;
    sheet.write_string(1, 0, format!("Periode: {}", meta.period))?;
    sheet.write_string(2, 0, format!("Opgørelsesdato: {}", meta.as_of))?;
    if !meta.previous_period.is_empty() {
        sheet.write_string(3, 0, format!("Sammenlignet med: {}", meta.previous_period))?;
    }
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
    }
    let mut r = HEADER_ROW + 1;
    for row in &report.rows {
        write_row(sheet, r, row, &plain, &whole, &decimals)?;
        r += 1;
    }
    write_row(sheet, r, &report.totals, &bold, &whole_bold, &decimals_bold)?;
    let last_column = (COLUMNS - 1) as u16;
    // The filter covers the service rows only: sorting must not move the "I alt" row.
    sheet.autofilter(HEADER_ROW, 0, r - 1, last_column)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.merge_range(r + 2, 0, r + 2, last_column, meta.footnote, &plain)?;
    sheet.set_row_height(r + 2, 75)?;
    sheet.merge_range(r + 3, 0, r + 3, last_column, meta.percentile_note, &plain)?;
    sheet.set_row_height(r + 3, 45)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 44)?;
    for c in 2..=10 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_column_width(11, 40)?;
    sheet.set_row_height(HEADER_ROW, 90)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::ReportPeriod;
    use familiehus_domain::report::{ReportService, ServiceAggregates};
    use std::io::Read;

    /// The workbook's sheet XML, read back out of the zip archive an xlsx file is.
    fn sheet_xml(bytes: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut file = archive.by_name("xl/worksheets/sheet1.xml").expect("sheet");
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("utf-8");
        xml
    }

    #[test]
    fn the_workbook_has_title_comparison_a_frozen_header_and_a_filter() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let period = ReportPeriod::new(d("2022-01-01"), d("2022-04-26"), None).expect("period");
        let services = [ReportService { service_id: 1, paragraph: "§ 52.3.3".into(), label: "Familiebehandling".into(), remark: String::new() }];
        let mut aggregates = std::collections::BTreeMap::new();
        aggregates.insert(1, ServiceAggregates { current_cases: 141, not_started: 19, started_in_period: 2, wait_sum: 165, ..Default::default() });
        let before = CaseloadReport::build(period.previous().expect("previous"), &services, &aggregates);
        let report = CaseloadReport::build(period, &services, &aggregates).compare_with(&before);
        let bytes = xlsx(&report).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");
        let xml = sheet_xml(&bytes);
        // Frozen below the header row (row 6), the filter over header and service rows only.
        assert!(xml.contains(r#"ySplit="6""#) && xml.contains(r#"state="frozen""#), "{xml}");
        assert!(xml.contains(r#"<autoFilter ref="A6:L7"/>"#), "{xml}");
        // Comparison: 82,50 now and before, so the change is 0.
        assert!(xml.contains("<v>82.5</v>") && xml.contains("<v>0</v>"), "{xml}");
    }
}
