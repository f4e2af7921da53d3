//! `familiehus catalogue import`, run as the real binary: a dry run prints every service as
//! JSON and what the import would change, and writes nothing (not even a new database file);
//! the real run stores the services; a dry run against that database reports them unchanged.
//! On the catalogue fixture written for the project (five services), so it always runs.

use familiehus_test_support::fixtures;
use std::process::{Command, Output};

fn familiehus(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_familiehus")).args(args).env("FAMILIEHUS_DATABASE_URL", db).output().expect("run familiehus")
}

#[tokio::test]
async fn a_dry_run_shows_the_diff_and_writes_nothing() {
    let catalogue = fixtures::catalogue_path();
    let catalogue = catalogue.to_str().expect("a UTF-8 path");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("familiehus.sqlite");
    let db = format!("sqlite://{}", file.display());

    let dry = familiehus(&db, &["catalogue", "import", catalogue, "--dry-run", "--format", "json"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let json: serde_json::Value = serde_json::from_slice(&dry.stdout).expect("stdout is one JSON document");
    assert_eq!(json["services"].as_array().map(Vec::len), Some(5));
    let stderr = String::from_utf8_lossy(&dry.stderr);
    assert!(stderr.contains("Ingen sammenligning med kataloget") && stderr.contains("Prøvekørsel: intet er gemt."), "{stderr}");
    assert!(!file.exists(), "a dry run creates no database");

    let real = familiehus(&db, &["catalogue", "import", catalogue]);
    assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
    assert!(String::from_utf8_lossy(&real.stderr).contains("Gemt i Familiehuset: 5 nye"));

    let again = familiehus(&db, &["catalogue", "import", catalogue, "--dry-run"]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("Ville ændre Familiehuset: 0 nye, 0 ændrede, 5 uændrede, 0 udgået."), "{stderr}");
    let other = familiehus(&db, &["catalogue", "import", catalogue, "--dry-run", "--unit", "Familiehuset Vestby"]);
    assert!(String::from_utf8_lossy(&other.stderr).contains("Ville ændre Familiehuset Vestby: 5 nye"));
    let store = familiehus_store::Store::connect(&db).await.expect("open");
    assert!(store.unit_by_name("Familiehuset Vestby").await.expect("lookup").is_none(), "the dry run created no unit");
    assert_eq!(store.list_services().await.expect("list").len(), 5);
}
