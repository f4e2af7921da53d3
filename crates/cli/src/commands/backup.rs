//! `familiehus backup` and `familiehus restore`. SQLite: `VACUUM INTO` (a consistent snapshot
//! read beside the running server) and a file copy back. PostgreSQL: `pg_dump --format=custom`
//! (one consistent snapshot by design, with the schema, sequences, triggers and functions, so a
//! restore into an empty database needs nothing else) and `pg_restore` in one transaction —
//! rather than an export of our own, which would have to reproduce all of that.
//! Backup files are created 0600. A restore then checks the restored access log against its
//! own checkpoints, records the restore as a MAC'd checkpoint (the log's head moved back on
//! purpose), and runs the full `audit verify`.

use crate::args::AuditFiles;
use anyhow::{Context, bail};
use familiehus_store::audit_checkpoint::DEFAULT_EVERY;
use familiehus_store::{Store, sqlite_file};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).with_context(|| format!("could not create {}", path.display()))
}

pub async fn backup(url: &str, to: &Path) -> anyhow::Result<()> {
    let what = super::redact(url);
    match sqlite_file(url)? {
        Some(_) => {
            // Read-only: a backup never creates or migrates the database it copies.
            let store = Store::connect_read_only(url).await.with_context(|| format!("could not open the database {what}"))?;
            store.backup_sqlite_into(to).await.with_context(|| format!("could not write the backup {}", to.display()))?;
            store.close().await;
        }
        None => {
            let file = create_private(to)?;
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--dbname", url])
                .stdout(file)
                .status()
                .context("could not run pg_dump (is PostgreSQL's client installed?)");
            if !matches!(&status, Ok(s) if s.success()) {
                let _ = std::fs::remove_file(to);
                bail!("pg_dump failed ({:?}); no backup written", status.map(|s| s.code()));
            }
        }
    }
    println!("Sikkerhedskopien er skrevet: {}", to.display());
    Ok(())
}

pub async fn restore(url: &str, from: &Path, force: bool, audit: &AuditFiles) -> anyhow::Result<()> {
    let (key_file, checkpoint_file) = audit.paths();
    let key = super::audit::existing_key(&key_file)?;
    let what = super::redact(url);
    match sqlite_file(url)? {
        Some(target) => restore_sqlite(from, &target, force)?,
        None => {
            let store = Store::connect(url).await.with_context(|| format!("could not open the database {what}"))?;
            let empty = store.is_empty().await?;
            store.close().await;
            if !empty && !force {
                bail!("the database {what} is not empty; use --force to replace it");
            }
            let mut command = Command::new("pg_restore");
            command.args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]);
            if !empty {
                command.args(["--clean", "--if-exists"]);
            }
            let status = command.args(["--dbname", url]).arg(from).stdin(Stdio::null()).status().context("could not run pg_restore")?;
            if !status.success() {
                bail!("pg_restore failed ({:?}); the database is as it was", status.code());
            }
        }
    }
    let store = super::open(url).await?;
    let own = store.verify_audit_self(&key).await?;
    if !own.problems.is_empty() {
        eprintln!("The restored access log does not agree with its own checkpoints; no restore recorded:");
        super::audit::print(&own);
        std::process::exit(1);
    }
    store.enable_audit_checkpoints(key.clone(), checkpoint_file.clone(), DEFAULT_EVERY);
    store.record_restore().await.context("could not record the restore in the access log's checkpoints")?;
    println!("Databasen er gendannet fra {}.", from.display());
    let report = store.verify_audit(&key, &checkpoint_file).await?;
    store.close().await;
    if !super::audit::print(&report) {
        std::process::exit(1);
    }
    Ok(())
}

/// Copies an SQLite backup into place (0600), replacing a non-empty file only when forced.
fn restore_sqlite(from: &Path, target: &Path, force: bool) -> anyhow::Result<()> {
    let mut header = [0u8; 16];
    std::fs::File::open(from).and_then(|mut f| f.read_exact(&mut header)).with_context(|| format!("could not read the backup {}", from.display()))?;
    if &header != b"SQLite format 3\0" {
        bail!("{} is not an SQLite backup", from.display());
    }
    let occupied = std::fs::metadata(target).map(|m| m.len() > 0).unwrap_or(false);
    if occupied && !force {
        bail!("the database {} is not empty; use --force to replace it (stop the server first)", target.display());
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut path = target.as_os_str().to_owned();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("could not replace {}", target.display())),
        }
    }
    let mut out = create_private(target)?;
    let mut input = std::fs::File::open(from).with_context(|| format!("could not read {}", from.display()))?;
    std::io::copy(&mut input, &mut out).and_then(|_| out.sync_all()).with_context(|| format!("could not write {}", target.display()))?;
    Ok(())
}
