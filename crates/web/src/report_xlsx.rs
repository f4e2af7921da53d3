//! The caseload report as an Excel workbook: real numbers in the cells (Excel shows them with
//! the reader's decimal comma), the title, period and footnote around the table.

use familiehus_domain::report::FOOTNOTE_DA;
use familiehus_domain::{CaseloadReport, ReportRow};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::report_render::{HEADERS, TITLE, period_text};

fn write_row(sheet: &mut rust_xlsxwriter::Worksheet, r: u32, row: &ReportRow, bold: Option<&Format>, decimals: &Format) -> Result<(), XlsxError> {
    let plain = Format::new();
    let text_format = bold.unwrap_or(&plain);
    sheet.write_string_with_format(r, 0, &row.paragraph, text_format)?;
    sheet.write_string_with_format(r, 1, &row.service_name, text_format)?;
    sheet.write_number(r, 2, row.current_cases as f64)?;
    sheet.write_number(r, 3, row.not_started as f64)?;
    if let Some(v) = row.wait.mean {
        sheet.write_number_with_format(r, 4, v, decimals)?;
    }
    if let Some(v) = row.wait.median {
        sheet.write_number_with_format(r, 5, v, decimals)?;
    }
    if let Some(v) = row.wait.p90 {
        sheet.write_number(r, 6, v as f64)?;
    }
    if let Some(v) = row.longest_current_wait {
        sheet.write_number(r, 7, v as f64)?;
    }
    sheet.write_number(r, 8, row.started_in_period as f64)?;
    sheet.write_string(r, 9, &row.remarks)?;
    Ok(())
}

pub fn xlsx(report: &CaseloadReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sagstal og ventetider")?;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#DDE6F0");
    let decimals = Format::new().set_num_format("0.00");
    sheet.write_string_with_format(0, 0, TITLE, &Format::new().set_bold().set_font_size(14))?;
    sheet.write_string(1, 0, format!("Periode: {}", period_text(&report.period)))?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(3, c as u16, *h, &header)?;
    }
    let mut r = 4;
    for row in &report.rows {
        write_row(sheet, r, row, None, &decimals)?;
        r += 1;
    }
    write_row(sheet, r, &report.totals, Some(&bold), &decimals)?;
    sheet.merge_range(r + 2, 0, r + 2, 9, FOOTNOTE_DA, &Format::new().set_text_wrap())?;
    sheet.set_row_height(r + 2, 90)?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 48)?;
    for c in 2..=8 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_column_width(9, 30)?;
    sheet.set_row_height(3, 60)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::ReportPeriod;
    use familiehus_domain::report::{ReportService, ServiceAggregates};

    #[test]
    fn the_workbook_is_a_zip_with_the_sheet() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let period = ReportPeriod::new(d("2022-01-01"), d("2022-04-26"), None).expect("period");
        let services = [ReportService { service_id: 1, name: "Familiebehandling".into(), legal_refs: vec![], unit_name: "Familiehuset".into() }];
        let mut aggregates = std::collections::BTreeMap::new();
        aggregates.insert(1, ServiceAggregates { current_cases: 141, not_started: 19, started_in_period: 2, wait_sum: 165, ..Default::default() });
        let bytes = xlsx(&CaseloadReport::build(period, &services, &aggregates)).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");
        assert!(bytes.len() > 4000);
    }
}
