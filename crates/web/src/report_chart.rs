//! The report's bar chart as data for an inline SVG (`templates/staff/report_chart.html`): mean
//! waiting days per service in the period, next to the previous period's, on one scale. Pure
//! layout arithmetic; the table beside the chart is its text alternative.

use familiehus_domain::{CaseloadReport, danish};

pub const WIDTH: u32 = 760;
const LABEL_WIDTH: u32 = 300;
const BAR_AREA: u32 = 380;
const ROW_HEIGHT: u32 = 40;
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

fn bar(mean: Option<f64>, scale: f64, y: u32, bar_x: u32) -> Bar {
    match mean {
        Some(m) => {
            let width = ((m / scale) * f64::from(BAR_AREA)).round().clamp(0.0, f64::from(BAR_AREA)) as u32;
            Bar { y, width, text: format!("{} dage", danish::decimal(m, 2)), text_x: bar_x + width + 6 }
        }
        None => Bar { y, width: 0, text: "ingen iværksat".into(), text_x: bar_x + 6 },
    }
}

/// One row per service of `current` (the previous report matched by service id).
pub fn waiting_chart(current: &CaseloadReport, previous: Option<&CaseloadReport>) -> Chart {
    let previous_mean = |id: i64| previous.and_then(|p| p.rows.iter().find(|r| r.service_id == id)).and_then(|r| r.wait.mean);
    let max = current.rows.iter().flat_map(|r| [r.wait.mean, previous_mean(r.service_id)]).flatten().fold(0.0_f64, f64::max);
    let scale = scale_max(max.max(1.0));
    let bar_x = LABEL_WIDTH;
    let rows: Vec<ChartRow> = current
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let top = TOP + i as u32 * ROW_HEIGHT;
            let full = format!("{} {}", r.paragraph, r.service_name).trim().to_owned();
            ChartRow {
                label: shorten(&full, 40),
                full,
                label_y: top + 16,
                current: bar(r.wait.mean, scale, top + 2, bar_x),
                previous: previous.map(|_| bar(previous_mean(r.service_id), scale, top + 20, bar_x)),
            }
        })
        .collect();
    let axis_y = TOP + rows.len() as u32 * ROW_HEIGHT;
    let ticks = (0..=4)
        .map(|k| {
            let value = scale * f64::from(k) / 4.0;
            Tick {
                x: bar_x + (f64::from(BAR_AREA) * f64::from(k) / 4.0).round() as u32,
                label: danish::decimal(value, if value.fract() == 0.0 { 0 } else { 1 }),
            }
        })
        .collect();
    Chart { width: WIDTH, height: axis_y + AXIS_SPACE, bar_x, axis_y, rows, ticks, has_previous: previous.is_some() }
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
        let chart = waiting_chart(&report(&[(1, 3, 248), (2, 0, 0)]), Some(&report(&[(1, 2, 60)])));
        // Means 82,67 and 30: the scale is 100 days over 380 px.
        assert_eq!(chart.rows[0].current.width, 314);
        assert_eq!(chart.rows[0].current.text, "82,67 dage");
        assert_eq!(chart.rows[0].previous.as_ref().map(|b| b.width), Some(114));
        assert_eq!(chart.rows[1].current.text, "ingen iværksat");
        assert_eq!(chart.ticks.last().map(|t| t.label.as_str()), Some("100"));
        assert_eq!(chart.height, chart.axis_y + AXIS_SPACE);
    }

    #[test]
    fn scale_maxima_are_round() {
        assert_eq!(scale_max(1.0), 10.0);
        assert_eq!(scale_max(82.67), 100.0);
        assert_eq!(scale_max(120.0), 200.0);
        assert_eq!(scale_max(201.0), 250.0);
    }
}
