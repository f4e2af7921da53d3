//! CPR numbers at rest: sealed in the database, found by their keyed hash, unique through it,
//! written sealed by the referral, the bulk seed and the demo; and a SQLite file holds none in
//! clear. Person search folds Æ, Ø and Å and finds birth dates.

use chrono::NaiveDate;
use familiehus_domain::{Cpr, PersonQuery, ReferralSource};
use familiehus_store::seed::bulk::BulkPerson;
use familiehus_store::{CprKey, NewCase, NewPerson, PersonInput, Store, StoreError};
use familiehus_test_support::{TestDb, both};

const CPR: &str = "010215-4321";

fn query(text: &str) -> PersonQuery {
    PersonQuery::parse(text).expect("a query")
}

async fn cpr_numbers_are_sealed_found_by_hash_and_unique(store: &Store) {
    let cpr = Cpr::parse(CPR).expect("cpr");
    let ida = store.create_person(&NewPerson { name: "Ida Ærø".into(), cpr: Some(cpr.clone()), ..Default::default() }).await.expect("person");
    assert_eq!(store.person(ida.id).await.expect("read").cpr, Some(cpr.clone()), "opened on reading");
    let found = store.search_persons(&query("0102154321")).await.expect("search");
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [ida.id]);
    assert!(store.search_persons(&query("010215-4322")).await.expect("search").is_empty());
    let dup = store.create_person(&NewPerson { name: "Dublet".into(), cpr: Some(cpr.clone()), ..Default::default() }).await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))), "the lookup hash is unique: {dup:?}");

    // Æ, Ø and Å in any case, and the birth date (from the CPR number).
    for text in ["ærø", "ÆRØ", "Ærø", "ida æ"] {
        assert_eq!(store.search_persons(&query(text)).await.expect("search").len(), 1, "{text}");
    }
    assert_eq!(store.search_persons(&query("01.02.2015")).await.expect("search").len(), 1);
    assert!(store.search_persons(&query("02.02.2015")).await.expect("search").is_empty());

    // The bulk seed seals too.
    let next = store.next_person_id().await.expect("next id");
    let bulk_cpr = Cpr::parse("020316-4320").expect("cpr");
    let person = BulkPerson { id: next, name: "Bo Bulk".into(), birth_date: bulk_cpr.birth_date(), cpr: Some(bulk_cpr.clone()) };
    store.insert_bulk(&[person], &[]).await.expect("bulk");
    assert_eq!(store.search_persons(&query("0203164320")).await.expect("search").iter().map(|p| p.id).collect::<Vec<_>>(), [next]);

    // A store without the key neither reads nor writes CPR numbers.
    let keyless = store.without_cpr_key();
    assert!(matches!(keyless.person(ida.id).await, Err(StoreError::NoCprKey)));
    assert!(matches!(keyless.search_persons(&query(CPR)).await, Err(StoreError::NoCprKey)));
    // And another key is refused outright: it would open nothing.
    assert!(matches!(keyless.use_cpr_key(&CprKey::generate()).await, Err(StoreError::CprKeyMismatch)));
}
both!(cpr_numbers_are_sealed_found_by_hash_and_unique);

async fn a_referral_seals_the_cpr_number(store: &Store) {
    let unit = crate::catalogue::unit(store).await;
    let service = store.create_service(unit, &crate::catalogue::service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let new = NewCase {
        service_id: service,
        person: PersonInput::Existing(0),
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: NaiveDate::from_ymd_opt(2022, 3, 1).expect("date"),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    };
    let person = NewPerson { name: "Alma Åberg".into(), cpr: Some(Cpr::parse(CPR).expect("cpr")), ..Default::default() };
    let record = store.enrol_case_for_new_person(&new, &person, Some("Familien Åberg")).await.expect("enrol");
    let found = store.search_persons(&query(CPR)).await.expect("search");
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [record.person_id]);
    assert_eq!(found[0].cpr.as_ref().map(Cpr::full).as_deref(), Some(CPR));
}
both!(a_referral_seals_the_cpr_number);

/// The attack the sealing answers: someone copies the database file (and its WAL).
#[tokio::test]
async fn a_copied_sqlite_file_holds_no_cpr_number_in_clear() {
    let db = TestDb::sqlite().await;
    let numbers = ["010215-4321", "311299-1238", "150608-4417"];
    for (i, n) in numbers.iter().enumerate() {
        let person = NewPerson { name: format!("Person {i}"), cpr: Some(Cpr::parse(n).expect("cpr")), ..Default::default() };
        db.store.create_person(&person).await.expect("person");
    }
    let file = db.sqlite_file().expect("an SQLite file");
    db.store.close().await;
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = file.clone().into_os_string();
        path.push(suffix);
        bytes.extend(std::fs::read(&path).unwrap_or_default());
    }
    assert!(bytes.len() > 4096, "read the database");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Person 0"), "names are still in clear, so the check can fail");
    for n in numbers {
        assert!(!text.contains(n) && !text.contains(&n.replace('-', "")), "{n} in clear");
    }
}

async fn the_demo_writes_sealed_invented_cpr_numbers(store: &Store) {
    familiehus_store::seed::seed_demo(store, NaiveDate::from_ymd_opt(2022, 4, 26).expect("date")).await.expect("demo");
    let mut with_cpr = Vec::new();
    for id in 1..=50 {
        if let Some(cpr) = store.person(id).await.expect("person").cpr {
            with_cpr.push((id, cpr));
        }
    }
    assert!(with_cpr.len() >= 10, "demo children have CPR numbers: {}", with_cpr.len());
    for (id, cpr) in with_cpr {
        let found = store.search_persons(&PersonQuery::Cpr(cpr.clone())).await.expect("search");
        assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
        // Invented: the check digit fails modulus 11, which every number issued before 2007 passes.
        let digits: Vec<u32> = cpr.full().chars().filter_map(|c| c.to_digit(10)).collect();
        let sum: u32 = digits.iter().zip([4, 3, 2, 7, 6, 5, 4, 3, 2, 1]).map(|(d, w)| d * w).sum();
        assert_ne!(sum % 11, 0, "{cpr:?}");
    }
}
both!(the_demo_writes_sealed_invented_cpr_numbers);
