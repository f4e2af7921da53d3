//! A parent's self-referral becoming a seat in a course (issue 12): on a phone, the parent
//! sends the Cool Kids form on the public site and gets a receipt number; the group leader
//! opens it in the unit's inbox and accepts it (a new person and a case on the waiting list),
//! enrols the case in a continuous-intake course and takes today's attendance, and the first
//! "present" starts the case. Every page at 390 px, checked with axe, nothing sideways.

use crate::harness::{Session, TODAY, date};
use familiehus_domain::group_course::CourseDraft;
use familiehus_domain::holidays::Calendar;

const COOL_KIDS: &str = "Cool Kids - angstgruppebehandling";
const CHILD: &str = "Idunn";

/// A continuous-intake Cool Kids course led by the demo's group leader, Tuesdays from
/// 19.04.2022, so a session falls on the story's day (26.04.2022): `(course, today's session)`.
async fn course(session: &Session) -> (i64, i64) {
    let store = session.store();
    let service = store.list_services().await.expect("services").into_iter().find(|s| s.service.name == COOL_KIDS).expect("Cool Kids");
    let leader = store.user_by_username("gruppeleder").await.expect("look up").expect("the group leader").id;
    let draft = CourseDraft {
        name: "Cool Kids løbende optag".into(),
        leaders: vec![leader.to_string()],
        capacity: "6".into(),
        min_age: "7".into(),
        max_age: "12".into(),
        place: "Familiehuset, gruppelokalet".into(),
        weekday: "tue".into(),
        start_time: "16.00".into(),
        minutes: "120".into(),
        interval: "weekly".into(),
        starts_on: "19.04.2022".into(),
        end_kind: "sessions".into(),
        sessions: "8".into(),
        step_built: true,
        continuous_intake: true,
        ..Default::default()
    };
    let (course, dates) = draft.check(&|_| true, &Calendar::default()).expect("a valid course");
    let mut tx = store.begin().await.expect("begin");
    let id = tx.create_course(service.id, &course, &dates, Some(leader)).await.expect("course");
    tx.commit().await.expect("commit");
    let today = store.course_sessions(id).await.expect("sessions").into_iter().find(|s| s.held_on == date(TODAY)).expect("a session today").id;
    (id, today)
}

async fn fits(session: &Session, what: &str) {
    assert_eq!(session.sideways_overflow(None).await, 0, "{what} on a phone: {}", session.elements_past_the_edge().await);
    session.assert_accessible(what).await;
}

#[tokio::test]
async fn a_parents_self_referral_becomes_a_seat_with_attendance_on_a_phone() {
    let Some(session) = Session::start().await else { return };
    let (course_id, today) = course(&session).await;
    let service = session.store().list_services().await.expect("services").into_iter().find(|s| s.service.name == COOL_KIDS).expect("Cool Kids");
    session.set_width(390).await;

    // The parent, not logged in.
    session.open(&format!("/offentlig/tilbud/{}", service.id)).await;
    session.wait_for_text("Send henvendelsen").await;
    fits(&session, "Cool Kids' page with the self-referral form").await;
    session.fill("Dit navn", "Mette Browser").await;
    session.fill("Telefon", "12 34 56 78").await;
    session.fill("Barnets fornavn", CHILD).await;
    session.fill("Barnets alder", "9").await;
    session.fill("Fortæl om barnets vanskeligheder", "Idunn er bange for at sove alene og har ondt i maven om morgenen.").await;
    session.tick("Jeg giver samtykke").await;
    session.press("Send henvendelsen").await;
    session.wait_for_text("Tak – vi har modtaget din henvendelse").await;
    let text = session.text().await;
    let at = text.find("H-").expect("a receipt number");
    let receipt: String = text[at..].chars().take(9).collect();
    fits(&session, "the receipt").await;

    // The unit's inbox: the group leader accepts it.
    session.log_in("gruppeleder").await;
    session.open("/henvendelser").await;
    session.wait_for_text(&receipt).await;
    fits(&session, "the inbox").await;
    session.follow(&receipt).await;
    session.wait_for_text("Opret som sag på ventelisten").await;
    assert!(session.text().await.contains("ondt i maven"), "the enquiry's text");
    fits(&session, "an enquiry").await;
    session.press("Opret som sag på ventelisten").await;
    let case_path = session.wait_for_path("the new case's page", |path| path.starts_with("/sager/")).await;
    session.wait_for_text("På venteliste").await;
    fits(&session, "the accepted enquiry's case").await;

    // Into the course, and today's attendance.
    session.open(&format!("/grupper/{course_id}")).await;
    session.wait_for_text("Optag fra ventelisten").await;
    session.press(&format!("Optag i forløbet: {CHILD}")).await;
    session.wait_for_text("Sagen er optaget i forløbet.").await;
    fits(&session, "the course with its new participant").await;
    session.open(&format!("/grupper/{course_id}/gange/{today}")).await;
    session.wait_for_text("Fremmøde").await;
    session.field("Mødt").await.click().await.expect("mark present");
    session.press("Gem fremmøde").await;
    session.wait_for_text("Fremmødet er gemt.").await;
    fits(&session, "the course after attendance").await;

    let case_path = case_path.split('?').next().unwrap_or_default().to_owned();
    let case_id: i64 = case_path.trim_start_matches("/sager/").parse().expect("a case id");
    let record = session.store().case(case_id).await.expect("the case");
    assert_eq!((record.case.started_on(), record.person_name.as_str()), (Some(date(TODAY)), CHILD), "the first session attended started the case");
    assert_eq!(record.access_route, familiehus_domain::access_route::AccessRoute::Enquiry);
    session.open(&case_path).await;
    session.wait_for_text("Iværksat").await;
    fits(&session, "the started case").await;
    session.finish().await;
}
