//! `familiehus user add` and `familiehus audit verify`, run as the real binary on a temp SQLite
//! file: passwords from the environment or standard input, refusals in Danish, and the access
//! log's chain reported intact until an event is changed behind the triggers' back.

use familiehus_store::{AuditEntry, Store};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn familiehus(db: &str, args: &[&str], password_env: Option<&str>, stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_familiehus"));
    // The access-log key beside the database, as the commands that log (user add) create it.
    let dir = std::path::Path::new(db.trim_start_matches("sqlite://")).parent().map(|d| d.join("familiehus-audit.key")).unwrap_or_default();
    command
        .args(args)
        .env("FAMILIEHUS_DATABASE_URL", db)
        .env("FAMILIEHUS_AUDIT_KEY_FILE", dir)
        .env_remove("FAMILIEHUS_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = password_env {
        command.env("FAMILIEHUS_PASSWORD", p);
    }
    let mut child = command.spawn().expect("run familiehus");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.unwrap_or("").as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn users_are_added_and_the_access_log_is_verified() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("familiehus.sqlite").display());
    let add = |username: &'static str, role: &'static str| ["user", "add", "--username", username, "--name", "Test Person", "--role", role];

    let out = familiehus(&db, &add("leder", "unit_leader"), Some("kort"), None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Adgangskoden skal være mindst 8 tegn."), "{}", text(&out.stderr));

    let out = familiehus(&db, &add("leder", "unit_leader"), Some("hemmelig-kode"), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Brugeren «leder» er oprettet som Leder."), "{}", text(&out.stdout));

    let out = familiehus(&db, &add("admin", "admin"), None, Some("fra-standard-input\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = familiehus(&db, &add("x", "chef"), Some("hemmelig-kode"), None);
    assert!(!out.status.success() && text(&out.stderr).contains("Ukendt rolle «chef»"));
    let mut with_unit = add("y", "practitioner").to_vec();
    with_unit.extend(["--unit", "Findes ikke"]);
    let out = familiehus(&db, &with_unit, Some("hemmelig-kode"), None);
    assert!(!out.status.success() && text(&out.stderr).contains("Enheden «Findes ikke» findes ikke."), "{}", text(&out.stderr));

    let store = Store::connect(&db).await.expect("connect");
    let key_file = dir.path().join("familiehus-audit.key");
    let (key, _) = familiehus_store::audit_checkpoint::load_or_create_key(&key_file).expect("key");
    store.enable_audit_checkpoints(key, familiehus_store::audit_checkpoint::default_checkpoint_file(&key_file), 100);
    let admin = store.user_by_username("admin").await.expect("lookup").expect("admin");
    assert!(familiehus_app::passwords::verify_password("fra-standard-input", &admin.password_hash));
    for action in [familiehus_domain::AuditAction::ReadCase, familiehus_domain::AuditAction::StartCase] {
        store.append_audit(&AuditEntry { user_id: Some(admin.id), case_id: Some(1), ..AuditEntry::new(action) }).await.expect("append");
    }

    let key_arg = key_file.display().to_string();
    let verify = ["audit", "verify", "--audit-key-file", &key_arg];
    let out = familiehus(&db, &verify, None, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Two account creations (each logged by `users::create`) and the two appended events.
    assert!(text(&out.stdout).contains("Adgangsloggen er intakt: 4 hændelser"), "{}", text(&out.stdout));

    // Change an event around the append-only trigger: the chain shows it.
    store.raw_execute("DROP TRIGGER audit_events_no_update").await.expect("drop trigger");
    store.raw_execute("UPDATE audit_events SET detail = 'ændret' WHERE id = 2").await.expect("tamper");
    store.close().await;
    let out = familiehus(&db, &verify, None, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("entry 2 does not match its hash"), "{}", text(&out.stderr));
}
