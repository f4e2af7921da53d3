//! Garbage in: random and malformed bodies, query strings and path segments sent to every
//! declared route as every role (and without a session) must never answer 5xx. proptest
//! generates the input (a fixed seed per run of the whole matrix, so a failure names its
//! request and reproduces); a failing request is printed whole.

use crate::helpers::TestApp;
use crate::sessions::new_client;
use crate::world::{username, world};
use familiehus_domain::Role;
use familiehus_web::routes::declared;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use reqwest::{Client, Method};

/// One request's variable parts.
#[derive(Debug, Clone)]
struct Garbage {
    id: String,
    query: String,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Bytes(Vec<u8>),
    Json(String),
    Form(Vec<(String, String)>),
}

/// Path ids, field names and values that have broken parsers elsewhere: signs, huge numbers,
/// percent signs, control characters, non-ASCII, dates out of range.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[0-9]{1,25}",
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("9223372036854775808".to_owned()),
        Just("%00%ZZ%".to_owned()),
        Just("+10000-01-01".to_owned()),
        Just("0001-01-01".to_owned()),
        Just("31.02.2022".to_owned()),
        Just("1.12.26".to_owned()),
        Just("ÆØÅ æøå \u{202e}".to_owned()),
        Just("\r\n\t".to_owned()),
        Just("=HYPERLINK(\"x\")".to_owned()),
    ]
}

const FIELDS: &[&str] = &[
    "csrf_token",
    "name",
    "cpr",
    "birth_date",
    "enrolled_on",
    "started_on",
    "closed_on",
    "reason",
    "service_id",
    "person_id",
    "referral_source",
    "username",
    "display_name",
    "role",
    "unit_id",
    "password",
    "password_again",
    "aktiv",
    "bekraeft",
    "q",
    "fra",
    "til",
    "text",
    "unit",
    "status",
];

fn garbage() -> impl Strategy<Value = Garbage> {
    let form = proptest::collection::vec((proptest::sample::select(FIELDS).prop_map(str::to_owned), nasty_text()), 0..8);
    let json = prop_oneof![
        Just("{".to_owned()),
        Just("[]".to_owned()),
        Just("null".to_owned()),
        Just("{\"service_id\": 1e400, \"person\": {\"name\": null}}".to_owned()),
        Just("{\"enrolled_on\": \"+10000-01-01\", \"service_id\": 1, \"person\": {\"name\": \"x\"}, \"referral_source\": \"school\"}".to_owned()),
        proptest::collection::vec((proptest::sample::select(FIELDS), nasty_text()), 0..6)
            .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), serde_json::Value::String(v))).collect()).to_string()),
    ];
    let body = prop_oneof![proptest::collection::vec(any::<u8>(), 0..200).prop_map(Body::Bytes), json.prop_map(Body::Json), form.prop_map(Body::Form)];
    let query = proptest::collection::vec((proptest::sample::select(FIELDS), nasty_text()), 0..4)
        .prop_map(|pairs| serde_urlencoded::to_string(pairs).unwrap_or_default());
    (nasty_text(), query, body).prop_map(|(id, query, body)| Garbage { id, query, body })
}

fn url_for(app: &TestApp, pattern: &str, g: &Garbage) -> String {
    let id: String = url::form_urlencoded::byte_serialize(g.id.as_bytes()).collect();
    let path = pattern.replace("{id}", if id.is_empty() { "x" } else { &id });
    if g.query.is_empty() { app.url(&path) } else { app.url(&format!("{path}?{}", g.query)) }
}

async fn send(client: &Client, method: &Method, url: &str, g: &Garbage, csrf: &str) -> reqwest::Result<reqwest::StatusCode> {
    let request = client.request(method.clone(), url);
    let request = match &g.body {
        Body::Bytes(bytes) => request.header("content-type", "application/octet-stream").body(bytes.clone()),
        Body::Json(text) => request.header("content-type", "application/json").body(text.clone()),
        Body::Form(pairs) => {
            let mut pairs = pairs.clone();
            // Half the forms carry the right token, so the handlers behind the CSRF check run too.
            if pairs.len() % 2 == 0 {
                pairs.insert(0, ("csrf_token".into(), csrf.to_owned()));
            }
            request.form(&pairs)
        }
    };
    Ok(request.send().await?.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_declared_route_answers_5xx_to_garbage_from_any_role() {
    const PER_ROUTE: usize = 6;
    let app = TestApp::sqlite().await;
    world(&app).await;
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let strategy = garbage();
    let mut clients: Vec<(String, Client, String)> = vec![("anonym".into(), new_client(), String::new())];
    for role in Role::ALL {
        let client = app.client_as(username(*role)).await;
        let csrf = app.csrf(&client).await;
        clients.push((format!("{role:?}"), client, csrf));
    }
    let routes: Vec<_> = declared().into_iter().filter(|r| !(r.path == "/logout" || (r.path == "/api/session" && r.method == Method::DELETE))).collect();
    let mut sent = 0;
    for (who, client, csrf) in &clients {
        for route in &routes {
            for _ in 0..PER_ROUTE {
                let g = match strategy.new_tree(&mut runner) {
                    Ok(tree) => tree.current(),
                    Err(e) => panic!("generating input: {e}"),
                };
                let url = url_for(&app, &route.path, &g);
                // A URL reqwest refuses to build is garbage that never reaches a server.
                let Ok(status) = send(client, &route.method, &url, &g, csrf).await else { continue };
                sent += 1;
                assert!(!status.is_server_error(), "{who} {} {url} {g:?} → {status}", route.method);
            }
        }
    }
    assert!(sent > routes.len() * PER_ROUTE * 4, "only {sent} requests reached the server");
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok(), "the log survived the garbage");
}
