//! Applying an imported catalogue: all or nothing, matched by name, missing services retired.
//! On the catalogue fixture written for the project (five services), so it always runs.

use crate::catalogue::unit;
use familiehus_domain::catalogue_import::{import_catalogue, review};
use familiehus_domain::{Service, ServiceStatus};
use familiehus_store::{Store, StoreError};
use familiehus_test_support::both;

use familiehus_test_support::fixtures;

const SERVICES: usize = fixtures::CATALOGUE_SERVICES.len();

fn drafts() -> Vec<Service> {
    import_catalogue(fixtures::CATALOGUE).services.iter().map(review::to_service).collect()
}

async fn a_catalogue_imports_and_reimports_cleanly(store: &Store) {
    let unit_id = unit(store).await;
    let preview = store.preview_catalogue(unit_id, &drafts()).await.expect("preview");
    assert_eq!(preview.new.len(), SERVICES);
    assert!(store.list_services().await.expect("list").is_empty(), "a preview writes nothing");
    let first = store.apply_catalogue(unit_id, &drafts(), None).await.expect("import");
    assert_eq!(first.new.len(), SERVICES);
    assert_eq!(store.list_services().await.expect("list").len(), SERVICES);

    let again = store.apply_catalogue(unit_id, &drafts(), None).await.expect("reimport");
    assert_eq!((again.new.len(), again.changed.len(), again.unchanged.len()), (0, 0, SERVICES));

    let mut fewer = drafts();
    let dropped = fewer.remove(0).name;
    fewer[0].texts.other = "Ny tekst".into();
    let preview = store.preview_catalogue(unit_id, &fewer).await.expect("preview");
    let third = store.apply_catalogue(unit_id, &fewer, None).await.expect("third import");
    assert_eq!(preview, third, "the review shows exactly what accepting does");
    assert_eq!(third.retired, vec![dropped.clone()]);
    assert_eq!(third.changed.len(), 1);
    let services = store.list_services().await.expect("list");
    assert_eq!(services.len(), SERVICES, "retired services are kept for history");
    let retired = services.iter().find(|s| s.service.name == dropped).expect("kept");
    assert_eq!(retired.service.status, ServiceStatus::Retired);
}
both!(a_catalogue_imports_and_reimports_cleanly);

async fn a_failed_import_changes_nothing(store: &Store) {
    let unit_id = unit(store).await;
    let mut broken = drafts();
    broken[3].name = broken[2].name.clone(); // two services with one name: the second insert fails
    let err = store.apply_catalogue(unit_id, &broken, None).await.expect_err("duplicate names");
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(store.list_services().await.expect("list").is_empty());

    let mut invalid = drafts();
    invalid[SERVICES - 1].name = String::new();
    assert!(matches!(store.apply_catalogue(unit_id, &invalid, None).await, Err(StoreError::Invalid(_))));
    assert!(store.list_services().await.expect("list").is_empty());
}
both!(a_failed_import_changes_nothing);
