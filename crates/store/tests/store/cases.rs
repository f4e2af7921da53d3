//! The case lifecycle through the store: waiting list, start, close, reopen, refusals.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::{CaseError, CaseScope, CaseState, ClosureReason, ReferralSource};
use familiehus_store::{NewCase, PersonInput, Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, name: &str, enrolled: &str) -> NewCase {
    NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: Some(d("2015-03-01")) },
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: d(enrolled),
        note: "Henvist efter § 50-undersøgelse".into(),
        referred_by_user_id: None,
        assigned_user_id: None,
    }
}

async fn a_case_moves_from_the_waiting_list_to_closure(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let newer = store.enrol_case(&referral(service_id, "Ida Jensen", "2022-03-01")).await.expect("enrol");
    let older = store.enrol_case(&referral(service_id, "Carl Hansen", "2022-02-01")).await.expect("enrol");
    assert_eq!(older.state, CaseState::Waiting);

    let list = store.waiting_list(service_id, d("2022-03-11"), CaseScope::All).await.expect("list");
    assert_eq!(list.iter().map(|e| (e.person_name.as_str(), e.days_waiting)).collect::<Vec<_>>(), [("Carl Hansen", 38), ("Ida Jensen", 10)]);

    let started = store.start_case(older.id, d("2022-03-15"), None).await.expect("start");
    assert_eq!(started.state, CaseState::Active);
    assert_eq!(started.case.waiting_days(), Some(42));
    let list = store.waiting_list(service_id, d("2022-03-15"), CaseScope::All).await.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].case_id, newer.id);

    let closure = |on: &str, reason| familiehus_store::Closure {
        closed_on: d(on),
        reason,
        next_service_id: None,
        end_report: String::new(),
        event_detail: String::new(),
    };
    let closed = store.close_case(older.id, &closure("2022-09-01", ClosureReason::PurposeMet), None).await.expect("close");
    assert_eq!(closed.state, CaseState::Closed);
    assert_eq!(closed.case.closure_reason(), Some(ClosureReason::PurposeMet));
    assert!(matches!(store.start_case(older.id, d("2022-09-02"), None).await, Err(StoreError::Case(CaseError::Closed))));
    let reopened = store.reopen_case(older.id, d("2022-09-03"), None).await.expect("reopen");
    assert_eq!(reopened.state, CaseState::Active);
    assert_ne!(reopened.id, older.id, "a new episode");
    assert_eq!((reopened.reopened_from, reopened.case.enrolled_on(), reopened.case.started_on()), (Some(older.id), d("2022-09-03"), Some(d("2022-09-03"))));
    let first = store.case(older.id).await.expect("case");
    assert_eq!(
        (first.state, first.case.closed_on(), first.continued_by),
        (CaseState::Closed, Some(d("2022-09-01")), Some(reopened.id)),
        "the closed episode as it was"
    );
    assert!(matches!(store.reopen_case(older.id, d("2022-09-04"), None).await, Err(StoreError::Invalid(_))), "an episode is continued once");

    let withdrawn = store.close_case(newer.id, &closure("2022-03-20", ClosureReason::Withdrawn), None).await.expect("close from waiting");
    assert_eq!(withdrawn.case.started_on(), None);
    assert!(store.waiting_list(service_id, d("2022-03-21"), CaseScope::All).await.expect("list").is_empty());
}
both!(a_case_moves_from_the_waiting_list_to_closure);

async fn illegal_transitions_change_nothing(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let case = store.enrol_case(&referral(service_id, "Alma Nielsen", "2022-03-01")).await.expect("enrol");
    let err = store.start_case(case.id, d("2022-02-28"), None).await.expect_err("start before enrolment");
    assert!(matches!(err, StoreError::Case(CaseError::StartBeforeEnrolment { .. })));
    assert_eq!(store.case(case.id).await.expect("read").state, CaseState::Waiting);
    assert!(matches!(store.case(case.id + 1000).await, Err(StoreError::NotFound { .. })));

    let mut empty_name = referral(service_id, "  ", "2022-03-01");
    empty_name.person = PersonInput::New { name: " ".into(), birth_date: None };
    assert!(matches!(store.enrol_case(&empty_name).await, Err(StoreError::Invalid(_))));
    let unknown_person = NewCase { person: PersonInput::Existing(9999), ..referral(service_id, "x", "2022-03-01") };
    assert!(matches!(store.enrol_case(&unknown_person).await, Err(StoreError::Invalid(_))));
    assert_eq!(store.cases_of_service(service_id).await.expect("cases").len(), 1, "a refused referral leaves nothing");
}
both!(illegal_transitions_change_nothing);

async fn cases_are_seen_on_a_need_to_know_basis(store: &Store) {
    use familiehus_domain::Role;
    use familiehus_store::NewUser;
    let unit_id = unit(store).await;
    let other_unit = store.create_unit(&familiehus_domain::Unit { name: "FTI".into(), short_name: "FTI".into() }).await.expect("unit").id;
    let ours = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let theirs = store.create_service(other_unit, &service("Fast kontaktperson", "§ 52.3.6"), None).await.expect("service").id;
    let user = |name: &str, role| NewUser { username: name.into(), display_name: name.into(), role, unit_id: Some(unit_id), password_hash: "x".into() };
    let caseworker = store.create_user(&user("raadgiver", Role::Caseworker)).await.expect("user");
    let practitioner = store.create_user(&user("behandler", Role::Practitioner)).await.expect("user");

    let referred = NewCase { referred_by_user_id: Some(caseworker.id), ..referral(theirs, "Asta Møller", "2022-01-10") };
    let referred = store.enrol_case(&referred).await.expect("enrol");
    let in_our_unit = store.enrol_case(&referral(ours, "Oscar Poulsen", "2022-01-11")).await.expect("enrol");
    let elsewhere = store.enrol_case(&referral(theirs, "Karla Olsen", "2022-01-12")).await.expect("enrol");

    let ids = |cases: Vec<familiehus_store::CaseRecord>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(store.visible_cases(caseworker.actor().case_scope(), None, None, 100).await.expect("list")), [referred.id]);
    assert_eq!(ids(store.visible_cases(practitioner.actor().case_scope(), None, None, 100).await.expect("list")), [in_our_unit.id]);
    store.assign_case(elsewhere.id, Some(practitioner.id), d("2022-01-13"), None).await.expect("assign");
    assert_eq!(ids(store.visible_cases(practitioner.actor().case_scope(), None, None, 100).await.expect("list")), [elsewhere.id, in_our_unit.id]);
    assert!(store.visible_cases(CaseScope::None, None, None, 100).await.expect("list").is_empty());
    assert_eq!(store.visible_cases(CaseScope::All, Some(theirs), Some(CaseState::Waiting), 100).await.expect("list").len(), 2);
    assert_eq!(store.waiting_list(theirs, d("2022-02-01"), caseworker.actor().case_scope()).await.expect("list").len(), 1);
    for case in [&referred, &in_our_unit, &elsewhere] {
        let visible = ids(store.visible_cases(practitioner.actor().case_scope(), None, None, 100).await.expect("list")).contains(&case.id);
        let fresh = store.case(case.id).await.expect("case");
        assert_eq!(visible, practitioner.actor().case_scope().includes(&fresh.access_facts()), "SQL scope and domain rule agree");
    }

    store.start_case(elsewhere.id, d("2022-02-01"), Some(practitioner.id)).await.expect("start");
    let timeline = store.case_timeline(elsewhere.id).await.expect("timeline");
    let kinds: Vec<_> = timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["enrolled", "assigned", "started"]);
    assert_eq!(timeline[2].user_name.as_deref(), Some("behandler"));
}
both!(cases_are_seen_on_a_need_to_know_basis);

async fn a_new_person_is_registered_with_the_referral_or_not_at_all(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let cpr = familiehus_domain::Cpr::parse("150316-4012").expect("cpr");
    let alma = familiehus_store::NewPerson { name: "Alma Testesen".into(), cpr: Some(cpr.clone()), ..Default::default() };
    let record = store.enrol_case_for_new_person(&referral(service_id, "", "2022-04-20"), &alma, Some("Familien Testesen")).await.expect("enrol");
    let person = store.person(record.person_id).await.expect("person");
    assert_eq!(person.family_name.as_deref(), Some("Familien Testesen"));
    assert_eq!(person.birth_date, Some(d("2016-03-15")), "from the CPR number");

    // The same CPR number again: refused at the field, and the second person is not kept.
    let twin = familiehus_store::NewPerson { name: "Anden Testesen".into(), cpr: Some(cpr), ..Default::default() };
    let Err(StoreError::Invalid(e)) = store.enrol_case_for_new_person(&referral(service_id, "", "2022-04-21"), &twin, Some("Familien Anden")).await else {
        panic!("a CPR number registered twice")
    };
    assert_eq!(e.0[0].field, "cpr");
    assert!(store.search_persons(&familiehus_domain::PersonQuery::parse("Anden Testesen").expect("query")).await.expect("search").is_empty());
    assert_eq!(store.waiting_list(service_id, d("2022-04-26"), CaseScope::All).await.expect("list").len(), 1);
    assert!(store.active_case_counts().await.expect("counts").is_empty(), "a waiting case is not active");
    store.start_case(record.id, d("2022-04-25"), None).await.expect("start");
    assert_eq!(store.active_case_counts().await.expect("counts"), vec![(service_id, 1)]);
}
both!(a_new_person_is_registered_with_the_referral_or_not_at_all);
