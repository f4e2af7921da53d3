//! `familiehus audit verify` as the real binary against an access log with checkpoints: intact,
//! then each way someone with the database file but without the key could hide reads — a
//! rewritten and rehashed chain, a cut tail, an emptied log — and a wrong or missing key or
//! checkpoint file, each named on stderr with exit code 1.

use familiehus_domain::AuditAction;
use familiehus_domain::audit::{AuditContent, GENESIS, chain_hash};
use familiehus_store::audit_checkpoint::load_or_create_key;
use familiehus_store::{AuditEntry, Store};
use std::path::Path;
use std::process::{Command, Output};

fn verify(db: &str, key: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_familiehus"))
        .args(["audit", "verify", "--database-url", db])
        .env("FAMILIEHUS_AUDIT_KEY_FILE", key)
        .env_remove("FAMILIEHUS_AUDIT_CHECKPOINT_FILE")
        .args(extra)
        .output()
        .expect("run familiehus")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails with exit 1, saying `expected` on stderr.
fn refused(out: Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "stdout: {} stderr: {}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stderr).contains(expected), "expected «{expected}» in: {}", text(&out.stderr));
}

#[tokio::test]
async fn audit_verify_names_each_kind_of_tampering() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("familiehus.sqlite").display());
    let key_file = dir.path().join("familiehus-audit.key");
    let store = Store::connect(&db).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (key, _) = load_or_create_key(&key_file).expect("key");
    // The default checkpoint file is beside the key.
    store.enable_audit_checkpoints(key, dir.path().join("familiehus-audit.checkpoints.jsonl"), 4);
    for i in 0..10 {
        store.append_audit(&AuditEntry { case_id: Some(1), detail: format!("read {i}"), ..AuditEntry::new(AuditAction::ReadCase) }).await.expect("append");
    }
    store.audit_checkpoint_now().await.expect("checkpoint");

    let out = verify(&db, &key_file, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Adgangsloggen er intakt: 10 hændelser, 10 dækket af 4 checkpoints"), "{}", text(&out.stdout));

    refused(verify(&db, &dir.path().join("no.key"), &[]), "cannot check the access log without its key");
    let other = dir.path().join("other.key");
    load_or_create_key(&other).expect("other key");
    let mut other_args = vec!["--audit-checkpoint-file".to_owned()];
    other_args.push(dir.path().join("familiehus-audit.checkpoints.jsonl").display().to_string());
    let other_args: Vec<&str> = other_args.iter().map(String::as_str).collect();
    refused(verify(&db, &other, &other_args), "no checkpoint in the checkpoint file has a valid MAC under this key");
    let missing = dir.path().join("missing.jsonl").display().to_string();
    refused(verify(&db, &key_file, &["--audit-checkpoint-file", &missing]), "the checkpoint file is missing");

    // Behind the triggers' back: rewrite entry 3 and recompute every hash with plain SHA-256.
    for trigger in ["audit_events_no_update", "audit_events_no_delete", "audit_checkpoints_no_delete"] {
        store.raw_execute(&format!("DROP TRIGGER {trigger}")).await.expect("drop trigger");
    }
    store.raw_execute("UPDATE audit_events SET detail = 'nobody looked' WHERE id = 3").await.expect("rewrite");
    let mut previous = GENESIS.to_owned();
    for e in store.audit_events().await.expect("events") {
        let content =
            AuditContent { at: &e.at, user_id: e.user_id, action: &e.action, person_id: e.person_id, case_id: e.case_id, detail: &e.detail, remote: &e.remote };
        previous = chain_hash(&previous, &content);
        store.raw_execute(&format!("UPDATE audit_events SET hash = '{previous}' WHERE id = {}", e.id)).await.expect("rehash");
    }
    refused(verify(&db, &key_file, &[]), "the chain was rewritten within entries 1–4");

    store.raw_execute("DELETE FROM audit_events WHERE id > 6").await.expect("cut the tail");
    store.raw_execute("DELETE FROM audit_checkpoints WHERE entries > 6").await.expect("and its checkpoints");
    let out = verify(&db, &key_file, &[]);
    refused(out, "entries missing after entry 6: the log has 6 entries, the checkpoint of");

    store.raw_execute("DELETE FROM audit_events").await.expect("empty the log");
    store.raw_execute("DELETE FROM audit_checkpoints").await.expect("and every checkpoint");
    let out = verify(&db, &key_file, &[]);
    let stderr = text(&out.stderr);
    refused(out, "entries missing after entry 0: the log has 0 entries");
    assert!(stderr.contains("the database's checkpoints differ from the checkpoint file"), "{stderr}");
    store.close().await;
}
