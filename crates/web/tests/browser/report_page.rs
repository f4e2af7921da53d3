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

/// The report page at a small laptop's 1366 px shows every column without sideways scrolling,
/// and on a 390 px phone the chart keeps its labels readable (the phone's shape, labels above
/// the bars) and nothing scrolls sideways; both pass axe.
#[tokio::test]
async fn report_page_fits_a_laptop_and_a_phone() {
    let Some(session) = Session::start().await else { return };
    session.log_in("leder").await;
    session.set_width(1366).await;
    session.open("/rapport?fra=01.01.2022&til=26.04.2022").await;
    session.wait_for_text("Udviklingen over seks halvår").await;
    assert_eq!(session.sideways_overflow(None).await, 0, "the page at 1366 px: {}", session.elements_past_the_edge().await);
    assert_eq!(session.sideways_overflow(Some(".report-table")).await, 0, "every column of the table at 1366 px");
    assert!(session.smallest_text_height(".chart-wide text").await >= 11.0, "the desktop chart's labels");

    session.set_width(390).await;
    session.open("/rapport?fra=01.01.2022&til=26.04.2022").await;
    session.wait_for_text("Udviklingen over seks halvår").await;
    assert_eq!(session.sideways_overflow(None).await, 0, "nothing scrolls sideways on a phone: {}", session.elements_past_the_edge().await);
    assert_eq!(session.smallest_text_height(".chart-wide text").await, 0.0, "the wide chart is not shown on a phone");
    let phone = session.smallest_text_height(".chart-narrow text").await;
    assert!(phone >= 11.0, "the phone chart's labels are readable: {phone} px");
    assert!(session.smallest_text_height(".chart.trend text").await >= 11.0, "the trend's labels");
    session.assert_accessible("the report page on a phone").await;
    session.finish().await;
}
