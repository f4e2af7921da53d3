//! Status reports: drafted from the case page for a period of the running case, edited with
//! the family's reading, approved by the leader (only), sent once, then in the referring
//! caseworker's inbox, who never sees a draft; bad periods and dates refused at their fields.

use crate::helpers::{TestApp, expect_json};
use crate::world::world;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

async fn status_reports_go_from_draft_to_the_caseworkers_inbox(app: TestApp) {
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut service = stored.service.clone();
    service.rules.first_follow_up_months = Some(1);
    app.store.update_service(w.service, stored.unit_id, &service, None).await.expect("rules");
    // Started 10.03.2022: follow-up 1 is due 10.04.2022, its status report 27.03.2022.
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let practitioner = app.client_as("behandler").await;
    let front = practitioner.get(app.url("/")).send().await.expect("GET").text().await.expect("body");
    assert!(front.contains("27.03.2022 <span class=\"flag\">(fristen er nået)</span>"), "{front}");
    let path = format!("/sager/{}/statusrapporter", w.case);

    let early = app.submit(&practitioner, &path, &[("sr_from", "01.03.2022"), ("sr_to", "26.04.2022")]).await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = early.text().await.expect("body");
    assert!(body.contains("før indsatsen blev iværksat") && body.contains("value=\"01.03.2022\""), "{body}");
    let future = app.submit(&practitioner, &path, &[("sr_from", "10.03.2022"), ("sr_to", "27.04.2022")]).await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let drafted = app.submit(&practitioner, &path, &[("sr_from", "10.03.2022"), ("sr_to", "26.04.2022")]).await;
    assert_eq!(drafted.status(), StatusCode::SEE_OTHER);
    let report = drafted.headers().get(LOCATION).and_then(|v| v.to_str().ok()).expect("location").to_owned();
    let page = practitioner.get(app.url(&report)).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Statusrapport: Familiebehandling i perioden 10.03.2022–26.04.2022") && page.contains("<textarea id=\"body\""), "{page}");

    // The caseworker who referred sees no draft.
    let caseworker = app.client_as("raadgiver").await;
    assert_eq!(caseworker.get(app.url(&report)).send().await.expect("GET").status(), StatusCode::NOT_FOUND);

    let remarks_without_date = app.submit(&practitioner, &report, &[("body", "Ida trives bedre."), ("family_read_on", ""), ("family_remarks", "Enige")]).await;
    assert_eq!(remarks_without_date.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = remarks_without_date.text().await.expect("body");
    assert!(body.contains("<title>Fejl i formularen") && body.contains("Skriv datoen") && body.contains("Ida trives bedre."), "{body}");
    let saved = app
        .submit(
            &practitioner,
            &report,
            &[("body", "Ida trives bedre.\n\nAnbefaling: fortsat forløb."), ("family_read_on", "20.04.2022"), ("family_remarks", "Enige")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    // Only a leader approves; nothing is sent before.
    assert_eq!(app.submit(&practitioner, &format!("{report}/godkend"), &[]).await.status(), StatusCode::FORBIDDEN);
    let early_send = app.submit(&practitioner, &format!("{report}/send"), &[]).await;
    assert_eq!(early_send.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early_send.text().await.expect("body").contains("skal godkendes af en leder"));
    let leader = app.client_as("leder").await;
    assert_eq!(app.submit(&leader, &format!("{report}/godkend"), &[]).await.status(), StatusCode::SEE_OTHER);
    let edit_after = app.submit(&practitioner, &report, &[("body", "Ændret efter godkendelse"), ("family_read_on", ""), ("family_remarks", "")]).await;
    assert_eq!(edit_after.status(), StatusCode::UNPROCESSABLE_ENTITY, "an approved report is not edited");
    assert_eq!(app.submit(&practitioner, &format!("{report}/send"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.submit(&practitioner, &format!("{report}/send"), &[]).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "sent once");

    let inbox = caseworker.get(app.url("/indbakke")).send().await.expect("GET").text().await.expect("body");
    assert!(inbox.contains("Ida Jensen") && inbox.contains(&report) && inbox.contains("10.03.2022–26.04.2022"), "{inbox}");
    let read = caseworker.get(app.url(&report)).send().await.expect("GET");
    assert_eq!(read.status(), StatusCode::OK);
    let read = read.text().await.expect("body");
    assert!(read.contains("Anbefaling: fortsat forløb.") && read.contains("Læst: 20.04.2022") && !read.contains("<textarea"), "{read}");
    let pdf = caseworker.get(app.url(&format!("{report}/pdf"))).send().await.expect("GET");
    assert_eq!(pdf.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let bytes = pdf.bytes().await.expect("pdf");
    let title = format!("Statusrapport 10.03.2022–26.04.2022, sag {}", w.case);
    familiehus_test_support::pdf::check_accessible(&bytes, &title, &["H1", "P"]).expect("an accessible PDF");
    let case_page = practitioner.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET").text().await.expect("body");
    assert!(case_page.contains("Statusrapport for 10.03.2022–26.04.2022 sendt til rådgiver") && case_page.contains("Sendt til rådgiver"), "{case_page}");
    // The report's deadline is met: the front page and the case page say it was sent.
    let front = practitioner.get(app.url("/")).send().await.expect("GET").text().await.expect("body");
    assert!(!front.contains("(fristen er nået)") && front.contains("<td>Sendt</td>"), "{front}");
    assert!(case_page.contains("statusrapporten er sendt"), "{case_page}");
    let log = app.store.audit_for_case(w.case).await.expect("log");
    assert!(log.iter().any(|e| e.action == "read_status_report") && log.iter().any(|e| e.action == "write_status_report"), "{log:?}");
}

#[tokio::test]
async fn status_reports_go_from_draft_to_the_caseworkers_inbox_sqlite() {
    status_reports_go_from_draft_to_the_caseworkers_inbox(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn status_reports_go_from_draft_to_the_caseworkers_inbox_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    status_reports_go_from_draft_to_the_caseworkers_inbox(app).await;
}
