//! The access log's checkpoints: someone who edits the database but lacks the key cannot cut
//! the tail, delete everything, or rewrite and rehash the chain without `verify_audit` naming it.

use familiehus_domain::AuditAction;
use familiehus_domain::audit::{AuditContent, GENESIS, chain_hash};
use familiehus_domain::audit_checkpoint::{AuditKey, AuditProblem, CheckpointKind, Source};
use familiehus_store::audit_checkpoint::{load_key, load_or_create_key, read_checkpoint_file};
use familiehus_store::{AuditEntry, Backend, Store};
use familiehus_test_support::both;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

/// A key and checkpoint file in a temp dir, checkpoints every 4 entries, and 10 entries logged
/// one by one (checkpoints at 1, 4 and 8) plus one checkpoint now (at 10).
async fn logged(store: &Store) -> (tempfile::TempDir, AuditKey, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (key, created) = load_or_create_key(&dir.path().join("audit.key")).expect("key");
    assert!(created);
    let file = dir.path().join("audit.checkpoints.jsonl");
    store.enable_audit_checkpoints(key.clone(), file.clone(), 4);
    for i in 0..10 {
        let entry = AuditEntry { case_id: Some(7), detail: format!("event {i}"), ..AuditEntry::new(AuditAction::ReadCase) };
        store.append_audit(&entry).await.expect("append");
    }
    let now = store.audit_checkpoint_now().await.expect("checkpoint").expect("the head moved");
    assert_eq!(now.entries, 10);
    assert_eq!(store.audit_checkpoint_now().await.expect("checkpoint"), None, "no checkpoint when the head did not move");
    let report = store.verify_audit(&key, &file).await.expect("verify");
    assert_eq!((report.entries, report.covered, report.checkpoints, report.problems.clone()), (10, 10, 4, vec![]), "{report:?}");
    (dir, key, file)
}

/// Drops the append-only triggers, as someone with the database file can.
async fn drop_triggers(store: &Store) {
    let statements: &[&str] = match store.backend() {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_checkpoints_no_update",
            "DROP TRIGGER audit_checkpoints_no_delete",
        ],
        Backend::Postgres => &["DROP TRIGGER audit_events_no_update ON audit_events", "DROP TRIGGER audit_checkpoints_no_update ON audit_checkpoints"],
    };
    for sql in statements {
        store.raw_execute(sql).await.expect("drop trigger");
    }
}

async fn problems(store: &Store, key: &AuditKey, file: &std::path::Path) -> Vec<AuditProblem> {
    store.verify_audit(key, file).await.expect("verify").problems
}

async fn a_cut_tail_is_named(store: &Store) {
    let (_dir, key, file) = logged(store).await;
    drop_triggers(store).await;
    store.raw_execute("DELETE FROM audit_events WHERE id > 6").await.expect("cut");
    // Also removing the database's checkpoints beyond the cut does not help: the file has them.
    store.raw_execute("DELETE FROM audit_checkpoints WHERE entries > 6").await.expect("cut checkpoints");
    let found = problems(store, &key, &file).await;
    assert!(found.contains(&AuditProblem::MissingTail { entries: 6, last_id: 6, expected: 10, at: last_at(&file) }), "{found:?}");
    assert!(found.contains(&AuditProblem::DatabaseDiffers { only_in_file: 2, only_in_database: 0 }), "{found:?}");
    assert!(store.verify_audit_chain().await.expect("chain").is_ok(), "the chain alone cannot see it");
}
both!(a_cut_tail_is_named);

async fn deleting_everything_is_named(store: &Store) {
    let (_dir, key, file) = logged(store).await;
    drop_triggers(store).await;
    store.raw_execute("DELETE FROM audit_events").await.expect("delete");
    store.raw_execute("DELETE FROM audit_checkpoints").await.expect("delete checkpoints");
    let found = problems(store, &key, &file).await;
    assert!(found.contains(&AuditProblem::MissingTail { entries: 0, last_id: 0, expected: 10, at: last_at(&file) }), "{found:?}");
    assert_eq!(store.verify_audit_chain().await.expect("chain"), Ok(0), "the chain alone says an empty log is fine");
}
both!(deleting_everything_is_named);

async fn a_rewritten_and_rehashed_chain_is_named(store: &Store) {
    let (_dir, key, file) = logged(store).await;
    drop_triggers(store).await;
    store.raw_execute("UPDATE audit_events SET detail = 'nobody looked' WHERE id = 3").await.expect("rewrite");
    // Recompute every hash with plain SHA-256, as anyone can: the chain agrees with itself again.
    let mut previous = GENESIS.to_owned();
    for e in store.audit_events().await.expect("events") {
        let content =
            AuditContent { at: &e.at, user_id: e.user_id, action: &e.action, person_id: e.person_id, case_id: e.case_id, detail: &e.detail, remote: &e.remote };
        previous = chain_hash(&previous, &content);
        store.raw_execute(&format!("UPDATE audit_events SET hash = '{previous}' WHERE id = {}", e.id)).await.expect("rehash");
    }
    assert!(store.verify_audit_chain().await.expect("chain").is_ok(), "the chain alone cannot see it");
    let found = problems(store, &key, &file).await;
    assert!(matches!(found.as_slice(), [AuditProblem::Rewritten { after: 1, upto: 4, expected_id: 4, .. }]), "{found:?}");
}
both!(a_rewritten_and_rehashed_chain_is_named);

async fn a_wrong_key_and_a_missing_file_are_named(store: &Store) {
    let (dir, key, file) = logged(store).await;
    let (other, _) = load_or_create_key(&dir.path().join("other.key")).expect("other key");
    assert_eq!(
        problems(store, &other, &file).await,
        vec![AuditProblem::KeyMismatch { copy: Source::File }, AuditProblem::KeyMismatch { copy: Source::Database }]
    );
    assert_eq!(problems(store, &key, &dir.path().join("missing.jsonl")).await, vec![AuditProblem::CheckpointFileMissing]);
    assert_eq!(load_key(&dir.path().join("audit.key")).expect("reload"), key, "the key is read back as written");
    // An edited database copy is named, not a reason to stop checking.
    drop_triggers(store).await;
    store.raw_execute("UPDATE audit_checkpoints SET kind = 'nothing' WHERE entries = 4").await.expect("edit");
    let found = problems(store, &key, &file).await;
    assert_eq!(found.first(), Some(&AuditProblem::Unreadable { copy: Source::Database, position: 2 }), "{found:?}");
}
both!(a_wrong_key_and_a_missing_file_are_named);

async fn a_change_takes_a_checkpoint_at_its_commit(store: &Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (key, _) = load_or_create_key(&dir.path().join("audit.key")).expect("key");
    let file = dir.path().join("audit.checkpoints.jsonl");
    assert!(matches!(problems(store, &key, &file).await.as_slice(), [AuditProblem::CheckpointFileMissing]));
    store.enable_audit_checkpoints(key.clone(), file.clone(), 100);
    let mut tx = store.begin().await.expect("begin");
    tx.log(AuditEntry { case_id: Some(5), ..AuditEntry::new(AuditAction::StartCase) });
    tx.commit().await.expect("commit");
    let (in_file, unreadable) = read_checkpoint_file(&file).expect("read").expect("the file exists");
    assert!(unreadable.is_empty());
    assert_eq!(std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777, 0o600, "the checkpoint file is private");
    assert_eq!(in_file, store.audit_checkpoints().await.expect("db copy"), "one copy in the database, one in the file");
    assert_eq!((in_file.len(), in_file[0].entries, in_file[0].kind), (1, 1, CheckpointKind::Checkpoint), "the first entry is checkpointed at once");
    assert!(store.verify_audit(&key, &file).await.expect("verify").problems.is_empty());
}
both!(a_change_takes_a_checkpoint_at_its_commit);

/// The newest checkpoint's time in the file.
fn last_at(file: &std::path::Path) -> String {
    let (checkpoints, _) = read_checkpoint_file(file).expect("read").expect("file");
    checkpoints.iter().max_by_key(|c| c.entries).expect("a checkpoint").at.clone()
}

#[test]
fn the_key_and_the_checkpoint_file_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("audit.key");
    let (key, created) = load_or_create_key(&path).expect("create");
    assert!(created);
    assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read(&path).expect("read").len(), 32);
    let (again, created) = load_or_create_key(&path).expect("load");
    assert!(!created);
    assert_eq!(again, key, "an existing key is kept, never replaced");
    std::fs::write(&path, b"short").expect("truncate");
    assert!(load_key(&path).is_err(), "a key of the wrong length is refused");
}

async fn the_timer_checkpoints_a_head_that_moved(store: &Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (key, _) = load_or_create_key(&dir.path().join("audit.key")).expect("key");
    let file = dir.path().join("audit.checkpoints.jsonl");
    store.enable_audit_checkpoints(key.clone(), file.clone(), 100);
    store.spawn_audit_checkpoint_timer(std::time::Duration::from_millis(50));
    for _ in 0..3 {
        store.append_audit(&AuditEntry::new(AuditAction::ReadCase)).await.expect("append");
    }
    let covered = |report: familiehus_domain::audit_checkpoint::AuditReport| (report.entries, report.covered);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while covered(store.verify_audit(&key, &file).await.expect("verify")) != (3, 3) {
        assert!(std::time::Instant::now() < deadline, "the timer did not checkpoint the head");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(store.audit_checkpoints().await.expect("db copy").len(), 2, "one at the first entry, one by the timer, none while the head stood still");
}
both!(the_timer_checkpoints_a_head_that_moved);
