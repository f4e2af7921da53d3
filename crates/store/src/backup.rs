//! Backups of an SQLite database (a consistent snapshot with `VACUUM INTO`, taken beside the
//! running server: it reads one snapshot while writers go on) and the private files SQLite
//! creates: the database is pre-created 0600 before SQLite opens it, and SQLite gives its
//! `-wal` and `-shm` files the database file's mode. PostgreSQL backups use `pg_dump` (in the
//! CLI: a program, not SQL).

use crate::error::AuditFileError;
use crate::{Backend, Db, Store, StoreError, with_pool};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Creates `path` empty with mode 0600 if it does not exist (an existing file keeps its mode).
pub(crate) fn precreate_private(path: &Path) -> std::io::Result<()> {
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The file of an `sqlite://…` URL (`None` for other URLs and in-memory databases).
pub fn sqlite_file(url: &str) -> Result<Option<std::path::PathBuf>, StoreError> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") {
        return Ok(None);
    }
    let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(url)?;
    Ok(Some(options.get_filename().to_owned()))
}

impl Store {
    /// Writes a consistent copy of this SQLite database to `to`, a new file created 0600.
    /// Refuses an existing file (a backup never overwrites one).
    pub async fn backup_sqlite_into(&self, to: &Path) -> Result<(), StoreError> {
        let Db::Sqlite(pool) = &self.db else { return Err(StoreError::UnsupportedUrl) };
        let io = |source| AuditFileError::BackupFile { path: to.to_owned(), source };
        // VACUUM INTO accepts an existing empty file, so the mode is ours, not the umask's.
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(to).map_err(io)?;
        let target = to.to_str().ok_or_else(|| StoreError::Corrupt(format!("backup path {} is not UTF-8", to.display())))?;
        let done = sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await;
        if let Err(e) = done {
            let _ = std::fs::remove_file(to);
            return Err(e.into());
        }
        Ok(())
    }

    /// Whether the database holds no tables at all (a restore's target must, unless forced).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT CAST(count(*) AS BIGINT) FROM sqlite_master WHERE type = 'table'",
            Backend::Postgres => "SELECT CAST(count(*) AS BIGINT) FROM information_schema.tables WHERE table_schema = current_schema()",
        };
        let tables: i64 = with_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?;
        Ok(tables == 0)
    }
}
