//! Signing in and out: the generic Danish error, lockout after five failures, logout and
//! expired sessions, the cookie's attributes, and CSRF protection of forms and API writes.

use crate::helpers::TestApp;
use crate::sessions::{PASSWORD, new_client};
use crate::world::world;
use familiehus_domain::{CaseState, Role};
use familiehus_web::auth::session::{COOKIE_NAME, token_hash};
use reqwest::StatusCode;
use serde_json::json;

const WRONG: &str = "Forkert brugernavn eller adgangskode.";
const LOCKED: &str = "Kontoen er midlertidigt låst efter for mange forkerte forsøg. Prøv igen om 15 minutter.";

async fn login_form(app: &TestApp, client: &reqwest::Client, username: &str, password: &str) -> (StatusCode, String) {
    let response = app.post_form(client, "/login", &[("brugernavn", username), ("adgangskode", password), ("next", "/sager")]).await;
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_gets_one_generic_danish_message_and_keeps_the_username() {
    let app = TestApp::sqlite().await;
    app.add_user("leder", Role::UnitLeader, None).await;
    let client = new_client();
    for (username, password) in [("leder", "forkert-kode"), ("findes-ikke", PASSWORD)] {
        let (status, html) = login_form(&app, &client, username, password).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains(WRONG), "{html}");
        assert!(html.contains(&format!("value=\"{username}\"")), "username kept");
        assert!(html.contains("role=\"alert\""));
    }
    let (status, _) = login_form(&app, &client, "leder", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(client.get(app.url("/sager")).send().await.expect("GET").status(), StatusCode::OK);
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::sqlite().await;
    app.add_user("leder", Role::UnitLeader, None).await;
    let client = new_client();
    for attempt in 1..=5 {
        let response = client.post(app.url("/api/session")).json(&json!({"username": "leder", "password": "forkert"})).send().await.expect("POST");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: serde_json::Value = response.json().await.expect("json");
        let expected = if attempt < 5 { WRONG } else { LOCKED };
        assert_eq!(body["error"]["message_da"], expected, "attempt {attempt}");
    }
    let response = client.post(app.url("/api/session")).json(&json!({"username": "leder", "password": PASSWORD})).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, html) = login_form(&app, &client, "leder", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains(LOCKED), "{html}");
}

/// More wrong passwords at once than the limit allows: none gets past the lock, every one is
/// counted, and afterwards the right password is refused too.
async fn parallel_wrong_passwords_cannot_outrun_the_lock(app: TestApp) {
    const ATTEMPTS: usize = 12;
    let user = app.add_user("leder", Role::UnitLeader, None).await;
    let client = new_client();
    let attempts = (0..ATTEMPTS).map(|_| {
        let request = client.post(app.url("/api/session")).json(&json!({"username": "leder", "password": "forkert"}));
        tokio::spawn(async move {
            let response = request.send().await.expect("POST");
            let status = response.status();
            let body: serde_json::Value = response.json().await.expect("json");
            (status, body["error"]["message_da"].as_str().unwrap_or_default().to_owned())
        })
    });
    let mut locked = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        let (status, message) = attempt.await.expect("task");
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        locked += usize::from(message == LOCKED);
    }
    assert!(locked >= 1, "the fifth failure locks");
    // Attempts that read the account after the lock are refused before the password check and
    // not counted; the others each count once, so at least the limit.
    let failed = app.store.user(user.id).await.expect("user").failed_logins;
    assert!((5..=ATTEMPTS as i64).contains(&failed), "{failed} failures counted");
    let response = client.post(app.url("/api/session")).json(&json!({"username": "leder", "password": PASSWORD})).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message_da"], LOCKED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_cannot_outrun_the_lock_sqlite() {
    parallel_wrong_passwords_cannot_outrun_the_lock(TestApp::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_cannot_outrun_the_lock_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    parallel_wrong_passwords_cannot_outrun_the_lock(app).await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_only_its_hash_is_stored() {
    let app = TestApp::sqlite().await;
    let user = app.add_user("leder", Role::UnitLeader, None).await;
    let response = new_client().post(app.url("/api/session")).json(&json!({"username": "leder", "password": PASSWORD})).send().await.expect("POST");
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cookie.starts_with(&format!("{COOKIE_NAME}=")), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP by default");
    let token = cookie.trim_start_matches(&format!("{COOKIE_NAME}=")).split(';').next().unwrap_or_default();
    assert_eq!(token.len(), 64);
    let now = chrono::Utc::now();
    assert!(app.store.session(token, now).await.expect("lookup").is_none(), "the raw token is not a key");
    assert_eq!(app.store.session(&token_hash(token), now).await.expect("lookup").map(|(u, _)| u.id), Some(user.id));
}

/// Signs in without a cookie jar and returns the raw token, to replay it after logout.
async fn raw_token(app: &TestApp, username: &str) -> String {
    let response = reqwest::Client::new().post(app.url("/api/session")).json(&json!({"username": username, "password": PASSWORD})).send().await.expect("POST");
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    cookie.trim_start_matches(&format!("{COOKIE_NAME}=")).split(';').next().unwrap_or_default().to_owned()
}

fn with_cookie(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("{COOKIE_NAME}={token}").parse().expect("header"));
    reqwest::Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::sqlite().await;
    app.add_user("leder", Role::UnitLeader, None).await;
    let token = raw_token(&app, "leder").await;
    let client = with_cookie(&token);
    assert_eq!(client.get(app.url("/sager")).send().await.expect("GET").status(), StatusCode::OK);
    let csrf = app.csrf(&client).await;
    let response = app.post_form(&client, "/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).is_some_and(|c| c.contains("Max-Age=0")));
    // The same token, replayed, no longer works.
    let response = client.get(app.url("/sager")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(client.get(app.url("/api/units")).send().await.expect("GET").status(), StatusCode::UNAUTHORIZED);

    // And the JSON way.
    let token = raw_token(&app, "leder").await;
    let client = with_cookie(&token);
    assert_eq!(client.delete(app.url("/api/session")).send().await.expect("DELETE").status(), StatusCode::NO_CONTENT);
    assert_eq!(client.get(app.url("/api/units")).send().await.expect("GET").status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_session_sends_the_user_to_the_login_page_with_a_message() {
    let app = TestApp::sqlite().await;
    let user = app.add_user("leder", Role::UnitLeader, None).await;
    let token = "ab".repeat(32);
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    app.store.create_session(&token_hash(&token), user.id, "csrf", past).await.expect("session");
    let client = with_cookie(&token);
    let response = client.get(app.url("/sager")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(location.contains("udlobet=1") && location.contains("next=/sager"), "{location}");
    let html = client.get(app.url(&location)).send().await.expect("GET").text().await.expect("body");
    assert!(html.contains("Din session er udløbet. Log ind igen."), "{html}");
    assert_eq!(client.get(app.url("/api/units")).send().await.expect("GET").status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("behandler").await;
    let path = format!("/sager/{}/start", w.case);
    for fields in [vec![("started_on", "26.04.2022")], vec![("csrf_token", "forkert"), ("started_on", "26.04.2022")]] {
        let response = app.post_form(&client, &path, &fields).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let html = response.text().await.expect("body");
        assert!(html.contains("Formularen er udløbet. Genindlæs siden og prøv igen."), "{html}");
    }
    assert_eq!(app.store.case(w.case).await.expect("case").state, CaseState::Waiting);
    // With the token it works.
    let response = app.submit(&client, &path, &[("started_on", "26.04.2022")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.case(w.case).await.expect("case").state, CaseState::Active);
}

#[tokio::test]
async fn a_bodiless_api_write_needs_json_or_the_csrf_header() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("behandler").await;
    let closed = app.store.close_case(w.case, crate::helpers::date("2022-04-01"), familiehus_domain::ClosureReason::Withdrawn, None).await.expect("close");
    assert_eq!(closed.state, CaseState::Closed);
    let path = app.url(&format!("/api/cases/{}/reopen", w.case));
    // What a cross-site form could send: no JSON content type, no header.
    let response = client.post(&path).header("content-type", "application/x-www-form-urlencoded").body("").send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = client.post(&path).header("x-csrf-token", "forkert").send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.case(w.case).await.expect("case").state, CaseState::Closed);
    let csrf = app.csrf(&client).await;
    let response = client.post(&path).header("x-csrf-token", csrf).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.store.case(w.case).await.expect("case").state, CaseState::Waiting);
}
