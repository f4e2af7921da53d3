//! The referring caseworker's inbox: what happened on the cases they referred — a case started,
//! a status report received, a follow-up due (within the next 14 days, or overdue), a case
//! closed — newest first, in pages. Pure: the items are made from facts the store reads once
//! per kind (`referral_items`, `report_item`), merged and paged here (`page`).

use crate::case::ClosureReason;
use crate::catalogue::ServiceRules;
use chrono::{Days, NaiveDate};

/// A follow-up shows this many days before its due date (and stays while overdue).
pub const FOLLOW_UP_HORIZON_DAYS: u64 = 14;

/// Items per page.
pub const PER_PAGE: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InboxKind {
    FollowUpDue,
    Closed,
    StatusReport,
    Started,
}

impl InboxKind {
    pub fn code(self) -> &'static str {
        match self {
            InboxKind::Started => "started",
            InboxKind::StatusReport => "status_report",
            InboxKind::FollowUpDue => "follow_up_due",
            InboxKind::Closed => "closed",
        }
    }

    pub fn label_da(self) -> &'static str {
        match self {
            InboxKind::Started => "Indsatsen er iværksat",
            InboxKind::StatusReport => "Statusrapport modtaget",
            InboxKind::FollowUpDue => "Opfølgning skal holdes",
            InboxKind::Closed => "Sagen er afsluttet",
        }
    }
}

/// Who and what an item is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxCase {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub service_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub kind: InboxKind,
    /// The day it happened (or, for a follow-up, is due).
    pub on: NaiveDate,
    pub case: InboxCase,
    /// E.g. "Opfølgning nr. 2 (overskredet)", the report's period, the closure reason.
    pub detail: String,
    /// The status report, for a received one.
    pub report_id: Option<i64>,
    /// A follow-up whose due date has passed.
    pub overdue: bool,
}

/// One referred case as the store reads it: its dates, closure reason and follow-ups held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFacts {
    pub case: InboxCase,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
    pub follow_ups_held: u32,
}

/// A case's items: started, closed, and its due follow-up when it falls within
/// `FOLLOW_UP_HORIZON_DAYS` of `today` or has passed (`deadlines::due_follow_up`: the one after
/// the last held, so it stays until it is held). A start or closure after today is not shown.
pub fn referral_items(facts: &ReferralFacts, rules: &ServiceRules, today: NaiveDate) -> Vec<InboxItem> {
    let item = |kind, on, detail: String, overdue| InboxItem { kind, on, case: facts.case.clone(), detail, report_id: None, overdue };
    let mut out = Vec::new();
    if let Some(started) = facts.started_on.filter(|s| *s <= today) {
        out.push(item(InboxKind::Started, started, String::new(), false));
        if facts.closed_on.is_none()
            && let Some(due) = crate::deadlines::due_follow_up(rules, started, facts.follow_ups_held, 0)
            && due.due_on <= today + Days::new(FOLLOW_UP_HORIZON_DAYS)
        {
            let overdue = due.due_on < today;
            let detail = format!("Opfølgning nr. {}{}", due.number, if overdue { " (overskredet)" } else { "" });
            out.push(item(InboxKind::FollowUpDue, due.due_on, detail, overdue));
        }
    }
    if let Some(closed) = facts.closed_on.filter(|c| *c <= today) {
        out.push(item(InboxKind::Closed, closed, facts.closure_reason.map(|r| r.label_da().to_owned()).unwrap_or_default(), false));
    }
    out
}

/// A status report received on `sent_on` (the Danish date it was sent) for the period given.
pub fn report_item(case: InboxCase, report_id: i64, sent_on: NaiveDate, period_from: NaiveDate, period_to: NaiveDate) -> InboxItem {
    let detail = format!("Perioden {}–{}", crate::danish::date(period_from), crate::danish::date(period_to));
    InboxItem { kind: InboxKind::StatusReport, on: sent_on, case, detail, report_id: Some(report_id), overdue: false }
}

/// Page `page` (1-based; past the last is the last) of the items, newest first (ties: follow-ups
/// due, closures, reports, starts; then the newest case), and the total number.
pub fn page(mut items: Vec<InboxItem>, page: usize) -> (usize, usize, Vec<InboxItem>) {
    items.sort_by(|a, b| b.on.cmp(&a.on).then(a.kind.cmp(&b.kind)).then(b.case.case_id.cmp(&a.case.case_id)).then(b.report_id.cmp(&a.report_id)));
    let total = items.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let shown = items.into_iter().skip((page - 1) * PER_PAGE).take(PER_PAGE).collect();
    (total, page, shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case(id: i64) -> InboxCase {
        InboxCase { case_id: id, person_id: id, person_name: format!("Barn {id}"), service_name: "Familiebehandling".into() }
    }

    fn rules() -> ServiceRules {
        ServiceRules { first_follow_up_months: Some(3), follow_up_every_months: Some(6), ..Default::default() }
    }

    fn facts(started: Option<NaiveDate>, closed: Option<NaiveDate>, held: u32) -> ReferralFacts {
        ReferralFacts {
            case: case(1),
            started_on: started,
            closed_on: closed,
            closure_reason: closed.map(|_| ClosureReason::PurposeMet),
            follow_ups_held: held,
        }
    }

    #[test]
    fn a_follow_up_shows_from_fourteen_days_before_and_stays_while_overdue() {
        let today = d(2022, 4, 26);
        let kinds = |f: &ReferralFacts| referral_items(f, &rules(), today).iter().map(|i| (i.kind, i.on, i.overdue)).collect::<Vec<_>>();
        // Due 10.05.2022: 14 days ahead, shown.
        assert_eq!(
            kinds(&facts(Some(d(2022, 2, 10)), None, 0)),
            [(InboxKind::Started, d(2022, 2, 10), false), (InboxKind::FollowUpDue, d(2022, 5, 10), false)]
        );
        // Due 11.05.2022: 15 days ahead, not yet.
        assert_eq!(kinds(&facts(Some(d(2022, 2, 11)), None, 0)).len(), 1);
        // Due 01.03.2022 and not held: overdue, and stays.
        let overdue = referral_items(&facts(Some(d(2021, 12, 1)), None, 0), &rules(), today);
        assert!(overdue.iter().any(|i| i.kind == InboxKind::FollowUpDue && i.overdue && i.detail == "Opfølgning nr. 1 (overskredet)"));
        // Held: the next is due 01.09.2022, not shown.
        assert_eq!(kinds(&facts(Some(d(2021, 12, 1)), None, 1)).len(), 1);
        // Closed: no follow-up, the closure shown with its reason.
        let closed = referral_items(&facts(Some(d(2021, 12, 1)), Some(d(2022, 4, 1)), 0), &rules(), today);
        assert_eq!(closed.iter().map(|i| i.kind).collect::<Vec<_>>(), [InboxKind::Started, InboxKind::Closed]);
        assert_eq!(closed[1].detail, "Formålet er opfyldt");
        // Waiting: nothing.
        assert!(kinds(&facts(None, None, 0)).is_empty());
        assert!(referral_items(&facts(Some(d(2021, 12, 1)), None, 0), &ServiceRules::default(), today).len() == 1, "no follow-up rule");
    }

    #[test]
    fn pages_are_newest_first_and_past_the_last_is_the_last() {
        let items: Vec<InboxItem> = (0..30).map(|i| report_item(case(i), i, d(2022, 1, 1) + Days::new(i as u64), d(2021, 10, 1), d(2021, 12, 31))).collect();
        let (total, page1, first) = page(items.clone(), 1);
        assert_eq!((total, page1, first.len()), (30, 1, PER_PAGE));
        assert_eq!(first[0].on, d(2022, 1, 30));
        let (_, last, rest) = page(items, 9);
        assert_eq!((last, rest.len(), rest[4].on), (2, 5, d(2022, 1, 1)));
        assert_eq!(page(Vec::new(), 1), (0, 1, Vec::new()));
        assert_eq!(first[0].detail, "Perioden 01.10.2021–31.12.2021");
    }

    proptest! {
        /// Every item is on exactly one page, and each page is newest first.
        #[test]
        fn pages_cover_every_item_once(days in proptest::collection::vec(0u64..400, 0..80)) {
            let items: Vec<InboxItem> = days.iter().enumerate().map(|(i, n)| report_item(case(i as i64), i as i64, d(2022, 1, 1) + Days::new(*n), d(2021, 1, 1), d(2021, 2, 1))).collect();
            let pages = days.len().div_ceil(PER_PAGE).max(1);
            let mut seen = Vec::new();
            for p in 1..=pages {
                let (total, _, shown) = page(items.clone(), p);
                prop_assert_eq!(total, days.len());
                prop_assert!(shown.windows(2).all(|w| w[0].on >= w[1].on));
                seen.extend(shown.into_iter().map(|i| i.report_id));
            }
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), days.len());
        }
    }
}
