//! The case page's charts of goals and scores over time, as data for inline SVG
//! (`templates/staff/case_measurements.html`): one small line chart per goal and per instrument,
//! all on the same time axis (the case's first to last dated point), each drawn 360 wide so a
//! 390 px phone shows it at about its own size and 13 px text stays 13 px; the instrument's
//! threshold is a dashed line with its value. Pure layout arithmetic; the table in the section's
//! `<details>` is the text alternative.

use chrono::NaiveDate;
use familiehus_domain::danish;

pub const WIDTH: u32 = 360;
pub const HEIGHT: u32 = 150;
const LEFT: u32 = 34;
const RIGHT: u32 = 14;
const TOP: u32 = 12;
const BOTTOM: u32 = 36;

pub struct Dot {
    pub x: u32,
    pub y: u32,
    /// `20.04.2022: 22`, the dot's tooltip.
    pub title: String,
}

pub struct AxisLabel {
    pub x: u32,
    pub y: u32,
    pub text: String,
    pub anchor: &'static str,
}

pub struct SeriesChart {
    /// `ORS (hvordan det går)` or `Mål (barnet): …`.
    pub title: String,
    /// A unique id for `aria-labelledby`.
    pub id: String,
    pub width: u32,
    pub height: u32,
    pub plot_left: u32,
    pub plot_right: u32,
    pub plot_bottom: u32,
    pub plot_top: u32,
    /// `x,y x,y …` for the polyline.
    pub line: String,
    pub dots: Vec<Dot>,
    pub labels: Vec<AxisLabel>,
    /// The threshold line's y and its label, if the instrument has one.
    pub threshold: Option<(u32, String)>,
    /// One sentence for `<desc>`: what it shows, first and latest value.
    pub description: String,
}

/// The time axis shared by every chart of a case.
#[derive(Clone, Copy)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// The span of all dates given; `None` without any.
    pub fn of(dates: impl IntoIterator<Item = NaiveDate>) -> Option<Span> {
        let mut it = dates.into_iter();
        let first = it.next()?;
        let (lo, hi) = it.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
        Some(Span { first: lo, last: hi })
    }

    fn x(self, on: NaiveDate) -> u32 {
        let days = (self.last - self.first).num_days().max(1) as f64;
        let at = (on - self.first).num_days().clamp(0, i64::MAX) as f64;
        let width = f64::from(WIDTH - LEFT - RIGHT);
        LEFT + (at / days * width).round().clamp(0.0, width) as u32
    }
}

/// A chart of `points` (date order) on the scale `lo..=hi`, with an optional threshold line.
pub fn series_chart(
    id: String,
    title: String,
    (lo, hi): (i64, i64),
    threshold: Option<(i64, String)>,
    points: &[(NaiveDate, i64, String)],
    span: Span,
) -> SeriesChart {
    let plot_bottom = HEIGHT - BOTTOM;
    let range = (hi - lo).max(1) as f64;
    let y = |v: i64| {
        let frac = (v.clamp(lo, hi) - lo) as f64 / range;
        plot_bottom - (frac * f64::from(plot_bottom - TOP)).round() as u32
    };
    let dots: Vec<Dot> = points.iter().map(|(on, v, shown)| Dot { x: span.x(*on), y: y(*v), title: format!("{}: {shown}", danish::date(*on)) }).collect();
    let line = dots.iter().map(|d| format!("{},{}", d.x, d.y)).collect::<Vec<_>>().join(" ");
    let mut labels = vec![
        AxisLabel { x: LEFT - 6, y: y(hi) + 4, text: hi.to_string(), anchor: "end" },
        AxisLabel { x: LEFT - 6, y: y(lo) + 4, text: lo.to_string(), anchor: "end" },
        AxisLabel { x: LEFT, y: HEIGHT - 12, text: danish::date(span.first), anchor: "start" },
    ];
    if span.last != span.first {
        labels.push(AxisLabel { x: WIDTH - RIGHT, y: HEIGHT - 12, text: danish::date(span.last), anchor: "end" });
    }
    let description = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() > 1 => {
            format!("{title}: {} målinger fra {} ({}) til {} ({}).", points.len(), danish::date(first.0), first.2, danish::date(last.0), last.2)
        }
        (Some(only), _) => format!("{title}: én måling {} ({}).", danish::date(only.0), only.2),
        _ => format!("{title}: ingen målinger endnu."),
    };
    SeriesChart {
        title,
        id,
        width: WIDTH,
        height: HEIGHT,
        plot_left: LEFT,
        plot_right: WIDTH - RIGHT,
        plot_bottom,
        plot_top: TOP,
        line,
        dots,
        labels,
        threshold: threshold.map(|(v, label)| (y(v), label)),
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap_or_default()
    }

    #[test]
    fn points_fall_on_the_shared_time_axis_and_the_scale() {
        let span = Span::of([d(1, 10), d(4, 20), d(2, 1)]).unwrap_or(Span { first: d(1, 1), last: d(1, 1) });
        let points = [(d(1, 10), 0, "0".to_owned()), (d(4, 20), 40, "40".to_owned())];
        let c = series_chart("ors".into(), "ORS".into(), (0, 40), Some((25, "25".into())), &points, span);
        assert_eq!((c.dots[0].x, c.dots[0].y), (LEFT, HEIGHT - BOTTOM), "first date, lowest score: bottom left");
        assert_eq!((c.dots[1].x, c.dots[1].y), (WIDTH - RIGHT, TOP), "last date, highest score: top right");
        assert!(c.threshold.is_some_and(|(y, _)| y > TOP && y < HEIGHT - BOTTOM));
        assert!(c.labels.iter().any(|l| l.text == "20.04.2022"), "dates in Danish");
        assert_eq!(c.description, "ORS: 2 målinger fra 10.01.2022 (0) til 20.04.2022 (40).");
    }
}
