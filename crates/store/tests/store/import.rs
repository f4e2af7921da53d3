//! Applying an imported catalogue: all or nothing, matched by name, missing services retired.

use crate::catalogue::unit;
use crate::helpers::both;
use familiehus_domain::catalogue_import::{import_catalogue, review};
use familiehus_domain::{Service, ServiceStatus};
use familiehus_store::{Store, StoreError};

const SEED: &str = include_str!("../../../../../shared/seeds/indsatskatalog-familiehuset-2023.txt");

fn drafts() -> Vec<Service> {
    import_catalogue(SEED).services.iter().map(review::to_service).collect()
}

async fn the_seed_catalogue_imports_and_reimports_cleanly(store: &Store) {
    let unit_id = unit(store).await;
    let preview = store.preview_catalogue(unit_id, &drafts()).await.expect("preview");
    assert_eq!(preview.new.len(), 17);
    assert!(store.list_services().await.expect("list").is_empty(), "a preview writes nothing");
    let first = store.apply_catalogue(unit_id, &drafts(), None).await.expect("import");
    assert_eq!(first.new.len(), 17);
    assert_eq!(store.list_services().await.expect("list").len(), 17);

    let again = store.apply_catalogue(unit_id, &drafts(), None).await.expect("reimport");
    assert_eq!((again.new.len(), again.changed.len(), again.unchanged.len()), (0, 0, 17));

    let mut fewer = drafts();
    let dropped = fewer.remove(0).name;
    fewer[0].texts.other = "Ny tekst".into();
    let preview = store.preview_catalogue(unit_id, &fewer).await.expect("preview");
    let third = store.apply_catalogue(unit_id, &fewer, None).await.expect("third import");
    assert_eq!(preview, third, "the review shows exactly what accepting does");
    assert_eq!(third.retired, vec![dropped.clone()]);
    assert_eq!(third.changed.len(), 1);
    let services = store.list_services().await.expect("list");
    assert_eq!(services.len(), 17, "retired services are kept for history");
    let retired = services.iter().find(|s| s.service.name == dropped).expect("kept");
    assert_eq!(retired.service.status, ServiceStatus::Retired);
}
both!(the_seed_catalogue_imports_and_reimports_cleanly);

async fn a_failed_import_changes_nothing(store: &Store) {
    let unit_id = unit(store).await;
    let mut broken = drafts();
    broken[5].name = broken[4].name.clone(); // two services with one name: the second insert fails
    let err = store.apply_catalogue(unit_id, &broken, None).await.expect_err("duplicate names");
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(store.list_services().await.expect("list").is_empty());

    let mut invalid = drafts();
    invalid[16].name = String::new();
    assert!(matches!(store.apply_catalogue(unit_id, &invalid, None).await, Err(StoreError::Invalid(_))));
    assert!(store.list_services().await.expect("list").is_empty());
}
both!(a_failed_import_changes_nothing);
