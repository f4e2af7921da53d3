//! Test databases: a migrated SQLite file in a temp dir, and a fresh database on the throwaway
//! PostgreSQL server that `cargo xtask test` starts (`FAMILIEHUS_TEST_POSTGRES_URL`).

use familiehus_store::Store;
use rand::Rng;
use sqlx::Connection;

pub struct TestDb {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.sqlite").display());
    let store = Store::connect(&url).await.expect("connect sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestDb { store, _dir: Some(dir), postgres: None }
}

/// A fresh, migrated PostgreSQL database; `None` (test skipped) when no server was provided,
/// unless `FAMILIEHUS_TEST_REQUIRE_ALL` says every part must run.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("FAMILIEHUS_TEST_POSTGRES_URL") else {
        assert!(std::env::var_os("FAMILIEHUS_TEST_REQUIRE_ALL").is_none(), "FAMILIEHUS_TEST_REQUIRE_ALL is set but FAMILIEHUS_TEST_POSTGRES_URL is not");
        eprintln!("skipped: no PostgreSQL (run through `cargo xtask test`)");
        return None;
    };
    let name = format!("test_{}", rand::rng().random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect postgres admin");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.expect("create database");
    let url = database_url(&admin_url, &name);
    let store = Store::connect(&url).await.expect("connect postgres");
    store.migrate().await.expect("migrate postgres");
    Some(TestDb { store, _dir: None, postgres: Some((admin_url, name)) })
}

fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    format!("{base}/{name}")
}

impl TestDb {
    pub async fn finish(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.postgres
            && let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut admin).await;
        }
    }
}

/// Runs one async test body on SQLite and on PostgreSQL: `both!(name)` for `async fn name(&Store)`.
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = crate::helpers::sqlite().await;
                super::$name(&db.store).await;
                db.finish().await;
            }
            #[tokio::test]
            async fn postgres() {
                let Some(db) = crate::helpers::postgres().await else { return };
                super::$name(&db.store).await;
                db.finish().await;
            }
        }
    };
}
pub(crate) use both;
