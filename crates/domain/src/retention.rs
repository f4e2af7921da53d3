//! Retention: how long a person's identity is kept after their last case closed. A person is due
//! when every one of their cases is closed and the newest closure lies more than the configured
//! number of years before today. What is removed is the identity (name, CPR number, birth date,
//! family) and free text; the cases keep their dates and codes, so every report figure of a
//! closed period stays as it was.

use chrono::{Months, NaiveDate};

/// The default: five years after the last case closed.
pub const DEFAULT_YEARS: u32 = 5;
/// The longest period the settings accept.
pub const MAX_YEARS: u32 = 50;

/// The name an anonymised person carries (the cases still need a name to list).
pub const ANONYMISED_NAME_DA: &str = "Anonymiseret person";

/// Persons whose newest closure is before this date are due: today minus `years`, by calendar
/// months (29 February goes to 28 February).
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today.checked_sub_months(Months::new(years.saturating_mul(12))).unwrap_or(NaiveDate::MIN)
}

/// Whether a person with these cases (closure dates; `None` for an open case) is due on `today`.
pub fn is_due(closures: &[Option<NaiveDate>], today: NaiveDate, years: u32) -> bool {
    let limit = cutoff(today, years);
    !closures.is_empty() && closures.iter().all(|c| c.is_some_and(|closed| closed < limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn due_only_when_every_case_closed_before_the_cutoff() {
        let today = d(2026, 12, 1);
        assert_eq!(cutoff(today, 5), d(2021, 12, 1));
        assert_eq!(cutoff(d(2024, 2, 29), 1), d(2023, 2, 28));
        assert!(is_due(&[Some(d(2021, 11, 30))], today, 5));
        assert!(!is_due(&[Some(d(2021, 12, 1))], today, 5), "exactly five years: not yet");
        assert!(!is_due(&[Some(d(2019, 1, 1)), None], today, 5), "an open case keeps the person");
        assert!(!is_due(&[Some(d(2019, 1, 1)), Some(d(2023, 1, 1))], today, 5), "the newest closure counts");
        assert!(!is_due(&[], today, 5), "a person without cases is not this rule's");
    }

    proptest! {
        #[test]
        fn a_longer_period_never_makes_more_persons_due(days in proptest::collection::vec(proptest::option::of(0i64..20_000), 1..5), years in 1u32..20) {
            let today = d(2026, 12, 1);
            let closures: Vec<Option<NaiveDate>> = days.iter().map(|o| o.map(|n| d(1980, 1, 1) + chrono::Duration::days(n))).collect();
            if is_due(&closures, today, years + 1) {
                prop_assert!(is_due(&closures, today, years));
            }
        }
    }
}
