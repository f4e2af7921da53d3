//! `familiehus backup` beside the real server under write load (referrals from several clients),
//! then `familiehus restore` into an empty database: every referral acknowledged before the
//! backup started is in the restored database, and the access log verifies (the restore runs
//! `audit verify` itself). On SQLite, and on PostgreSQL when a server is configured.

use familiehus_store::Store;
use familiehus_test_support::TestDb;
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "hemmelig-kode-9";

fn familiehus(db: &str, dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_familiehus"));
    command
        .env("FAMILIEHUS_DATABASE_URL", db)
        .env("FAMILIEHUS_PASSWORD", PASSWORD)
        .env("FAMILIEHUS_AUDIT_KEY_FILE", dir.join("audit.key"))
        // PostgreSQL has no file to keep the CPR key beside: it is given.
        .env("FAMILIEHUS_CPR_KEY_FILE", dir.join("cpr.key"))
        .env_remove("FAMILIEHUS_AUDIT_CHECKPOINT_FILE")
        .stdin(Stdio::null());
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("run familiehus")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

async fn serve(db: &str, dir: &Path) -> (Child, String) {
    let port = free_port();
    // The server's log goes to a file, shown when it does not start.
    let log = std::fs::File::create(dir.join(format!("serve-{port}.log"))).expect("log file");
    let child = familiehus(db, dir).args(["serve", "--port", &port.to_string()]).stdout(Stdio::null()).stderr(log).spawn().expect("serve");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reqwest::get(format!("{base}/health")).await.is_ok_and(|r| r.status().is_success()) {
        assert!(Instant::now() < deadline, "the server did not start: {}", std::fs::read_to_string(dir.join(format!("serve-{port}.log"))).unwrap_or_default());
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

/// The whole story on one backend: `live` is the server's database, `target` an empty one.
async fn backup_under_load_and_restore(live: &str, target: &str, backup: &Path, dir: &Path) {
    assert!(run(familiehus(live, dir).arg("migrate")).status.success());
    let out = run(familiehus(live, dir).args(["user", "add", "--username", "admin", "--name", "Admin", "--role", "admin"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (mut server, base) = serve(live, dir).await;
    assert_eq!(std::fs::metadata(dir.join("audit.key")).expect("the server created the key").permissions().mode() & 0o777, 0o600);
    let checkpoints = dir.join("audit.checkpoints.jsonl");
    assert_eq!(std::fs::metadata(&checkpoints).expect("and the checkpoint file, beside it").permissions().mode() & 0o777, 0o600);
    let out = run(familiehus(live, dir).args(["audit", "verify"]));
    assert!(out.status.success(), "an empty log beside a started server is intact: {}", text(&out.stderr));
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

    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for worker in 0..4 {
        let (client, base, acknowledged, stop) = (signed_in(&base).await, base.clone(), acknowledged.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = json!({"service_id": service_id, "person": {"name": format!("Barn {worker}-{n}")}, "referral_source": "school", "enrolled_on": "2022-03-01"});
                let case: Value = client.post(format!("{base}/api/cases")).json(&body).send().await.expect("refer").json().await.expect("json");
                let id = case["id"].as_i64().expect("case id");
                // A read too, so the log writer's path is under load as well.
                client.get(format!("{base}/api/cases/{id}")).send().await.expect("read");
                acknowledged.lock().expect("lock").push(id);
                n += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let before: Vec<i64> = acknowledged.lock().expect("lock").clone();
    let (live_owned, dir_owned, backup_owned) = (live.to_owned(), dir.to_owned(), backup.to_owned());
    let out = tokio::task::spawn_blocking(move || run(familiehus(&live_owned, &dir_owned).args(["backup", "--to"]).arg(&backup_owned))).await.expect("backup");
    assert!(out.status.success(), "backup: {}", text(&out.stderr));
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("worker");
    }
    let after = acknowledged.lock().expect("lock").len();
    assert!(before.len() > 5 && after > before.len(), "writes went on before and during the backup ({} then {after})", before.len());
    assert_eq!(std::fs::metadata(backup).expect("backup").permissions().mode() & 0o777, 0o600, "the backup is private");

    // SIGTERM: the server takes its last checkpoint, so the whole live log is covered.
    assert!(Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill").success());
    server.wait().expect("reap");
    let out = run(familiehus(live, dir).args(["audit", "verify"]));
    assert!(out.status.success(), "live: {}", text(&out.stderr));
    let entries = text(&out.stdout);
    assert!(entries.contains("(0 efter det seneste)"), "the shutdown checkpoint covers everything: {entries}");

    // Restored elsewhere, with a checkpoint file of its own (one file per database).
    let restored_checkpoints = dir.join("restored.checkpoints.jsonl").display().to_string();
    let restore = |force: bool| {
        let mut c = familiehus(target, dir);
        c.args(["restore", "--from"]).arg(backup).args(["--audit-checkpoint-file", &restored_checkpoints]);
        if force {
            c.arg("--force");
        }
        run(&mut c)
    };
    let out = restore(false);
    assert!(out.status.success(), "restore: {} {}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("Adgangsloggen er intakt"), "{}", text(&out.stdout));
    let out = restore(false);
    assert!(!out.status.success() && text(&out.stderr).contains("is not empty; use --force"), "{}", text(&out.stderr));
    let out = restore(true);
    assert!(out.status.success(), "forced restore: {}", text(&out.stderr));

    let store = Store::connect(target).await.expect("open the restored database");
    let restored: std::collections::HashSet<i64> = store.cases_of_service(service_id).await.expect("cases").into_iter().map(|c| c.id).collect();
    let lost: Vec<&i64> = before.iter().filter(|id| !restored.contains(id)).collect();
    assert!(lost.is_empty(), "acknowledged before the backup, missing after the restore: {lost:?}");
    assert!(store.verify_audit_chain().await.expect("chain").is_ok());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_backup_under_load_restores_every_acknowledged_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = format!("sqlite://{}", dir.path().join("live.sqlite").display());
    let target = format!("sqlite://{}", dir.path().join("restored.sqlite").display());
    backup_under_load_and_restore(&live, &target, &dir.path().join("backup.sqlite"), dir.path()).await;
    let mode = std::fs::metadata(dir.path().join("restored.sqlite")).expect("restored").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the restored database is private");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_backup_under_load_restores_into_an_empty_database() {
    // Both empty: the server's own `migrate` and CPR key set the live one up (a migrated test
    // database already carries another CPR key's fingerprint).
    let Some(live) = TestDb::postgres_empty().await else { return };
    let Some(target) = TestDb::postgres_empty().await else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    backup_under_load_and_restore(&live.url(), &target.url(), &dir.path().join("backup.pgdump"), dir.path()).await;
    live.finish().await;
    target.finish().await;
}
