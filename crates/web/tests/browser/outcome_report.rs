//! The outcome report in the browser: the leader opens `/rapport/resultater` for the demo's
//! 2022 period on a 390 px phone — the chart's text readable, nothing scrolling sideways, the
//! table (the chart's text alternative) with Familiebehandling's closed courses — and axe
//! finds nothing; the analyst's page (whole months, small counts hidden) passes axe too.

use crate::harness::Session;

#[tokio::test]
async fn the_outcome_report_reads_on_a_phone() {
    let Some(session) = Session::start().await else { return };
    let store = session.store();
    let services = store.list_services().await.expect("services");
    let unit = services.iter().find(|s| s.service.name == "Familiebehandling").map(|s| s.unit_id).expect("Familiehuset");
    let practitioner = store.user_by_username("behandler").await.expect("look up").map(|u| u.id).expect("demo user");
    assert!(store.seed_demo_outcomes(unit, practitioner).await.expect("demo outcomes") > 0, "the demo has courses closed in 2022");

    session.log_in("leder").await;
    session.set_width(390).await;
    session.open("/rapport/resultater?fra=01.01.2022&til=26.04.2022").await;
    session.wait_for_text("Resultater pr. indsats").await;
    assert_eq!(session.sideways_overflow(None).await, 0, "nothing scrolls sideways on a phone: {}", session.elements_past_the_edge().await);
    let text = session.smallest_text_height(".outcome-chart text").await;
    assert!(text >= 11.0, "the chart's labels are readable on a phone: {text} px");
    let row = session.report_row("Familiebehandling").await;
    assert!(row.count("Afsluttede sager") > 0, "{row:?}");
    assert!(row.cell("Median varighed (dage)").chars().next().is_some_and(|c| c.is_ascii_digit()), "{row:?}");
    session.assert_accessible("the outcome report on a phone").await;

    session.log_out().await;
    session.log_in("analytiker").await;
    session.open("/rapport/resultater?fra=01.01.2022&til=31.03.2022").await;
    session.wait_for_text("Tal under 5 vises").await;
    session.assert_accessible("the analyst's outcome report").await;
    session.finish().await;
}
