//! Durability of a change together with its access-log entry: the real server under write load
//! (referrals and starts from several clients at once) is killed with SIGKILL, three rounds on
//! one SQLite file, and afterwards every change that reached the database has its log entry,
//! and the chain is intact. Before the application layer a change and its entry were two
//! transactions, and 2 of 3 rounds left a case without one.

use familiehus_store::Store;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "hemmelig-kode-9";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn familiehus(db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_familiehus"));
    // The access-log key and checkpoints beside the database, not in the working directory.
    let key = std::path::Path::new(db.trim_start_matches("sqlite://")).with_extension("audit.key");
    command
        .env("FAMILIEHUS_DATABASE_URL", db)
        .env("FAMILIEHUS_PASSWORD", PASSWORD)
        .env("FAMILIEHUS_AUDIT_KEY_FILE", key)
        .env_remove("FAMILIEHUS_AUDIT_CHECKPOINT_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

async fn serve(db: &str) -> (Child, String) {
    let port = free_port();
    let child = familiehus(db).args(["serve", "--port", &port.to_string()]).spawn().expect("start the server");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reqwest::get(format!("{base}/health")).await.is_ok_and(|r| r.status().is_success()) {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, base)
}

async fn signed_in(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let r = client.post(format!("{base}/api/session")).json(&json!({"username": "admin", "password": PASSWORD})).send().await.expect("sign in");
    assert!(r.status().is_success(), "sign in: {}", r.status());
    client
}

/// Refers and starts cases until the server dies.
async fn write_load(client: reqwest::Client, base: String, service_id: i64, worker: usize) {
    for n in 0.. {
        let body =
            json!({"service_id": service_id, "person": {"name": format!("Barn {worker}-{n}")}, "referral_source": "school", "enrolled_on": "2022-03-01"});
        let Ok(response) = client.post(format!("{base}/api/cases")).json(&body).send().await else { return };
        let Ok(case) = response.json::<Value>().await else { return };
        let Some(id) = case["id"].as_i64() else { return };
        let start = client.post(format!("{base}/api/cases/{id}/start")).json(&json!({"started_on": "2022-03-15"})).send().await;
        if start.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_nine_under_write_load_leaves_no_change_without_its_log_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("familiehus.sqlite").display());
    assert!(familiehus(&db).arg("migrate").status().expect("migrate").success());
    assert!(familiehus(&db).args(["user", "add", "--username", "admin", "--name", "Admin", "--role", "admin"]).status().expect("user add").success());

    let (mut server, base) = serve(&db).await;
    let client = signed_in(&base).await;
    let unit: Value = client
        .post(format!("{base}/api/units"))
        .json(&json!({"name": "Familiehuset", "short_name": "FH"}))
        .send()
        .await
        .expect("unit")
        .json()
        .await
        .expect("json");
    let body = json!({"unit_id": unit["id"], "name": "Familiebehandling", "legal_refs": "§ 52.3.3", "ladder_step": 4, "access": "referral", "delivery": "individual", "in_report": true});
    let service: Value = client.post(format!("{base}/api/services")).json(&body).send().await.expect("service").json().await.expect("json");
    let service_id = service["id"].as_i64().expect("service id");

    server.kill().expect("stop");
    server.wait().expect("reap");

    for round in 0..3 {
        let (mut server, base) = serve(&db).await;
        let mut workers = Vec::new();
        for worker in 0..6 {
            let client = signed_in(&base).await;
            workers.push(tokio::spawn(write_load(client, base.clone(), service_id, worker)));
        }
        tokio::time::sleep(Duration::from_millis(700 + 300 * round)).await;
        // Child::kill is SIGKILL on Unix: no shutdown, no flush, mid-transaction.
        server.kill().expect("kill -9");
        server.wait().expect("reap");
        for worker in workers {
            worker.await.expect("worker");
        }
    }

    let store = Store::connect(&db).await.expect("reopen");
    let cases = store.cases_of_service(service_id).await.expect("cases");
    assert!(cases.len() > 10, "the load wrote something before each kill ({} cases)", cases.len());
    for case in &cases {
        let logged: Vec<String> = store.audit_for_case(case.id).await.expect("log").into_iter().map(|e| e.action).collect();
        for event in store.case_timeline(case.id).await.expect("timeline") {
            let action = match event.kind.as_str() {
                "enrolled" => "enrol_case",
                "started" => "start_case",
                other => panic!("unexpected event {other}"),
            };
            assert!(logged.iter().any(|a| a == action), "case {} was {} without its log entry ({logged:?})", case.id, event.kind);
        }
    }
    assert!(store.verify_audit_chain().await.expect("verify").is_ok(), "the chain survived the kills");
}
