//! The stored next follow-up (`0026_stored_deadlines.sql`): every fact it derives from marks
//! the case stale (a start, a follow-up held, a closure, a change of the service's rule), a
//! refresh recomputes exactly the stale cases, and the deadline page and the case list's
//! overdue filter read the stored date within the scope.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::deadlines::due_follow_up;
use familiehus_domain::{CaseScope, ClosureReason, ReferralSource, ServiceRules};
use familiehus_store::{CaseListQuery, Closure, NewCase, NewFollowUp, PersonInput, Store};
use familiehus_test_support::both;
use std::collections::HashMap;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, name: &str) -> NewCase {
    NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::School,
        enrolled_on: d("2022-01-03"),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    }
}

/// The refresh as `app::deadlines` runs it: the domain rule with the services' current rules.
async fn refresh(store: &Store) -> u64 {
    let rules: HashMap<i64, ServiceRules> = store.list_services().await.expect("services").into_iter().map(|s| (s.id, s.service.rules)).collect();
    store
        .refresh_stale_deadlines(|f| {
            let due = due_follow_up(rules.get(&f.service_id)?, f.started_on?, f.held, 0)?;
            Some((due.due_on, due.number))
        })
        .await
        .expect("refresh")
}

async fn page(store: &Store, scope: CaseScope, range: (Option<NaiveDate>, Option<NaiveDate>)) -> (i64, Vec<(i64, NaiveDate, i64)>) {
    store.deadline_page(scope, None, range, 0, 50).await.expect("page")
}

async fn every_fact_a_deadline_derives_from_refreshes_it(store: &Store) {
    let unit_id = unit(store).await;
    let mut s = service("Familiebehandling", "§ 52.3.3");
    s.rules = ServiceRules { first_follow_up_months: Some(3), follow_up_every_months: Some(6), ..Default::default() };
    let stored = store.create_service(unit_id, &s, None).await.expect("service");
    let a = store.enrol_case(&referral(stored.id, "Alma")).await.expect("enrol").id;
    let b = store.enrol_case(&referral(stored.id, "Bent")).await.expect("enrol").id;
    let waiting = store.enrol_case(&referral(stored.id, "Carl")).await.expect("enrol").id;
    assert!(store.has_stale_deadlines().await.expect("probe"), "new cases wait to be computed");
    assert_eq!(refresh(store).await, 3);
    assert!(!store.has_stale_deadlines().await.expect("probe"));
    assert_eq!(refresh(store).await, 0, "nothing stale, nothing recomputed");
    assert_eq!(page(store, CaseScope::All, (None, None)).await.0, 0, "waiting cases have no deadline");

    // A start: due 3 months on, clamped at the month's end.
    store.start_case(a, d("2022-01-31"), None).await.expect("start");
    store.start_case(b, d("2022-02-15"), None).await.expect("start");
    assert_eq!(refresh(store).await, 2, "only the started cases");
    assert_eq!(page(store, CaseScope::All, (None, None)).await, (2, vec![(a, d("2022-04-30"), 1), (b, d("2022-05-15"), 1)]));

    // A follow-up held: the next is due 6 months after the first.
    let mut tx = store.begin().await.expect("tx");
    let held = NewFollowUp { held_on: d("2022-04-29"), attendees: "Mor".into(), decision: "continue".into(), note: String::new() };
    tx.record_follow_up(a, 1, &held, "Opfølgning 1", None).await.expect("follow-up");
    tx.commit().await.expect("commit");
    assert_eq!(refresh(store).await, 1);
    assert_eq!(page(store, CaseScope::All, (None, None)).await.1[1], (a, d("2022-10-31"), 2));

    // The ranges select by due date; another unit's scope sees nothing.
    assert!(page(store, CaseScope::All, (None, Some(d("2022-05-14")))).await.1.is_empty());
    assert_eq!(page(store, CaseScope::All, (Some(d("2022-05-15")), Some(d("2022-05-15")))).await.1, [(b, d("2022-05-15"), 1)]);
    assert_eq!(page(store, CaseScope::Unit(unit_id + 100), (None, None)).await.0, 0, "scoped");

    // The case list's overdue filter reads the stored date.
    let overdue = |before: &str| CaseListQuery { follow_up_due_before: Some(d(before)), limit: 50, ..Default::default() };
    let listed = store.case_page(CaseScope::All, &overdue("2022-06-01")).await.expect("list");
    assert_eq!(listed.cases.iter().map(|c| c.record.id).collect::<Vec<_>>(), [b]);

    // A change of the service's rule recomputes its open cases.
    let mut yearly = stored.service.clone();
    yearly.rules.first_follow_up_months = Some(12);
    yearly.rules.follow_up_every_months = Some(12);
    store.update_service(stored.id, unit_id, &yearly, None).await.expect("update");
    assert_eq!(refresh(store).await, 3, "the service's open cases, waiting ones included");
    assert_eq!(page(store, CaseScope::All, (None, None)).await.1, [(b, d("2023-02-15"), 1), (a, d("2024-01-31"), 2)]);

    // A closure takes the deadline away.
    let closure = Closure {
        closed_on: d("2022-06-01"),
        reason: ClosureReason::PurposeMet,
        next_service_id: None,
        end_report: String::new(),
        event_detail: "Afsluttet".into(),
    };
    store.close_case(b, &closure, None).await.expect("close");
    assert_eq!(refresh(store).await, 1);
    assert_eq!(page(store, CaseScope::All, (None, None)).await.1.iter().map(|r| r.0).collect::<Vec<_>>(), [a]);
    let _ = waiting;
}
both!(every_fact_a_deadline_derives_from_refreshes_it);
