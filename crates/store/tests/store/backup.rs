//! SQLite backups with `VACUUM INTO` under concurrent writers, and private database files.

use familiehus_domain::AuditAction;
use familiehus_store::{AuditEntry, Store};
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[tokio::test]
async fn database_files_and_backups_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    // With the usual umask (022) SQLite alone would create these 0644.
    let path = dir.path().join("familiehus.sqlite");
    let store = Store::connect(&format!("sqlite://{}", path.display())).await.expect("connect");
    store.migrate().await.expect("migrate");
    store.append_audit(&AuditEntry::new(AuditAction::ReadCase)).await.expect("write");
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        assert_eq!(mode(&file), 0o600, "{} is private", file.display());
    }
    let backup = dir.path().join("backup.sqlite");
    store.backup_sqlite_into(&backup).await.expect("backup");
    assert_eq!(mode(&backup), 0o600);
    assert!(store.backup_sqlite_into(&backup).await.is_err(), "a backup never overwrites a file");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_concurrent_writers_holds_every_write_acknowledged_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("live.sqlite").display())).await.expect("connect");
    store.migrate().await.expect("migrate");
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for worker in 0..6 {
        let (store, acknowledged, stop) = (store.clone(), acknowledged.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let detail = format!("w{worker}-{n}");
                // Half reads through the log writer, half changes through a Tx.
                if n % 2 == 0 {
                    store.append_audit(&AuditEntry { detail: detail.clone(), ..AuditEntry::new(AuditAction::ReadCase) }).await.expect("read");
                } else {
                    let mut tx = store.begin().await.expect("begin");
                    tx.log(AuditEntry { detail: detail.clone(), ..AuditEntry::new(AuditAction::StartCase) });
                    tx.commit().await.expect("commit");
                }
                acknowledged.lock().expect("lock").push(detail);
                n += 1;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before: Vec<String> = acknowledged.lock().expect("lock").clone();
    let backup = dir.path().join("backup.sqlite");
    store.backup_sqlite_into(&backup).await.expect("backup");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("writer");
    }
    let after = acknowledged.lock().expect("lock").len();
    assert!(before.len() > 20 && after > before.len(), "the writers ran before and during the backup ({} then {after})", before.len());

    let restored = Store::connect(&format!("sqlite://{}", backup.display())).await.expect("open the backup");
    let details: std::collections::HashSet<String> = restored.audit_events().await.expect("events").into_iter().map(|e| e.detail).collect();
    let lost: Vec<&String> = before.iter().filter(|d| !details.contains(*d)).collect();
    assert!(lost.is_empty(), "acknowledged before the backup, missing from it: {lost:?}");
    assert!(restored.verify_audit_chain().await.expect("verify").is_ok(), "the backup's chain is intact");
    restored.close().await;
    store.close().await;
}
