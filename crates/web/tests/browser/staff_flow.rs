//! The staff's day with a referral: a caseworker refers a new child to Familiebehandling; the
//! unit leader finds the child on the waiting list, starts the case there, and sees the
//! caseload report change; the analyst, who sees figures but no cases, is refused the case.

use crate::harness::{ReportRow, Session};

/// Unique in the demo data, so the waiting list shows exactly this child's line.
const CHILD: &str = "Alma Browsertest";
const SERVICE: &str = "Familiebehandling";
const REPORT: &str = "/api/reports/caseload?from=2022-01-01&to=2022-04-26&format=html";

#[tokio::test]
async fn a_referral_goes_from_the_waiting_list_into_the_report() {
    let Some(session) = Session::start().await else { return };

    // The caseworker refers the child.
    session.open("/login").await;
    session.assert_accessible("the login page").await;
    session.log_in("raadgiver").await;
    session.assert_accessible("the caseworker's front page").await;
    session.open("/henvisning").await;
    session.wait_for_text("Ny henvisning").await;
    session.assert_accessible("the referral form").await;
    // Sent empty, the form says what is missing, above the form and at each field.
    session.press("Henvis").await;
    session.wait_for_text("Der er fejl i formularen").await;
    session.assert_accessible("the referral form with errors").await;
    session.choose("Indsats", SERVICE).await;
    session.fill("Navn (ny person)", CHILD).await;
    session.fill("Indskrevet den", "20.04.2022").await;
    session.choose("Henvist af", "Myndighedsafgørelse").await;
    session.press("Henvis").await;
    let case_path = session.wait_for_path("the new case's page", |path| path.starts_with("/sager/")).await;
    let case_path = case_path.split('?').next().unwrap_or_default().to_owned();
    assert!(session.heading().await.contains(CHILD), "the case page names the child: {}", session.heading().await);
    let text = session.text().await;
    assert!(text.contains("På venteliste") && text.contains("20.04.2022"), "a waiting case enrolled 20.04.2022:\n{text}");
    session.assert_accessible("a case page").await;
    session.log_out().await;

    // The unit leader starts the case from Familiebehandling's waiting list.
    session.log_in("leder").await;
    session.open(REPORT).await;
    let before = session.report_row(SERVICE).await;
    session.open("/").await;
    session.assert_accessible("the unit leader's front page").await;
    session.follow(SERVICE).await;
    session.wait_for_path("Familiebehandling's waiting list", |path| path.ends_with("/venteliste")).await;
    session.wait_for_text(&format!("Venteliste: {SERVICE}")).await;
    let line = session.table_row(CHILD).await.unwrap_or_else(|| panic!("{CHILD} is not on the waiting list"));
    // After the checkbox that ticks the case for starting.
    assert_eq!(line.get(2).map(String::as_str), Some("20.04.2022"), "enrolment date on the waiting list: {line:?}");
    assert_eq!(line.get(3).map(String::as_str), Some("6"), "days waiting on 26.04.2022: {line:?}");
    session.assert_accessible("the waiting list").await;
    session.tick(&format!("Vælg sagen for {CHILD}")).await;
    session.press("Iværksæt valgte sager").await;
    session.wait_for_path("the waiting list after starting", |path| path.ends_with("/venteliste/start")).await;
    session.wait_for_text("og taget af ventelisten: sag ").await;
    session.wait_for_text(&format!("Venteliste: {SERVICE}")).await;
    assert!(session.table_row(CHILD).await.is_none(), "{CHILD} is still on the waiting list:\n{}", session.text().await);

    // The report counts the case as started in the period, no longer as waiting.
    session.open(REPORT).await;
    let after = session.report_row(SERVICE).await;
    assert_change(&before, &after, "Iværksat i perioden", 1);
    assert_change(&before, &after, "Sager, hvor der endnu ikke er iværksat indsats", -1);
    assert_change(&before, &after, "Aktuelt sagstal", 0);
    session.log_out().await;

    // Need to know: the analyst reads figures, never cases.
    session.log_in("analytiker").await;
    session.open(&case_path).await;
    session.wait_for_text("Du har ikke adgang").await;
    assert!(!session.text().await.contains(CHILD), "the refusal must not show the child's name");
    assert_eq!(session.status_of(&case_path).await, 403, "the refusal's status");
    session.assert_accessible("the refusal (403) page").await;

    session.finish().await;
}

fn assert_change(before: &ReportRow, after: &ReportRow, column: &str, change: i64) {
    assert_eq!(after.count(column) - before.count(column), change, "{column:?} before {before:?}, after {after:?}");
}
