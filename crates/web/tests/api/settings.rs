//! `/indstillinger`: an administrator changes the long-wait threshold and the leader's front
//! page flags by it; the ladder's labels reach the public catalogue; other roles get 403; an
//! invalid form comes back 422 as typed, with Danish messages at the fields; a step services
//! are on cannot be removed.

use crate::helpers::TestApp;
use crate::world::world;
use familiehus_domain::Ladder;
use reqwest::StatusCode;

/// The default ladder as the form's textarea shows it, with step 4's label changed.
fn ladder_with_step_4(label: &str) -> String {
    Ladder::default()
        .steps()
        .iter()
        .map(|s| {
            let category = match s.number {
                0 => "almen",
                1..=3 => "forebyggende",
                _ => "visiteret",
            };
            format!("{};{category};{}", s.number, if s.number == 4 { label } else { &s.label })
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[tokio::test]
async fn an_admin_changes_the_long_wait_threshold_and_the_leaders_front_page_uses_it() {
    let app = TestApp::sqlite().await;
    world(&app).await;
    let admin = app.client_as("admin").await;
    let leader = app.client_as("leder").await;

    // The case enrolled 01.03.2022 has waited 56 days: over the default 30.
    let front = leader.get(app.url("/")).send().await.expect("GET /").text().await.expect("body");
    assert!(front.contains("(over 30 dage)"), "{front}");

    let page = admin.get(app.url("/indstillinger")).send().await.expect("GET");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("body");
    assert!(html.contains("Kommunen bruger standardindstillingerne."));
    assert!(html.contains("<a href=\"/indstillinger\"") && html.contains("value=\"30\""), "{html}");
    assert!(html.contains("4;visiteret;Visiterede indsatser i hjemmet"), "{html}");

    let ladder = ladder_with_step_4("Familiebehandling i hjemmet");
    let fields = [("status_report_lead_days", "10"), ("long_wait_days", "60"), ("ladder", ladder.as_str())];
    let saved = app.submit(&admin, "/indstillinger", &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers().get("location").and_then(|v| v.to_str().ok()), Some("/indstillinger?besked=gemt"));
    let html = admin.get(app.url("/indstillinger?besked=gemt")).send().await.expect("GET").text().await.expect("body");
    assert!(html.contains("Indstillingerne er gemt.") && html.contains("value=\"60\"") && html.contains("af Bruger admin"), "{html}");

    let front = leader.get(app.url("/")).send().await.expect("GET /").text().await.expect("body");
    assert!(!front.contains("(over "), "56 days is not over 60: {front}");
    let public = reqwest::get(app.url("/offentlig")).await.expect("GET").text().await.expect("body");
    assert!(public.contains("Familiebehandling i hjemmet"), "the public search shows the configured ladder: {public}");

    let fields = [("status_report_lead_days", "10"), ("long_wait_days", "45"), ("ladder", ladder.as_str())];
    assert_eq!(app.submit(&admin, "/indstillinger", &fields).await.status(), StatusCode::SEE_OTHER);
    let front = leader.get(app.url("/")).send().await.expect("GET /").text().await.expect("body");
    assert!(front.contains("(over 45 dage)"), "{front}");
}

#[tokio::test]
async fn only_administrators_see_or_change_the_settings() {
    let app = TestApp::sqlite().await;
    world(&app).await;
    let leader = app.client_as("leder").await;
    assert_eq!(leader.get(app.url("/indstillinger")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    let fields = [("status_report_lead_days", "10"), ("long_wait_days", "5"), ("ladder", "0;almen;Alle")];
    assert_eq!(app.submit(&leader, "/indstillinger", &fields).await.status(), StatusCode::FORBIDDEN);
    let front = leader.get(app.url("/")).send().await.expect("GET /").text().await.expect("body");
    assert!(front.contains("(over 30 dage)") && !front.contains("/indstillinger"), "unchanged, and not in the menu: {front}");
}

#[tokio::test]
async fn an_invalid_form_comes_back_as_typed_with_danish_messages() {
    let app = TestApp::sqlite().await;
    world(&app).await;
    let admin = app.client_as("admin").await;

    let ladder = "0;almen;Alle\r\n4;visiteret;Hjemme\r\n4;visiteret;Igen\r\n5;andet;Ukendt";
    let fields = [("status_report_lead_days", "nej"), ("long_wait_days", "400"), ("ladder", ladder)];
    let response = app.submit(&admin, "/indstillinger", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("value=\"nej\"") && html.contains("value=\"400\""), "typed input kept: {html}");
    assert!(html.contains("0;almen;Alle\n4;visiteret;Hjemme"), "the ladder as typed: {html}");
    assert!(html.contains("Antal dage før opfølgningen skal være et helt tal, fx 12."), "{html}");
    assert!(html.contains("Grænsen for lang ventetid skal være mellem 1 og 365 dage."), "{html}");
    assert!(html.contains("Linje 4: kategorien skal være almen, forebyggende eller visiteret."), "{html}");
    assert!(html.contains("id=\"long_wait_days-fejl\"") && html.contains("aria-invalid=\"true\""), "errors wired to the fields: {html}");

    // Readable, but step 4 appears twice: the domain's rule, in Danish.
    let fields = [("status_report_lead_days", "14"), ("long_wait_days", "30"), ("ladder", "0;almen;Alle\n4;visiteret;Hjemme\n4;visiteret;Igen")];
    let html = app.submit(&admin, "/indstillinger", &fields).await.text().await.expect("body");
    assert!(html.contains("Trin 4 står der mere end én gang."), "{html}");

    // The world's services are on step 4: it cannot be removed.
    let fields = [("status_report_lead_days", "14"), ("long_wait_days", "30"), ("ladder", "0;almen;Alle\n5;visiteret;Intensive")];
    let response = app.submit(&admin, "/indstillinger", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("Trin 4 kan ikke fjernes, fordi der er indsatser på det."), "{html}");

    let html = admin.get(app.url("/indstillinger")).send().await.expect("GET").text().await.expect("body");
    assert!(html.contains("Kommunen bruger standardindstillingerne."), "nothing was saved: {html}");
}
