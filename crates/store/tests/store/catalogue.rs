//! Units and services: round trip of every field, validation, duplicates.

use crate::helpers::both;
use familiehus_domain::legal_ref::parse_refs;
use familiehus_domain::*;
use familiehus_store::{Store, StoreError};

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
        rules: ServiceRules { talks: Some(8), first_follow_up_months: Some(3), follow_up_every_months: Some(6), requires_consent: true, no_notes: false },
        themes: vec!["familie".into(), "skilsmisse".into()],
    }
}

pub async fn unit(store: &Store) -> i64 {
    store.create_unit(&Unit { name: "Familiehuset".into(), short_name: "FH".into() }).await.expect("unit").id
}

async fn services_round_trip(store: &Store) {
    let unit_id = unit(store).await;
    let s = service("Familiebehandling", "SEL § 52.3.2 og 52.3.3");
    let stored = store.create_service(unit_id, &s).await.expect("create");
    assert_eq!(stored.service, s);
    assert_eq!(stored.unit_name, "Familiehuset");
    assert_eq!(store.service(stored.id).await.expect("read").service, s);

    let mut changed = s.clone();
    changed.status = ServiceStatus::Retired;
    changed.age_range = None;
    changed.legal_refs = parse_refs("BL § 32, stk. 1, nr. 3").expect("refs");
    let updated = store.update_service(stored.id, unit_id, &changed).await.expect("update");
    assert_eq!(updated.service, changed);
    assert_eq!(store.list_services().await.expect("list").len(), 1);
}
both!(services_round_trip);

async fn invalid_and_duplicate_services_are_refused_by_field(store: &Store) {
    let unit_id = unit(store).await;
    store.create_service(unit_id, &service("Krisehjælp", "SEL § 11")).await.expect("create");
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id, &service("Krisehjælp", "SEL § 11")).await else { panic!("duplicate accepted") };
    assert_eq!(errors.0[0].field, "name");
    let mut bad = service("Ny", "SEL § 11");
    bad.capacity = Some(0);
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id, &bad).await else { panic!("invalid accepted") };
    assert_eq!(errors.0[0].field, "capacity");
    let Err(StoreError::Invalid(errors)) = store.create_service(unit_id + 99, &service("Andet", "SEL § 11")).await else { panic!("unknown unit accepted") };
    assert_eq!(errors.0[0].field, "unit_id");
    assert_eq!(store.list_services().await.expect("list").len(), 1);
}
both!(invalid_and_duplicate_services_are_refused_by_field);
