//! The municipality's settings: defaults without a row, a saved change read back with who made
//! it, a second save replacing the first, invalid settings refused, a dropped transaction
//! leaving nothing, and a row from a newer Familiehus refused rather than misread.

use familiehus_domain::{Ladder, LadderCategory, LadderStep, MunicipalitySettings, Role};
use familiehus_store::{NewUser, Store, StoreError};
use familiehus_test_support::both;

async fn settings_are_defaults_until_saved_then_read_back(store: &Store) {
    let initial = store.settings().await.expect("settings");
    assert_eq!(initial.settings, MunicipalitySettings::default());
    assert_eq!(initial.changed, None);

    let admin = store
        .create_user(&NewUser {
            username: "admin".into(),
            display_name: "Anne Admin".into(),
            role: Role::Admin,
            unit_id: None,
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user");
    let mut steps = Ladder::default().steps().to_vec();
    steps.push(LadderStep { number: 8, label: "Efterværn".into(), category: LadderCategory::Referred });
    let changed = MunicipalitySettings {
        ladder: Ladder::new(steps).expect("ladder"),
        status_report_lead_days: 7,
        long_wait_days: 45,
        retention_years: 10,
        epds_cut_off: 12,
    };

    // Dropped without commit: nothing is written.
    let mut tx = store.begin().await.expect("begin");
    tx.save_settings(&changed, Some(admin.id)).await.expect("save");
    drop(tx);
    assert_eq!(store.settings().await.expect("settings").changed, None);

    let mut tx = store.begin().await.expect("begin");
    tx.save_settings(&changed, Some(admin.id)).await.expect("save");
    tx.commit().await.expect("commit");
    let stored = store.settings().await.expect("settings");
    assert_eq!(stored.settings, changed);
    assert_eq!(stored.settings.ladder.step(8).map(|s| s.label.as_str()), Some("Efterværn"));
    let change = stored.changed.expect("changed");
    assert_eq!(change.by.as_deref(), Some("Anne Admin"));
    assert!(change.at.ends_with('Z'), "{}", change.at);

    // A second save replaces the one row; a change without a user (the CLI) names nobody.
    let again = MunicipalitySettings { long_wait_days: 60, ..MunicipalitySettings::default() };
    let mut tx = store.begin().await.expect("begin");
    tx.save_settings(&again, None).await.expect("save");
    tx.commit().await.expect("commit");
    let stored = store.settings().await.expect("settings");
    assert_eq!(stored.settings, again);
    assert_eq!(stored.changed.and_then(|c| c.by), None);

    let invalid = MunicipalitySettings { long_wait_days: 0, status_report_lead_days: 91, ..MunicipalitySettings::default() };
    let mut tx = store.begin().await.expect("begin");
    let Err(StoreError::Invalid(e)) = tx.save_settings(&invalid, None).await else { panic!("invalid settings are refused") };
    assert_eq!(e.0.iter().map(|f| f.field).collect::<Vec<_>>(), ["status_report_lead_days", "long_wait_days"]);
}
both!(settings_are_defaults_until_saved_then_read_back);

async fn settings_from_a_newer_familiehus_are_refused(store: &Store) {
    let sql = r#"INSERT INTO settings (id, snapshot, changed_at, changed_by) VALUES (1, '{"format":99,"data":{}}', '2026-12-01T10:00:00Z', NULL)"#;
    assert_eq!(store.raw_execute(sql).await.expect("insert"), 1);
    let err = store.settings().await.expect_err("newer format");
    assert!(matches!(err, StoreError::SnapshotFormat { found: 99, newest: 1, .. }), "{err}");
    // The table holds one row only.
    let second = r#"INSERT INTO settings (id, snapshot, changed_at, changed_by) VALUES (2, '{}', '2026-12-01T10:00:00Z', NULL)"#;
    assert!(store.raw_execute(second).await.is_err());
}
both!(settings_from_a_newer_familiehus_are_refused);
