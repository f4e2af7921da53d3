//! Signing in from tests: users with a known password, a client per user (its own cookie jar),
//! the CSRF token a page carries, and HTML form posts.

use crate::helpers::TestApp;
use familiehus_domain::Role;
use familiehus_store::{NewUser, User};
use reqwest::{Client, Response, StatusCode};

/// The administrator the shared `TestApp::client` is signed in as.
pub const ADMIN: &str = "admin";
/// Every test user's password.
pub const PASSWORD: &str = "hemmelig-kode-1";

impl TestApp {
    /// Creates a user with `PASSWORD`.
    pub async fn add_user(&self, username: &str, role: Role, unit_id: Option<i64>) -> User {
        let password_hash = familiehus_web::auth::hash_password(PASSWORD).expect("hash");
        let new = NewUser { username: username.into(), display_name: format!("Bruger {username}"), role, unit_id, password_hash };
        self.store.create_user(&new).await.expect("create user")
    }

    /// A new client (own cookie jar) signed in as `username`.
    pub async fn client_as(&self, username: &str) -> Client {
        let client = new_client();
        sign_in(self, &client, username).await;
        client
    }

    /// The CSRF token from the signed-in front page (the logout form carries it).
    pub async fn csrf(&self, client: &Client) -> String {
        let html = client.get(self.url("/")).send().await.expect("GET /").text().await.expect("body");
        csrf_in(&html).unwrap_or_else(|| panic!("no csrf_token on the front page: {html}"))
    }

    /// POSTs a form (fields as given, nothing added).
    pub async fn post_form(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
        client.post(self.url(path)).form(fields).send().await.expect("POST form")
    }

    /// POSTs a form with the client's CSRF token added.
    pub async fn submit(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf(client).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(client, path, &all).await
    }
}

/// A client with a cookie jar that does not follow redirects, so tests see the 303s.
pub fn new_client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("http client")
}

pub async fn sign_in(app: &TestApp, client: &Client, username: &str) {
    let response =
        client.post(app.url("/api/session")).json(&serde_json::json!({"username": username, "password": PASSWORD})).send().await.expect("POST /api/session");
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "sign in as {username}: {:?}", response.text().await);
}

pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}
