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

/// The case list and the front page showed up to 200 names without a log entry; the waiting list
/// was logged as "service N", not who was shown. Each display now names case and person.
#[tokio::test]
async fn lists_log_every_case_and_person_they_show() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = app.client_as("behandler").await;
    let listed = |events: &[familiehus_store::AuditEvent], place: &str| {
        events.iter().filter(|e| e.action == "list_case" && e.detail == place && e.person_id == Some(w.person)).count()
    };
    assert_eq!(practitioner.get(app.url("/sager")).send().await.expect("GET").status(), StatusCode::OK);
    let events = app.store.audit_for_case(w.case).await.expect("audit");
    assert_eq!(listed(&events, "sagsliste"), 1, "{events:?}");
    assert_eq!(practitioner.get(app.url("/")).send().await.expect("GET").status(), StatusCode::OK);
    let events = app.store.audit_for_case(w.case).await.expect("audit");
    assert_eq!(listed(&events, "forside"), 1, "one entry however many lists of the page show the case: {events:?}");
    assert_eq!(practitioner.get(app.url(&format!("/indsatser/{}/venteliste", w.service))).send().await.expect("GET").status(), StatusCode::OK);
    let events = app.store.audit_for_case(w.case).await.expect("audit");
    assert!(events.iter().any(|e| e.action == "read_waiting_list" && e.person_id == Some(w.person)), "{events:?}");
    // The other unit's case was on no list of this practitioner's, and is not logged as shown.
    let other = app.store.audit_for_case(w.other_case).await.expect("audit");
    assert!(other.iter().all(|e| e.action != "list_case"), "{other:?}");
}

/// Refused (403) attempts left no trace; now each names the user, what was asked for and the
/// case it concerned.
#[tokio::test]
async fn refused_attempts_are_logged_with_what_was_asked_for() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    assert_eq!(leader.get(app.url(&format!("/sager/{}", w.other_case))).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    assert_eq!(leader.get(app.url(&format!("/api/cases/{}", w.other_case))).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    let analyst = app.client_as("analytiker").await;
    assert_eq!(analyst.get(app.url("/sager")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);

    let on_case = app.store.audit_for_case(w.other_case).await.expect("audit");
    // Newest first.
    let refused: Vec<&str> = on_case.iter().filter(|e| e.action == "refused").map(|e| e.detail.as_str()).collect();
    assert_eq!(refused, [format!("GET /api/cases/{}", w.other_case), format!("GET /sager/{}", w.other_case)], "{on_case:?}");
    assert!(on_case.iter().filter(|e| e.action == "refused").all(|e| e.user_name.as_deref() == Some("Bruger leder")));
    let all = app.store.audit_events().await.expect("audit");
    assert!(all.iter().any(|e| e.action == "refused" && e.detail == "GET /sager" && e.user_name.as_deref() == Some("Bruger analytiker")), "{all:?}");
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

/// User administration (create, role change, password reset, deactivation) was not logged.
#[tokio::test]
async fn user_administration_is_logged() {
    use crate::sessions::PASSWORD;
    let app = TestApp::sqlite().await;
    let admin = app.client_as(crate::sessions::ADMIN).await;
    let fields =
        [("username", "sofie"), ("display_name", "Sofie"), ("role", "practitioner"), ("unit_id", ""), ("password", PASSWORD), ("password_again", PASSWORD)];
    assert_eq!(app.submit(&admin, "/brugere", &fields).await.status(), StatusCode::SEE_OTHER);
    let id = app.store.user_by_username("sofie").await.expect("lookup").expect("created").id;
    let edit = [("display_name", "Sofie"), ("role", "group_leader"), ("unit_id", ""), ("password", "en-ny-kode-1"), ("password_again", "en-ny-kode-1")];
    assert_eq!(app.submit(&admin, &format!("/brugere/{id}"), &edit).await.status(), StatusCode::SEE_OTHER);
    let deactivate = [("aktiv", "nej"), ("bekraeft", "ja")];
    assert_eq!(app.submit(&admin, &format!("/brugere/{id}/aktiv"), &deactivate).await.status(), StatusCode::SEE_OTHER);
    let events = app.store.audit_events().await.expect("audit");
    let admin: Vec<(&str, &str)> = events.iter().filter(|e| e.action.ends_with("_user")).map(|e| (e.action.as_str(), e.detail.as_str())).collect();
    let expected = [
        ("create_user", format!("bruger {id} (sofie): rolle practitioner")),
        ("change_user", format!("bruger {id} (sofie): rolle practitioner → group_leader, ny adgangskode")),
        ("deactivate_user", format!("bruger {id} (sofie)")),
    ];
    assert_eq!(admin.len(), 3, "{admin:?}");
    for ((action, detail), (want_action, want_detail)) in admin.iter().zip(expected.iter()) {
        assert_eq!((*action, *detail), (*want_action, want_detail.as_str()));
    }
    assert!(events.iter().filter(|e| e.action.ends_with("_user")).all(|e| e.user_name.as_deref() == Some("Bruger admin")));
}
