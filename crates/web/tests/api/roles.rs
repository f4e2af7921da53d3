//! The policy table against every role: each route of `policy::ROUTES` is called by a user of
//! each role, and answers 403 exactly when `Actor::allows` says the role lacks the route's
//! permission; without a session every non-public route answers 401 (API) or 303 to the login
//! page (HTML). Need-to-know per case is checked in `pages.rs`.

use crate::helpers::TestApp;
use crate::sessions::new_client;
use crate::world::{World, username, world};
use familiehus_domain::Role;
use familiehus_web::policy::{Access, ROUTES};
use reqwest::{Client, Method, Response, StatusCode};

/// A concrete path for a route pattern in the test world.
fn concrete(pattern: &str, w: &World) -> String {
    // No such user: an allowed call answers 404, and no test user is deactivated mid-matrix.
    if pattern.starts_with("/brugere/") {
        return pattern.replace("{id}", "999999");
    }
    let id = if pattern.starts_with("/sager/") || pattern.starts_with("/api/cases/") {
        w.case
    } else if pattern.starts_with("/personer/") {
        w.person
    } else {
        w.service
    };
    let path = pattern.replace("{id}", &id.to_string());
    if path == "/api/reports/caseload" { format!("{path}?from=2022-01-01&to=2022-04-26") } else { path }
}

/// Routes that end the session go last, so the others run signed in.
fn ends_session(method: &Method, pattern: &str) -> bool {
    (method == Method::POST && pattern == "/logout") || (method == Method::DELETE && pattern == "/api/session")
}

async fn call(app: &TestApp, client: &Client, method: &Method, path: &str, csrf: &str) -> Response {
    let url = app.url(path);
    let request = match (method.as_str(), path.starts_with("/api")) {
        ("GET", _) => client.get(url),
        (_, true) => client.request(method.clone(), url).json(&serde_json::json!({})),
        (_, false) => client.request(method.clone(), url).form(&[
            ("csrf_token", csrf),
            ("started_on", "26.04.2022"),
            ("closed_on", "26.04.2022"),
            ("reason", "withdrawn"),
        ]),
    };
    request.send().await.expect("request")
}

fn ordered() -> Vec<&'static (Method, &'static str, Access)> {
    let mut routes: Vec<_> = ROUTES.iter().collect();
    routes.sort_by_key(|(m, p, _)| ends_session(m, p));
    routes
}

#[tokio::test]
async fn every_route_answers_403_exactly_when_the_role_lacks_its_permission() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    for role in Role::ALL {
        let actor = w.actor(*role);
        let client = app.client_as(username(*role)).await;
        let csrf = app.csrf(&client).await;
        for (method, pattern, access) in ordered() {
            let allowed = match access {
                Access::Public | Access::SignedIn => true,
                Access::Needs(permission) => actor.allows(*permission),
            };
            let path = concrete(pattern, &w);
            let response = call(&app, &client, method, &path, &csrf).await;
            let status = response.status();
            assert_eq!(status == StatusCode::FORBIDDEN, !allowed, "{role:?} {method} {path}: {status} {}", response.text().await.unwrap_or_default());
            assert!(status != StatusCode::UNAUTHORIZED || pattern.contains("session") || *pattern == "/login", "{role:?} {method} {path}: 401");
        }
    }
}

#[tokio::test]
async fn without_a_session_every_non_public_route_asks_to_sign_in() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = new_client();
    for (method, pattern, access) in ROUTES {
        if *access == Access::Public {
            continue;
        }
        let path = concrete(pattern, &w);
        let response = call(&app, &client, method, &path, "").await;
        if pattern.starts_with("/api") {
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        } else {
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{method} {path}");
            let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            assert!(location.starts_with("/login"), "{method} {path} → {location}");
        }
    }
    // A GET comes back to the page after signing in.
    let response = client.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET");
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(format!("/login?next=/sager/{}", w.case).as_str()));
}

#[tokio::test]
async fn public_routes_need_no_session() {
    let app = TestApp::sqlite().await;
    let client = new_client();
    for path in ["/health", "/login", "/api/openapi.json", "/static/staff.css"] {
        let response = client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}
