//! Stored service versions stay readable: today's JSON without an envelope (format 0) with a
//! field missing and an unknown one added, the current envelope (format 1), and a refused newer
//! format.

use crate::catalogue::{service, unit};
use familiehus_domain::legal_ref::parse_refs;
use familiehus_domain::*;
use familiehus_store::{Store, StoreError};
use familiehus_test_support::both;

/// A version row as an older (or newer) Familiehus wrote it, recorded now.
async fn insert_version(store: &Store, service_id: i64, version: i64, snapshot: &str) {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let sql = format!(
        "INSERT INTO service_versions (service_id, version, recorded_at, user_id, changed, snapshot) \
         VALUES ({service_id}, {version}, '{now}', NULL, 'Regler', '{snapshot}')"
    );
    assert_eq!(store.raw_execute(&sql).await.expect("insert version"), 1);
}

/// Format 0 as `serde_json` wrote the live `Service`, except that `rules` lacks `talks` and
/// `no_notes`, `themes` is missing (as if added later) and `region` and `rules.max_weeks` are
/// fields this build does not know (as if removed, or written by a newer build).
fn format_0(unit_id: i64) -> String {
    format!(
        r#"{{"unit_id":{unit_id},"region":"Nord","service":{{"name":"Familiebehandling","legal_refs":[{{"law":"Sel","paragraph":52,"subsection":3,"numbers":{{"One":3}}}}],"texts":{{"target_group":"Familier"}},"status":"active","approval":null,"ladder_step":4,"access":"referral","delivery":"individual","age_range":{{"min_years":0,"max_years":17}},"capacity":150,"in_report":true,"rules":{{"first_follow_up_months":3,"follow_up_every_months":6,"requires_consent":true,"max_weeks":12}}}}}}"#
    )
}

async fn an_old_version_missing_fields_and_with_unknown_ones_is_read(store: &Store) {
    let unit_id = unit(store).await;
    let stored = store.create_service(unit_id, &service("Familiebehandling", "SEL § 52.3.3"), None).await.expect("create");
    insert_version(store, stored.id, 2, &format_0(unit_id)).await;

    let expected = Service {
        name: "Familiebehandling".into(),
        legal_refs: parse_refs("SEL § 52, stk. 3, nr. 3").expect("refs"),
        texts: ServiceTexts { target_group: "Familier".into(), ..Default::default() },
        status: ServiceStatus::Active,
        approval: None,
        ladder_step: 4,
        access: Access::Referral,
        delivery: Delivery::Individual,
        age_range: Some(AgeRange { min_years: 0, max_years: 17 }),
        capacity: Some(150),
        in_report: true,
        rules: ServiceRules {
            talks: None,
            first_follow_up_months: Some(3),
            follow_up_every_months: Some(6),
            requires_consent: true,
            no_notes: false,
            family_treatment: false,
        },
        themes: Vec::new(),
    };
    let version = store.service_version(stored.id, 2).await.expect("format 0 version");
    assert_eq!(version.service, expected);
    assert_eq!((version.unit_id, version.unit_name.as_str()), (unit_id, "Familiehuset"));
    let on_today = store.catalogue_on(chrono::Utc::now().date_naive()).await.expect("catalogue today");
    assert_eq!(on_today.iter().map(|s| &s.service).collect::<Vec<_>>(), [&expected]);
}
both!(an_old_version_missing_fields_and_with_unknown_ones_is_read);

async fn new_versions_are_written_in_format_1_and_read_back(store: &Store) {
    let unit_id = unit(store).await;
    let original = service("Krisehjælp", "SEL § 11");
    let stored = store.create_service(unit_id, &original, None).await.expect("create");
    let mut changed = original.clone();
    changed.rules.talks = Some(5);
    changed.themes.push("krise".into());
    store.update_service(stored.id, unit_id, &changed, None).await.expect("update");

    // No reader exposes the raw text; an update matching the envelope counts the rows written in it.
    let in_format_1 = store.raw_execute(r#"UPDATE service_versions SET changed = changed WHERE snapshot LIKE '{"format":1,"data":{%'"#).await.expect("count");
    assert_eq!(in_format_1, 2, "both versions are written in format 1");
    assert_eq!(store.service_version(stored.id, 1).await.expect("version 1").service, original);
    assert_eq!(store.service_version(stored.id, 2).await.expect("version 2").service, changed);
    let on_today = store.catalogue_on(chrono::Utc::now().date_naive()).await.expect("catalogue today");
    assert_eq!(on_today.iter().map(|s| &s.service).collect::<Vec<_>>(), [&changed]);
}
both!(new_versions_are_written_in_format_1_and_read_back);

async fn a_newer_format_is_an_error_not_a_misreading(store: &Store) {
    let unit_id = unit(store).await;
    let stored = store.create_service(unit_id, &service("Familiebehandling", "SEL § 52.3.3"), None).await.expect("create");
    insert_version(store, stored.id, 2, &format!(r#"{{"format":99,"data":{}}}"#, format_0(unit_id))).await;
    insert_version(store, stored.id, 3, r#"{"format":1,"data":{"unit_id":1}}"#).await;

    let err = store.service_version(stored.id, 2).await.expect_err("format 99 refused");
    assert!(matches!(&err, StoreError::SnapshotFormat { found: 99, newest: 1, .. }), "{err}");
    assert!(err.to_string().starts_with(&format!("service {} version 2: snapshot format 99", stored.id)), "{err}");
    let err = store.service_version(stored.id, 3).await.expect_err("no service in the snapshot");
    assert!(matches!(&err, StoreError::Corrupt(_)), "{err}");
    assert!(store.service_version(stored.id, 1).await.is_ok(), "the other versions stay readable");
    assert!(matches!(store.catalogue_on(chrono::Utc::now().date_naive()).await, Err(StoreError::Corrupt(_))));
}
both!(a_newer_format_is_an_error_not_a_misreading);
