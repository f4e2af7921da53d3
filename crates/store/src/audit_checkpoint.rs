//! Checkpoints of the access log's head, kept outside the database's reach: the key file
//! (32 random bytes, mode 0600), the append-only checkpoint file (JSON lines, the authoritative
//! copy), the database's copy (`audit_checkpoints`), the `tracing` event (target
//! `audit_checkpoint`, for the system log), and the full check behind `audit verify`.
//!
//! When: a commit that appends entries takes a checkpoint when the log's count crosses a
//! multiple of `every` (or there is none yet), inside its own transaction, so the database
//! copy is durable with the entries it covers; the file and the system log get it right after
//! the commit. A timer (`spawn_audit_checkpoint_timer`) and the server's shutdown take one when
//! the head moved since the last, so the unprotected tail is at most `every` entries or one
//! timer period, whichever comes first. The pure rules are `familiehus_domain::audit_checkpoint`.

use crate::error::AuditFileError;
use crate::tx::{Tx, with_tx};
use crate::{Store, StoreError, with_pool};
use chrono::Utc;
use familiehus_domain::audit::{AuditContent, GENESIS};
use familiehus_domain::audit_checkpoint::{AuditKey, AuditProblem, AuditReport, Checkpoint, CheckpointKind, KEY_LEN, Source, verify_log};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// How many entries a checkpoint covers at most before the next one (the default).
pub const DEFAULT_EVERY: u64 = 100;
/// The timer's period (the default).
pub const DEFAULT_PERIOD: Duration = Duration::from_secs(60);

/// What a store needs to take checkpoints.
pub(crate) struct Checkpointer {
    key: AuditKey,
    file: PathBuf,
    every: u64,
    /// Keeps whole lines together when several commits publish at once.
    file_lock: Mutex<()>,
}

impl std::fmt::Debug for Checkpointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checkpointer").field("file", &self.file).field("every", &self.every).finish_non_exhaustive()
    }
}

/// Set once, when the server enables checkpoints; shared by the store's clones and its log writer.
pub(crate) type Checkpoints = Arc<OnceLock<Arc<Checkpointer>>>;

/// Reads the key file: exactly 32 bytes.
pub fn load_key(path: &Path) -> Result<AuditKey, StoreError> {
    let bytes = std::fs::read(path).map_err(|source| AuditFileError::KeyFile { path: path.to_owned(), source })?;
    Ok(AuditKey::from_bytes(&bytes).map_err(|e| AuditFileError::KeyInvalid { path: path.to_owned(), reason: e.to_string() })?)
}

/// Reads the key file, or creates it (32 random bytes, mode 0600) if missing; `true` if created.
pub fn load_or_create_key(path: &Path) -> Result<(AuditKey, bool), StoreError> {
    let io = |source| AuditFileError::KeyFile { path: path.to_owned(), source };
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(mut file) => {
            let mut bytes = [0u8; KEY_LEN];
            rand::fill(&mut bytes[..]);
            file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(io)?;
            tracing::info!(path = %path.display(), "created a new access-log key");
            let key = AuditKey::from_bytes(&bytes).map_err(|e| AuditFileError::KeyInvalid { path: path.to_owned(), reason: e.to_string() })?;
            Ok((key, true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let mode = std::fs::metadata(path).map_err(io)?.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "the access-log key is readable by others; it should be 0600");
            }
            Ok((load_key(path)?, false))
        }
        Err(e) => Err(io(e).into()),
    }
}

/// The checkpoint file's default: beside the key (`audit.key` → `audit.checkpoints.jsonl`).
pub fn default_checkpoint_file(key_file: &Path) -> PathBuf {
    key_file.with_extension("checkpoints.jsonl")
}

/// The checkpoints read from a file, and its lines that are not checkpoints (as problems).
pub type CheckpointFileContent = (Vec<Checkpoint>, Vec<AuditProblem>);

/// Reads the checkpoint file: `None` if it does not exist; unreadable lines are problems.
pub fn read_checkpoint_file(path: &Path) -> Result<Option<CheckpointFileContent>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(AuditFileError::CheckpointFile { path: path.to_owned(), source }.into()),
    };
    let (mut checkpoints, mut problems) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(c) => checkpoints.push(c),
            Err(_) => problems.push(AuditProblem::Unreadable { copy: Source::File, position: i + 1 }),
        }
    }
    Ok(Some((checkpoints, problems)))
}

/// Appends one line (created 0600, opened O_APPEND, synced before returning).
fn append_line(path: &Path, checkpoint: &Checkpoint) -> Result<(), StoreError> {
    let io = |source| AuditFileError::CheckpointFile { path: path.to_owned(), source };
    let mut line = serde_json::to_string(checkpoint).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(path).map_err(io)?;
    Ok(file.write_all(line.as_bytes()).and_then(|()| file.sync_data()).map_err(io)?)
}

impl Checkpointer {
    /// Writes a committed checkpoint to the file and the system log. A failure is logged, not
    /// returned: the entries it covers are already durable, and the next checkpoint covers them too.
    pub(crate) async fn publish(self: &Arc<Self>, checkpoint: Checkpoint) {
        tracing::info!(target: "audit_checkpoint", kind = checkpoint.kind.code(), entries = checkpoint.entries, last_id = checkpoint.last_id,
            head = %checkpoint.head, at = %checkpoint.at, mac = %checkpoint.mac, "access log checkpoint");
        let me = Arc::clone(self);
        let written = tokio::task::spawn_blocking(move || {
            let _whole_lines = me.file_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            append_line(&me.file, &checkpoint)
        })
        .await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "access log checkpoint not written to its file"),
            Err(error) => tracing::error!(%error, "access log checkpoint not written to its file"),
        }
    }
}

/// The chain's head inside a write transaction.
pub(crate) struct Head {
    entries: u64,
    last_id: i64,
    hash: String,
    /// The newest checkpoint's (last id, head hash), if there is one.
    latest: Option<(i64, String)>,
}

/// Reads the head. Counts only the rows after the newest checkpoint, so it costs a few rows,
/// not the whole log.
pub(crate) async fn head(tx: &mut Tx) -> Result<Head, StoreError> {
    let base: Option<(i64, i64, String)> =
        with_tx!(tx, conn => sqlx::query_as("SELECT entries, last_id, head FROM audit_checkpoints ORDER BY id DESC LIMIT 1").fetch_optional(conn).await)?;
    let (base_entries, base_id) = base.as_ref().map_or((0, 0), |(entries, id, _)| (*entries, *id));
    let since: i64 =
        with_tx!(tx, conn => sqlx::query_scalar("SELECT CAST(count(*) AS BIGINT) FROM audit_events WHERE id > $1").bind(base_id).fetch_one(conn).await)?;
    let last: Option<(i64, String)> =
        with_tx!(tx, conn => sqlx::query_as("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetch_optional(conn).await)?;
    let (last_id, hash) = last.unwrap_or((0, GENESIS.to_owned()));
    let entries = u64::try_from(base_entries + since).map_err(|_| StoreError::Corrupt("negative access-log count".into()))?;
    Ok(Head { entries, last_id, hash, latest: base.map(|(_, id, head)| (id, head)) })
}

/// Signs the head and stores the database's copy, inside `tx`.
pub(crate) async fn insert(tx: &mut Tx, key: &AuditKey, kind: CheckpointKind, entries: u64, last_id: i64, head: &str) -> Result<Checkpoint, StoreError> {
    let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let c = Checkpoint::sign(key, kind, entries, last_id, head, &at);
    let count = i64::try_from(c.entries).map_err(|_| StoreError::Corrupt("access-log count out of range".into()))?;
    with_tx!(tx, conn => sqlx::query("INSERT INTO audit_checkpoints (kind, entries, last_id, head, at, mac) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(c.kind.code()).bind(count).bind(c.last_id).bind(&c.head).bind(&c.at).bind(&c.mac)
        .execute(conn).await.map(|_| ()))?;
    Ok(c)
}

/// Called by `append_chain` after it appended `appended` entries: a checkpoint when the count
/// crosses a multiple of `every`, or when there is none yet.
pub(crate) async fn after_append(tx: &mut Tx, appended: u64) -> Result<(), StoreError> {
    let Some(checkpointer) = tx.checkpointer.clone() else { return Ok(()) };
    let head = head(tx).await?;
    let before = head.entries.saturating_sub(appended);
    if head.latest.is_none() || head.entries / checkpointer.every > before / checkpointer.every {
        let c = insert(tx, &checkpointer.key, CheckpointKind::Checkpoint, head.entries, head.last_id, &head.hash).await?;
        tx.checkpoint = Some(c);
    }
    Ok(())
}

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
        let sql = "SELECT kind, entries, last_id, head, at, mac FROM audit_checkpoints ORDER BY id";
        let rows: Vec<CheckpointRow> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|r| {
                Ok(Checkpoint {
                    kind: CheckpointKind::from_code(&r.kind).ok_or_else(|| StoreError::Corrupt(format!("checkpoint kind «{}»", r.kind)))?,
                    entries: u64::try_from(r.entries).map_err(|_| StoreError::Corrupt("negative checkpoint count".into()))?,
                    last_id: r.last_id,
                    head: r.head,
                    at: r.at,
                    mac: r.mac,
                })
            })
            .collect()
    }

    /// The full check: the chain, the checkpoint file (authoritative) and the database's copy.
    pub async fn verify_audit(&self, key: &AuditKey, checkpoint_file: &Path) -> Result<AuditReport, StoreError> {
        let file = read_checkpoint_file(checkpoint_file)?;
        self.verify_audit_against(key, file).await
    }

    /// The check of a restored database against its own checkpoints (the file describes the
    /// timeline the restore rolls back, so it is not the reference here).
    pub async fn verify_audit_self(&self, key: &AuditKey) -> Result<AuditReport, StoreError> {
        let db = self.audit_checkpoints().await?;
        self.verify_audit_against(key, Some((db, Vec::new()))).await
    }

    async fn verify_audit_against(&self, key: &AuditKey, file: Option<CheckpointFileContent>) -> Result<AuditReport, StoreError> {
        let events = self.audit_events().await?;
        let db = self.audit_checkpoints().await?;
        let (file, unreadable) = match file {
            Some((checkpoints, problems)) => (Some(checkpoints), problems),
            None => (None, Vec::new()),
        };
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
