//! `TestApp`: a migrated store on a throwaway database (`familiehus_test_support::TestDb`: a temp
//! SQLite file, or a fresh PostgreSQL database on the server of `FAMILIEHUS_TEST_POSTGRES_URL`),
//! the server on port 0 with a fixed clock, and typed request helpers.

use chrono::NaiveDate;
use familiehus_store::Store;
use familiehus_test_support::TestDb;
use familiehus_web::{Clock, Config, Server};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;

/// The server's "today" in every test: the 2022 report's date.
pub const TODAY: &str = "2022-04-26";

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("test date {text}: {e}"))
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// Dropped after the server, which holds the store.
    _db: TestDb,
}

impl TestApp {
    /// On a temp SQLite file.
    pub async fn sqlite() -> TestApp {
        TestApp::spawn(TestDb::sqlite().await).await
    }

    /// On a fresh PostgreSQL database, or `None` (after saying so) without a server to use.
    /// With `FAMILIEHUS_TEST_REQUIRE_ALL=1` a missing server fails the test instead.
    pub async fn postgres() -> Option<TestApp> {
        Some(TestApp::spawn(TestDb::postgres().await?).await)
    }

    async fn spawn(db: TestDb) -> TestApp {
        let store = db.store.clone();
        let config = Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            request_timeout: Duration::from_secs(30),
            clock: Clock::fixed(date(TODAY)),
            secure_cookies: false,
        };
        let server = Server::bind(store.clone(), config).await.expect("bind port 0");
        let base = format!("http://{}", server.addr());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_until(async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder().cookie_store(true).build().expect("http client");
        let app = TestApp { base, client, store, shutdown: Some(shutdown), _db: db };
        // Every route but health, login and the OpenAPI document needs a session: the shared
        // client signs in as an administrator (see `sessions.rs` for other roles).
        app.add_user(crate::sessions::ADMIN, familiehus_domain::Role::Admin, None).await;
        crate::sessions::sign_in(&app, &app.client, crate::sessions::ADMIN).await;
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client.post(self.url(path)).json(body).send().await.expect("POST")
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.client.put(self.url(path)).json(body).send().await.expect("PUT")
    }

    /// POST with a raw body and a JSON content type, for malformed input.
    pub async fn post_raw(&self, path: &str, body: &str) -> Response {
        self.client.post(self.url(path)).header("content-type", "application/json").body(body.to_owned()).send().await.expect("POST")
    }

    /// GET and the JSON body, checking the status.
    pub async fn get_json(&self, path: &str, status: StatusCode) -> Value {
        expect_json(self.get(path).await, status).await
    }

    pub async fn create_unit(&self, name: &str, short_name: &str) -> i64 {
        let unit = expect_json(self.post("/api/units", &json!({"name": name, "short_name": short_name})).await, StatusCode::CREATED).await;
        id_of(&unit)
    }

    /// Creates a reported service and returns its JSON.
    pub async fn create_service(&self, unit_id: i64, name: &str, legal_refs: &str) -> Value {
        let body = json!({
            "unit_id": unit_id,
            "name": name,
            "legal_refs": legal_refs,
            "ladder_step": 4,
            "access": "referral",
            "delivery": "individual",
            "in_report": true,
        });
        expect_json(self.post("/api/services", &body).await, StatusCode::CREATED).await
    }

    /// Enrols a new person on the service's waiting list; returns the case JSON.
    pub async fn enrol(&self, service_id: i64, name: &str, enrolled_on: &str) -> Value {
        let body = json!({
            "service_id": service_id,
            "person": {"name": name},
            "referral_source": "authority_decision",
            "enrolled_on": enrolled_on,
        });
        expect_json(self.post("/api/cases", &body).await, StatusCode::CREATED).await
    }

    pub async fn start(&self, case_id: i64, started_on: &str) -> Response {
        self.post(&format!("/api/cases/{case_id}/start"), &json!({"started_on": started_on})).await
    }

    pub async fn close(&self, case_id: i64, closed_on: &str, reason: &str) -> Response {
        self.post(&format!("/api/cases/{case_id}/close"), &json!({"closed_on": closed_on, "reason": reason})).await
    }

    /// Enrols and, when given, starts and closes: one line of a hand-made data set.
    pub async fn case(&self, service_id: i64, enrolled_on: &str, started_on: Option<&str>, closed_on: Option<&str>) -> i64 {
        let id = id_of(&self.enrol(service_id, "Testbarn", enrolled_on).await);
        if let Some(s) = started_on {
            expect_json(self.start(id, s).await, StatusCode::OK).await;
        }
        if let Some(c) = closed_on {
            let reason = if started_on.is_some() { "purpose_met" } else { "withdrawn" };
            expect_json(self.close(id, c, reason).await, StatusCode::OK).await;
        }
        id
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Asserts the status (showing the body when it differs) and parses the JSON body.
pub async fn expect_json(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let text = response.text().await.expect("response body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

pub fn id_of(value: &Value) -> i64 {
    value["id"].as_i64().unwrap_or_else(|| panic!("no id in {value}"))
}

/// The fields named by an error body, in order.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().map(|fields| fields.iter().filter_map(|f| f["field"].as_str().map(str::to_owned)).collect()).unwrap_or_default()
}
