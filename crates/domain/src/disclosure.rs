//! What aggregates may be shown to roles without case access (the analyst): periods of whole
//! months only, counted on the period's last day. One-day (or one-week) reports, or a report
//! date moved a day at a time, gave the exact enrolment and start dates of single cases; a
//! period of whole months, with the report date fixed to its end, does not.

use crate::report::{Hide, ReportRow};
use crate::{CaseloadReport, FieldError, ReportPeriod, ValidationErrors};
use chrono::{Datelike, NaiveDate};

/// The smallest count such roles see as a number; smaller counts (1–4) are "under 5".
pub const MIN_SHOWN_COUNT: i64 = 5;

fn last_of_month(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|next| next.month() != d.month())
}

/// Refuses a period that does not start on a month's first day and end on a month's last, or
/// whose report date is not its last day, with Danish messages at `from`, `to` and `as_of`.
pub fn check_whole_months(period: &ReportPeriod) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    if period.from().day() != 1 {
        errors.push(FieldError::new("from", "Perioden skal begynde den 1. i en måned.", "the period must start on the first of a month"));
    }
    if !last_of_month(period.to()) {
        errors.push(FieldError::new("to", "Perioden skal slutte den sidste dag i en måned.", "the period must end on the last day of a month"));
    }
    if period.as_of() != period.to() {
        errors.push(FieldError::new("as_of", "Opgørelsesdatoen er periodens sidste dag.", "the report date must be the period's last day"));
    }
    ValidationErrors::check(errors)
}

/// A count as such roles may see it: the number from `MIN_SHOWN_COUNT` up and 0, else `None`
/// (shown as "under 5").
pub fn shown_count(n: i64) -> Option<i64> {
    (n == 0 || n >= MIN_SHOWN_COUNT).then_some(n)
}

fn hide(n: &mut i64, mark: &mut Hide) {
    if shown_count(*n).is_none() {
        *n = 0;
        *mark = Hide::UnderFive;
    }
}

/// The report as roles without case access may see it: counts 1–4 become "under 5" (their
/// number set to 0, so a renderer that ignored the mark would still show nothing true); the
/// waiting times of a row with fewer than 5 started cases are withheld (a mean of 1–4 cases
/// is a case's wait), and so is the longest current wait of fewer than 5 waiting cases; a
/// total is withheld in a column where a row is hidden, so it cannot be recomputed. Apply to
/// each period before comparing them, so the previous means follow the same rule.
pub fn suppress(mut report: CaseloadReport) -> CaseloadReport {
    let mut any = crate::report::HiddenCounts::default();
    for row in &mut report.rows {
        suppress_row(row);
        for (hidden, seen) in [
            (row.hidden.current_cases, &mut any.current_cases),
            (row.hidden.not_started, &mut any.not_started),
            (row.hidden.started_in_period, &mut any.started_in_period),
        ] {
            if !hidden.is_shown() {
                *seen = Hide::Withheld;
            }
        }
    }
    let totals = &mut report.totals;
    suppress_row(totals);
    for (seen, n, mark) in [
        (any.current_cases, &mut totals.current_cases, &mut totals.hidden.current_cases),
        (any.not_started, &mut totals.not_started, &mut totals.hidden.not_started),
        (any.started_in_period, &mut totals.started_in_period, &mut totals.hidden.started_in_period),
    ] {
        if !seen.is_shown() && mark.is_shown() {
            *n = 0;
            *mark = Hide::Withheld;
        }
    }
    report
}

fn suppress_row(row: &mut ReportRow) {
    let waits_of_few = row.started_in_period < MIN_SHOWN_COUNT;
    let waiting_few = row.not_started < MIN_SHOWN_COUNT;
    hide(&mut row.current_cases, &mut row.hidden.current_cases);
    hide(&mut row.not_started, &mut row.hidden.not_started);
    hide(&mut row.started_in_period, &mut row.hidden.started_in_period);
    if waits_of_few {
        row.wait = crate::WaitStats { mean: None, median: None, p90: None };
        row.previous_mean = None;
        row.change = None;
    }
    if waiting_few {
        row.longest_current_wait = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: (i32, u32, u32), to: (i32, u32, u32), as_of: Option<(i32, u32, u32)>) -> ReportPeriod {
        let d = |(y, m, day): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        ReportPeriod::new(d(from), d(to), as_of.map(d)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_whole_months_counted_on_their_last_day() {
        assert!(check_whole_months(&period((2022, 1, 1), (2022, 6, 30), None)).is_ok());
        assert!(check_whole_months(&period((2024, 2, 1), (2024, 2, 29), None)).is_ok(), "a leap February");
        let fields = |p: ReportPeriod| check_whole_months(&p).err().map(|e| e.0.iter().map(|f| f.field).collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(fields(period((2022, 3, 10), (2022, 3, 10), None)), ["from", "to"], "a one-day report");
        assert_eq!(fields(period((2022, 1, 1), (2022, 6, 30), Some((2022, 7, 15)))), ["as_of"]);
        assert_eq!(fields(period((2022, 1, 1), (2022, 2, 28), None)), Vec::<&str>::new());
        assert_eq!(fields(period((2023, 2, 1), (2023, 2, 27), None)), ["to"]);
    }

    #[test]
    fn small_counts_become_under_five_their_waits_are_withheld_and_totals_cannot_give_them_away() {
        use crate::report::{ReportService, ServiceAggregates};
        let p = period((2022, 1, 1), (2022, 6, 30), None);
        let services: Vec<ReportService> = [1, 2]
            .into_iter()
            .map(|id| ReportService { service_id: id, paragraph: format!("§ {id}"), label: format!("Indsats {id}"), remark: String::new() })
            .collect();
        let mut aggregates = std::collections::BTreeMap::new();
        aggregates.insert(
            1,
            ServiceAggregates {
                current_cases: 40,
                not_started: 12,
                started_in_period: 20,
                wait_sum: 400,
                longest_current_wait: Some(90),
                ..Default::default()
            },
        );
        aggregates.insert(
            2,
            ServiceAggregates { current_cases: 3, not_started: 1, started_in_period: 2, wait_sum: 31, longest_current_wait: Some(17), ..Default::default() },
        );
        let full = CaseloadReport::build(p, &services, &aggregates);
        let shown = suppress(full.clone());
        let small = &shown.rows[1];
        assert_eq!((small.current_cases, small.hidden.current_cases), (0, Hide::UnderFive));
        assert_eq!((small.not_started, small.hidden.not_started, small.started_in_period), (0, Hide::UnderFive, 0));
        assert_eq!((small.wait.mean, small.longest_current_wait), (None, None), "the waits of 2 cases and of 1 waiting case");
        let big = &shown.rows[0];
        assert_eq!((big.current_cases, big.hidden.current_cases, big.wait.mean), (40, Hide::Shown, full.rows[0].wait.mean));
        assert_eq!((shown.totals.current_cases, shown.totals.hidden.current_cases), (0, Hide::Withheld), "43 − 40 would give 3");
        assert!(shown.totals.wait.mean.is_some(), "the mean over 22 cases is kept");
    }

    #[test]
    fn counts_under_five_are_not_shown_but_zero_is() {
        assert_eq!((shown_count(0), shown_count(1), shown_count(4), shown_count(5)), (Some(0), None, None, Some(5)));
    }
}
