//! Deadlines a started case's rules imply, defined once for every page: follow-up meetings
//! (first after N months, then every M months, e.g. 3 then 6; respite care yearly) and the
//! status report due before each meeting (its lead time is a setting:
//! `settings::MunicipalitySettings`). Month arithmetic clamps to the month's last day
//! (31.01 + 1 month = 28.02 or 29.02), always counted from the start, so it never drifts.
//!
//! A deadline goes away only when its follow-up is held: the due follow-up is the one after the
//! last held, whatever the date, so a passed date makes it overdue, never the next one.

use crate::catalogue::ServiceRules;
use chrono::{Datelike, Days, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    /// 1 for the first follow-up.
    pub number: u32,
    pub due_on: NaiveDate,
    pub status_report_due_on: NaiveDate,
}

/// How near a deadline is, seen on `today` (the Danish date: `danish::local_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeadlineState {
    /// The due date is before today.
    Overdue,
    /// Due today or later in this week (Monday to Sunday).
    DueThisWeek,
    /// Due later this calendar month.
    DueThisMonth,
    Later,
}

impl DeadlineState {
    pub fn of(due_on: NaiveDate, today: NaiveDate) -> Self {
        if due_on < today {
            return DeadlineState::Overdue;
        }
        let week_end = today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        if due_on <= week_end {
            DeadlineState::DueThisWeek
        } else if (due_on.year(), due_on.month()) == (today.year(), today.month()) {
            DeadlineState::DueThisMonth
        } else {
            DeadlineState::Later
        }
    }

    pub fn label_da(self) -> &'static str {
        match self {
            DeadlineState::Overdue => "Overskredet",
            DeadlineState::DueThisWeek => "Denne uge",
            DeadlineState::DueThisMonth => "Denne måned",
            DeadlineState::Later => "Senere",
        }
    }

    /// The due dates in this state on `today`, as inclusive bounds (`None`: unbounded), so a
    /// store can select a state as one indexed range. A bound pair with `from > to` is empty
    /// (late in a month, "this month" holds nothing beyond "this week").
    pub fn range(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let week_end = today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let month_end = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|first| first.checked_add_months(Months::new(1)))
            .and_then(|next| next.pred_opt())
            .unwrap_or(today);
        let after = |d: NaiveDate| d.succ_opt();
        match self {
            DeadlineState::Overdue => (None, today.pred_opt()),
            DeadlineState::DueThisWeek => (Some(today), Some(week_end)),
            DeadlineState::DueThisMonth => (after(week_end), Some(month_end)),
            DeadlineState::Later => (after(week_end.max(month_end)), None),
        }
    }

    /// Whether a page should call attention to it.
    pub fn is_pressing(self) -> bool {
        matches!(self, DeadlineState::Overdue | DeadlineState::DueThisWeek)
    }
}

/// The follow-up due for a case started on `started_on` of which `held` follow-ups have been
/// held: number `held + 1`, due `first + held × every` months after the start. `None` when the
/// service has no follow-up rule (or the date would leave the calendar). The status report is
/// due the service's own lead time before it (`ServiceRules::status_report_lead_days`), or
/// `lead_days` (the municipality's setting) when the service has none.
pub fn due_follow_up(rules: &ServiceRules, started_on: NaiveDate, held: u32, lead_days: u64) -> Option<FollowUp> {
    let lead_days = rules.status_report_lead_days.map_or(lead_days, u64::from);
    let first = u32::from(rules.first_follow_up_months?);
    let every = u32::from(rules.follow_up_every_months.unwrap_or(rules.first_follow_up_months?)).max(1);
    let months = first.checked_add(held.checked_mul(every)?)?;
    let due_on = started_on.checked_add_months(Months::new(months))?;
    FollowUp::numbered(held.checked_add(1)?, due_on, lead_days)
}

impl FollowUp {
    /// Follow-up `number`, due on `due_on`, with its status report due `lead_days` before.
    pub fn numbered(number: u32, due_on: NaiveDate, lead_days: u64) -> Option<Self> {
        Some(FollowUp { number, due_on, status_report_due_on: due_on.checked_sub_days(Days::new(lead_days))? })
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
    fn three_then_every_six_months_from_the_start_clamped_at_month_ends() {
        let r = rules(3, 6);
        let start = d(2022, 1, 31);
        let first = due_follow_up(&r, start, 0, 14).unwrap();
        assert_eq!((first.number, first.due_on, first.status_report_due_on), (1, d(2022, 4, 30), d(2022, 4, 16)));
        let second = due_follow_up(&r, start, 1, 14).unwrap();
        assert_eq!((second.number, second.due_on), (2, d(2022, 10, 31)), "counted from the start, not from 30.04");
        assert_eq!(due_follow_up(&rules(1, 12), d(2023, 11, 30), 0, 0).map(|f| f.due_on), Some(d(2023, 12, 30)));
        assert_eq!(due_follow_up(&rules(12, 12), d(2024, 2, 29), 0, 0).map(|f| f.due_on), Some(d(2025, 2, 28)), "a leap day's year later");
        assert_eq!(due_follow_up(&rules(12, 12), d(2024, 2, 29), 3, 0).map(|f| f.due_on), Some(d(2028, 2, 29)), "and the next leap year");
        assert_eq!(due_follow_up(&ServiceRules::default(), start, 0, 14), None);
        let own_lead = ServiceRules { status_report_lead_days: Some(7), ..rules(3, 6) };
        assert_eq!(
            due_follow_up(&own_lead, start, 0, 14).map(|f| f.status_report_due_on),
            due_follow_up(&rules(3, 6), start, 0, 7).map(|f| f.status_report_due_on)
        );
    }

    #[test]
    fn states_are_overdue_this_week_this_month_or_later() {
        let today = d(2022, 4, 26); // a Tuesday
        assert_eq!(DeadlineState::of(d(2022, 4, 25), today), DeadlineState::Overdue);
        assert_eq!(DeadlineState::of(today, today), DeadlineState::DueThisWeek);
        assert_eq!(DeadlineState::of(d(2022, 5, 1), today), DeadlineState::DueThisWeek, "Sunday ends the week, across the month");
        assert_eq!(DeadlineState::of(d(2022, 4, 30), today), DeadlineState::DueThisWeek);
        assert_eq!(DeadlineState::of(d(2022, 5, 2), today), DeadlineState::Later);
        assert_eq!(DeadlineState::of(d(2022, 4, 12), d(2022, 4, 4)), DeadlineState::DueThisMonth);
        assert_eq!(DeadlineState::Overdue.label_da(), "Overskredet");
    }

    proptest! {
        /// Due dates rise with every follow-up held, stay in step with the lead time, and are
        /// whole months from the start (clamped only at a month's end).
        #[test]
        fn due_dates_rise_with_each_follow_up_held(first in 1u8..25, every in 1u8..25, start in 0u64..20_000, held in 0u32..40) {
            let start = d(1990, 1, 1) + Days::new(start);
            let r = rules(first, every);
            let now = due_follow_up(&r, start, held, 14).unwrap();
            let next = due_follow_up(&r, start, held + 1, 14).unwrap();
            prop_assert!(next.due_on > now.due_on);
            prop_assert_eq!(now.number, held + 1);
            prop_assert_eq!(now.status_report_due_on + Days::new(14), now.due_on);
            let months = (now.due_on.year() - start.year()) * 12 + now.due_on.month() as i32 - start.month() as i32;
            prop_assert_eq!(months as u32, u32::from(first) + held * u32::from(every));
            prop_assert!(now.due_on.day() == start.day() || now.due_on.succ_opt().is_some_and(|n| n.day() == 1), "clamped only to a month's last day");
        }

        /// Exactly one state for every pair of days, overdue exactly when the date has passed;
        /// a day passing never makes a deadline go away, only more pressing.
        #[test]
        fn a_day_passing_only_makes_a_deadline_more_pressing(due in 0u64..3000, today in 0u64..3000) {
            let (due, today) = (d(2020, 1, 1) + Days::new(due), d(2020, 1, 1) + Days::new(today));
            let state = DeadlineState::of(due, today);
            prop_assert_eq!(state == DeadlineState::Overdue, due < today);
            prop_assert!(DeadlineState::of(due, today + Days::new(1)) <= state);
        }
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..20_000).prop_map(|n| d(1990, 1, 1) + chrono::Duration::days(n))
    }

    proptest! {
        /// Selecting a state by its date range finds exactly the dates `of` puts in it: the
        /// stored-deadline queries and the pages can never disagree on a state.
        #[test]
        fn a_states_range_holds_exactly_its_dates(today in any_date(), offset in -400i64..400) {
            let due = today + chrono::Duration::days(offset);
            for state in [DeadlineState::Overdue, DeadlineState::DueThisWeek, DeadlineState::DueThisMonth, DeadlineState::Later] {
                let (from, to) = state.range(today);
                let inside = from.is_none_or(|f| due >= f) && to.is_none_or(|t| due <= t);
                prop_assert_eq!(inside, DeadlineState::of(due, today) == state, "{:?} on {} for {}", state, today, due);
            }
        }
    }
}
