//! The outcome report's chart as data for inline SVG (`templates/staff/outcome_report.html`):
//! per service, two bars on one 0–100 % scale — the share with improved goals and the share of
//! follow-ups held on time — labels above the bars, drawn 360 wide so a phone shows 13 px text
//! at about 13 px and a desktop shows it no wider. Pure layout arithmetic; the table under it is
//! its text alternative.

use familiehus_domain::outcome::{Figure, OutcomeReport};
use familiehus_report_render::outcome::percent;

pub const WIDTH: u32 = 360;
const BAR_X: u32 = 8;
/// 0–100 % over this many pixels, leaving room for the value's text after a full bar.
const BAR_AREA: u32 = 270;
const LABEL_SPACE: u32 = 18;
const BAR_HEIGHT: u32 = 14;
const ROW_HEIGHT: u32 = LABEL_SPACE + 2 * (BAR_HEIGHT + 4) + 8;
const TOP: u32 = 6;
const AXIS_SPACE: u32 = 26;
const LABEL_CHARS: usize = 46;

pub struct Bar {
    pub y: u32,
    pub width: u32,
    /// `64 %`, or "ingen tal".
    pub text: String,
    pub text_x: u32,
}

pub struct Row {
    pub label: String,
    pub full: String,
    pub label_y: u32,
    pub goals: Bar,
    pub follow_ups: Bar,
}

pub struct Tick {
    pub x: u32,
    pub label: &'static str,
}

pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub bar_x: u32,
    pub bar_height: u32,
    pub axis_y: u32,
    pub rows: Vec<Row>,
    pub ticks: Vec<Tick>,
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_owned() } else { format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end()) }
}

fn bar(y: u32, figure: &Figure) -> Bar {
    let width = figure.value.map_or(0, |v| (v.clamp(0.0, 100.0) / 100.0 * f64::from(BAR_AREA)).round() as u32);
    let text = match figure.value {
        Some(_) => format!("{} %", percent(figure.value)),
        None => "ingen tal".to_owned(),
    };
    Bar { y, width, text, text_x: BAR_X + width + 6 }
}

pub fn chart(report: &OutcomeReport) -> Chart {
    let rows: Vec<Row> = report
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let top = TOP + i as u32 * ROW_HEIGHT;
            let full = format!("{} {}", r.paragraph, r.service_name).trim().to_owned();
            let bars_y = top + LABEL_SPACE;
            Row {
                label: shorten(&full, LABEL_CHARS),
                full,
                label_y: top + 13,
                goals: bar(bars_y, &r.goals_improved_pct),
                follow_ups: bar(bars_y + BAR_HEIGHT + 4, &r.follow_ups_on_time_pct),
            }
        })
        .collect();
    let axis_y = TOP + rows.len() as u32 * ROW_HEIGHT;
    let ticks = [(0, "0 %"), (50, "50 %"), (100, "100 %")].into_iter().map(|(p, label)| Tick { x: BAR_X + BAR_AREA * p / 100, label }).collect();
    Chart { width: WIDTH, height: axis_y + AXIS_SPACE, bar_x: BAR_X, bar_height: BAR_HEIGHT, axis_y, rows, ticks }
}

/// Whether the chart has any bar to draw (else the page says so instead of an empty chart).
pub fn has_values(report: &OutcomeReport) -> bool {
    report.rows.iter().any(|r| r.goals_improved_pct.value.is_some() || r.follow_ups_on_time_pct.value.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::outcome::Count;

    #[test]
    fn a_full_bar_and_its_text_fit_the_width_and_nothing_is_no_bar() {
        let full = bar(0, &Figure { over: Count::default(), value: Some(100.0) });
        assert_eq!(full.width, BAR_AREA);
        assert!(full.text_x + 7 * 8 <= WIDTH, "“100 %” fits after a full bar");
        let none = bar(0, &Figure::default());
        assert_eq!((none.width, none.text.as_str()), (0, "ingen tal"));
    }
}
