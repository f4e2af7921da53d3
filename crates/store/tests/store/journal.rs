//! The journal through the store: an entry and its corrections as versions, oldest first, the
//! newest contact first in the list, and a second correction with the same number refused as
//! concurrent rather than overwriting.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::{ReferralSource, Role};
use familiehus_store::{NewCase, NewUser, PersonInput, Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn contact(on: &str, minutes: u16, practitioners: Vec<i64>) -> Contact {
    Contact {
        kind: ContactKind::HomeVisit,
        occurred_on: d(on),
        start: StartTime::new(14, 5).expect("time"),
        minutes,
        place: ContactPlace::Home,
        participants: vec![Participant::Child, Participant::FosterParents],
        practitioners,
        note: "Besøg i hjemmet.".into(),
        flexible: false,
        family_may_read: false,
        group_cases: Vec::new(),
    }
}

async fn corrections_are_new_versions_and_nothing_is_overwritten(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let new_user = |username: &str| NewUser {
        username: username.into(),
        display_name: format!("Bruger {username}"),
        role: Role::Practitioner,
        unit_id: Some(unit_id),
        password_hash: "$argon2id$fake".into(),
    };
    let anna = store.create_user(&new_user("anna")).await.expect("user").id;
    let bo = store.create_user(&new_user("bo")).await.expect("user").id;
    let case = store
        .enrol_case(&NewCase {
            service_id,
            person: PersonInput::New { name: "Ida Jensen".into(), birth_date: None },
            referral_source: ReferralSource::AuthorityDecision,
            enrolled_on: d("2022-03-01"),
            note: String::new(),
            referred_by_user_id: None,
            assigned_user_id: None,
        })
        .await
        .expect("enrol")
        .id;

    let mut tx = store.begin().await.expect("begin");
    let first = tx.add_journal_entry(case, &contact("2022-04-01", 60, vec![anna, bo]), Some(anna)).await.expect("entry");
    let second = tx.add_journal_entry(case, &contact("2022-04-20", 45, vec![bo]), None).await.expect("entry");
    tx.add_journal_version(first, 2, &contact("2022-04-01", 75, vec![anna, bo]), Some(bo)).await.expect("correction");
    tx.commit().await.expect("commit");

    let journal = store.journal(case).await.expect("journal");
    assert_eq!(journal.iter().map(|e| e.id).collect::<Vec<_>>(), [second, first], "newest contact first");
    let versions = &journal[1].versions;
    assert_eq!(versions.iter().map(|v| (v.version, v.contact.minutes)).collect::<Vec<_>>(), [(1, 60), (2, 75)]);
    assert_eq!(versions[0].practitioner_names, ["Bruger anna", "Bruger bo"]);
    assert_eq!(versions[1].written_by_name.as_deref(), Some("Bruger bo"));
    assert_eq!(versions[0].contact.participants, [Participant::Child, Participant::FosterParents]);
    assert_eq!(journal[0].versions[0].written_by, None);

    // Someone else's correction took version 2 first: this one is refused, the first kept.
    let mut tx = store.begin().await.expect("begin");
    let late = tx.add_journal_version(first, 2, &contact("2022-04-01", 90, vec![anna]), Some(anna)).await;
    assert!(matches!(late, Err(StoreError::Concurrent)), "{late:?}");
    drop(tx);
    let journal = store.journal(case).await.expect("journal");
    assert_eq!(journal[1].versions.iter().map(|v| v.contact.minutes).collect::<Vec<_>>(), [60, 75]);

    // Retention removes the notes' free text with the person's identity; the contacts stay.
    let person = store.case(case).await.expect("case").person_id;
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.anonymise_person(person, d("2030-01-01")).await.expect("anonymise"));
    tx.commit().await.expect("commit");
    let journal = store.journal(case).await.expect("journal");
    assert_eq!(journal.iter().map(|e| e.versions.len()).sum::<usize>(), 3);
    assert!(journal.iter().flat_map(|e| &e.versions).all(|v| v.contact.note.is_empty() && v.contact.minutes > 0));
}
both!(corrections_are_new_versions_and_nothing_is_overwritten);
