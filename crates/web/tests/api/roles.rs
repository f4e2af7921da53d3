//! The declared routes against every role: each route of `routes::declared()` (the list the
//! router and the policy are built from) is called by a user of each role, and is refused (401 or
//! 403) exactly when its `Access` says the role may not call it, and never fails (5xx) when it
//! may; without a session every non-public route answers 401 (API) or 303 to the login page
//! (HTML). A method not declared for a path answers 405 without its handler running, and no
//! path reaches a handler undeclared. Need-to-know per case is checked in `pages.rs`.

use crate::helpers::TestApp;
use crate::helpers::expect_json;
use crate::sessions::new_client;
use crate::world::{World, username, world};
use familiehus_domain::Role;
use familiehus_web::policy::Access;
use familiehus_web::routes::{Route, declared};
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
    match path.as_str() {
        "/api/reports/caseload" => format!("{path}?from=2022-01-01&to=2022-04-26"),
        "/api/reports/outcome" => format!("{path}?from=2022-01-01&to=2022-03-31"),
        _ => path,
    }
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

fn ordered() -> Vec<Route> {
    let mut routes = declared();
    routes.sort_by_key(|r| ends_session(&r.method, &r.path));
    routes
}

#[tokio::test]
async fn every_declared_route_refuses_exactly_the_roles_its_access_excludes() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    for role in Role::ALL {
        let actor = w.actor(*role);
        let client = app.client_as(username(*role)).await;
        let csrf = app.csrf(&client).await;
        for Route { method, path: pattern, access, .. } in ordered() {
            let allowed = match access {
                Access::Public | Access::SignedIn => true,
                Access::Needs(permission) => actor.allows(permission),
            };
            let path = concrete(&pattern, &w);
            let response = call(&app, &client, &method, &path, &csrf).await;
            let status = response.status();
            // Signing in answers 401 to the wrong (here: no) password: the handler's answer.
            let signs_in = method == Method::POST && (pattern == "/login" || pattern == "/api/session");
            let refused = status == StatusCode::FORBIDDEN || (status == StatusCode::UNAUTHORIZED && !signs_in);
            let body = response.text().await.unwrap_or_default();
            assert_eq!(refused, !allowed, "{role:?} {method} {path}: {status} {body}");
            assert!(!status.is_server_error(), "{role:?} {method} {path}: {status} {body}");
            if status == StatusCode::OK && body.starts_with("<!DOCTYPE") {
                assert_eq!(repeated_ids(&body), Vec::<String>::new(), "{role:?} {method} {path}: an id twice on one page");
            }
        }
    }
}

/// The element ids that occur more than once in a page: a label `for` one of them names the
/// first, so the second field has no label (the journal's and the attachment's "kind" did).
fn repeated_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for rest in html.split(" id=\"").skip(1) {
        if let Some(end) = rest.find('"') {
            *seen.entry(&rest[..end]).or_default() += 1;
        }
    }
    seen.into_iter().filter(|(_, n)| *n > 1).map(|(id, _)| id.to_owned()).collect()
}

#[tokio::test]
async fn without_a_session_every_non_public_route_asks_to_sign_in() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = new_client();
    for Route { method, path: pattern, access, .. } in declared() {
        if access == Access::Public {
            continue;
        }
        let path = concrete(&pattern, &w);
        let response = call(&app, &client, &method, &path, "").await;
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
    for path in ["/health", "/login", "/api/openapi.json", "/static/staff.css", "/offentlig", "/offentlig/static/public.css"] {
        let response = client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn only_get_routes_are_public_besides_signing_in_and_self_referral() {
    // The enquiry form is the one public write of data: it stores, never shows, and is behind a
    // honeypot and a rate limit per address (see `enquiries.rs`).
    for route in declared() {
        if route.access == Access::Public && route.method != Method::GET {
            assert!(["/login", "/api/session", "/offentlig/tilbud/{id}/henvendelse"].contains(&route.path.as_str()), "{route:?} is a public write");
        }
    }
}

/// Methods a client might send that are not declared for `pattern`.
fn undeclared_methods(routes: &[Route], pattern: &str) -> Vec<Method> {
    [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH]
        .into_iter()
        .filter(|m| !routes.iter().any(|r| r.path == pattern && r.method == *m))
        .collect()
}

#[tokio::test]
async fn an_undeclared_method_on_a_declared_path_is_405_and_runs_no_handler() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let case_before = app.get_json(&format!("/api/cases/{}", w.case), StatusCode::OK).await;
    let service_before = app.get_json(&format!("/api/services/{}", w.service), StatusCode::OK).await;
    let csrf = app.csrf(&app.client).await;
    let anonymous = new_client();
    let routes = declared();
    let mut patterns: Vec<&str> = routes.iter().map(|r| r.path.as_str()).collect();
    patterns.sort_unstable();
    patterns.dedup();
    let mut checked = 0;
    for pattern in patterns {
        let path = concrete(pattern, &w);
        let allow: Vec<&str> = routes.iter().filter(|r| r.path == pattern).map(|r| r.method.as_str()).collect();
        for method in undeclared_methods(&routes, pattern) {
            // Signed in as administrator (every permission) and without a session alike: the
            // method is refused before the session matters.
            for client in [&app.client, &anonymous] {
                let response = call(&app, client, &method, &path, &csrf).await;
                assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                let allowed = response.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                assert_eq!(allowed.split(", ").collect::<Vec<_>>(), allow, "{method} {path}: Allow");
                if pattern.starts_with("/api") {
                    let body = expect_json(response, StatusCode::METHOD_NOT_ALLOWED).await;
                    assert!(body["error"]["message_da"].is_string(), "{method} {path}: {body}");
                } else {
                    let html = response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
                    assert!(html, "{method} {path}: not an HTML page");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // DELETE and PUT on the case and the service ran nothing: both are as they were.
    assert_eq!(app.get_json(&format!("/api/cases/{}", w.case), StatusCode::OK).await, case_before);
    assert_eq!(app.get_json(&format!("/api/services/{}", w.service), StatusCode::OK).await, service_before);
}

#[tokio::test]
async fn no_wildcard_route_and_unknown_paths_are_404_for_every_method() {
    // The old policy let any `{*…}` pattern through unchecked; now none is declared, and the
    // one fallback answers 404 without a handler of any route.
    for route in declared() {
        assert!(!route.path.contains('*'), "{route:?}: a wildcard route");
        assert!(route.path.starts_with('/'), "{route:?}");
    }
    let app = TestApp::sqlite().await;
    let anonymous = new_client();
    let csrf = app.csrf(&app.client).await;
    for path in
        ["/api/nothing", "/api/cases/1/delete", "/api/session/x", "/offentlig/nothing", "/offentlig/static/x.css", "/sager/1/slet", "/hemmelig", "/static/x"]
    {
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            for client in [&app.client, &anonymous] {
                let response = call(&app, client, &method, path, &csrf).await;
                assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
                if path.starts_with("/api") {
                    let body = expect_json(response, StatusCode::NOT_FOUND).await;
                    assert_eq!(body["error"]["message_da"], "Adressen findes ikke.", "{method} {path}");
                } else {
                    let text = response.text().await.unwrap_or_default();
                    assert!(text.contains("<html"), "{method} {path}: {text}");
                }
            }
        }
    }
}
