//! Both migration folders produce the same tables and columns.

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let Some(pg) = familiehus_test_support::TestDb::postgres().await else { return };
    let lite = familiehus_test_support::TestDb::sqlite().await;
    let a = lite.store.schema_columns().await.expect("sqlite schema");
    let b = pg.store.schema_columns().await.expect("postgres schema");
    assert!(a.iter().any(|(t, c)| t == "cases" && c == "enrolled_on"));
    assert_eq!(a, b);
    lite.finish().await;
    pg.finish().await;
}

#[test]
fn migration_folders_hold_the_same_files() {
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
            .expect("migrations dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
