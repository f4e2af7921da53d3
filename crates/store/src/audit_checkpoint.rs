//! Checkpoints of the access log's head and their check: enabling them on a store, taking one
//! now (the timer's, the shutdown's, a restore's), the database's copy (`audit_checkpoints`),
//! and the full check behind `audit verify` — the chain, the checkpoint file (authoritative)
//! and the database's copy, by `familiehus_domain::audit_checkpoint::verify_log`.
//!
//! When: a commit that appends entries takes a checkpoint when the log's count crosses a
//! multiple of `every` (or there is none yet), inside its own transaction (`tx.rs`), so the
//! database copy is durable with the entries it covers; the file and the system log get it right
//! after the commit (`audit_files.rs`). A timer (`spawn_audit_checkpoint_timer`) and the server's
//! shutdown take one when the head moved since the last, so the unprotected tail is at most
//! `every` entries or one timer period, whichever comes first.

pub use crate::audit_files::{
    CheckpointFileContent, DEFAULT_EVERY, DEFAULT_PERIOD, create_checkpoint_file, default_checkpoint_file, load_key, load_or_create_key, read_checkpoint_file,
};

use crate::audit_files::{Checkpointer, Checkpoints};
use crate::tx::{head, insert};
use crate::{Store, StoreError, with_pool};
use familiehus_domain::audit::AuditContent;
use familiehus_domain::audit_checkpoint::{AuditKey, AuditProblem, AuditReport, Checkpoint, CheckpointKind, Source, verify_log};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(sqlx::FromRow)]
struct CheckpointRow {
    kind: String,
    entries: i64,
    last_id: i64,
    head: String,
    at: String,
    mac: String,
}

impl Store {
    /// Takes checkpoints from now on with `key`, appending them to `file` as well, one at least
    /// every `every` entries. Once per store (a second call is ignored).
    pub fn enable_audit_checkpoints(&self, key: AuditKey, file: PathBuf, every: u64) {
        let _ = self.checkpoints.set(Arc::new(Checkpointer { key, file, every: every.max(1), file_lock: Mutex::new(()) }));
    }

    /// A checkpoint now if the head moved since the newest one (the timer's and shutdown's).
    pub async fn audit_checkpoint_now(&self) -> Result<Option<Checkpoint>, StoreError> {
        take_if_moved(&self.writer, &self.checkpoints, CheckpointKind::Checkpoint).await
    }

    /// Records that this database was restored from a backup: a `restore` checkpoint at its head,
    /// after which the checkpoints of the discarded timeline no longer apply.
    pub async fn record_restore(&self) -> Result<Option<Checkpoint>, StoreError> {
        take_if_moved(&self.writer, &self.checkpoints, CheckpointKind::Restore).await
    }

    /// Takes a checkpoint every `period` if the head moved (the timer); ends with the runtime.
    pub fn spawn_audit_checkpoint_timer(&self, period: Duration) {
        let (writer, checkpoints) = (self.writer.clone(), self.checkpoints.clone());
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                if let Err(error) = take_if_moved(&writer, &checkpoints, CheckpointKind::Checkpoint).await {
                    tracing::error!(%error, "access log checkpoint failed");
                }
            }
        });
    }

    /// The database's copy of the checkpoints, oldest first.
    pub async fn audit_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        Ok(self.stored_checkpoints().await?.0)
    }

    /// The database's copy, and its rows that are not checkpoints (an edited `kind` or a negative
    /// count) as problems: the check names them instead of stopping at them.
    async fn stored_checkpoints(&self) -> Result<CheckpointFileContent, StoreError> {
        let sql = "SELECT kind, entries, last_id, head, at, mac FROM audit_checkpoints ORDER BY id";
        let rows: Vec<CheckpointRow> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        let (mut checkpoints, mut problems) = (Vec::new(), Vec::new());
        for (i, r) in rows.into_iter().enumerate() {
            match (CheckpointKind::from_code(&r.kind), u64::try_from(r.entries)) {
                (Some(kind), Ok(entries)) => checkpoints.push(Checkpoint { kind, entries, last_id: r.last_id, head: r.head, at: r.at, mac: r.mac }),
                _ => problems.push(AuditProblem::Unreadable { copy: Source::Database, position: i + 1 }),
            }
        }
        Ok((checkpoints, problems))
    }

    /// The full check: the chain, the checkpoint file (authoritative) and the database's copy.
    pub async fn verify_audit(&self, key: &AuditKey, checkpoint_file: &Path) -> Result<AuditReport, StoreError> {
        let file = read_checkpoint_file(checkpoint_file)?;
        self.verify_audit_against(key, file).await
    }

    /// The check of a restored database against its own checkpoints (the file describes the
    /// timeline the restore rolls back, so it is not the reference here).
    pub async fn verify_audit_self(&self, key: &AuditKey) -> Result<AuditReport, StoreError> {
        let db = self.stored_checkpoints().await?;
        self.verify_audit_against(key, Some(db)).await
    }

    async fn verify_audit_against(&self, key: &AuditKey, file: Option<CheckpointFileContent>) -> Result<AuditReport, StoreError> {
        let events = self.audit_events().await?;
        let (db, mut unreadable) = self.stored_checkpoints().await?;
        let file = file.map(|(checkpoints, problems)| {
            unreadable.splice(0..0, problems);
            checkpoints
        });
        let stored = events.iter().map(|e| {
            let content = AuditContent {
                at: &e.at,
                user_id: e.user_id,
                action: &e.action,
                person_id: e.person_id,
                case_id: e.case_id,
                detail: &e.detail,
                remote: &e.remote,
            };
            (e.id, content, e.hash.as_str())
        });
        let mut report = verify_log(key, stored, file.as_deref(), &db);
        report.problems.splice(0..0, unreadable);
        Ok(report)
    }
}

async fn take_if_moved(writer: &crate::Db, checkpoints: &Checkpoints, kind: CheckpointKind) -> Result<Option<Checkpoint>, StoreError> {
    let Some(checkpointer) = checkpoints.get().cloned() else { return Ok(None) };
    let mut tx = crate::tx::begin_on(writer, checkpoints).await?;
    crate::tx::lock_chain(&mut tx).await?;
    let head = head(&mut tx).await?;
    let moved = match &head.latest {
        Some((id, hash)) => *id != head.last_id || *hash != head.hash,
        None => head.entries > 0,
    };
    // A restore is recorded even at an unchanged head: it says the timeline was rolled back.
    if !moved && kind == CheckpointKind::Checkpoint {
        return Ok(None);
    }
    let c = insert(&mut tx, &checkpointer.key, kind, head.entries, head.last_id, &head.hash).await?;
    tx.checkpoint = Some(c.clone());
    tx.commit().await?;
    Ok(Some(c))
}
