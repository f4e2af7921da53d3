//! The report's charts as data for inline SVG (`templates/staff/report_chart.html`): mean waiting
//! days per service in the period, next to the previous period's, on one scale, in two shapes —
//! labels beside the bars for wide screens, labels above them for a phone, where a wide chart
//! scaled down would shrink its text below reading size (CSS shows one of them) — and the trend's
//! mean wait per half-year. Pure layout arithmetic; the tables beside them are their text
//! alternatives.

use familiehus_domain::{CaseloadReport, danish};

use crate::report_render::RowView;

/// The measures of one chart shape.
#[derive(Clone, Copy)]
pub struct Shape {
    pub width: u32,
    /// Where the bars start; 0 when the labels stand above them.
    label_width: u32,
    bar_area: u32,
    row_height: u32,
    /// Space above a row's bars for its label (narrow shape), else 0.
    label_space: u32,
    label_chars: usize,
}

/// Labels beside the bars: a desktop or a printed page.
pub const WIDE: Shape = Shape { width: 760, label_width: 300, bar_area: 380, row_height: 40, label_space: 0, label_chars: 40 };
/// Labels above the bars, drawn at about the size a phone shows it, so 13 px stays 13 px.
pub const NARROW: Shape = Shape { width: 360, label_width: 8, bar_area: 250, row_height: 58, label_space: 18, label_chars: 44 };
const TOP: u32 = 10;
const AXIS_SPACE: u32 = 30;

pub struct Bar {
    pub y: u32,
    pub width: u32,
    /// `82,67 dage`, or why there is no bar.
    pub text: String,
    pub text_x: u32,
}

pub struct ChartRow {
    /// `§ 52.3.3 Familiebehandling`, shortened to fit; `full` is the whole label.
    pub label: String,
    pub full: String,
    pub label_y: u32,
    pub current: Bar,
    pub previous: Option<Bar>,
}

pub struct Tick {
    pub x: u32,
    pub label: String,
}

pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub bar_x: u32,
    pub axis_y: u32,
    pub rows: Vec<ChartRow>,
    pub ticks: Vec<Tick>,
    pub has_previous: bool,
    pub label_above: bool,
}

/// A round scale maximum at or above `max`: 10, 20, 25, 50, 100, 200, 250, 500, …
fn scale_max(max: f64) -> f64 {
    let mut step = 10.0;
    loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            if step * m >= max {
                return step * m;
            }
        }
        step *= 10.0;
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_owned() } else { format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end()) }
}

fn bar(mean: Option<f64>, scale: f64, y: u32, bar_x: u32, area: u32) -> Bar {
    match mean {
        Some(m) => {
            let width = ((m / scale) * f64::from(area)).round().clamp(0.0, f64::from(area)) as u32;
            Bar { y, width, text: format!("{} dage", danish::decimal(m, 2)), text_x: bar_x + width + 6 }
        }
        None => Bar { y, width: 0, text: "ingen iværksat".into(), text_x: bar_x + 6 },
    }
}

/// One row per service of `current` (the previous report matched by service id).
pub fn waiting_chart(current: &CaseloadReport, previous: Option<&CaseloadReport>, shape: Shape) -> Chart {
    let previous_mean = |id: i64| previous.and_then(|p| p.rows.iter().find(|r| r.service_id == id)).and_then(|r| r.wait.mean);
    let max = current.rows.iter().flat_map(|r| [r.wait.mean, previous_mean(r.service_id)]).flatten().fold(0.0_f64, f64::max);
    let scale = scale_max(max.max(1.0));
    let bar_x = shape.label_width;
    let rows: Vec<ChartRow> = current
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let top = TOP + i as u32 * shape.row_height;
            let full = format!("{} {}", r.paragraph, r.service_name).trim().to_owned();
            let bars = top + shape.label_space;
            ChartRow {
                label: shorten(&full, shape.label_chars),
                full,
                label_y: top + 16,
                current: bar(r.wait.mean, scale, bars + 2, bar_x, shape.bar_area),
                previous: previous.map(|_| bar(previous_mean(r.service_id), scale, bars + 20, bar_x, shape.bar_area)),
            }
        })
        .collect();
    let axis_y = TOP + rows.len() as u32 * shape.row_height;
    let ticks = (0..=4)
        .map(|k| {
            let value = scale * f64::from(k) / 4.0;
            Tick {
                x: bar_x + (f64::from(shape.bar_area) * f64::from(k) / 4.0).round() as u32,
                label: danish::decimal(value, if value.fract() == 0.0 { 0 } else { 1 }),
            }
        })
        .collect();
    Chart { width: shape.width, height: axis_y + AXIS_SPACE, bar_x, axis_y, rows, ticks, has_previous: previous.is_some(), label_above: shape.label_space > 0 }
}

/// One column of the trend chart: a half-year's mean wait as a vertical bar.
pub struct TrendColumn {
    pub x: u32,
    pub y: u32,
    pub height: u32,
    /// `82,77`, or `–` when nobody started in the half-year.
    pub value: String,
    /// `1. hå 2022`: short enough to stand under a bar on a phone.
    pub label: String,
    pub year: String,
    pub full: String,
}

pub struct TrendChart {
    pub width: u32,
    pub height: u32,
    pub base_y: u32,
    pub columns: Vec<TrendColumn>,
}

const TREND_WIDTH: u32 = 360;
const TREND_PLOT: u32 = 150;
const TREND_TOP: u32 = 24;

/// The trend's mean waits, one bar per half-year, oldest left, on one round scale.
pub fn trend_chart(points: &[(String, Option<f64>)]) -> TrendChart {
    let scale = scale_max(points.iter().filter_map(|(_, m)| *m).fold(1.0_f64, f64::max));
    let slot = TREND_WIDTH / (points.len().max(1) as u32);
    let base_y = TREND_TOP + TREND_PLOT;
    let columns = points
        .iter()
        .enumerate()
        .map(|(i, (label, mean))| {
            let height = mean.map(|m| ((m / scale) * f64::from(TREND_PLOT)).round().clamp(0.0, f64::from(TREND_PLOT)) as u32).unwrap_or(0);
            let mut words = label.split(' ');
            let half = words.next().unwrap_or_default();
            let year = words.nth(1).unwrap_or_default();
            TrendColumn {
                x: i as u32 * slot + slot / 2,
                y: base_y - height,
                height,
                value: mean.map(|m| danish::decimal(m, 2)).unwrap_or_else(|| "–".into()),
                label: format!("{half} hå"),
                year: year.to_owned(),
                full: label.clone(),
            }
        })
        .collect();
    TrendChart { width: TREND_WIDTH, height: base_y + 40, base_y, columns }
}

/// The rows a trend table shows: the label, then the totals' cells it uses.
pub fn trend_rows(points: &[(String, RowView)]) -> Vec<[String; 5]> {
    points.iter().map(|(label, r)| [label.clone(), r.current_cases.clone(), r.not_started.clone(), r.started_in_period.clone(), r.wait_mean.clone()]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::report::{ReportService, ServiceAggregates};
    use familiehus_domain::{CaseloadReport, ReportPeriod};
    use std::collections::BTreeMap;

    fn report(waits: &[(i64, i64, i64)]) -> CaseloadReport {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2022, m, day).unwrap_or_default();
        let period = ReportPeriod::new(d(1, 1), d(6, 30), None).unwrap();
        let services: Vec<ReportService> = waits
            .iter()
            .map(|(id, _, _)| ReportService { service_id: *id, paragraph: String::new(), label: format!("Indsats {id}"), remark: String::new() })
            .collect();
        let aggregates: BTreeMap<i64, ServiceAggregates> =
            waits.iter().map(|(id, n, sum)| (*id, ServiceAggregates { started_in_period: *n, wait_sum: *sum, ..Default::default() })).collect();
        CaseloadReport::build(period, &services, &aggregates)
    }

    #[test]
    fn bars_share_one_round_scale_and_say_their_value_in_danish() {
        let chart = waiting_chart(&report(&[(1, 3, 248), (2, 0, 0)]), Some(&report(&[(1, 2, 60)])), WIDE);
        // Means 82,67 and 30: the scale is 100 days over 380 px.
        assert_eq!(chart.rows[0].current.width, 314);
        assert_eq!(chart.rows[0].current.text, "82,67 dage");
        assert_eq!(chart.rows[0].previous.as_ref().map(|b| b.width), Some(114));
        assert_eq!(chart.rows[1].current.text, "ingen iværksat");
        assert_eq!(chart.ticks.last().map(|t| t.label.as_str()), Some("100"));
        assert_eq!(chart.height, chart.axis_y + AXIS_SPACE);
    }

    #[test]
    fn the_phone_shape_puts_labels_above_full_width_bars_within_its_width() {
        let chart = waiting_chart(&report(&[(1, 3, 248), (2, 3, 30)]), Some(&report(&[(1, 2, 60)])), NARROW);
        assert!(chart.label_above);
        let first = &chart.rows[0];
        assert!(first.current.y > first.label_y, "bars below their label");
        assert!(chart.rows[1].label_y > first.previous.as_ref().map_or(0, |b| b.y + 14), "the next label below the previous bars");
        for row in &chart.rows {
            assert!(row.current.text_x + 80 <= chart.width, "the value text fits: {}", row.current.text_x);
        }
    }

    #[test]
    fn the_trend_has_one_bar_per_half_year_on_one_scale() {
        let chart = trend_chart(&[("2. halvår 2021".into(), Some(50.0)), ("1. halvår 2022 (til 26.04.)".into(), None)]);
        assert_eq!(chart.columns.len(), 2);
        assert_eq!(chart.columns[0].height, 150);
        assert_eq!(chart.columns[0].label, "2. hå");
        assert_eq!(chart.columns[0].year, "2021");
        assert_eq!(chart.columns[1].value, "–");
        assert!(chart.columns[1].x < chart.width);
    }

    #[test]
    fn scale_maxima_are_round() {
        assert_eq!(scale_max(1.0), 10.0);
        assert_eq!(scale_max(82.67), 100.0);
        assert_eq!(scale_max(120.0), 200.0);
        assert_eq!(scale_max(201.0), 250.0);
    }
}
