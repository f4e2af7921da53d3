//! A person's data on request (indsigt, GDPR art. 15): one document with everything stored about
//! the person, produced by a leader (with one of the person's cases in their unit) or an
//! administrator, and logged.

use crate::helpers::TestApp;
use crate::world::{CPR, world};
use reqwest::StatusCode;

#[tokio::test]
async fn the_insight_document_holds_everything_about_the_person_and_is_logged() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let path = format!("/personer/{}/indsigt", w.person);
    // The practitioner reads the case so that the log has something to show.
    let practitioner = app.client_as("behandler").await;
    assert_eq!(practitioner.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET").status(), StatusCode::OK);
    assert_eq!(practitioner.get(app.url(&path)).send().await.expect("GET").status(), StatusCode::FORBIDDEN, "practitioners do not produce it");
    let caseworker = app.client_as("raadgiver").await;
    assert_eq!(caseworker.get(app.url(&path)).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    // The other unit's person is not this leader's to answer for.
    let leader = app.client_as("leder").await;
    let other_person = app.store.case(w.other_case).await.expect("case").person_id;
    assert_eq!(leader.get(app.url(&format!("/personer/{other_person}/indsigt"))).send().await.expect("GET").status(), StatusCode::FORBIDDEN);

    let response = leader.get(app.url(&path)).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let html = response.text().await.expect("body");
    for expected in ["Indsigt i oplysninger om Ida Jensen", CPR, "Familiebehandling", "Bekymring for trivsel", "Bruger behandler", "Så sagen"] {
        assert!(html.contains(expected), "{expected} missing: {html}");
    }
    let events = app.store.audit_events().await.expect("audit");
    assert!(
        events.iter().any(|e| e.action == "produce_insight" && e.person_id == Some(w.person) && e.user_name.as_deref() == Some("Bruger leder")),
        "{events:?}"
    );
}
