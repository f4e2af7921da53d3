//! The family-house ways in and the reach query through the store, on both databases: a
//! service's optional ways in (stored, read back without the never-optional ones), a case's
//! way in and expected birth date, old rows reading as authority referrals, the reach rows of
//! a period (a father counted from the current version of a contact only), and a continuous-
//! intake course whose ended participation frees its seat, gets more sessions numbered on, and
//! marks the waiting list's cases that hold a seat.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::access_route::AccessRoute;
use familiehus_domain::group_course::CourseDraft;
use familiehus_domain::holidays::Calendar;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::{CaseScope, Delivery, ReferralSource, Role};
use familiehus_store::{NewCase, NewUser, PersonInput, Seats, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

async fn user(store: &Store, unit_id: i64) -> i64 {
    let new = NewUser {
        username: "b".into(),
        display_name: "Bente".into(),
        role: Role::Practitioner,
        unit_id: Some(unit_id),
        password_hash: "$argon2id$fake".into(),
    };
    store.create_user(&new).await.expect("user").id
}

async fn case(store: &Store, service_id: i64, name: &str, born: Option<NaiveDate>, on: &str, source: ReferralSource) -> i64 {
    let new = NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: born },
        referral_source: source,
        enrolled_on: d(on),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    };
    store.enrol_case(&new).await.expect("enrol").id
}

fn talk(on: &str, participants: Vec<Participant>, by: i64) -> Contact {
    Contact {
        kind: ContactKind::Talk,
        occurred_on: d(on),
        start: StartTime::new(10, 0).expect("time"),
        minutes: 60,
        place: ContactPlace::Unit,
        participants,
        practitioners: vec![by],
        note: String::new(),
        flexible: false,
        family_may_read: false,
        group_cases: Vec::new(),
    }
}

async fn ways_in_and_reach_rows(store: &Store) {
    let unit_id = unit(store).await;
    let by = user(store, unit_id).await;
    let service_id = store.create_service(unit_id, &service("Efterfødselssamtaler", "SEL § 11.3"), None).await.expect("service").id;
    assert_eq!(store.service_access_routes(service_id).await.expect("routes"), vec![], "authority referral only by default");
    let mut tx = store.begin().await.expect("begin");
    tx.set_service_access_routes(service_id, &[AccessRoute::WalkIn, AccessRoute::AuthorityReferral, AccessRoute::LeaderAdmission]).await.expect("set");
    tx.commit().await.expect("commit");
    assert_eq!(store.service_access_routes(service_id).await.expect("routes"), vec![AccessRoute::LeaderAdmission, AccessRoute::WalkIn]);
    assert_eq!(store.services_with_access_routes().await.expect("all"), vec![(service_id, vec![AccessRoute::LeaderAdmission, AccessRoute::WalkIn])]);

    let old = case(store, service_id, "Ane", Some(d("2025-01-01")), "2026-02-01", ReferralSource::AuthorityDecision).await;
    assert_eq!(store.case(old).await.expect("case").access_route, AccessRoute::AuthorityReferral, "a case from before reads as an authority referral");
    let unborn = case(store, service_id, "Ufødt barn af Sara", None, "2026-03-01", ReferralSource::Midwife).await;
    let walked = case(store, service_id, "Bo", Some(d("2025-06-01")), "2026-04-01", ReferralSource::WalkIn).await;
    let outside = case(store, service_id, "Carl", None, "2026-07-01", ReferralSource::HealthVisitor).await;
    let mut tx = store.begin().await.expect("begin");
    let record = tx.record_access_route(unborn, AccessRoute::LeaderAdmission, Some(d("2026-05-20"))).await.expect("way in");
    tx.record_access_route(walked, AccessRoute::WalkIn, None).await.expect("way in");
    tx.start_case(walked, d("2026-04-02"), None).await.expect("start");
    tx.start_case(old, d("2026-02-02"), None).await.expect("start");
    // Bo's father came; Ane's contact said so once, but the correction took him off.
    tx.add_journal_entry(walked, &talk("2026-04-03", vec![Participant::Child, Participant::Father], by), Some(by)).await.expect("contact");
    let corrected = tx.add_journal_entry(old, &talk("2026-02-03", vec![Participant::Father], by), Some(by)).await.expect("contact");
    tx.add_journal_version(corrected, 2, &talk("2026-02-03", vec![Participant::Mother], by), Some(by)).await.expect("correction");
    tx.add_journal_entry(old, &talk("2026-02-10", vec![Participant::FosterParents, Participant::Parents], by), Some(by)).await.expect("contact");
    tx.commit().await.expect("commit");
    assert_eq!((record.access_route, record.expected_birth_on), (AccessRoute::LeaderAdmission, Some(d("2026-05-20"))));

    let rows = store.reach_rows(d("2026-01-01"), d("2026-06-30"), None).await.expect("rows");
    assert_eq!(rows.len(), 3, "Carl opened after the period");
    let of = |on: &str| rows.iter().find(|r| r.enrolled_on == d(on)).expect("row");
    assert_eq!(
        (of("2026-03-01").access_route, of("2026-03-01").expected_birth_on, of("2026-03-01").birth_date),
        (AccessRoute::LeaderAdmission, Some(d("2026-05-20")), None)
    );
    assert_eq!(
        (of("2026-04-01").access_route, of("2026-04-01").father_took_part, of("2026-04-01").referral_source),
        (AccessRoute::WalkIn, true, ReferralSource::WalkIn)
    );
    assert!(!of("2026-02-01").father_took_part, "the current version counts; foster parents are no father");
    assert_eq!(store.reach_rows(d("2026-01-01"), d("2026-06-30"), Some(unit_id + 100)).await.expect("rows"), vec![], "another unit's");
    let _ = outside;
}
both!(ways_in_and_reach_rows);

async fn an_ended_participation_frees_its_seat(store: &Store) {
    let unit_id = unit(store).await;
    let leader = user(store, unit_id).await;
    let mut s = service("Cool Kids", "SEL § 11.3");
    s.delivery = Delivery::Group;
    let service_id = store.create_service(unit_id, &s, None).await.expect("service").id;
    let draft = CourseDraft {
        name: "Cool Kids løbende".into(),
        leaders: vec![leader.to_string()],
        capacity: "1".into(),
        min_age: "9".into(),
        max_age: "12".into(),
        place: "Familiehuset".into(),
        weekday: "wed".into(),
        start_time: "16.00".into(),
        minutes: "90".into(),
        interval: "weekly".into(),
        starts_on: "02.09.2026".into(),
        end_kind: "sessions".into(),
        sessions: "4".into(),
        continuous_intake: true,
        ..Default::default()
    };
    let (course, dates) = draft.check(&|_| true, &Calendar::default()).expect("valid course");
    let mut tx = store.begin().await.expect("begin");
    let id = tx.create_course(service_id, &course, &dates, Some(leader)).await.expect("course");
    tx.commit().await.expect("commit");
    let a = case(store, service_id, "Ane", None, "2026-08-01", ReferralSource::SelfReferral).await;
    let b = case(store, service_id, "Bo", None, "2026-08-02", ReferralSource::SelfReferral).await;
    let enrol = |case_id: i64| async move {
        let mut tx = store.begin().await.expect("begin");
        let course = tx.lock_course(id).await.expect("lock");
        let seats = tx.add_participant(&course, case_id, d("2026-09-01"), None).await.expect("add");
        tx.commit().await.expect("commit");
        seats
    };
    assert_eq!(enrol(a).await, Seats::Taken);
    assert_eq!(enrol(b).await, Seats::Full(1, 1));
    let waiting = store.waiting_list(service_id, d("2026-09-10"), CaseScope::All).await.expect("waiting");
    let seat = |case_id: i64| waiting.iter().find(|w| w.case_id == case_id).and_then(|w| w.course_seat.clone());
    assert_eq!((seat(a), seat(b)), (Some("Cool Kids løbende".to_owned()), None), "the waiting list marks the case with a seat");

    let mut tx = store.begin().await.expect("begin");
    assert!(tx.end_participation(id, a, d("2026-09-16"), "Flyttet").await.expect("end"));
    assert!(!tx.end_participation(id, a, d("2026-09-17"), "").await.expect("again"), "an ended participation ends once");
    assert_eq!(tx.courses_of_case(a).await.expect("courses"), Vec::<i64>::new(), "no seat held");
    let stored = tx.lock_course(id).await.expect("lock");
    tx.add_sessions(&stored, &[d("2026-10-21"), d("2026-10-28")], Some(leader)).await.expect("sessions");
    tx.commit().await.expect("commit");
    assert_eq!(store.course(id).await.expect("course").participants, 0);
    assert_eq!(enrol(b).await, Seats::Taken, "the freed seat is taken");
    let participants = store.course_participants(id).await.expect("participants");
    assert_eq!(participants.iter().find(|p| p.case_id == a).and_then(|p| p.left_on), Some(d("2026-09-16")));
    let sessions = store.course_sessions(id).await.expect("sessions");
    assert_eq!(sessions.iter().map(|s| s.number).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!((sessions[4].held_on, sessions[4].start_time.as_str()), (d("2026-10-21"), "16.00"));
    assert_eq!(
        store
            .waiting_list(service_id, d("2026-09-10"), CaseScope::All)
            .await
            .expect("waiting")
            .iter()
            .find(|w| w.case_id == a)
            .and_then(|w| w.course_seat.clone()),
        None
    );
}
both!(an_ended_participation_frees_its_seat);

/// The demo: Familiehuset's preventive services take every way in (its treatment does not),
/// and the reach of the last year shows every way in, pregnancy and birth, and fathers.
async fn the_demo_reaches_families_every_way(store: &Store) {
    let today = d("2026-12-02");
    familiehus_store::seed::load_demo_catalogue(store).await.expect("catalogue");
    let unit_id = store.unit_by_name("Familiehuset").await.expect("unit").expect("Familiehuset").id;
    let practitioner = user(store, unit_id).await;
    assert_eq!(store.seed_demo_access(unit_id, practitioner, today).await.expect("seed"), 48);
    let services = store.list_services().await.expect("services");
    let named = |name: &str| services.iter().find(|s| s.service.name.starts_with(name)).map(|s| s.id).expect("a demo service");
    assert_eq!(store.service_access_routes(named("Cool Kids")).await.expect("routes").len(), 3);
    assert_eq!(store.service_access_routes(named("Familiebehandling")).await.expect("routes"), vec![], "treatment needs the authority");
    let rows = store.reach_rows(d("2026-01-01"), today, Some(unit_id)).await.expect("rows");
    let reach = familiehus_domain::reach::build(&rows, d("2026-01-01"), today, false);
    let routes: Vec<AccessRoute> = reach.by_route.iter().map(|(r, _)| *r).collect();
    for route in [AccessRoute::AuthorityReferral, AccessRoute::LeaderAdmission, AccessRoute::DirectContact, AccessRoute::WalkIn] {
        assert!(routes.contains(&route), "{route:?} in {reach:?}");
    }
    assert_eq!(reach.when.len(), 2, "in pregnancy and after birth: {reach:?}");
    assert!(matches!(reach.fathers, familiehus_domain::anonymous_stats::Shown::Count(n) if n >= 5), "{reach:?}");
}
both!(the_demo_reaches_families_every_way);
