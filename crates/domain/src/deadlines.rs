//! Deadlines a started case's rules imply: follow-up meetings (first after N months, then every
//! M months, e.g. 3 then 6; respite care yearly) and the status report due before each meeting
//! (its lead time is a setting: `settings::MunicipalitySettings`). Month arithmetic clamps to the month's last day
//! (31.01 + 1 month = 28.02 or 29.02).

use crate::catalogue::ServiceRules;
use chrono::{Days, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    /// 1 for the first follow-up.
    pub number: u32,
    pub due_on: NaiveDate,
    pub status_report_due_on: NaiveDate,
}

/// The first follow-up due on or after `today` for a case started on `started_on`; `None` when
/// the service has no follow-up rule.
pub fn next_follow_up(rules: &ServiceRules, started_on: NaiveDate, today: NaiveDate, lead_days: u64) -> Option<FollowUp> {
    let first = u32::from(rules.first_follow_up_months?);
    let every = u32::from(rules.follow_up_every_months.unwrap_or(rules.first_follow_up_months?)).max(1);
    let mut number = 1u32;
    let mut months = first;
    loop {
        let due_on = started_on.checked_add_months(Months::new(months))?;
        if due_on >= today {
            let status_report_due_on = due_on.checked_sub_days(Days::new(lead_days))?;
            return Some(FollowUp { number, due_on, status_report_due_on });
        }
        number += 1;
        months = months.checked_add(every)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rules(first: u8, every: u8) -> ServiceRules {
        ServiceRules { first_follow_up_months: Some(first), follow_up_every_months: Some(every), ..Default::default() }
    }

    #[test]
    fn three_then_every_six_months() {
        let r = rules(3, 6);
        let start = d(2022, 1, 31);
        let first = next_follow_up(&r, start, start, 14).unwrap();
        assert_eq!((first.number, first.due_on, first.status_report_due_on), (1, d(2022, 4, 30), d(2022, 4, 16)));
        let second = next_follow_up(&r, start, d(2022, 5, 1), 14).unwrap();
        assert_eq!((second.number, second.due_on), (2, d(2022, 10, 31)));
        assert_eq!(next_follow_up(&ServiceRules::default(), start, start, 14), None);
    }

    proptest! {
        #[test]
        fn the_next_follow_up_is_the_earliest_not_before_today(first in 1u8..13, every in 1u8..13, start in 0u64..3000, after in 0u64..3000) {
            let start = d(2015, 1, 1) + Days::new(start);
            let today = start + Days::new(after);
            let f = next_follow_up(&rules(first, every), start, today, 14).unwrap();
            prop_assert!(f.due_on >= today);
            prop_assert_eq!(f.status_report_due_on + Days::new(14), f.due_on);
            if f.number > 1 {
                let months = u32::from(first) + (f.number - 2) * u32::from(every);
                let previous = start.checked_add_months(Months::new(months)).unwrap();
                prop_assert!(previous < today, "the previous follow-up was already past");
            }
        }
    }
}
