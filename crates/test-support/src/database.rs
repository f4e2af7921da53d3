//! Throwaway databases for tests: a migrated SQLite file in a temp dir, or a fresh, migrated
//! database on the PostgreSQL server of `FAMILIEHUS_TEST_POSTGRES_URL` (the throwaway cluster
//! `cargo xtask test` starts), dropped afterwards. `both!` runs one store story on each.
//!
//! The only SQL outside the store is here: `CREATE DATABASE` / `DROP DATABASE … WITH (FORCE)`,
//! which the store has no business offering.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use familiehus_store::{CprKey, Store};

use crate::require;

/// The server the PostgreSQL tests create their databases on; without it they are skipped.
pub const POSTGRES_URL_VAR: &str = "FAMILIEHUS_TEST_POSTGRES_URL";

/// A migrated store on a database of its own, removed when this is dropped.
pub struct TestDb {
    pub store: Store,
    /// Held only for its `Drop`; after `store` so the pool is dropped first.
    _backing: Backing,
}

#[allow(dead_code)] // the fields are held for their `Drop`
enum Backing {
    Sqlite(tempfile::TempDir),
    Postgres(PgDatabase),
}

impl TestDb {
    /// On a temp SQLite file.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("familiehus.db").display());
        let store = Store::connect(&url).await.expect("connect to SQLite");
        store.migrate().await.expect("migrate SQLite");
        let store = store.use_cpr_key(&CprKey::generate()).await.expect("CPR key");
        TestDb { store, _backing: Backing::Sqlite(dir) }
    }

    /// The SQLite database file (`None` on PostgreSQL), to read its bytes.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        match &self._backing {
            Backing::Sqlite(dir) => Some(dir.path().join("familiehus.db")),
            Backing::Postgres(_) => None,
        }
    }

    /// On a fresh PostgreSQL database, or `None` (after saying so) without a server to use.
    /// With `FAMILIEHUS_TEST_REQUIRE_ALL=1` a missing server fails the test instead.
    #[track_caller]
    pub fn postgres() -> impl Future<Output = Option<TestDb>> {
        // Decided before the future starts, so a failure points at the calling test.
        let admin_url = std::env::var(POSTGRES_URL_VAR).ok().filter(|url| !url.is_empty());
        if admin_url.is_none() {
            require::skip(&format!("no PostgreSQL (set {POSTGRES_URL_VAR}, or run `cargo xtask test`)"));
        }
        async move {
            let db = PgDatabase::create(&admin_url?).await;
            let store = Store::connect(&db.url).await.expect("connect to the test database");
            store.migrate().await.expect("migrate PostgreSQL");
            // A fresh key per database, as a key file would hold (tests never share one).
            let store = store.use_cpr_key(&CprKey::generate()).await.expect("CPR key");
            Some(TestDb { store, _backing: Backing::Postgres(db) })
        }
    }

    /// A fresh PostgreSQL database with no tables at all (not migrated): a restore's target.
    #[track_caller]
    pub fn postgres_empty() -> impl Future<Output = Option<TestDb>> {
        let admin_url = std::env::var(POSTGRES_URL_VAR).ok().filter(|url| !url.is_empty());
        if admin_url.is_none() {
            require::skip(&format!("no PostgreSQL (set {POSTGRES_URL_VAR}, or run `cargo xtask test`)"));
        }
        async move {
            let db = PgDatabase::create(&admin_url?).await;
            let store = Store::connect(&db.url).await.expect("connect to the test database");
            Some(TestDb { store, _backing: Backing::Postgres(db) })
        }
    }

    /// The database's URL, for tests that run the binary against it.
    pub fn url(&self) -> String {
        match &self._backing {
            Backing::Sqlite(dir) => format!("sqlite://{}", dir.path().join("familiehus.db").display()),
            Backing::Postgres(db) => db.url.clone(),
        }
    }

    /// Closes the store's connections, then removes the database.
    pub async fn finish(self) {
        self.store.close().await;
    }
}

/// Runs one store story on SQLite and on PostgreSQL: `both!(name)` for `async fn name(&Store)`
/// in the same module makes a module `name` with the tests `sqlite` and `postgres`. The crate
/// using it needs tokio (for `#[tokio::test]`).
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::TestDb::sqlite().await;
                super::$name(&db.store).await;
                db.finish().await;
            }
            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::TestDb::postgres().await else { return };
                super::$name(&db.store).await;
                db.finish().await;
            }
        }
    };
}

/// A PostgreSQL database created for one test and dropped (with its connections) afterwards.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl PgDatabase {
    async fn create(admin_url: &str) -> PgDatabase {
        // Unique across the test binaries that run at the same time against one server.
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("familiehus_test_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let mut admin = connect_admin(admin_url).await;
        // The name is ours (digits, letters, underscores), so formatting it into SQL is safe.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        let url = with_database(admin_url, &name);
        PgDatabase { admin_url: admin_url.to_owned(), name, url }
    }
}

async fn connect_admin(admin_url: &str) -> sqlx::PgConnection {
    use sqlx::Connection as _;
    sqlx::PgConnection::connect(admin_url).await.unwrap_or_else(|e| panic!("connect to {POSTGRES_URL_VAR}: {e}"))
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Drop runs outside async (and maybe while a test panics): use a runtime of our own on
        // a plain thread. FORCE ends the connections a server's pool may still hold.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let mut admin = connect_admin(&admin_url).await;
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut admin).await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(_))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// The admin URL with its database name replaced: `postgres://u@h:5432/postgres?x=y` →
/// `postgres://u@h:5432/NAME?x=y`.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_replace_the_admin_database() {
        assert_eq!(with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"), "postgres://postgres@127.0.0.1:5432/t1");
        assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "t2"), "postgres://u:p@h/t2?sslmode=disable");
        assert_eq!(with_database("postgresql://h", "t3"), "postgresql://h/t3");
    }
}
