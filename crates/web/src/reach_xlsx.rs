//! The reach report as an Excel workbook: title and period above a table of section, line and
//! count (a number where shown, the text "under 5" or "–" where hidden), the header frozen.
//! The lines are `report_render::reach::sections`, as on the page and in the CSV.

use familiehus_domain::anonymous_stats::Shown;
use familiehus_domain::reach::Reach;
use familiehus_report_render::reach::{TITLE, period, sections, shown};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

const HEADER_ROW: u32 = 3;

pub fn xlsx(report: &Reach) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Rækkevidde")?;
    let header = Format::new().set_bold().set_background_color("#DDE6F0");
    let whole = Format::new().set_num_format("0");
    sheet.write_string_with_format(0, 0, TITLE, &Format::new().set_bold().set_font_size(14))?;
    sheet.write_string(1, 0, format!("Periode: {}", period(report)))?;
    for (c, h) in ["Afsnit", "Linje", "Antal"].iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
    }
    let mut r = HEADER_ROW + 1;
    for section in sections(report) {
        for (label, n) in section.lines {
            sheet.write_string(r, 0, section.heading)?;
            sheet.write_string(r, 1, label)?;
            match n {
                Shown::Count(n) => sheet.write_number_with_format(r, 2, n as f64, &whole)?,
                hidden => sheet.write_string(r, 2, shown(hidden))?,
            };
            r += 1;
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 44)?;
    sheet.set_column_width(2, 10)?;
    workbook.save_to_buffer()
}
