//! Queries added for the staff pages: a person's cases within a scope, and the demo's bulk
//! assignment of cases to demo users.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::{CaseScope, ReferralSource, Role};
use familiehus_store::{NewCase, NewUser, PersonInput, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, person: PersonInput, referred_by: Option<i64>) -> NewCase {
    NewCase {
        service_id,
        person,
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: d("2022-03-01"),
        note: String::new(),
        referred_by_user_id: referred_by,
        assigned_user_id: None,
    }
}

async fn user(store: &Store, username: &str, role: Role, unit_id: Option<i64>) -> i64 {
    let new = NewUser { username: username.into(), display_name: username.into(), role, unit_id, password_hash: "$argon2id$fake".into() };
    store.create_user(&new).await.expect("user").id
}

async fn a_persons_cases_are_filtered_by_scope(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let caseworker = user(store, "raadgiver", Role::Caseworker, None).await;
    let first = store.enrol_case(&referral(service_id, PersonInput::New { name: "Ida".into(), birth_date: None }, Some(caseworker))).await.expect("enrol");
    let second = store.enrol_case(&referral(service_id, PersonInput::Existing(first.person_id), None)).await.expect("enrol");
    let ids = |cases: Vec<familiehus_store::CaseRecord>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(store.person_cases(first.person_id, CaseScope::All).await.expect("all")), [second.id, first.id]);
    assert_eq!(ids(store.person_cases(first.person_id, CaseScope::ReferredBy(caseworker)).await.expect("referred")), [first.id]);
    assert!(store.person_cases(first.person_id, CaseScope::None).await.expect("none").is_empty());
    assert_eq!(ids(store.person_cases(first.person_id, CaseScope::Unit(unit_id)).await.expect("unit")).len(), 2);
}
both!(a_persons_cases_are_filtered_by_scope);

async fn demo_cases_are_assigned_in_bulk(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let practitioner = user(store, "behandler", Role::Practitioner, Some(unit_id)).await;
    let caseworker = user(store, "raadgiver", Role::Caseworker, None).await;
    for name in ["A", "B", "C"] {
        store.enrol_case(&referral(service_id, PersonInput::New { name: name.into(), birth_date: None }, None)).await.expect("enrol");
    }
    assert_eq!(store.assign_demo_cases(unit_id, practitioner, caseworker, 2).await.expect("assign"), (2, 2));
    let scope = CaseScope::AssignedOrTeam { user_id: practitioner, unit_id: None };
    assert_eq!(store.visible_cases(scope, None, None, 10).await.expect("assigned").len(), 2);
    assert_eq!(store.visible_cases(CaseScope::ReferredBy(caseworker), None, None, 10).await.expect("referred").len(), 2);
}
both!(demo_cases_are_assigned_in_bulk);
