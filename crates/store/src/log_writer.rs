//! The log writer: one task that appends the access-log entries of reads. It takes every entry
//! waiting in its queue, appends them in one transaction (group commit), and answers each
//! request only after that commit: a page is not shown before its entry is durable, yet a
//! hundred readers cost one commit, not a hundred queued write locks.

use crate::audit::AuditEntry;
use crate::audit_files::Checkpoints;
use crate::tx::{append_chain, begin_on};
use crate::{Db, Store, StoreError};
use tokio::sync::{mpsc, oneshot};

/// Entries of one request waiting for the log writer, and where to tell it they are durable.
pub(crate) struct Pending {
    entries: Vec<AuditEntry>,
    done: oneshot::Sender<Result<(), String>>,
}

/// The most entries one group commit takes; the rest wait for the next.
const BATCH_LIMIT: usize = 512;

/// Starts the log writer on the current runtime. It ends when every `Store` is dropped.
pub(crate) fn spawn_log_writer(writer: Db, checkpoints: Checkpoints) -> mpsc::Sender<Pending> {
    let (send, mut receive) = mpsc::channel::<Pending>(4096);
    tokio::spawn(async move {
        while let Some(first) = receive.recv().await {
            let mut batch = vec![first];
            while batch.len() < BATCH_LIMIT {
                match receive.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            let entries: Vec<AuditEntry> = batch.iter().flat_map(|p| p.entries.iter().cloned()).collect();
            let written = async {
                let mut tx = begin_on(&writer, &checkpoints).await?;
                append_chain(&mut tx, &entries).await?;
                tx.commit().await
            }
            .await
            .map_err(|e| e.to_string());
            if let Err(error) = &written {
                tracing::error!(%error, entries = entries.len(), "access log batch not written");
            }
            for pending in batch {
                // A request that gave up waiting no longer needs the answer.
                let _ = pending.done.send(written.clone());
            }
        }
    });
    send
}

impl Store {
    /// Logs reads: returns once the entries are durable (group commit with other requests').
    pub async fn log_access(&self, entries: Vec<AuditEntry>) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let (done, answer) = oneshot::channel();
        self.log_writer.send(Pending { entries, done }).await.map_err(|_| StoreError::AccessLog("the log writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::AccessLog("the log writer has stopped".into()))?.map_err(StoreError::AccessLog)
    }

    /// Logs one read (see `log_access`).
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        self.log_access(vec![e.clone()]).await
    }
}
