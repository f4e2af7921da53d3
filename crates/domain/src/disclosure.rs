//! What aggregates may be shown to roles without case access (the analyst): periods of whole
//! months only, counted on the period's last day. One-day (or one-week) reports, or a report
//! date moved a day at a time, gave the exact enrolment and start dates of single cases; a
//! period of whole months, with the report date fixed to its end, does not.

use crate::{FieldError, ReportPeriod, ValidationErrors};
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
    fn counts_under_five_are_not_shown_but_zero_is() {
        assert_eq!((shown_count(0), shown_count(1), shown_count(4), shown_count(5)), (Some(0), None, None, Some(5)));
    }
}
