//! The outcome report (`domain::outcome`) as people read it: its columns, each row's formatted
//! cells (the staff page's table and the CSV use the same ones) and the CSV for Danish Excel
//! (semicolons, BOM, CRLF, every cell through `csv_cell`; title, period and notes around the
//! table).

use crate::{period_text, write_safe};
use familiehus_domain::ClosureReason;
use familiehus_domain::danish;
use familiehus_domain::outcome::{Count, Figure, OutcomeReport, OutcomeRow};

pub const TITLE: &str = "Resultater af afsluttede forløb";

/// What the figures mean, printed under the table on the page and in both files.
pub const NOTES_DA: [&str; 5] = [
    "Afsluttede sager: forløb afsluttet i perioden, efter afslutningsårsag. Varighed og kontakter er medianer over de afsluttede forløb, der var iværksat (varighed fra iværksættelse til afslutning).",
    "Forbedrede mål: andelen af de afsluttede forløb med et mål vurderet mindst to gange, hvor målene i gennemsnit steg fra første til sidste vurdering.",
    "ORS-ændring: gennemsnittet af sidste minus første ORS-score for de afsluttede forløb med mindst to ORS-målinger.",
    "Opfølgninger til tiden: andelen af de opfølgninger med frist i perioden (før i dag), der blev holdt senest på fristen. Fristerne regnes fra iværksættelsen efter indsatsens regler.",
    "Medianen er den midterste værdi (ved et lige antal gennemsnittet af de to midterste).",
];

/// The columns before and after the closure reasons.
const LEAD: [&str; 3] = ["Paragraf", "Indsats", "Afsluttede sager"];
const TAIL: [&str; 8] = [
    "Median varighed (dage)",
    "Median antal kontakter",
    "Sager med vurderede mål",
    "Forbedrede mål (%)",
    "Sager med ORS-målinger",
    "Gennemsnitlig ORS-ændring (point)",
    "Opfølgninger med frist i perioden",
    "Holdt til tiden (%)",
];

/// Every column, in order: one per closure reason after the closed cases.
pub fn headers() -> Vec<String> {
    LEAD.iter()
        .map(|h| (*h).to_owned())
        .chain(ClosureReason::ALL.iter().map(|r| format!("Afsluttet: {}", r.label_da())))
        .chain(TAIL.iter().map(|h| (*h).to_owned()))
        .collect()
}

/// "–" where there is no value.
pub const NONE: &str = "–";

/// A count, or what stands in its place ("under 5", "–").
pub fn count(c: Count) -> String {
    if c.hide.is_shown() { danish::integer(c.n) } else { c.hide.text_da().to_owned() }
}

/// Whole, or with one decimal when it has one (a median of an even number of values).
pub fn median(value: Option<f64>) -> String {
    match value {
        None => NONE.to_owned(),
        Some(v) if v.fract() == 0.0 => danish::integer(v as i64),
        Some(v) => danish::decimal(v, 1),
    }
}

pub fn percent(value: Option<f64>) -> String {
    value.map(|v| danish::decimal(v, 0)).unwrap_or_else(|| NONE.to_owned())
}

/// With its sign, a true minus for people (`+4,5`, `−2,0`); `plain` gives `-2,0`, which
/// spreadsheets read as a number.
pub fn change(value: Option<f64>, plain: bool) -> String {
    let Some(v) = value else { return NONE.to_owned() };
    let text = danish::decimal(v.abs(), 1);
    if text == danish::decimal(0.0, 1) {
        text
    } else if v > 0.0 {
        if plain { text } else { format!("+{text}") }
    } else {
        format!("{}{text}", if plain { '-' } else { '−' })
    }
}

/// The row's cells in `headers()`'s order.
pub fn cells(row: &OutcomeRow, plain: bool) -> Vec<String> {
    let over = |f: &Figure| count(f.over);
    let mut out = vec![row.paragraph.clone(), row.service_name.clone(), count(row.closed)];
    out.extend(row.by_reason.iter().map(|(_, c)| count(*c)));
    out.extend([
        median(row.duration_days.value),
        median(row.contacts.value),
        over(&row.goals_improved_pct),
        percent(row.goals_improved_pct.value),
        over(&row.ors_change),
        change(row.ors_change.value, plain),
        over(&row.follow_ups_on_time_pct),
        percent(row.follow_ups_on_time_pct.value),
    ]);
    out
}

/// `resultater-2022-01-01-2022-06-30.csv`.
pub fn filename(report: &OutcomeReport, extension: &str) -> String {
    format!("resultater-{}-{}.{extension}", report.period.from().format("%Y-%m-%d"), report.period.to().format("%Y-%m-%d"))
}

pub fn csv(report: &OutcomeReport) -> Result<Vec<u8>, csv::Error> {
    let mut records = vec![vec![TITLE.to_owned()], vec!["Periode".to_owned(), period_text(&report.period)], Vec::new(), headers()];
    records.extend(report.rows.iter().map(|r| cells(r, true)));
    records.push(Vec::new());
    records.extend(NOTES_DA.iter().map(|n| vec!["Note".to_owned(), (*n).to_owned()]));
    write_safe(&records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_danish_numbers() {
        assert_eq!((median(Some(62.0)), median(Some(4.5)), median(None)), ("62".into(), "4,5".into(), "–".into()));
        assert_eq!((change(Some(4.5), false), change(Some(-2.0), false), change(Some(-2.0), true)), ("+4,5".into(), "−2,0".into(), "-2,0".into()));
        assert_eq!(percent(Some(100.0 / 3.0)), "33");
        assert_eq!(headers().len(), 3 + ClosureReason::ALL.len() + 8);
    }
}
