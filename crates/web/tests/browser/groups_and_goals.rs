//! The group leader's course page and a practitioner's goals and measurements in the browser:
//! the demo's Cool Kids course and a case with ORS/SRS, each page checked with axe and at a
//! phone's 390 px with nothing scrolling sideways and the chart's text readable.

use crate::harness::{Session, TODAY, date};

async fn demo_ids(session: &Session) -> (i64, i64, i64) {
    let store = session.store();
    let services = store.list_services().await.expect("services");
    let unit = services.iter().find(|s| s.service.name == "Familiebehandling").map(|s| s.unit_id).expect("Familiehuset");
    let id = |name: &'static str| async move { store.user_by_username(name).await.expect("look up").map(|u| u.id).expect("demo user") };
    (unit, id("gruppeleder").await, id("behandler").await)
}

#[tokio::test]
async fn the_group_leader_takes_a_course_on_a_phone() {
    let Some(session) = Session::start().await else { return };
    let (unit, leader, colleague) = demo_ids(&session).await;
    session.store().seed_demo_groups(unit, leader, Some(colleague), date(TODAY)).await.expect("demo course");
    session.log_in("gruppeleder").await;
    session.follow("Grupper").await;
    session.wait_for_text("Cool Kids").await;
    session.assert_accessible("the courses").await;
    session.follow("Cool Kids – hold 2022").await;
    session.wait_for_text("Deltagere").await;
    session.assert_accessible("a course's page").await;
    session.set_width(390).await;
    assert_eq!(session.sideways_overflow(None).await, 0, "a course's page on a phone: {}", session.elements_past_the_edge().await);
    session.finish().await;
}

#[tokio::test]
async fn goals_and_measurements_read_on_a_phone() {
    let Some(session) = Session::start().await else { return };
    let (unit, _, practitioner) = demo_ids(&session).await;
    let cases = session.store().seed_demo_measurements(unit, practitioner, date(TODAY)).await.expect("demo measurements");
    assert!(cases > 0, "the demo measures some cases");
    session.log_in("leder").await;
    session.wait_for_text("Sager ude af kurs").await;
    session.assert_accessible("the leader's front page with off-track cases").await;
    let case = session.store().running_ors_srs(familiehus_domain::CaseScope::Unit(unit), 100).await.expect("measured cases");
    let Some(first) = case.first() else { panic!("no measured case") };
    session.open(&format!("/sager/{}", first.0)).await;
    session.wait_for_text("Mål og målinger").await;
    session.assert_accessible("a case with goals and measurements").await;
    session.set_width(390).await;
    assert_eq!(session.sideways_overflow(None).await, 0, "goals and measurements on a phone: {}", session.elements_past_the_edge().await);
    let smallest = session.smallest_text_height("svg text").await;
    assert!(smallest >= 11.0, "the chart's text on a phone is {smallest} px");
    session.finish().await;
}
