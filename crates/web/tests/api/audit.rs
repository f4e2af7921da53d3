//! The access log: reading a case page is logged naming the user and address, a leader sees it
//! under "Hvem har set sagen" (a practitioner does not), and the hash chain stays intact.

use crate::helpers::TestApp;
use crate::world::{CPR, world};
use reqwest::StatusCode;

#[tokio::test]
async fn reading_a_case_is_logged_and_shown_to_the_leader() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = app.client_as("behandler").await;
    let page = practitioner.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(!page.text().await.expect("body").contains("Hvem har set sagen"), "only roles with ReadAccessLog");

    let events = app.store.audit_for_case(w.case).await.expect("audit");
    let read = events.iter().find(|e| e.action == "read_case").expect("a read_case event");
    assert_eq!(read.user_name.as_deref(), Some("Bruger behandler"));
    assert_eq!(read.person_id, Some(w.person));
    assert_eq!(read.remote, "127.0.0.1");

    let leader = app.client_as("leder").await;
    let html = leader.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET").text().await.expect("body");
    assert!(html.contains("Hvem har set sagen"), "{html}");
    assert!(html.contains("Bruger behandler") && html.contains("Så sagen"), "{html}");

    let verified = app.store.verify_audit_chain().await.expect("verify");
    assert!(matches!(verified, Ok(n) if n >= 2), "{verified:?}");
}

#[tokio::test]
async fn changes_searches_and_api_reads_are_logged_without_cpr_numbers() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let caseworker = app.client_as("raadgiver").await;
    assert_eq!(caseworker.get(app.url(&format!("/personer?q={CPR}"))).send().await.expect("GET").status(), StatusCode::OK);
    assert_eq!(caseworker.get(app.url(&format!("/api/cases/{}", w.case))).send().await.expect("GET").status(), StatusCode::OK);
    let practitioner = app.client_as("behandler").await;
    let response = app.submit(&practitioner, &format!("/sager/{}/start", w.case), &[("started_on", "20.04.2022")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let events = app.store.audit_for_case(w.case).await.expect("audit");
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"start_case") && actions.contains(&"read_case"), "{actions:?}");
    let digits = CPR.replace('-', "");
    assert!(events.iter().all(|e| !e.detail.contains("4321") && !e.detail.contains(&digits)));
    assert!(matches!(app.store.verify_audit_chain().await.expect("verify"), Ok(n) if n >= 3));
}
