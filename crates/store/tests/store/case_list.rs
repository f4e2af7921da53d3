//! The case list's pages through the store: search by name (folding Æ/Ø/Å) and case number,
//! the filters, sorting by every column both ways, paging with the total, the scope never
//! widened by a filter; a property over sampled queries that paging through every page yields
//! each matching case exactly once and in the order of one whole list; the waiting list's
//! pages; the caseload from known journal entries; and the history of corrected details.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::{CaseScope, CaseState, ReferralSource, Role, Unit};
use familiehus_store::{CaseListQuery, CaseSort, NewCase, NewUser, PersonInput, StateFilter, Store};
use familiehus_test_support::both;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, name: &str, enrolled_on: NaiveDate, assigned: Option<i64>) -> NewCase {
    NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::School,
        enrolled_on,
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: assigned,
    }
}

/// A case of the test world: (id, service, state, practitioner).
type Fact = (i64, i64, CaseState, Option<i64>);

struct World {
    unit: i64,
    services: [i64; 2],
    other_service: i64,
    users: [i64; 2],
    /// Every case of the unit (not the other unit's), as (id, service, state, assigned).
    cases: Vec<Fact>,
    other_case: i64,
}

async fn world(store: &Store) -> World {
    let unit_id = unit(store).await;
    let other = store.create_unit(&Unit { name: "Andet hus".into(), short_name: "AH".into() }).await.expect("unit").id;
    let services = [
        store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id,
        store.create_service(unit_id, &service("Forældrekursus", "§ 11"), None).await.expect("service").id,
    ];
    let other_service = store.create_service(other, &service("Netværk", "§ 11"), None).await.expect("service").id;
    let user = |username: &str, name: &str| NewUser {
        username: username.into(),
        display_name: name.into(),
        role: Role::Practitioner,
        unit_id: Some(unit_id),
        password_hash: "$argon2id$fake".into(),
    };
    let users =
        [store.create_user(&user("anna", "Anna Behandler")).await.expect("user").id, store.create_user(&user("bo", "Bo Behandler")).await.expect("user").id];
    let names = ["ÆRØ Hansen", "Østergaard", "Åse Berg", "Ida Jensen", "Karl Smed", "Lea Møller", "Mads Ærøe", "Nina Å"];
    let mut cases = Vec::new();
    for i in 0..37_i64 {
        let service_id = services[(i % 2) as usize];
        let assigned = match i % 3 {
            0 => None,
            1 => Some(users[0]),
            _ => Some(users[1]),
        };
        let enrolled = d("2021-01-01") + chrono::Days::new((i as u64 * 7) % 90);
        let name = format!("{} {i}", names[(i as usize) % names.len()]);
        let c = store.enrol_case(&referral(service_id, &name, enrolled, assigned)).await.expect("enrol");
        let state = match i % 4 {
            0 | 1 => {
                store.start_case(c.id, enrolled + chrono::Days::new(10 + (i as u64 % 5)), None).await.expect("start");
                if i % 4 == 1 && i % 8 == 1 {
                    let closure = familiehus_store::Closure {
                        closed_on: d("2022-01-10"),
                        reason: familiehus_domain::ClosureReason::PurposeMet,
                        next_service_id: None,
                        end_report: String::new(),
                        event_detail: String::new(),
                    };
                    store.close_case(c.id, &closure, None).await.expect("close");
                    CaseState::Closed
                } else {
                    CaseState::Active
                }
            }
            _ => CaseState::Waiting,
        };
        cases.push((c.id, service_id, state, assigned));
    }
    let other_case = store.enrol_case(&referral(other_service, "Ærø Anden", d("2021-02-01"), None)).await.expect("enrol").id;
    World { unit: unit_id, services, other_service, users, cases, other_case }
}

fn query() -> CaseListQuery {
    CaseListQuery { limit: 1000, ..Default::default() }
}

async fn ids(store: &Store, scope: CaseScope, q: CaseListQuery) -> (i64, Vec<i64>) {
    let page = store.case_page(scope, &q).await.expect("page");
    (page.total, page.cases.iter().map(|c| c.record.id).collect())
}

async fn the_case_list_filters_sorts_and_pages_in_the_database(store: &Store) {
    let w = world(store).await;
    let unit = CaseScope::Unit(w.unit);
    let (total, all) = ids(store, unit, query()).await;
    assert_eq!(total, 37);
    assert!(!all.contains(&w.other_case), "another unit's case never shows");
    assert_eq!(ids(store, CaseScope::All, query()).await.0, 38);

    // Names fold Æ/Ø/Å whatever their case; a number is a case number.
    let (n, found) = ids(store, unit, CaseListQuery { text: "ærø".into(), ..query() }).await;
    assert!(n >= 2 && found.len() as i64 == n, "ÆRØ Hansen and Mads Ærøe: {n}");
    let (_, everywhere) = ids(store, CaseScope::All, CaseListQuery { text: "ærø".into(), ..query() }).await;
    assert!(everywhere.contains(&w.other_case));
    let (_, by_number) = ids(store, unit, CaseListQuery { text: w.cases[3].0.to_string(), ..query() }).await;
    assert_eq!(by_number, [w.cases[3].0]);
    let (n, _) = ids(store, unit, CaseListQuery { text: w.other_case.to_string(), ..query() }).await;
    assert_eq!(n, 0, "a case number outside the scope finds nothing");
    let (n, _) = ids(store, unit, CaseListQuery { text: "100%_\\".into(), ..query() }).await;
    assert_eq!(n, 0, "LIKE's wildcards are searched as written");

    // Filters, each against the facts.
    let count = |f: &dyn Fn(&Fact) -> bool| w.cases.iter().filter(|c| f(c)).count() as i64;
    assert_eq!(ids(store, unit, CaseListQuery { service_id: Some(w.services[1]), ..query() }).await.0, count(&|c| c.1 == w.services[1]));
    assert_eq!(ids(store, unit, CaseListQuery { service_id: Some(w.other_service), ..query() }).await.0, 0, "a filter never widens the scope");
    for state in [CaseState::Waiting, CaseState::Active, CaseState::Closed] {
        assert_eq!(ids(store, unit, CaseListQuery { state: Some(StateFilter::One(state)), ..query() }).await.0, count(&|c| c.2 == state), "{state:?}");
    }
    assert_eq!(ids(store, unit, CaseListQuery { state: Some(StateFilter::Open), ..query() }).await.0, count(&|c| c.2 != CaseState::Closed));
    assert_eq!(ids(store, unit, CaseListQuery { assigned_user_id: Some(w.users[0]), ..query() }).await.0, count(&|c| c.3 == Some(w.users[0])));

    // A practitioner's scope: the team's cases and their own; the other unit's never.
    let anna = CaseScope::AssignedOrTeam { user_id: w.users[0], unit_id: Some(w.unit) };
    let (_, seen) = ids(store, anna, CaseListQuery { text: "ærø".into(), ..query() }).await;
    assert!(!seen.contains(&w.other_case));

    // Sorting by a date column both ways, the case number breaking ties.
    let (_, up) = ids(store, unit, CaseListQuery { sort: CaseSort::Started, ..query() }).await;
    let (_, down) = ids(store, unit, CaseListQuery { sort: CaseSort::Started, descending: true, ..query() }).await;
    assert_eq!(up.iter().rev().copied().collect::<Vec<_>>(), down, "descending is ascending reversed");
    let waiting = |id: Option<&i64>| w.cases.iter().any(|c| Some(&c.0) == id && c.2 == CaseState::Waiting);
    assert!(waiting(up.last()) && !waiting(up.first()), "cases not started come last ascending, on both backends");
    let listed = store.case_page(unit, &CaseListQuery { sort: CaseSort::Practitioner, ..query() }).await.expect("page");
    let names: Vec<Option<String>> = listed.cases.iter().map(|c| c.practitioner_name.clone()).collect();
    assert_eq!(names.first().cloned().flatten().as_deref(), Some("Anna Behandler"));
    assert_eq!(names.last().cloned().flatten(), None, "unassigned last");

    // A page past the end is empty but keeps the total.
    let past = store.case_page(unit, &CaseListQuery { offset: 500, limit: 50, ..query() }).await.expect("page");
    assert_eq!((past.total, past.cases.len()), (37, 0));
}
both!(the_case_list_filters_sorts_and_pages_in_the_database);

async fn paging_through_every_page_yields_each_matching_case_once_in_order(store: &Store) {
    let w = world(store).await;
    let sorts = proptest::sample::select(CaseSort::ALL.to_vec());
    let strategy = (sorts, proptest::bool::ANY, 1_i64..12, 0_usize..4, 0_usize..3, 0_usize..3);
    let mut runner = TestRunner::deterministic();
    for _ in 0..24 {
        let (sort, descending, per_page, state, service, assigned) = strategy.new_tree(&mut runner).expect("sample").current();
        let state = [None, Some(StateFilter::Open), Some(StateFilter::One(CaseState::Active)), Some(StateFilter::One(CaseState::Waiting))][state];
        let service_id = [None, Some(w.services[0]), Some(w.services[1])][service];
        let assigned_user_id = [None, Some(w.users[0]), Some(w.users[1])][assigned];
        let base = CaseListQuery { sort, descending, state, service_id, assigned_user_id, ..query() };
        let (total, whole) = ids(store, CaseScope::Unit(w.unit), base.clone()).await;
        assert_eq!(total, whole.len() as i64);
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let page = store.case_page(CaseScope::Unit(w.unit), &CaseListQuery { offset, limit: per_page, ..base.clone() }).await.expect("page");
            assert_eq!(page.total, total, "every page tells the same total");
            if page.cases.is_empty() {
                break;
            }
            assert!(page.cases.len() as i64 <= per_page);
            paged.extend(page.cases.iter().map(|c| c.record.id));
            offset += per_page;
        }
        assert_eq!(paged, whole, "{sort:?} desc={descending} per page {per_page}: pages are the whole list cut, none lost or repeated");
        let expected = w
            .cases
            .iter()
            .filter(|c| service_id.is_none_or(|s| c.1 == s) && assigned_user_id.is_none_or(|u| c.3 == Some(u)))
            .filter(|c| match state {
                None => true,
                Some(StateFilter::Open) => c.2 != CaseState::Closed,
                Some(StateFilter::One(s)) => c.2 == s,
            })
            .count();
        let mut unique = paged.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), expected, "every matching case exactly once");
    }
}
both!(paging_through_every_page_yields_each_matching_case_once_in_order);

async fn the_waiting_list_comes_in_pages_with_its_total(store: &Store) {
    let w = world(store).await;
    let service = w.services[0];
    let whole = store.waiting_list(service, d("2022-04-26"), CaseScope::All).await.expect("list");
    let (total, first) = store.waiting_page(service, d("2022-04-26"), CaseScope::All, 0, 3).await.expect("page");
    assert_eq!(total, whole.len() as i64);
    assert_eq!(first, whole[..3]);
    let (_, rest) = store.waiting_page(service, d("2022-04-26"), CaseScope::All, 3, 1000).await.expect("page");
    assert_eq!(rest, whole[3..]);
    let (total, none) = store.waiting_page(service, d("2022-04-26"), CaseScope::Unit(w.unit + 999), 0, 50).await.expect("page");
    assert_eq!((total, none.len()), (0, 0), "scoped");
}
both!(the_waiting_list_comes_in_pages_with_its_total);

fn contact(on: &str, minutes: u16, practitioners: Vec<i64>) -> Contact {
    Contact {
        kind: ContactKind::Talk,
        occurred_on: d(on),
        start: StartTime::new(10, 0).expect("time"),
        minutes,
        place: ContactPlace::Unit,
        participants: vec![Participant::Child],
        practitioners,
        note: String::new(),
        flexible: false,
        family_may_read: false,
        group_cases: Vec::new(),
    }
}

async fn the_caseload_counts_active_cases_contacts_and_minutes_per_practitioner(store: &Store) {
    let w = world(store).await;
    let [anna, bo] = w.users;
    let active = |u: i64| w.cases.iter().filter(|c| c.2 == CaseState::Active && c.3 == Some(u)).count() as i64;
    let case = w.cases.iter().find(|c| c.2 == CaseState::Active).map(|c| c.0).expect("an active case");
    let mut tx = store.begin().await.expect("begin");
    tx.add_journal_entry(case, &contact("2022-04-20", 60, vec![anna, bo]), None).await.expect("entry");
    let corrected = tx.add_journal_entry(case, &contact("2022-04-10", 30, vec![anna]), None).await.expect("entry");
    // The newest version counts: 30 minutes corrected to 45.
    tx.add_journal_version(corrected, 2, &contact("2022-04-10", 45, vec![anna]), None).await.expect("correction");
    tx.add_journal_entry(case, &contact("2022-03-01", 90, vec![bo]), None).await.expect("too old");
    tx.commit().await.expect("commit");
    let load = store.caseload(w.unit, d("2022-03-27")).await.expect("caseload");
    let rows: Vec<(i64, i64, i64, i64)> = load.iter().map(|c| (c.user_id, c.active_cases, c.contacts, c.minutes)).collect();
    assert_eq!(rows, [(anna, active(anna), 2, 105), (bo, active(bo), 1, 60)]);
    assert!(store.caseload(w.unit + 999, d("2022-03-27")).await.expect("none").is_empty());
}
both!(the_caseload_counts_active_cases_contacts_and_minutes_per_practitioner);

async fn a_corrected_detail_keeps_the_earlier_value_who_and_when(store: &Store) {
    let w = world(store).await;
    let case = w.cases[0].0;
    let mut tx = store.begin().await.expect("begin");
    let changed = tx.correct_case_details(case, "Skolen har ringet.", ReferralSource::School, Some(w.users[0])).await.expect("correct");
    assert_eq!(changed, ["note"], "the source was already the school");
    let changed = tx.correct_case_details(case, "Skolen har ringet.", ReferralSource::HealthVisitor, Some(w.users[1])).await.expect("correct");
    assert_eq!(changed, ["referral_source"]);
    assert!(
        tx.correct_case_details(case, "Skolen har ringet.", ReferralSource::HealthVisitor, None).await.expect("same").is_empty(),
        "unchanged writes nothing"
    );
    tx.commit().await.expect("commit");
    let record = store.case(case).await.expect("case");
    assert_eq!((record.note.as_str(), record.referral_source), ("Skolen har ringet.", ReferralSource::HealthVisitor));
    let history = store.case_detail_changes(case).await.expect("history");
    let seen: Vec<(&str, &str, &str, Option<&str>)> =
        history.iter().map(|h| (h.field.as_str(), h.old_value.as_str(), h.new_value.as_str(), h.changed_by_name.as_deref())).collect();
    assert_eq!(seen, [("note", "", "Skolen har ringet.", Some("Anna Behandler")), ("referral_source", "school", "health_visitor", Some("Bo Behandler"))]);
    assert!(history.iter().all(|h| !h.changed_at.is_empty()));

    // Retention removes the note's earlier wordings with the person's identity.
    let mut tx = store.begin().await.expect("begin");
    tx.anonymise_person(record.person_id, d("2040-01-01")).await.expect("anonymise");
    tx.commit().await.expect("commit");
    let history = store.case_detail_changes(case).await.expect("history");
    assert!(history.iter().filter(|h| h.field == "note").all(|h| h.old_value.is_empty() && h.new_value.is_empty()));
    assert_eq!(history.len(), 2);
}
both!(a_corrected_detail_keeps_the_earlier_value_who_and_when);
