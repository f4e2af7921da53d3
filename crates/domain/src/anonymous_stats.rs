//! Anonymous counselling's statistics for a chosen month: talks per month for it and the eleven
//! months before, and the month's themes, channels and guidance onward. Small counts are
//! suppressed for roles without case access: a count of 1–4 is "under 5", and where a
//! breakdown hides exactly one row, the smallest other row is withheld too, since the month's
//! total minus the shown rows would give the hidden one.

use crate::anonymous::{Channel, Topic};
use crate::anonymous_course::GuidedOnward;
use crate::disclosure::shown_count;
use chrono::{Datelike, Months, NaiveDate};

/// Talks with the same day, service, theme, channel and guidance: what the store counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkCount {
    pub occurred_on: NaiveDate,
    pub service_id: i64,
    pub topic: Topic,
    pub channel: Channel,
    pub guided: GuidedOnward,
    pub talks: i64,
    pub minutes: i64,
    /// Of them, first talks of a course (a course opened).
    pub first_talks: i64,
}

/// A count as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(i64),
    /// 1–4, for roles without case access.
    UnderFive,
    /// Not small itself, but withheld so that a hidden count cannot be recomputed.
    Withheld,
}

impl Shown {
    fn of(n: i64, restricted: bool) -> Self {
        if !restricted || shown_count(n).is_some() { Shown::Count(n) } else { Shown::UnderFive }
    }
}

/// One month's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthLine {
    /// The month's first day.
    pub month: NaiveDate,
    pub talks: Shown,
    /// Hours, only where the talks are shown.
    pub minutes: Option<i64>,
    pub courses_opened: Shown,
}

/// The statistics page's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    /// The chosen month's first day.
    pub month: NaiveDate,
    /// The chosen month last, the eleven before it first.
    pub months: Vec<MonthLine>,
    pub topics: Vec<(Topic, Shown)>,
    pub channels: Vec<(Channel, Shown)>,
    pub guidance: Vec<(GuidedOnward, Shown)>,
}

/// How many months the per-month table shows, the chosen one included.
pub const MONTHS_SHOWN: u32 = 12;

/// The first day of the first month the table shows for `month`.
pub fn first_shown(month: NaiveDate) -> NaiveDate {
    first_of(month).checked_sub_months(Months::new(MONTHS_SHOWN - 1)).unwrap_or(NaiveDate::MIN)
}

pub fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The statistics for `month` from `rows` (others are ignored); `restricted` for roles without
/// case access.
pub fn build(rows: &[TalkCount], month: NaiveDate, restricted: bool) -> Statistics {
    let month = first_of(month);
    let months = (0..MONTHS_SHOWN)
        .rev()
        .filter_map(|back| month.checked_sub_months(Months::new(back)))
        .map(|m| {
            let of_month = rows.iter().filter(|r| first_of(r.occurred_on) == m);
            let (talks, minutes, opened) = of_month.fold((0, 0, 0), |(t, mi, o), r| (t + r.talks, mi + r.minutes, o + r.first_talks));
            let shown = Shown::of(talks, restricted);
            MonthLine { month: m, talks: shown, minutes: matches!(shown, Shown::Count(_)).then_some(minutes), courses_opened: Shown::of(opened, restricted) }
        })
        .collect();
    let chosen: Vec<&TalkCount> = rows.iter().filter(|r| first_of(r.occurred_on) == month).collect();
    Statistics {
        month,
        months,
        topics: breakdown(Topic::ALL, |t| chosen.iter().filter(|r| r.topic == t).map(|r| r.talks).sum(), restricted),
        channels: breakdown(Channel::ALL, |c| chosen.iter().filter(|r| r.channel == c).map(|r| r.talks).sum(), restricted),
        guidance: breakdown(GuidedOnward::ALL, |g| chosen.iter().filter(|r| r.guided == g).map(|r| r.talks).sum(), restricted),
    }
}

/// Every value with its count, most first, zeros left out; suppressed as the module says.
pub(crate) fn breakdown<T: Copy>(all: &[T], count: impl Fn(T) -> i64, restricted: bool) -> Vec<(T, Shown)> {
    let mut lines: Vec<(T, i64)> = all.iter().map(|v| (*v, count(*v))).filter(|(_, n)| *n > 0).collect();
    lines.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut shown: Vec<(T, Shown)> = lines.iter().map(|(v, n)| (*v, Shown::of(*n, restricted))).collect();
    let hidden = shown.iter().filter(|(_, s)| *s == Shown::UnderFive).count();
    if hidden == 1 {
        // The smallest count still shown is the last `Count` (sorted most first).
        if let Some(line) = shown.iter_mut().rev().find(|(_, s)| matches!(s, Shown::Count(_))) {
            line.1 = Shown::Withheld;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn row(on: NaiveDate, topic: Topic, talks: i64) -> TalkCount {
        TalkCount {
            occurred_on: on,
            service_id: 1,
            topic,
            channel: Channel::Phone,
            guided: GuidedOnward::NotGuided,
            talks,
            minutes: talks * 45,
            first_talks: talks,
        }
    }

    #[test]
    fn the_table_ends_with_the_chosen_month_and_reaches_back_a_year() {
        let s = build(
            &[row(d(2026, 11, 3), Topic::School, 7), row(d(2025, 12, 31), Topic::School, 2), row(d(2025, 11, 30), Topic::School, 9)],
            d(2026, 11, 15),
            false,
        );
        assert_eq!(s.months.len(), 12);
        assert_eq!(s.months[0].month, d(2025, 12, 1));
        assert_eq!(s.months[11].month, d(2026, 11, 1));
        assert_eq!(s.months[0].talks, Shown::Count(2), "December 2025 is in, November 2025 is not");
        assert_eq!(s.months[11].talks, Shown::Count(7));
        assert_eq!(s.topics, vec![(Topic::School, Shown::Count(7))], "only the chosen month's themes");
    }

    #[test]
    fn small_counts_are_hidden_from_roles_without_case_access_and_cannot_be_recomputed() {
        let rows = [row(d(2026, 11, 3), Topic::School, 9), row(d(2026, 11, 4), Topic::Divorce, 6), row(d(2026, 11, 5), Topic::Wellbeing, 2)];
        let open = build(&rows, d(2026, 11, 1), false);
        assert_eq!(open.topics.last(), Some(&(Topic::Wellbeing, Shown::Count(2))));
        let restricted = build(&rows, d(2026, 11, 1), true);
        assert_eq!(restricted.topics, vec![(Topic::School, Shown::Count(9)), (Topic::Divorce, Shown::Withheld), (Topic::Wellbeing, Shown::UnderFive)]);
        assert_eq!(restricted.months[11].talks, Shown::Count(17));
        let quiet = build(&[row(d(2026, 10, 3), Topic::School, 3)], d(2026, 10, 1), true);
        assert_eq!(quiet.months[11].talks, Shown::UnderFive);
        assert_eq!(quiet.months[11].minutes, None, "hours would tell the count");
    }

    proptest! {
        /// For a restricted role, no shown breakdown count is 1–4, and the hidden rows' sum can
        /// never be read off as a single row's count: either no row is hidden or at least two
        /// rows are not shown.
        #[test]
        fn a_restricted_breakdown_never_reveals_a_small_count(counts in proptest::collection::vec(0i64..12, Topic::ALL.len())) {
            let rows: Vec<TalkCount> = Topic::ALL.iter().zip(&counts).filter(|(_, n)| **n > 0).map(|(t, n)| row(d(2026, 5, 10), *t, *n)).collect();
            let s = build(&rows, d(2026, 5, 1), true);
            for (_, shown) in &s.topics {
                if let Shown::Count(n) = shown { prop_assert!(*n >= 5); }
            }
            let not_shown = s.topics.iter().filter(|(_, s)| !matches!(s, Shown::Count(_))).count();
            prop_assert!(not_shown == 0 || not_shown >= 2 || s.topics.len() == 1);
        }
    }
}
