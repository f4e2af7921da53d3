//! "When can we start?": the expected start of a case on a service's waiting list, as a range.
//!
//! The model, stated so a leader can check it: cases leave a waiting list (they start, or close
//! without starting) at the rate seen over the last `WINDOW_DAYS`; those exits are taken as a
//! Poisson process, so the case at position k starts when the k-th exit from today has
//! happened, a Gamma(k) time. The range is that time's 10th to 90th percentile and the likely
//! date its median (Wilson–Hilferty's closed form of the Gamma quantile, within a few percent
//! of the exact one from k = 1, and constant time, so a waiting list of thousands costs
//! nothing). Where the service has a capacity with more free seats than the position, the
//! range begins today. Without an exit in the window there is nothing to go on, and the answer
//! says so rather than inventing a date. `backtest` measures the model against what happened.

use chrono::{Days, NaiveDate};

/// How far back the rate of exits is counted.
pub const WINDOW_DAYS: u32 = 182;

/// The quantiles of the range and the likely date: 10 %, 50 %, 90 %.
const Z_EARLY: f64 = -1.281_551_565_5;
const Z_LATE: f64 = 1.281_551_565_5;

/// What the forecast needs of a waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queue {
    /// Cases that left the waiting list (started, or closed without starting) in the
    /// `WINDOW_DAYS` before today.
    pub exits_in_window: u32,
    /// Capacity minus the cases running now, where the service has a capacity.
    pub free_seats: Option<u32>,
}

/// The expected start of the case at a position (1 = next).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forecast {
    Range {
        early: NaiveDate,
        likely: NaiveDate,
        late: NaiveDate,
    },
    /// No case left the waiting list in the window: no basis for a date.
    NoBasis,
}

/// The Gamma(k, 1) quantile at standard normal `z` (Wilson–Hilferty), never below 0.
fn gamma_quantile(k: f64, z: f64) -> f64 {
    let c = 1.0 - 1.0 / (9.0 * k) + z / (3.0 * k.sqrt());
    (k * c * c * c).max(0.0)
}

fn after(today: NaiveDate, days: f64) -> NaiveDate {
    // A forecast decades out is still a date; clamp rather than overflow.
    today.checked_add_days(Days::new(days.round().clamp(0.0, 36_500.0) as u64)).unwrap_or(NaiveDate::MAX)
}

/// The forecast for the case at `position` (1 = next to start) seen on `today`.
pub fn forecast(queue: Queue, position: u32, today: NaiveDate) -> Forecast {
    if queue.exits_in_window == 0 || position == 0 {
        return Forecast::NoBasis;
    }
    let per_day = f64::from(queue.exits_in_window) / f64::from(WINDOW_DAYS);
    let k = f64::from(position);
    let days = |z: f64| gamma_quantile(k, z) / per_day;
    let seat_now = queue.free_seats.is_some_and(|free| free >= position);
    let early = if seat_now { today } else { after(today, days(Z_EARLY)) };
    Forecast::Range { early, likely: after(today, days(0.0)).max(early), late: after(today, days(Z_LATE)) }
}

/// One case's dates, for the backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseDates {
    pub enrolled_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl CaseDates {
    /// The day the case left the waiting list, if it has: its start, or its closure if it
    /// never started.
    fn left_queue(&self) -> Option<NaiveDate> {
        self.started_on.or(self.closed_on)
    }

    fn waiting_on(&self, day: NaiveDate) -> bool {
        self.enrolled_on <= day && self.left_queue().is_none_or(|left| left > day)
    }
}

/// How the forecast did against what happened.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Backtest {
    /// Cases forecast on their enrolment day and started since.
    pub cases: u32,
    /// Of them, started within the forecast range.
    pub within_range: u32,
    /// Started before the range's first day.
    pub early: u32,
    /// The median of |actual start − likely date| in days.
    pub median_error_days: Option<i64>,
    /// Enrolled cases with no basis for a forecast (no exit in the window).
    pub no_basis: u32,
}

impl Backtest {
    pub fn coverage(&self) -> Option<f64> {
        (self.cases > 0).then(|| f64::from(self.within_range) / f64::from(self.cases))
    }
}

/// Replays one service's history: every case enrolled between `from` and `to` that has since
/// started is forecast as on its enrolment day, from the waiting list and exits of that day
/// (capacity is not replayed: past capacities are not kept), and compared with its start.
pub fn backtest(cases: &[CaseDates], from: NaiveDate, to: NaiveDate) -> Backtest {
    let mut result = Backtest::default();
    let mut errors = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if case.enrolled_on < from || case.enrolled_on > to {
            continue;
        }
        let Some(started) = case.started_on else { continue };
        let day = case.enrolled_on;
        let window_start = day.checked_sub_days(Days::new(u64::from(WINDOW_DAYS))).unwrap_or(NaiveDate::MIN);
        let exits = cases.iter().filter_map(CaseDates::left_queue).filter(|left| *left >= window_start && *left < day).count();
        // Ahead of it: those waiting on the day, enrolled before it (or the same day, listed first).
        let ahead = cases.iter().enumerate().filter(|(j, other)| *j != i && other.waiting_on(day) && (other.enrolled_on, *j) < (day, i)).count();
        let queue = Queue { exits_in_window: u32::try_from(exits).unwrap_or(u32::MAX), free_seats: None };
        match forecast(queue, u32::try_from(ahead + 1).unwrap_or(u32::MAX), day) {
            Forecast::NoBasis => result.no_basis += 1,
            Forecast::Range { early, likely, late } => {
                result.cases += 1;
                if started < early {
                    result.early += 1;
                } else if started <= late {
                    result.within_range += 1;
                }
                errors.push((started - likely).num_days().abs());
            }
        }
    }
    errors.sort_unstable();
    result.median_error_days = errors.get(errors.len() / 2).copied();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_closed_form_is_close_to_the_exact_exponential_for_the_next_case() {
        // Gamma(1) is the exponential: quantiles −ln(0.9), ln 2, −ln(0.1).
        for (z, exact) in [(Z_EARLY, -(0.9f64.ln())), (0.0, std::f64::consts::LN_2), (Z_LATE, std::f64::consts::LN_10)] {
            let q = gamma_quantile(1.0, z);
            assert!((q - exact).abs() / exact < 0.1, "z {z}: {q} vs {exact}");
        }
        // For k = 30 the median is close to k − 1/3.
        assert!((gamma_quantile(30.0, 0.0) - 29.67).abs() < 0.05);
    }

    #[test]
    fn two_exits_a_week_put_the_tenth_case_about_five_weeks_out() {
        let today = d(2026, 12, 2);
        let queue = Queue { exits_in_window: 52, free_seats: None };
        let Forecast::Range { early, likely, late } = forecast(queue, 10, today) else { panic!("a basis") };
        assert!(early < likely && likely < late);
        let weeks = (likely - today).num_days() as f64 / 7.0;
        assert!((4.0..5.5).contains(&weeks), "{weeks} weeks");
        assert_eq!(forecast(Queue { exits_in_window: 0, free_seats: Some(3) }, 1, today), Forecast::NoBasis);
    }

    #[test]
    fn free_seats_let_the_first_cases_start_now() {
        let today = d(2026, 12, 2);
        let queue = Queue { exits_in_window: 10, free_seats: Some(2) };
        let Forecast::Range { early, .. } = forecast(queue, 2, today) else { panic!("a basis") };
        assert_eq!(early, today);
        let Forecast::Range { early, .. } = forecast(queue, 3, today) else { panic!("a basis") };
        assert!(early > today);
    }

    proptest! {
        /// The range is ordered, begins no earlier than today, and moves later with the
        /// position and earlier with more exits.
        #[test]
        fn the_range_is_ordered_and_monotone(exits in 1u32..2000, position in 1u32..5000, seats in proptest::option::of(0u32..50)) {
            let today = d(2026, 12, 2);
            let queue = Queue { exits_in_window: exits, free_seats: seats };
            let Forecast::Range { early, likely, late } = forecast(queue, position, today) else { return Err(TestCaseError::fail("no basis")) };
            prop_assert!(today <= early && early <= likely && likely <= late);
            let Forecast::Range { likely: further, .. } = forecast(queue, position + 1, today) else { return Err(TestCaseError::fail("no basis")) };
            prop_assert!(further >= likely);
            let Forecast::Range { likely: faster, .. } = forecast(Queue { exits_in_window: exits + 1, ..queue }, position, today) else { return Err(TestCaseError::fail("no basis")) };
            prop_assert!(faster <= likely);
        }
    }

    #[test]
    fn a_steady_queue_is_forecast_within_range_most_of_the_time() {
        // One case enrolled and one started every 3 days, each waiting 30 days: a queue of
        // about 10, and about 60 exits per window.
        let start = d(2024, 1, 1);
        let cases: Vec<CaseDates> = (0..300)
            .map(|i| {
                let enrolled = start + Days::new(3 * i);
                CaseDates { enrolled_on: enrolled, started_on: Some(enrolled + Days::new(30)), closed_on: None }
            })
            .collect();
        let result = backtest(&cases, d(2024, 9, 1), d(2025, 6, 30));
        assert!(result.cases > 50, "{result:?}");
        assert!(result.coverage().is_some_and(|c| c > 0.8), "{result:?}");
        assert!(result.median_error_days.is_some_and(|e| e <= 5), "{result:?}");
    }
}
