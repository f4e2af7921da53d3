//! Group courses through the store: a course with its sessions, enrolment counted inside the
//! transaction (a full course and a course with its families refuse; two requests for the last
//! seat at once: one wins), moving and cancelling a session, attendance corrected in place, and
//! the school-holiday calendar replaced.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::group_course::{Attendance, CourseDraft};
use familiehus_domain::holidays::{Calendar, SchoolHoliday};
use familiehus_domain::{Delivery, ReferralSource, Role};
use familiehus_store::{NewCase, NewUser, PersonInput, Seats, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

struct World {
    service_id: i64,
    leader: i64,
}

async fn world(store: &Store) -> World {
    let unit_id = unit(store).await;
    let mut s = service("Cool Kids", "SEL § 11.3");
    s.delivery = Delivery::Group;
    let service_id = store.create_service(unit_id, &s, None).await.expect("service").id;
    let leader = store
        .create_user(&NewUser {
            username: "gl".into(),
            display_name: "Gitte Leder".into(),
            role: Role::GroupLeader,
            unit_id: Some(unit_id),
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user")
        .id;
    World { service_id, leader }
}

async fn case(store: &Store, w: &World, name: &str) -> i64 {
    store
        .enrol_case(&NewCase {
            service_id: w.service_id,
            person: PersonInput::New { name: name.into(), birth_date: None },
            referral_source: ReferralSource::SelfReferral,
            enrolled_on: d("2026-08-01"),
            note: String::new(),
            referred_by_user_id: None,
            assigned_user_id: None,
        })
        .await
        .expect("enrol")
        .id
}

async fn course(store: &Store, w: &World, capacity: &str, families: &str) -> i64 {
    let draft = CourseDraft {
        name: "Cool Kids efterår".into(),
        leaders: vec![w.leader.to_string()],
        capacity: capacity.into(),
        max_families: families.into(),
        min_age: "9".into(),
        max_age: "12".into(),
        place: "Familiehuset".into(),
        weekday: "wed".into(),
        start_time: "16.00".into(),
        minutes: "120".into(),
        interval: "weekly".into(),
        starts_on: "28.09.2026".into(),
        end_kind: "sessions".into(),
        sessions: "10".into(),
        step_built: true,
        ..Default::default()
    };
    let (course, dates) = draft.check(&|_| true, &Calendar::default()).expect("valid course");
    let mut tx = store.begin().await.expect("begin");
    let id = tx.create_course(w.service_id, &course, &dates, Some(w.leader)).await.expect("course");
    tx.commit().await.expect("commit");
    id
}

async fn enrol(store: &Store, course_id: i64, case_id: i64) -> Seats {
    let mut tx = store.begin().await.expect("begin");
    let course = tx.lock_course(course_id).await.expect("lock");
    let seats = tx.add_participant(&course, case_id, d("2026-09-01"), None).await.expect("add");
    tx.commit().await.expect("commit");
    seats
}

async fn seats_and_families_are_kept(store: &Store) {
    let w = world(store).await;
    let id = course(store, &w, "2", "").await;
    let sessions = store.course_sessions(id).await.expect("sessions");
    assert_eq!(sessions.len(), 10);
    assert!(!sessions.iter().any(|s| s.held_on == d("2026-10-14")), "autumn holiday skipped");
    let (a, b, c) = (case(store, &w, "Ane").await, case(store, &w, "Bo").await, case(store, &w, "Carl").await);
    assert_eq!(enrol(store, id, a).await, Seats::Taken);
    assert_eq!(enrol(store, id, b).await, Seats::Taken);
    assert_eq!(enrol(store, id, c).await, Seats::Full(2, 2));
    let listed = store.course(id).await.expect("course");
    assert_eq!((listed.participants, listed.capacity), (2, 2));

    let by_family = course(store, &w, "6", "1").await;
    assert_eq!(enrol(store, by_family, c).await, Seats::Taken);
    let mut tx = store.begin().await.expect("begin");
    let locked = tx.lock_course(by_family).await.expect("lock");
    assert!(tx.add_participant(&locked, c, d("2026-09-01"), None).await.is_err(), "a case joins a course once");
    drop(tx);
    let d2 = case(store, &w, "Dorte").await;
    assert_eq!(enrol(store, by_family, d2).await, Seats::FamiliesFull(1, 1), "a second family does not fit");
}
both!(seats_and_families_are_kept);

async fn two_requests_for_the_last_seat_one_wins(store: &Store) {
    let w = world(store).await;
    let id = course(store, &w, "1", "").await;
    let (a, b) = (case(store, &w, "Ane").await, case(store, &w, "Bo").await);
    // Each request holds its transaction open a moment after taking the seat, so without the
    // lock on the course the other would count the seats before this one is committed.
    let attempt = |case_id: i64| {
        let store = store.clone();
        async move {
            let mut tx = store.begin().await.expect("begin");
            let course = tx.lock_course(id).await.expect("lock");
            let seats = tx.add_participant(&course, case_id, d("2026-09-01"), None).await.expect("add");
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            tx.commit().await.expect("commit");
            seats
        }
    };
    let (x, y) = tokio::join!(tokio::spawn(attempt(a)), tokio::spawn(attempt(b)));
    let mut outcomes = vec![x.expect("task"), y.expect("task")];
    outcomes.sort_by_key(|s| matches!(s, Seats::Taken));
    assert_eq!(outcomes, vec![Seats::Full(1, 1), Seats::Taken]);
    assert_eq!(store.course_participants(id).await.expect("participants").len(), 1);
}
both!(two_requests_for_the_last_seat_one_wins);

async fn sessions_move_cancel_and_attendance_is_corrected(store: &Store) {
    let w = world(store).await;
    let id = course(store, &w, "6", "").await;
    let a = case(store, &w, "Ane").await;
    enrol(store, id, a).await;
    let sessions = store.course_sessions(id).await.expect("sessions");
    let (first, second, third) = (sessions[0].id, sessions[1].id, sessions[2].id);
    let mut tx = store.begin().await.expect("begin");
    tx.move_session(second, d("2026-10-08"), "17.00", Some(w.leader)).await.expect("move");
    tx.cancel_session(third, "Sygdom", Some(w.leader)).await.expect("cancel");
    tx.record_attendance(first, &[(a, Attendance::AbsentWithoutNotice)], Some(w.leader)).await.expect("attendance");
    tx.record_attendance(first, &[(a, Attendance::AbsentWithNotice)], Some(w.leader)).await.expect("corrected");
    tx.commit().await.expect("commit");
    let after = store.course_sessions(id).await.expect("sessions");
    assert!(after[1].moved() && after[1].held_on == d("2026-10-08") && after[1].start_time == "17.00" && after[1].planned_on == sessions[1].planned_on);
    assert_eq!(after[2].cancelled_reason.as_deref(), Some("Sygdom"), "a cancelled session stays in the plan");
    let marks = store.course_attendance(id).await.expect("attendance");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].status, Attendance::AbsentWithNotice);

    let holidays = vec![SchoolHoliday { school_year: 2026, name: "Efterårsferie".into(), from: d("2026-10-17"), to: d("2026-10-25") }];
    let mut tx = store.begin().await.expect("begin");
    tx.replace_school_holidays(&holidays, None).await.expect("holidays");
    tx.commit().await.expect("commit");
    assert_eq!(store.school_holidays().await.expect("read"), holidays);
    let mut tx = store.begin().await.expect("begin");
    let talk = tx.record_pre_talk(a, d("2026-08-20"), "Forsamtale med mor og Ane.", None).await.expect("pre-talk");
    tx.commit().await.expect("commit");
    assert_eq!(store.pre_talks(a).await.expect("talks")[0].id, talk);
}
both!(sessions_move_cancel_and_attendance_is_corrected);

async fn the_demo_course_has_participants_attendance_and_a_cancelled_session(store: &Store) {
    let w = world(store).await;
    let unit_id = store.service(w.service_id).await.expect("service").unit_id;
    let today = d("2026-12-02");
    let id = store.seed_demo_groups(unit_id, w.leader, None, today).await.expect("seed").expect("a group service");
    let participants = store.course_participants(id).await.expect("participants");
    assert_eq!(participants.len(), 5);
    let sessions = store.course_sessions(id).await.expect("sessions");
    assert!(sessions.last().is_some_and(|s| s.cancelled()));
    let held = sessions.iter().filter(|s| s.held_on < today).count();
    assert_eq!(store.course_attendance(id).await.expect("marks").len(), held * 5);
    for p in &participants {
        let first = p.started_on.expect("every demo child attended a session");
        assert!(p.enrolled_on < first && first < today);
        assert!(!store.pre_talks(p.case_id).await.expect("talks").is_empty());
    }
}
both!(the_demo_course_has_participants_attendance_and_a_cancelled_session);
