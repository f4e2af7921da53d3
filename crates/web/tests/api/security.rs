//! Attacks from the security review (issue 10) that the web layer closes, each kept as a test:
//! the open redirect after login, missing security headers, and cookies sent in clear.

use crate::helpers::TestApp;
use crate::sessions::{PASSWORD, new_client};
use familiehus_domain::Role;
use reqwest::StatusCode;

/// `next=/%09/evil.example` used to send the browser off-site: browsers drop the tab and read
/// `//evil.example`. A newline in `next` used to answer 500 (an invalid `Location` header).
#[tokio::test]
async fn login_redirects_only_to_same_site_paths() {
    let app = TestApp::sqlite().await;
    app.add_user("leder", Role::UnitLeader, None).await;
    let cases = [
        ("/\t/evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\n", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("/sager?side=2", "/sager?side=2"),
    ];
    for (next, expected) in cases {
        let client = new_client();
        let response = app.post_form(&client, "/login", &[("brugernavn", "leder"), ("adgangskode", PASSWORD), ("next", next)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "next={next:?}");
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(location, expected, "next={next:?}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_personal_data_is_not_cached() {
    let app = TestApp::sqlite().await;
    for path in ["/", "/sager", "/api/cases", "/offentlig", "/login", "/findes-ikke", "/api/findes-ikke"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'none'") && !csp.contains("script-src") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(header("cache-control"), "no-store", "{path}");
    }
    // Style sheets carry no personal data and may be cached.
    let css = app.get("/static/staff.css").await;
    assert!(css.headers().get("cache-control").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("public")));
}

/// Off loopback the session cookie is `Secure` even without `--secure-cookies`.
#[tokio::test]
async fn the_session_cookie_is_secure_when_the_server_is_not_on_loopback() {
    let db = familiehus_test_support::TestDb::sqlite().await;
    let config = familiehus_web::Config { addr: std::net::SocketAddr::from(([0, 0, 0, 0], 0)), ..familiehus_web::Config::default() };
    let server = familiehus_web::Server::bind(db.store.clone(), config).await.expect("bind");
    let port = server.addr().port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async move {
        let _ = stopped.await;
    }));
    let password_hash = familiehus_web::auth::hash_password(PASSWORD).expect("hash");
    let new = familiehus_store::NewUser { username: "leder".into(), display_name: "Leder".into(), role: Role::UnitLeader, unit_id: None, password_hash };
    db.store.create_user(&new).await.expect("user");
    let response = new_client()
        .post(format!("http://127.0.0.1:{port}/api/session"))
        .json(&serde_json::json!({"username": "leder", "password": PASSWORD}))
        .send()
        .await
        .expect("POST");
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    let _ = stop.send(());
}

/// Enrolment on `0001-01-01` or `+10000-01-01` used to be stored, a start on `+10000-01-01`
/// answered 500, and a report then showed a wait of −2,912,110 days. Readable but implausible
/// dates are a Danish 422 at the field; unreadable ones a 400 at the field; nothing is stored.
#[tokio::test]
async fn implausible_case_dates_are_refused_at_the_field_and_nothing_is_stored() {
    use crate::helpers::{error_fields, expect_json, id_of};
    use serde_json::json;
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let enrol = |on: &str| json!({"service_id": service_id, "person": {"name": "Bo"}, "referral_source": "school", "enrolled_on": on});
    for (on, status) in
        [("0001-01-01", StatusCode::UNPROCESSABLE_ENTITY), ("2023-01-01", StatusCode::UNPROCESSABLE_ENTITY), ("+10000-01-01", StatusCode::BAD_REQUEST)]
    {
        let body = expect_json(app.post("/api/cases", &enrol(on)).await, status).await;
        assert_eq!(error_fields(&body), ["enrolled_on"], "{on}: {body}");
        assert!(body["error"]["message_da"].as_str().is_some_and(|m| m.contains("Dato")), "{on}: {body}");
    }
    let born_later =
        json!({"service_id": service_id, "person": {"name": "Bo", "birth_date": "2030-01-01"}, "referral_source": "school", "enrolled_on": "2022-04-01"});
    let body = expect_json(app.post("/api/cases", &born_later).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["person.birth_date"], "{body}");
    let case_id = id_of(&app.enrol(service_id, "Bo", "2022-04-01").await);
    assert_eq!(case_id, 1, "the refused referrals stored nothing");
    let response = app.start(case_id, "+10000-01-01").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "not a 500");
    let body = expect_json(app.start(case_id, "2099-01-01").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["started_on"]);
    assert_eq!(body["error"]["message_da"], "Datoen ligger for langt ude i fremtiden. Den kan senest være 27.07.2022.");
    let body = expect_json(app.close(case_id, "1900-01-01", "purpose_met").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["closed_on"]);
    let case = app.get_json(&format!("/api/cases/{case_id}"), StatusCode::OK).await;
    assert!(case["started_on"].is_null() && case["closed_on"].is_null(), "{case}");
}

/// A two-digit year (`1.12.26`) used to be stored as the year 26; the form now asks for four
/// digits and keeps what was typed.
#[tokio::test]
async fn a_two_digit_year_on_a_form_is_refused_with_a_hint_and_the_form_keeps_the_input() {
    use crate::helpers::id_of;
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let case_id = id_of(&app.enrol(service_id, "Bo", "2022-04-01").await);
    let response = app.submit(&app.client, &format!("/sager/{case_id}/start"), &[("started_on", "1.12.26")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap_or_default();
    assert!(html.contains("Skriv året med fire cifre, fx 01.12.2026."), "{html}");
    assert!(html.contains("value=\"1.12.26\""), "typed text kept");
}

/// Oversized forms used to answer 403 "Formularen er udløbet", API bodies an English 413,
/// `/sager/abc` English plain text; a user with a unit that does not exist gave a 500. Every
/// rejection is now a Danish page (or JSON error) with the right status.
#[tokio::test]
async fn every_rejection_is_danish_with_the_right_status() {
    use crate::helpers::id_of;
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let case_id = id_of(&app.enrol(service_id, "Bo", "2022-04-01").await);
    let token = app.csrf(&app.client).await;
    let is_danish_page = |html: &str| html.contains("<html lang=\"da\"") || html.contains("lang=\"da\"");

    let huge = "x".repeat(3 * 1024 * 1024);
    let response = app.post_form(&app.client, &format!("/sager/{case_id}/start"), &[("csrf_token", token.as_str()), ("started_on", huge.as_str())]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = response.text().await.unwrap_or_default();
    assert!(is_danish_page(&html) && html.contains("Indholdet er for stort"), "{html}");

    let response = app.client.post(app.url("/api/cases")).header("content-type", "application/json").body(huge.clone()).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["error"]["message_da"], "Forespørgslen kunne ikke modtages.", "{body}");

    for path in ["/sager/abc", "/sager/99999999999999999999999", "/brugere/x"] {
        let response = app.get(path).await;
        assert!(response.status().is_client_error(), "{path}: {}", response.status());
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let html = response.text().await.unwrap_or_default();
        assert!(content_type.starts_with("text/html") && is_danish_page(&html), "{path}: {content_type} {html}");
    }
    let response = app.get("/api/cases/abc").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json")));

    // A form posted as something else than a form.
    let response = app
        .client
        .post(app.url(&format!("/sager/{case_id}/start")))
        .header("content-type", "text/plain")
        .body(format!("csrf_token={token}"))
        .send()
        .await
        .expect("POST");
    assert!(response.status().is_client_error());
    assert!(is_danish_page(&response.text().await.unwrap_or_default()));

    // A unit that does not exist on the user form: a field error, not a 500.
    let fields = [
        ("username", "ny"),
        ("display_name", "Ny Bruger"),
        ("role", "practitioner"),
        ("unit_id", "999999"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    let response = app.submit(&app.client, "/brugere", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap_or_default().contains("Vælg en enhed på listen."));
}

/// 365 one-day reports gave the analyst the exact enrolment and start dates of every case; a
/// one-day report showed a single case's wait. Roles without case access get whole months,
/// counted on their last day, and no count under 5 (nor the waits of fewer than 5 cases, nor a
/// total that would give one away) in any format.
#[tokio::test]
async fn the_analyst_gets_whole_months_and_no_count_under_five() {
    use crate::helpers::id_of;
    let app = TestApp::sqlite().await;
    let unit = app.create_unit("Familiehuset", "FH").await;
    let big = id_of(&app.create_service(unit, "Familiebehandling", "§ 52.3.3").await);
    let small = id_of(&app.create_service(unit, "Netværksmøder", "§ 52.3.4").await);
    for day in 1..=6 {
        app.case(big, &format!("2022-01-0{day}"), Some(&format!("2022-02-1{day}")), None).await;
    }
    app.case(small, "2022-01-10", Some("2022-02-20"), None).await;
    app.add_user("analytiker", Role::Analyst, None).await;
    let analyst = app.client_as("analytiker").await;

    for query in ["from=2022-03-10&to=2022-03-10", "from=2022-01-01&to=2022-03-31&as_of=2022-02-15", "from=2022-01-02&to=2022-03-31"] {
        let response = analyst.get(app.url(&format!("/api/reports/caseload?{query}"))).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let page = analyst.get(app.url("/rapport?fra=10.03.2022&til=10.03.2022")).send().await.expect("GET");
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().await.unwrap_or_default().contains("Perioden skal begynde den 1. i en måned."));

    let body: serde_json::Value =
        analyst.get(app.url("/api/reports/caseload?from=2022-01-01&to=2022-03-31")).send().await.expect("GET").json().await.expect("json");
    let row = |name: &str| body["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["service_name"] == name).cloned()).unwrap_or_default();
    let small_row = row("Netværksmøder");
    assert!(small_row["current_cases"].is_null() && small_row["started_in_period"].is_null(), "{small_row}");
    assert!(small_row["wait"]["mean"].is_null(), "one case's wait: {small_row}");
    assert_eq!(row("Familiebehandling")["current_cases"], 6);
    assert!(body["totals"]["current_cases"].is_null(), "7 − 6 would give 1: {}", body["totals"]);
    let csv = analyst.get(app.url("/api/reports/caseload?from=2022-01-01&to=2022-03-31&format=csv")).send().await.expect("GET").text().await.expect("csv");
    assert!(csv.contains("under 5"), "{csv}");
    let xlsx = analyst.get(app.url("/api/reports/caseload?from=2022-01-01&to=2022-03-31&format=xlsx")).send().await.expect("GET");
    assert_eq!(xlsx.status(), StatusCode::OK);

    // The leader, with case access, sees every figure for any period.
    app.add_user("leder", Role::UnitLeader, Some(unit)).await;
    let leader = app.client_as("leder").await;
    let body: serde_json::Value =
        leader.get(app.url("/api/reports/caseload?from=2022-03-10&to=2022-03-10")).send().await.expect("GET").json().await.expect("json");
    assert_eq!(body["totals"]["current_cases"], 7, "{body}");
}
