//! `familiehus audit verify`, and the access-log key and checkpoints for every command that
//! serves or restores: recomputes the hash chain and checks it against the MAC'd checkpoints in
//! the checkpoint file (the authoritative copy) and in the database. Every problem is named
//! (first broken entry, missing tail, rewritten chain, no checkpoint, missing file, wrong key,
//! a database copy that differs) and the command exits 1.

use crate::args::AuditFiles;
use anyhow::Context;
use familiehus_domain::audit_checkpoint::{AuditKey, AuditReport};
use familiehus_store::Store;
use familiehus_store::audit_checkpoint::{DEFAULT_EVERY, DEFAULT_PERIOD, create_checkpoint_file, default_checkpoint_file, load_key, load_or_create_key};
use std::path::{Path, PathBuf};

impl AuditFiles {
    /// The key file and the checkpoint file (default: beside the key).
    pub fn paths(&self) -> (PathBuf, PathBuf) {
        let checkpoints = self.audit_checkpoint_file.clone().unwrap_or_else(|| default_checkpoint_file(&self.audit_key_file));
        (self.audit_key_file.clone(), checkpoints)
    }
}

/// For the server: loads the key (creating it if missing), creates the checkpoint file if
/// missing, and takes checkpoints every
/// `DEFAULT_EVERY` entries and every `DEFAULT_PERIOD` while the log grows.
pub(crate) fn enable(store: &Store, key_file: &Path, checkpoint_file: &Path) -> anyhow::Result<()> {
    let (key, _created) = load_or_create_key(key_file).context("the access-log key")?;
    create_checkpoint_file(checkpoint_file).context("the access-log checkpoint file")?;
    store.enable_audit_checkpoints(key, checkpoint_file.to_owned(), DEFAULT_EVERY);
    store.spawn_audit_checkpoint_timer(DEFAULT_PERIOD);
    Ok(())
}

/// Reads an existing key; verifying never creates one.
pub(crate) fn existing_key(key_file: &Path) -> anyhow::Result<AuditKey> {
    load_key(key_file).with_context(|| format!("cannot check the access log without its key ({})", key_file.display()))
}

pub async fn verify(store: &Store, files: &AuditFiles) -> anyhow::Result<()> {
    let (key_file, checkpoint_file) = files.paths();
    let key = match existing_key(&key_file) {
        Ok(key) => key,
        Err(e) => {
            eprintln!("Adgangsloggen kan ikke kontrolleres: {e:#}");
            std::process::exit(1);
        }
    };
    let report = store.verify_audit(&key, &checkpoint_file).await?;
    if !print(&report) {
        std::process::exit(1);
    }
    Ok(())
}

/// Prints the verdict (intact on stdout, problems on stderr); `true` if intact.
pub(crate) fn print(report: &AuditReport) -> bool {
    if report.problems.is_empty() {
        let tail = report.entries - report.covered;
        println!(
            "Adgangsloggen er intakt: {} hændelser, {} dækket af {} checkpoints ({tail} efter det seneste).",
            report.entries, report.covered, report.checkpoints
        );
        if report.pending > 0 {
            println!("{} af databasens nyeste checkpoints står endnu ikke i checkpoint-filen (skrives lige efter commit).", report.pending);
        }
        return true;
    }
    eprintln!("Adgangsloggen er brudt ({} hændelser):", report.entries);
    for problem in &report.problems {
        eprintln!("- {problem}");
    }
    false
}
