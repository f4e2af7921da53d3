//! The family around the child and a case's attachments through the store: members added,
//! overwritten and removed within their case only (another case's id is not found), an
//! attachment's bytes stored and read back exactly, lists without bytes, and retention deleting
//! both with the person's identity while a second person's case keeps its own.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::ReferralSource;
use familiehus_domain::attachment::{Attachment, AttachmentKind, FileType};
use familiehus_domain::family::{FamilyMember, Relation};
use familiehus_store::{Entity, NewCase, PersonInput, Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn mother(name: &str) -> FamilyMember {
    FamilyMember {
        relation: Relation::Mother,
        name: name.into(),
        custody: true,
        phone: "+4512345678".into(),
        address: "Havnegade 3\n5000 Odense C".into(),
        language: "arabisk".into(),
        interpreter: Some("arabisk".into()),
    }
}

async fn case(store: &Store, service_id: i64, name: &str) -> i64 {
    let new = NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::School,
        enrolled_on: d("2022-03-01"),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    };
    store.enrol_case(&new).await.expect("enrol").id
}

async fn family_and_attachments_live_and_die_with_their_case(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let ida = case(store, service_id, "Ida Jensen").await;
    let noah = case(store, service_id, "Noah Berg").await;

    let mut tx = store.begin().await.expect("begin");
    let sara = tx.add_family_member(ida, &mother("Sara Jensen"), None).await.expect("member");
    let brother = FamilyMember { relation: Relation::Sibling, custody: false, interpreter: None, phone: String::new(), ..mother("Emil Jensen") };
    let emil = tx.add_family_member(ida, &brother, None).await.expect("member");
    let noahs = tx.add_family_member(noah, &mother("Lene Berg"), None).await.expect("member");
    tx.commit().await.expect("commit");

    let family = store.case_family(ida).await.expect("family");
    assert_eq!(family.iter().map(|m| m.member.name.as_str()).collect::<Vec<_>>(), ["Sara Jensen", "Emil Jensen"]);
    assert_eq!(family[0].member, mother("Sara Jensen"), "read back field for field");
    assert_eq!(family[1].member.interpreter, None);

    // Overwritten in place; another case's id is not found, and nothing of it changes.
    let mut tx = store.begin().await.expect("begin");
    let moved = FamilyMember { address: "Vestergade 9\n5000 Odense C".into(), ..mother("Sara Jensen") };
    tx.change_family_member(ida, sara, &moved, None).await.expect("change");
    let wrong = tx.change_family_member(ida, noahs, &moved, None).await;
    assert!(matches!(wrong, Err(StoreError::NotFound { entity: Entity::FamilyMember, .. })), "{wrong:?}");
    let wrong = tx.remove_family_member(noah, emil).await;
    assert!(matches!(wrong, Err(StoreError::NotFound { .. })), "{wrong:?}");
    tx.remove_family_member(ida, emil).await.expect("remove");
    tx.commit().await.expect("commit");
    let family = store.case_family(ida).await.expect("family");
    assert_eq!(family.len(), 1);
    assert_eq!(family[0].member.address, "Vestergade 9\n5000 Odense C");
    assert!(family[0].changed_at.is_some());
    assert_eq!(store.case_family_member(noah, noahs).await.expect("member").member.address, "Havnegade 3\n5000 Odense C");

    // Every byte value round-trips (BLOB / BYTEA), and lists never carry the bytes.
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    let consent = Attachment { title: "Samtykke".into(), kind: AttachmentKind::SignedConsent, file_type: FileType::Pdf, bytes: bytes.clone() };
    let mut tx = store.begin().await.expect("begin");
    let id = tx.add_attachment(ida, &consent, None).await.expect("attachment");
    let other = tx.add_attachment(noah, &Attachment { title: "Afgørelse".into(), ..consent.clone() }, None).await.expect("attachment");
    tx.commit().await.expect("commit");
    let listed = store.attachments(ida).await.expect("list");
    assert_eq!(listed.iter().map(|a| (a.id, a.title.as_str(), a.size_bytes)).collect::<Vec<_>>(), [(id, "Samtykke", 70_009)]);
    let (info, read) = store.attachment_file(ida, id).await.expect("file");
    assert_eq!((info.file_type, info.kind), (FileType::Pdf, AttachmentKind::SignedConsent));
    assert!(read == bytes, "the bytes as stored");
    assert!(matches!(store.attachment_file(ida, other).await, Err(StoreError::NotFound { entity: Entity::Attachment, .. })), "another case's");

    // A refused transaction leaves nothing.
    let mut tx = store.begin().await.expect("begin");
    tx.add_attachment(ida, &consent, None).await.expect("attachment");
    drop(tx);
    assert_eq!(store.attachments(ida).await.expect("list").len(), 1);

    // Retention deletes Ida's family and attachments; Noah's stay.
    let person = store.case(ida).await.expect("case").person_id;
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.anonymise_person(person, d("2030-01-01")).await.expect("anonymise"));
    tx.commit().await.expect("commit");
    assert!(store.case_family(ida).await.expect("family").is_empty());
    assert!(store.attachments(ida).await.expect("list").is_empty());
    assert_eq!(store.case_family(noah).await.expect("family").len(), 1);
    assert_eq!(store.attachments(noah).await.expect("list").len(), 1);
}
both!(family_and_attachments_live_and_die_with_their_case);
