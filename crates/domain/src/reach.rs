//! Reach (rækkevidde): which families the family house reached in a period — the cases opened
//! in it, reached in pregnancy or after the birth (`access_route::reached_when`), with a father
//! taking part (a journal contact with the father among its participants), by the way they
//! came in and by referral source. Computed here from one row per case, no names; for roles
//! without case access counts 1–4 are "under 5" and a breakdown that hides exactly one row
//! withholds its next-smallest too (the rule of `anonymous_stats`), in whole months only
//! (`disclosure::check_whole_months`).

use crate::access_route::{AccessRoute, ReachedWhen, reached_when};
use crate::anonymous_stats::{Shown, breakdown};
use crate::case::ReferralSource;
use chrono::NaiveDate;

/// One case opened in the period, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachRow {
    pub enrolled_on: NaiveDate,
    pub access_route: AccessRoute,
    pub referral_source: ReferralSource,
    pub birth_date: Option<NaiveDate>,
    pub expected_birth_on: Option<NaiveDate>,
    /// A journal contact of the case has the father among its participants.
    pub father_took_part: bool,
}

/// The reach section's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Cases opened in the period.
    pub cases: Shown,
    pub when: Vec<(ReachedWhen, Shown)>,
    pub fathers: Shown,
    pub by_route: Vec<(AccessRoute, Shown)>,
    pub by_source: Vec<(ReferralSource, Shown)>,
}

/// The reach of the cases in `rows` opened from `from` to `to` (both included; others are
/// ignored); `restricted` for roles without case access.
pub fn build(rows: &[ReachRow], from: NaiveDate, to: NaiveDate, restricted: bool) -> Reach {
    let rows: Vec<&ReachRow> = rows.iter().filter(|r| (from..=to).contains(&r.enrolled_on)).collect();
    let count = |f: &dyn Fn(&ReachRow) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
    let shown = |n: i64| if !restricted || crate::disclosure::shown_count(n).is_some() { Shown::Count(n) } else { Shown::UnderFive };
    Reach {
        from,
        to,
        cases: shown(rows.len() as i64),
        when: breakdown(ReachedWhen::ALL, |w| count(&|r| reached_when(r.enrolled_on, r.birth_date, r.expected_birth_on) == w), restricted),
        fathers: shown(count(&|r| r.father_took_part)),
        by_route: breakdown(AccessRoute::ALL, |a| count(&|r| r.access_route == a), restricted),
        by_source: breakdown(ReferralSource::ALL, |s| count(&|r| r.referral_source == s), restricted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn row(on: NaiveDate, route: AccessRoute, born: Option<NaiveDate>, expected: Option<NaiveDate>, father: bool) -> ReachRow {
        ReachRow {
            enrolled_on: on,
            access_route: route,
            referral_source: ReferralSource::HealthVisitor,
            birth_date: born,
            expected_birth_on: expected,
            father_took_part: father,
        }
    }

    #[test]
    fn the_period_counts_pregnancy_birth_fathers_and_routes() {
        let (from, to) = (d(2026, 1, 1), d(2026, 6, 30));
        let mut rows = Vec::new();
        for i in 0..6 {
            rows.push(row(d(2026, 2, 1 + i), AccessRoute::LeaderAdmission, None, Some(d(2026, 8, 1)), i < 2));
        }
        for i in 0..3 {
            rows.push(row(d(2026, 3, 1 + i), AccessRoute::WalkIn, Some(d(2025, 6, 1)), None, true));
        }
        rows.push(row(d(2026, 4, 1), AccessRoute::AuthorityReferral, None, None, false));
        rows.push(row(d(2025, 12, 31), AccessRoute::WalkIn, None, None, true));
        rows.push(row(d(2026, 7, 1), AccessRoute::WalkIn, None, None, true));
        let reach = build(&rows, from, to, false);
        assert_eq!(reach.cases, Shown::Count(10), "the two outside the period left out");
        assert_eq!(
            reach.when,
            vec![(ReachedWhen::InPregnancy, Shown::Count(6)), (ReachedWhen::AfterBirth, Shown::Count(3)), (ReachedWhen::Unknown, Shown::Count(1))]
        );
        assert_eq!(reach.fathers, Shown::Count(5));
        assert_eq!(
            reach.by_route,
            vec![(AccessRoute::LeaderAdmission, Shown::Count(6)), (AccessRoute::WalkIn, Shown::Count(3)), (AccessRoute::AuthorityReferral, Shown::Count(1))]
        );
        assert_eq!(reach.by_source, vec![(ReferralSource::HealthVisitor, Shown::Count(10))]);

        let restricted = build(&rows, from, to, true);
        assert_eq!(restricted.cases, Shown::Count(10));
        assert_eq!(restricted.fathers, Shown::Count(5));
        // Two rows under 5: neither can be recomputed from the total, so nothing more withheld.
        assert_eq!(
            restricted.by_route,
            vec![(AccessRoute::LeaderAdmission, Shown::Count(6)), (AccessRoute::WalkIn, Shown::UnderFive), (AccessRoute::AuthorityReferral, Shown::UnderFive)]
        );
    }

    #[test]
    fn one_hidden_row_withholds_the_next_smallest_for_restricted_roles() {
        let (from, to) = (d(2026, 1, 1), d(2026, 6, 30));
        let mut rows: Vec<ReachRow> = (0..8).map(|i| row(d(2026, 1, 1 + i), AccessRoute::WalkIn, None, Some(d(2026, 9, 1)), false)).collect();
        rows.extend((0..6).map(|i| row(d(2026, 2, 1 + i), AccessRoute::DirectContact, Some(d(2025, 1, 1)), None, false)));
        rows.push(row(d(2026, 3, 1), AccessRoute::LeaderAdmission, None, None, true));
        let reach = build(&rows, from, to, true);
        assert_eq!(
            reach.by_route,
            vec![(AccessRoute::WalkIn, Shown::Count(8)), (AccessRoute::DirectContact, Shown::Withheld), (AccessRoute::LeaderAdmission, Shown::UnderFive)]
        );
        assert_eq!(reach.fathers, Shown::UnderFive);
        assert_eq!(build(&rows, from, to, false).fathers, Shown::Count(1), "roles with case access see every count");
    }

    fn arb_row() -> impl Strategy<Value = ReachRow> {
        (0u32..180, 0usize..AccessRoute::ALL.len(), 0usize..ReferralSource::ALL.len(), prop::option::of(-400i64..200), any::<bool>(), any::<bool>()).prop_map(
            |(day, route, source, born, expected, father)| {
                let on = d(2026, 1, 1) + chrono::Days::new(u64::from(day));
                ReachRow {
                    enrolled_on: on,
                    access_route: AccessRoute::ALL[route],
                    referral_source: ReferralSource::ALL[source],
                    birth_date: born.map(|b| on + chrono::Duration::days(b)),
                    expected_birth_on: expected.then(|| on + chrono::Duration::days(100)),
                    father_took_part: father,
                }
            },
        )
    }

    fn value(s: Shown) -> Option<i64> {
        if let Shown::Count(n) = s { Some(n) } else { None }
    }

    proptest! {
        /// Unrestricted, every breakdown adds up to the cases; restricted, no count 1–4 is shown
        /// and no breakdown leaves a single hidden row that its shown rows and the total give away.
        #[test]
        fn breakdowns_add_up_and_restricted_counts_never_give_a_small_one_away(rows in prop::collection::vec(arb_row(), 0..60)) {
            let (from, to) = (d(2026, 1, 1), d(2026, 6, 30));
            let open = build(&rows, from, to, false);
            let total = value(open.cases).unwrap_or(-1);
            for sum in [
                open.when.iter().filter_map(|(_, s)| value(*s)).sum::<i64>(),
                open.by_route.iter().filter_map(|(_, s)| value(*s)).sum::<i64>(),
                open.by_source.iter().filter_map(|(_, s)| value(*s)).sum::<i64>(),
            ] {
                prop_assert_eq!(sum, total);
            }
            let shut = build(&rows, from, to, true);
            let all: Vec<Shown> = [shut.cases, shut.fathers].into_iter()
                .chain(shut.when.iter().map(|(_, s)| *s))
                .chain(shut.by_route.iter().map(|(_, s)| *s))
                .chain(shut.by_source.iter().map(|(_, s)| *s))
                .collect();
            prop_assert!(all.iter().all(|s| value(*s).is_none_or(|n| n == 0 || n >= 5)));
            for lines in [
                shut.when.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
                shut.by_route.iter().map(|(_, s)| *s).collect(),
                shut.by_source.iter().map(|(_, s)| *s).collect(),
            ] {
                let unknown = lines.iter().filter(|s| value(**s).is_none()).count();
                prop_assert!(unknown != 1 || value(shut.cases).is_none(), "one unknown line is the total minus the others: {:?}", lines);
            }
        }
    }
}
