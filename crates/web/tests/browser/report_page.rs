//! The printable caseload report: the unit leader logs in, opens the half-yearly report for 2022
//! and reads Familiebehandling's row as the children's committee will see it. (The analyst sees
//! whole months only: the 2022 table ends on 26.04.)

use crate::harness::Session;

#[tokio::test]
async fn report_page_shows_the_2022_figures_and_is_accessible() {
    let Some(session) = Session::start().await else { return };
    session.log_in("leder").await;
    session.open("/api/reports/caseload?from=2022-01-01&to=2022-04-26&format=html").await;

    session.wait_for_text("Oversigt over sagsantal og ventetider").await;
    let text = session.text().await;
    assert!(text.contains("01.01.2022") && text.contains("26.04.2022"), "the period in Danish dates:\n{text}");

    let row = session.report_row("Familiebehandling").await;
    assert_eq!(row.cell("Aktuelt sagstal"), "141", "{row:?}");
    assert_eq!(row.cell("Gennemsnitlig ventetid"), "82,77", "mean wait in Danish decimals: {row:?}");

    session.assert_accessible("the caseload report").await;
    session.finish().await;
}
