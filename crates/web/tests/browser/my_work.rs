//! "My work" in the browser (issue 11, items 1 and 5): the leader's case list searched, sorted
//! and ticked to move cases to a practitioner, "Mine sager", the deadlines and the caseload —
//! each page checked with axe, and the lists at a phone's 390 px with nothing scrolling sideways
//! (a wide table scrolls inside its box).

use crate::harness::Session;

#[tokio::test]
async fn a_leader_moves_cases_from_the_list_and_the_lists_fit_a_phone() {
    let Some(session) = Session::start().await else { return };
    session.log_in("leder").await;
    session.open("/sager").await;
    session.wait_for_text("Viser 1–").await;
    session.assert_accessible("the case list").await;
    session.press("Vis").await;
    session.wait_for_text("Viser 1–").await;
    session.follow("Indskrevet").await;
    session.wait_for_path("the list sorted by enrolment", |path| path.contains("sorter=indskrevet")).await;
    session.assert_accessible("the case list sorted").await;

    // A refused move (no practitioner chosen) keeps the ticked case, and says so at the field.
    let first = session.field("Vælg sag ").await;
    first.click().await.expect("tick the first case");
    session.press("Flyt valgte sager").await;
    session.wait_for_text("Vælg den behandler, sagerne skal flyttes til.").await;
    assert!(session.field("Vælg sag ").await.is_selected().await.unwrap_or(false), "the ticked case is still ticked");
    session.assert_accessible("a refused move").await;
    session.choose("Til behandler", "Behandler").await;
    session.press("Flyt valgte sager").await;
    session.wait_for_text("Flyttet til ").await;

    for (path, what) in [("/frister", "the deadlines"), ("/belastning", "the caseload")] {
        session.open(path).await;
        session.wait_for_text(if path == "/frister" { "Frister" } else { "Belastning pr. behandler" }).await;
        session.assert_accessible(what).await;
    }
    session.set_width(390).await;
    for path in ["/sager", "/frister", "/belastning"] {
        session.open(path).await;
        assert_eq!(session.sideways_overflow(None).await, 0, "{path} on a phone: {}", session.elements_past_the_edge().await);
    }
    session.set_width(1280).await;
    session.log_out().await;

    session.log_in("behandler").await;
    session.open("/mine-sager").await;
    session.wait_for_text("Mine sager").await;
    session.assert_accessible("Mine sager").await;
    session.finish().await;
}
