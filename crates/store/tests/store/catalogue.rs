//! Units and services: round trip of every field, validation, duplicates.

use familiehus_domain::Role;
use familiehus_domain::legal_ref::parse_refs;
use familiehus_domain::*;
use familiehus_store::{Store, StoreError};
use familiehus_test_support::both;

pub fn service(name: &str, refs: &str) -> Service {
    Service {
        name: name.into(),
        legal_refs: parse_refs(refs).expect("refs"),
        texts: ServiceTexts { target_group: "Familier med børn 0-17 år".into(), other: "Leveres af Familiehuset".into(), ..Default::default() },
        status: ServiceStatus::Active,
        approval: Some(Approval { body: "Børne- og Ungdomsudvalget".into(), date: chrono::NaiveDate::from_ymd_opt(2023, 4, 20).expect("date") }),
        ladder_step: 4,
        access: Access::Referral,
        delivery: Delivery::Individual,
        age_range: Some(AgeRange { min_years: 0, max_years: 17 }),
        capacity: Some(150),
        in_report: true,
        rules: ServiceRules {
            talks: Some(8),
            first_follow_up_months: Some(3),
            follow_up_every_months: Some(6),
            requires_consent: true,
            no_notes: false,
            family_treatment: false,
        },
        themes: vec!["familie".into(), "skilsmisse".into()],
    }
}

pub async fn unit(store: &Store) -> i64 {
    store.create_unit(&Unit { name: "Familiehuset".into(), short_name: "FH".into() }).await.expect("unit").id
}

async fn services_round_trip(store: &Store) {
    let unit_id = unit(store).await;
    let s = service("Familiebehandling", "SEL § 52.3.2 og 52.3.3");
    let stored = store.create_service(unit_id, &s, None).await.expect("create");
    assert_eq!(stored.service, s);
    assert_eq!(stored.unit_name, "Familiehuset");
    assert_eq!(store.service(stored.id).await.expect("read").service, s);

    let mut changed = s.clone();
    changed.status = ServiceStatus::Retired;
    changed.age_range = None;
    changed.legal_refs = parse_refs("BL § 32, stk. 1, nr. 3").expect("refs");
    let updated = store.update_service(stored.id, unit_id, &changed, None).await.expect("update");
    assert_eq!(updated.service, changed);
    assert_eq!(store.list_services().await.expect("list").len(), 1);
}
both!(services_round_trip);

async fn invalid_and_duplicate_services_are_refused_by_field(store: &Store) {
    let unit_id = unit(store).await;
    store.create_service(unit_id, &service("Krisehjælp", "SEL § 11"), None).await.expect("create");
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id, &service("Krisehjælp", "SEL § 11"), None).await else {
        panic!("duplicate accepted")
    };
    assert_eq!(errors.0[0].field, "name");
    let mut bad = service("Ny", "SEL § 11");
    bad.capacity = Some(0);
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id, &bad, None).await else { panic!("invalid accepted") };
    assert_eq!(errors.0[0].field, "capacity");
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id + 99, &service("Andet", "SEL § 11"), None).await else {
        panic!("unknown unit accepted")
    };
    assert_eq!(errors.0[0].field, "unit_id");
    assert_eq!(store.list_services().await.expect("list").len(), 1);
}
both!(invalid_and_duplicate_services_are_refused_by_field);

async fn every_change_is_kept_as_a_version(store: &Store) {
    let unit_id = unit(store).await;
    let user = store
        .create_user(&familiehus_store::NewUser {
            username: "leder".into(),
            display_name: "Lene Leder".into(),
            role: Role::UnitLeader,
            unit_id: Some(unit_id),
            password_hash: "x".into(),
        })
        .await
        .expect("user");
    let original = service("Familiebehandling", "§ 52.3.3");
    let stored = store.create_service(unit_id, &original, Some(user.id)).await.expect("create");
    let mut changed = original.clone();
    changed.capacity = Some(120);
    changed.texts.target_group = "Nye familier".into();
    store.update_service(stored.id, unit_id, &changed, Some(user.id)).await.expect("update");
    store.update_service(stored.id, unit_id, &changed, None).await.expect("no-op update");

    let history = store.service_history(stored.id).await.expect("history");
    assert_eq!(history.len(), 2, "an update that changes nothing adds no version");
    assert_eq!(history[0].changed, "Målgruppe, Kapacitet");
    assert_eq!(history[0].user_name.as_deref(), Some("Lene Leder"));
    assert_eq!(history[1].changed, "Oprettet");
    assert_eq!(store.service_version(stored.id, 1).await.expect("version 1").service, original);
    assert_eq!(store.service_version(stored.id, 2).await.expect("version 2").service, changed);
    assert!(matches!(store.service_version(stored.id, 3).await, Err(StoreError::NotFound { .. })));

    let today = chrono::Utc::now().date_naive();
    let now = store.catalogue_on(today).await.expect("today");
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].service, changed);
    assert!(store.catalogue_on(today - chrono::Days::new(1)).await.expect("yesterday").is_empty(), "nothing existed yesterday");
}
both!(every_change_is_kept_as_a_version);
