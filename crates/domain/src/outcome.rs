//! The outcome report (resultatopgørelse) per service and period: how the courses that ended in
//! the period went, and whether follow-ups were held on time. A pure function of rows the store
//! reads in a few statements for every service at once (`build`), and what roles without case
//! access may see of it (`suppress`).
//!
//! Definitions (the page's notes print them):
//! - closed cases: episodes closed in the period (a reopened case's new episode is its own), by
//!   closure reason;
//! - duration: days from start to closure of the closed episodes that had started, as a median;
//! - contacts: journal contacts (entries, not versions) of those episodes, as a median;
//! - goals improved: of the closed episodes with a goal rated at least twice, the share whose
//!   goals rose on average from each goal's first rating to its last;
//! - ORS change: of the closed episodes with at least two ORS scores, the mean of last − first;
//! - follow-ups on time: of the follow-ups due in the period (`deadlines::due_follow_up`,
//!   counted from the start, on any started episode not closed before the due date), the share
//!   held on or before the due date. A due date from today on is not judged yet.
//!
//! Medians are the middle value, or the mean of the two middle values.

use crate::case::ClosureReason;
use crate::catalogue::ServiceRules;
use crate::disclosure::MIN_SHOWN_COUNT;
use crate::report::{Hide, ReportPeriod};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// An episode closed in the period, with its number of journal contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedEpisode {
    pub case_id: i64,
    pub service_id: i64,
    pub started_on: Option<NaiveDate>,
    pub closed_on: NaiveDate,
    pub reason: ClosureReason,
    pub contacts: i64,
}

/// A goal's rating; `seq` (the row's id) orders two ratings on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub case_id: i64,
    pub goal_id: i64,
    pub rated_on: NaiveDate,
    pub rating: i64,
    pub seq: i64,
}

/// An ORS score; `seq` orders two scores on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrsScore {
    pub case_id: i64,
    pub measured_on: NaiveDate,
    pub score: i64,
    pub seq: i64,
}

/// A started episode that ran in the period (follow-ups may have been due on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunningEpisode {
    pub case_id: i64,
    pub service_id: i64,
    pub started_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// A follow-up held: its number on the case and the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldFollowUp {
    pub case_id: i64,
    pub number: i64,
    pub held_on: NaiveDate,
}

/// Everything `build` reads, for every service.
#[derive(Debug, Clone, Default)]
pub struct OutcomeFacts {
    pub closed: Vec<ClosedEpisode>,
    pub ratings: Vec<Rating>,
    pub ors: Vec<OrsScore>,
    pub running: Vec<RunningEpisode>,
    pub held: Vec<HeldFollowUp>,
}

/// A service as the report names it, with the rules its follow-ups are due by.
#[derive(Debug, Clone)]
pub struct OutcomeService {
    pub service_id: i64,
    pub paragraph: String,
    pub name: String,
    pub rules: ServiceRules,
}

/// A count, shown or hidden (`Hide`); a hidden count's number is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub n: i64,
    pub hide: Hide,
}

impl Count {
    fn of(n: i64) -> Self {
        Count { n, hide: Hide::Shown }
    }
}

/// A figure over some cases (or follow-ups): how many it is over, and its value (`None` when
/// there is nothing to compute it from, or it is withheld).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figure {
    pub over: Count,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeRow {
    pub service_id: i64,
    pub paragraph: String,
    pub service_name: String,
    pub closed: Count,
    /// Every closure reason, in `ClosureReason::ALL`'s order.
    pub by_reason: Vec<(ClosureReason, Count)>,
    /// Median days from start to closure.
    pub duration_days: Figure,
    /// Median journal contacts.
    pub contacts: Figure,
    /// Percent of the cases with rated goals whose goals improved.
    pub goals_improved_pct: Figure,
    /// Mean ORS change, last − first.
    pub ors_change: Figure,
    /// Percent of the follow-ups due that were held on time.
    pub follow_ups_on_time_pct: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeReport {
    pub period: ReportPeriod,
    /// Follow-ups due before this day are judged.
    pub today: NaiveDate,
    /// Services with a closed case or a follow-up due in the period, in the order given.
    pub rows: Vec<OutcomeRow>,
}

/// The last whole half-year before `today` (1.1–30.6 or 1.7–31.12): the page's default period,
/// whole months, so roles without case access may ask for it too.
pub fn last_whole_half_year(today: NaiveDate) -> ReportPeriod {
    use chrono::Datelike;
    let (from, to) = if today.month() <= 6 {
        (NaiveDate::from_ymd_opt(today.year() - 1, 7, 1), NaiveDate::from_ymd_opt(today.year() - 1, 12, 31))
    } else {
        (NaiveDate::from_ymd_opt(today.year(), 1, 1), NaiveDate::from_ymd_opt(today.year(), 6, 30))
    };
    let (from, to) = (from.unwrap_or(today), to.unwrap_or(today));
    ReportPeriod::new(from.min(to), to, None).unwrap_or_else(|_| unreachable!("from ≤ to and no report date"))
}

/// The median of whole numbers: the middle one, or the mean of the two middle ones.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0 })
}

fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64)
}

fn percent(part: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| 100.0 * part as f64 / of as f64)
}

/// Last − first of a series ordered by (date, seq); `None` under two values.
fn change<T: Copy>(mut series: Vec<T>, key: impl Fn(&T) -> (NaiveDate, i64), value: impl Fn(&T) -> i64) -> Option<i64> {
    if series.len() < 2 {
        return None;
    }
    series.sort_by_key(|v| key(v));
    Some(value(series.last()?) - value(series.first()?))
}

/// Of the follow-ups due on `episode` in the period (and before `today`), how many were held on
/// or before their due date: (due, on time).
fn follow_ups_due(
    period: &ReportPeriod,
    today: NaiveDate,
    rules: &ServiceRules,
    episode: &RunningEpisode,
    held: &HashMap<(i64, i64), NaiveDate>,
) -> (usize, usize) {
    let (mut due, mut on_time) = (0, 0);
    // Every service's interval is at least a month, so this ends; the cap guards bad data.
    for number in 0..2400u32 {
        let Some(f) = crate::deadlines::due_follow_up(rules, episode.started_on, number, 0) else { break };
        if f.due_on > period.to() || f.due_on >= today || episode.closed_on.is_some_and(|c| f.due_on > c) {
            break;
        }
        if f.due_on < period.from() {
            continue;
        }
        due += 1;
        if held.get(&(episode.case_id, i64::from(f.number))).is_some_and(|h| *h <= f.due_on) {
            on_time += 1;
        }
    }
    (due, on_time)
}

/// The report for `period`, judging follow-ups due before `today`. Rows outside the period are
/// ignored, so the store may read generously.
pub fn build(period: ReportPeriod, today: NaiveDate, services: &[OutcomeService], facts: &OutcomeFacts) -> OutcomeReport {
    let in_period = |d: NaiveDate| d >= period.from() && d <= period.to();
    let mut closed_by_service: BTreeMap<i64, Vec<&ClosedEpisode>> = BTreeMap::new();
    for e in facts.closed.iter().filter(|e| in_period(e.closed_on)) {
        closed_by_service.entry(e.service_id).or_default().push(e);
    }
    let mut ratings: HashMap<i64, HashMap<i64, Vec<Rating>>> = HashMap::new();
    for r in &facts.ratings {
        ratings.entry(r.case_id).or_default().entry(r.goal_id).or_default().push(*r);
    }
    let mut ors: HashMap<i64, Vec<OrsScore>> = HashMap::new();
    for s in &facts.ors {
        ors.entry(s.case_id).or_default().push(*s);
    }
    let held: HashMap<(i64, i64), NaiveDate> = facts.held.iter().map(|h| ((h.case_id, h.number), h.held_on)).collect();
    let mut rows = Vec::new();
    for service in services {
        let closed = closed_by_service.get(&service.service_id).map(Vec::as_slice).unwrap_or_default();
        let mut durations: Vec<i64> = closed.iter().filter_map(|e| e.started_on.map(|s| (e.closed_on - s).num_days())).collect();
        let mut contacts: Vec<i64> = closed.iter().filter(|e| e.started_on.is_some()).map(|e| e.contacts).collect();
        let goal_changes: Vec<i64> = closed
            .iter()
            .filter_map(|e| {
                let goals = ratings.get(&e.case_id)?;
                let changes: Vec<i64> = goals.values().filter_map(|g| change(g.clone(), |r| (r.rated_on, r.seq), |r| r.rating)).collect();
                (!changes.is_empty()).then(|| changes.iter().sum::<i64>())
            })
            .collect();
        let ors_changes: Vec<i64> =
            closed.iter().filter_map(|e| change(ors.get(&e.case_id).cloned().unwrap_or_default(), |s| (s.measured_on, s.seq), |s| s.score)).collect();
        let (mut due, mut on_time) = (0, 0);
        for episode in facts.running.iter().filter(|e| e.service_id == service.service_id) {
            let (d, t) = follow_ups_due(&period, today, &service.rules, episode, &held);
            due += d;
            on_time += t;
        }
        if closed.is_empty() && due == 0 {
            continue;
        }
        let count = |n: usize| Count::of(n as i64);
        rows.push(OutcomeRow {
            service_id: service.service_id,
            paragraph: service.paragraph.clone(),
            service_name: service.name.clone(),
            closed: count(closed.len()),
            by_reason: ClosureReason::ALL.iter().map(|r| (*r, count(closed.iter().filter(|e| e.reason == *r).count()))).collect(),
            duration_days: Figure { over: count(durations.len()), value: median(&mut durations) },
            contacts: Figure { over: count(contacts.len()), value: median(&mut contacts) },
            goals_improved_pct: Figure { over: count(goal_changes.len()), value: percent(goal_changes.iter().filter(|c| **c > 0).count(), goal_changes.len()) },
            ors_change: Figure { over: count(ors_changes.len()), value: mean(&ors_changes) },
            follow_ups_on_time_pct: Figure { over: count(due), value: percent(on_time, due) },
        });
    }
    OutcomeReport { period, today, rows }
}

fn small(n: i64) -> bool {
    n > 0 && n < MIN_SHOWN_COUNT
}

/// A figure as roles without case access see it: over fewer than 5 its count is "under 5" and
/// its value withheld; its count is also withheld ("–") where the closed cases minus it would
/// be 1–4 (e.g. the cases that closed without ever starting).
fn suppress_figure(f: &mut Figure, closed: i64) {
    if small(f.over.n) {
        *f = Figure { over: Count { n: 0, hide: Hide::UnderFive }, value: None };
    } else if small(closed - f.over.n) {
        f.over = Count { n: 0, hide: Hide::Withheld };
    }
}

/// The report as roles without case access (the analyst) may see it: counts 1–4 are "under 5",
/// medians, means and shares over fewer than 5 are withheld, and where one closure reason is
/// hidden the smallest other reason is withheld too, so the row's total cannot give it away.
pub fn suppress(mut report: OutcomeReport) -> OutcomeReport {
    for row in &mut report.rows {
        let closed = row.closed.n;
        suppress_figure(&mut row.duration_days, closed);
        suppress_figure(&mut row.contacts, closed);
        suppress_figure(&mut row.goals_improved_pct, closed);
        suppress_figure(&mut row.ors_change, closed);
        // Follow-ups are counted on every running case, not the closed ones.
        let due = row.follow_ups_on_time_pct.over.n;
        suppress_figure(&mut row.follow_ups_on_time_pct, due);
        let mut hidden = 0;
        for (_, c) in &mut row.by_reason {
            if small(c.n) {
                *c = Count { n: 0, hide: Hide::UnderFive };
                hidden += 1;
            }
        }
        if small(closed) {
            row.closed = Count { n: 0, hide: Hide::UnderFive };
        } else if hidden == 1
            && let Some((_, c)) = row.by_reason.iter_mut().filter(|(_, c)| c.hide.is_shown() && c.n > 0).min_by_key(|(_, c)| c.n)
        {
            *c = Count { n: 0, hide: Hide::Withheld };
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period() -> ReportPeriod {
        ReportPeriod::new(d(2022, 1, 1), d(2022, 6, 30), None).unwrap()
    }

    fn service(id: i64) -> OutcomeService {
        OutcomeService {
            service_id: id,
            paragraph: "§ 52.3.3".into(),
            name: "Familiebehandling".into(),
            rules: ServiceRules { first_follow_up_months: Some(3), follow_up_every_months: Some(6), ..Default::default() },
        }
    }

    fn closed(case_id: i64, started: Option<NaiveDate>, closed_on: NaiveDate, reason: ClosureReason, contacts: i64) -> ClosedEpisode {
        ClosedEpisode { case_id, service_id: 1, started_on: started, closed_on, reason, contacts }
    }

    #[test]
    fn the_default_is_the_last_whole_half_year() {
        let p = last_whole_half_year(d(2022, 4, 26));
        assert_eq!((p.from(), p.to(), p.as_of()), (d(2021, 7, 1), d(2021, 12, 31), d(2021, 12, 31)));
        let p = last_whole_half_year(d(2023, 7, 1));
        assert_eq!((p.from(), p.to()), (d(2023, 1, 1), d(2023, 6, 30)));
        assert!(crate::disclosure::check_whole_months(&p).is_ok());
    }

    #[test]
    fn medians_of_nothing_one_odd_and_even() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [10, 1, 4, 5]), Some(4.5));
    }

    #[test]
    fn an_empty_period_has_no_rows() {
        let report = build(period(), d(2022, 8, 1), &[service(1)], &OutcomeFacts::default());
        assert!(report.rows.is_empty());
    }

    #[test]
    fn one_closed_case_gives_its_own_figures() {
        let facts = OutcomeFacts {
            closed: vec![closed(1, Some(d(2022, 1, 10)), d(2022, 3, 1), ClosureReason::PurposeMet, 12)],
            ratings: vec![
                Rating { case_id: 1, goal_id: 10, rated_on: d(2022, 1, 10), rating: 3, seq: 1 },
                Rating { case_id: 1, goal_id: 10, rated_on: d(2022, 2, 20), rating: 6, seq: 2 },
                Rating { case_id: 1, goal_id: 11, rated_on: d(2022, 1, 10), rating: 5, seq: 3 },
            ],
            ors: vec![
                OrsScore { case_id: 1, measured_on: d(2022, 2, 20), score: 30, seq: 9 },
                OrsScore { case_id: 1, measured_on: d(2022, 1, 10), score: 18, seq: 8 },
            ],
            ..Default::default()
        };
        let report = build(period(), d(2022, 8, 1), &[service(1)], &facts);
        let row = &report.rows[0];
        assert_eq!(row.closed, Count::of(1));
        assert_eq!(row.by_reason[0], (ClosureReason::PurposeMet, Count::of(1)));
        assert_eq!(row.duration_days.value, Some(50.0));
        assert_eq!(row.contacts.value, Some(12.0));
        assert_eq!((row.goals_improved_pct.over.n, row.goals_improved_pct.value), (1, Some(100.0)), "goal 11 was rated once only");
        assert_eq!(row.ors_change.value, Some(12.0), "ordered by date, not by input order");
        assert_eq!(row.follow_ups_on_time_pct.value, None, "closed before its first follow-up was due");
    }

    #[test]
    fn a_case_that_never_started_counts_as_closed_but_not_in_durations() {
        let facts = OutcomeFacts {
            closed: vec![
                closed(1, None, d(2022, 2, 1), ClosureReason::Withdrawn, 0),
                closed(2, Some(d(2021, 12, 1)), d(2022, 2, 1), ClosureReason::FamilyWithdrew, 4),
                closed(3, Some(d(2021, 11, 1)), d(2021, 12, 31), ClosureReason::PurposeMet, 4),
            ],
            ..Default::default()
        };
        let row = &build(period(), d(2022, 8, 1), &[service(1)], &facts).rows[0];
        assert_eq!(row.closed.n, 2, "case 3 closed before the period");
        assert_eq!((row.duration_days.over.n, row.duration_days.value), (1, Some(62.0)));
        assert_eq!(row.contacts.value, Some(4.0));
    }

    #[test]
    fn goals_improve_on_average_across_a_cases_goals() {
        let r = |case_id, goal_id, month, rating, seq| Rating { case_id, goal_id, rated_on: d(2022, month, 1), rating, seq };
        let facts = OutcomeFacts {
            closed: (1..=3).map(|id| closed(id, Some(d(2021, 10, 1)), d(2022, 5, 1), ClosureReason::PurposeMet, 5)).collect(),
            ratings: vec![
                // Case 1: +4 and −2: improved on average.
                r(1, 1, 1, 2, 1),
                r(1, 1, 4, 6, 2),
                r(1, 2, 1, 7, 3),
                r(1, 2, 4, 5, 4),
                // Case 2: unchanged: not improved.
                r(2, 3, 1, 5, 5),
                r(2, 3, 4, 5, 6),
                // Case 3: two ratings on one day, the later row last: 4 → 3.
                r(3, 4, 1, 4, 7),
                r(3, 4, 1, 3, 8),
            ],
            ..Default::default()
        };
        let row = &build(period(), d(2022, 8, 1), &[service(1)], &facts).rows[0];
        assert_eq!(row.goals_improved_pct.over.n, 3);
        let pct = row.goals_improved_pct.value.unwrap();
        assert!((pct - 100.0 / 3.0).abs() < 1e-9, "{pct}");
    }

    #[test]
    fn follow_ups_due_in_the_period_are_on_time_when_held_by_their_due_date() {
        let running = vec![
            // Due 01.03.2022 (held 28.02: on time) and 01.09.2022 (after the period).
            RunningEpisode { case_id: 1, service_id: 1, started_on: d(2021, 12, 1), closed_on: None },
            // Due 15.02.2022, held 20.02: late; due 15.08: after.
            RunningEpisode { case_id: 2, service_id: 1, started_on: d(2021, 11, 15), closed_on: None },
            // Due 10.04.2022, never held.
            RunningEpisode { case_id: 3, service_id: 1, started_on: d(2022, 1, 10), closed_on: None },
            // Due 01.05.2022, but closed 20.04: not due.
            RunningEpisode { case_id: 4, service_id: 1, started_on: d(2022, 2, 1), closed_on: Some(d(2022, 4, 20)) },
            // Due 30.06.2022 = today: not judged yet.
            RunningEpisode { case_id: 5, service_id: 1, started_on: d(2022, 3, 30), closed_on: None },
        ];
        let held = vec![HeldFollowUp { case_id: 1, number: 1, held_on: d(2022, 2, 28) }, HeldFollowUp { case_id: 2, number: 1, held_on: d(2022, 2, 20) }];
        let facts = OutcomeFacts { running, held, ..Default::default() };
        let row = &build(period(), d(2022, 6, 30), &[service(1)], &facts).rows[0];
        assert_eq!(row.closed.n, 0);
        assert_eq!(row.follow_ups_on_time_pct.over.n, 3);
        let pct = row.follow_ups_on_time_pct.value.unwrap();
        assert!((pct - 100.0 / 3.0).abs() < 1e-9, "{pct}");
        let none = OutcomeService { rules: ServiceRules::default(), ..service(1) };
        assert!(build(period(), d(2022, 6, 30), &[none], &facts).rows.is_empty(), "a service without follow-ups has none due");
    }

    #[test]
    fn the_analyst_sees_no_count_under_five_and_no_figure_over_fewer_than_five() {
        let mut facts = OutcomeFacts::default();
        for id in 1..=9 {
            let reason = if id <= 6 {
                ClosureReason::PurposeMet
            } else if id <= 8 {
                ClosureReason::FamilyWithdrew
            } else {
                ClosureReason::NoLongerServesPurpose
            };
            let started = (id != 9).then(|| d(2021, 10, 1));
            facts.closed.push(closed(id, started, d(2022, 3, 1), reason, id));
        }
        facts.ors = (1..=3)
            .flat_map(|id| [1, 2].map(|m| OrsScore { case_id: id, measured_on: d(2022, m, 1), score: 20 + m as i64, seq: id * 10 + m as i64 }))
            .collect();
        let full = build(period(), d(2022, 8, 1), &[service(1)], &facts);
        let row = &suppress(full.clone()).rows[0];
        assert_eq!(row.closed, Count::of(9));
        let reason = |r: ClosureReason| row.by_reason.iter().find(|(x, _)| *x == r).map(|(_, c)| *c).unwrap();
        assert_eq!(reason(ClosureReason::PurposeMet), Count::of(6));
        assert_eq!(reason(ClosureReason::FamilyWithdrew).hide, Hide::UnderFive);
        assert_eq!(reason(ClosureReason::NoLongerServesPurpose).hide, Hide::UnderFive);
        assert_eq!(reason(ClosureReason::Withdrawn), Count::of(0), "zero is shown");
        assert_eq!(row.ors_change, Figure { over: Count { n: 0, hide: Hide::UnderFive }, value: None }, "a mean over 3 cases");
        assert_eq!(row.duration_days.value, full.rows[0].duration_days.value, "a median over 8 cases is shown");
        assert_eq!(row.duration_days.over.hide, Hide::Withheld, "9 closed − 8 started would give 1");
    }

    #[test]
    fn one_hidden_reason_withholds_the_next_smallest() {
        let mut facts = OutcomeFacts::default();
        for id in 1..=13 {
            let reason = if id <= 7 {
                ClosureReason::PurposeMet
            } else if id <= 12 {
                ClosureReason::MovedToOtherService
            } else {
                ClosureReason::FamilyWithdrew
            };
            facts.closed.push(closed(id, Some(d(2021, 10, 1)), d(2022, 3, 1), reason, 3));
        }
        let row = &suppress(build(period(), d(2022, 8, 1), &[service(1)], &facts)).rows[0];
        let hides: Vec<Hide> = row.by_reason.iter().map(|(_, c)| c.hide).collect();
        assert_eq!(hides.iter().filter(|h| **h == Hide::UnderFive).count(), 1);
        let moved = row.by_reason.iter().find(|(r, _)| *r == ClosureReason::MovedToOtherService).unwrap().1;
        assert_eq!(moved.hide, Hide::Withheld, "13 − 7 − 5 would give 1");
    }

    proptest! {
        /// Whatever the cases, the analyst's view never holds a count of 1–4, never a figure
        /// over fewer than 5, and a median lies between the smallest and largest value.
        #[test]
        fn suppression_leaves_no_small_count(cases in proptest::collection::vec((0usize..6, 0i64..400, 0i64..30, proptest::bool::ANY), 0..40)) {
            let facts = OutcomeFacts {
                closed: cases
                    .iter()
                    .enumerate()
                    .map(|(i, (reason, days, contacts, started))| {
                        let close = d(2022, 3, 1);
                        closed(i as i64, started.then(|| close - chrono::Days::new(*days as u64)), close, ClosureReason::ALL[*reason], *contacts)
                    })
                    .collect(),
                ..Default::default()
            };
            let full = build(period(), d(2022, 8, 1), &[service(1)], &facts);
            if let Some(row) = full.rows.first() {
                let durations: Vec<i64> = cases.iter().filter(|c| c.3).map(|c| c.1).collect();
                if let Some(m) = row.duration_days.value {
                    prop_assert!(m >= *durations.iter().min().unwrap() as f64 && m <= *durations.iter().max().unwrap() as f64);
                }
                prop_assert_eq!(row.by_reason.iter().map(|(_, c)| c.n).sum::<i64>(), row.closed.n);
            }
            for row in suppress(full).rows {
                let counts = std::iter::once(row.closed).chain(row.by_reason.iter().map(|(_, c)| *c));
                for c in counts.chain([row.duration_days.over, row.contacts.over]) {
                    prop_assert!(!small(c.n));
                    prop_assert!(c.hide.is_shown() || c.n == 0);
                }
                for f in [row.duration_days, row.contacts] {
                    prop_assert!(f.value.is_none() || f.over.n >= MIN_SHOWN_COUNT || !f.over.hide.is_shown());
                }
                prop_assert!(row.by_reason.iter().filter(|(_, c)| c.hide == Hide::UnderFive).count() != 1
                    || row.by_reason.iter().any(|(_, c)| c.hide == Hide::Withheld)
                    || !row.closed.hide.is_shown());
            }
        }
    }
}
