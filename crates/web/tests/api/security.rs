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
