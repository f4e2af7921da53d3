//! The access log's files outside the database: the key file (32 random bytes, mode 0600,
//! created by the server if missing), the append-only checkpoint file (JSON lines, opened
//! O_APPEND, created 0600: the authoritative copy of the checkpoints), and `Checkpointer`,
//! which writes a committed checkpoint there and to the system log (`tracing` target
//! `audit_checkpoint`). No SQL here; `tx.rs` takes checkpoints, `audit_checkpoint.rs` checks them.

use crate::StoreError;
use crate::error::AuditFileError;
use familiehus_domain::audit_checkpoint::{AuditKey, AuditProblem, Checkpoint, KEY_LEN, Source};
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
    pub(crate) key: AuditKey,
    pub(crate) file: PathBuf,
    pub(crate) every: u64,
    /// Keeps whole lines together when several commits publish at once.
    pub(crate) file_lock: Mutex<()>,
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

/// Creates the checkpoint file (empty, 0600) if it is missing: the server does so at start, so
/// that a missing file always means a removed one, even before the first checkpoint.
pub fn create_checkpoint_file(path: &Path) -> Result<(), StoreError> {
    let io = |source| AuditFileError::CheckpointFile { path: path.to_owned(), source };
    std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(path).map_err(io)?;
    Ok(())
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
