//! The outcome report as an Excel workbook: title and period above the table, real numbers in
//! the cells (a hidden count as the text "under 5" or "–", a missing figure as an empty cell),
//! the header row frozen, an autofilter over the service rows, the notes below. The columns and
//! notes are `report_render::outcome`'s, as on the page and in the CSV.

use familiehus_domain::outcome::{Count, Figure, OutcomeReport};
use familiehus_report_render::outcome::{NOTES_DA, TITLE, headers};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const HEADER_ROW: u32 = 3;

fn count(sheet: &mut Worksheet, r: u32, c: u16, n: Count, whole: &Format) -> Result<(), XlsxError> {
    if n.hide.is_shown() {
        sheet.write_number_with_format(r, c, n.n as f64, whole)?;
    } else {
        sheet.write_string(r, c, n.hide.text_da())?;
    }
    Ok(())
}

fn value(sheet: &mut Worksheet, r: u32, c: u16, f: &Figure, format: &Format) -> Result<(), XlsxError> {
    if let Some(v) = f.value {
        // As the page shows it (one decimal), so the file and the page agree.
        sheet.write_number_with_format(r, c, (v * 10.0).round() / 10.0, format)?;
    }
    Ok(())
}

pub fn xlsx(report: &OutcomeReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Resultater")?;
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#DDE6F0");
    let whole = Format::new().set_num_format("0");
    let one = Format::new().set_num_format("0.0");
    sheet.write_string_with_format(0, 0, TITLE, &Format::new().set_bold().set_font_size(14))?;
    sheet.write_string(1, 0, format!("Periode: {}", familiehus_report_render::period_text(&report.period)))?;
    let columns = headers();
    for (c, h) in columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, h, &header)?;
    }
    let mut r = HEADER_ROW + 1;
    for row in &report.rows {
        sheet.write_string(r, 0, &row.paragraph)?;
        sheet.write_string(r, 1, &row.service_name)?;
        count(sheet, r, 2, row.closed, &whole)?;
        let mut c = 3u16;
        for (_, n) in &row.by_reason {
            count(sheet, r, c, *n, &whole)?;
            c += 1;
        }
        value(sheet, r, c, &row.duration_days, &one)?;
        value(sheet, r, c + 1, &row.contacts, &one)?;
        count(sheet, r, c + 2, row.goals_improved_pct.over, &whole)?;
        value(sheet, r, c + 3, &row.goals_improved_pct, &one)?;
        count(sheet, r, c + 4, row.ors_change.over, &whole)?;
        value(sheet, r, c + 5, &row.ors_change, &one)?;
        count(sheet, r, c + 6, row.follow_ups_on_time_pct.over, &whole)?;
        value(sheet, r, c + 7, &row.follow_ups_on_time_pct, &one)?;
        r += 1;
    }
    let last_column = (columns.len() - 1) as u16;
    if r > HEADER_ROW + 1 {
        sheet.autofilter(HEADER_ROW, 0, r - 1, last_column)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    for (i, note) in NOTES_DA.iter().enumerate() {
        sheet.write_string(r + 1 + i as u32, 0, *note)?;
    }
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 40)?;
    for c in 2..=last_column {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_row_height(HEADER_ROW, 75)?;
    workbook.save_to_buffer()
}
