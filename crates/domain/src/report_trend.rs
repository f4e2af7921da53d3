//! The trend beside the half-yearly report: the six half-years that end with the report's own
//! (the half-year its period ends in, counted up to the period's last day, and the five whole
//! half-years before it), so the committee sees whether waits and caseloads are moving.
//!
//! Pure: which periods, and how each is labelled; `app::reports::trend` computes their figures.

use crate::report::ReportPeriod;
use chrono::{Datelike, NaiveDate};

/// How many half-years the trend shows.
pub const TREND_HALF_YEARS: usize = 6;

/// One half-year of the trend: its period (reported at its last day) and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPeriod {
    pub period: ReportPeriod,
    /// `1. halvår 2022`, with `(til 26.04.)` when the half-year is counted only so far.
    pub label: String,
}

/// The half-years ending with the one `last_day` falls in, oldest first. The newest is cut at
/// `last_day`; the others are whole.
pub fn trend_periods(last_day: NaiveDate) -> Vec<TrendPeriod> {
    let mut out = Vec::with_capacity(TREND_HALF_YEARS);
    let (mut year, mut first_half) = (last_day.year(), last_day.month() <= 6);
    for i in 0..TREND_HALF_YEARS {
        let (start, end) = half_year(year, first_half);
        let (Some(start), Some(end)) = (start, end) else { break };
        let to = if i == 0 { last_day.min(end) } else { end };
        let Ok(period) = ReportPeriod::new(start, to, None) else { break };
        let so_far = if to < end { format!(" (til {})", crate::danish::date(to).get(..6).unwrap_or_default()) } else { String::new() };
        out.push(TrendPeriod { period, label: format!("{}. halvår {year}{so_far}", if first_half { 1 } else { 2 }) });
        if first_half {
            year -= 1;
        }
        first_half = !first_half;
    }
    out.reverse();
    out
}

fn half_year(year: i32, first: bool) -> (Option<NaiveDate>, Option<NaiveDate>) {
    if first {
        (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 6, 30))
    } else {
        (NaiveDate::from_ymd_opt(year, 7, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_2022_report_is_compared_with_five_whole_half_years_before_it() {
        let t = trend_periods(d(2022, 4, 26));
        let labels: Vec<&str> = t.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2. halvår 2019", "1. halvår 2020", "2. halvår 2020", "1. halvår 2021", "2. halvår 2021", "1. halvår 2022 (til 26.04.)"]);
        assert_eq!(t[0].period.from(), d(2019, 7, 1));
        assert_eq!(t[0].period.to(), d(2019, 12, 31));
        assert_eq!(t[5].period.to(), d(2022, 4, 26));
        assert_eq!(t[5].period.as_of(), d(2022, 4, 26));
    }

    #[test]
    fn a_half_years_last_day_gives_a_whole_half_year_without_so_far() {
        let t = trend_periods(d(2022, 12, 31));
        assert_eq!(t[5].label, "2. halvår 2022");
        assert_eq!(t[0].label, "1. halvår 2020");
    }

    proptest! {
        /// Six adjacent half-years: each starts the day after the one before ends, none
        /// overlaps, and the newest ends on the day asked for.
        #[test]
        fn periods_are_six_adjacent_half_years(days in 0i64..40_000) {
            let last = d(1990, 1, 1) + chrono::Duration::days(days);
            let t = trend_periods(last);
            prop_assert_eq!(t.len(), TREND_HALF_YEARS);
            prop_assert_eq!(t[TREND_HALF_YEARS - 1].period.to(), last);
            for pair in t.windows(2) {
                prop_assert_eq!(pair[0].period.to().succ_opt(), Some(pair[1].period.from()));
            }
            for p in &t {
                prop_assert!(p.period.from().day() == 1 && matches!(p.period.from().month(), 1 | 7));
            }
        }
    }
}
