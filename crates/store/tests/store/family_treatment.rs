//! Strengthened family treatment through the store: the service's flag kept with its versions,
//! a case's phases saved and replaced, network maps read back oldest first with their people in
//! order, a group session's other families, flexible time and "family may read" on a journal
//! version, and retention blanking the network's names.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::family_treatment::{PhaseDates, Phases};
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::network_map::{Closeness, NetworkMap, NetworkPerson};
use familiehus_domain::{ReferralSource, Role};
use familiehus_store::{NewCase, NewUser, PersonInput, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn person(name: &str, relation: &str, closeness: Closeness) -> NetworkPerson {
    NetworkPerson { name: name.into(), relation: relation.into(), closeness }
}

async fn a_family_treatment_case_keeps_phases_maps_and_group_sessions(store: &Store) {
    let unit_id = unit(store).await;
    let mut sft = service("Styrket familiebehandling", "§ 52.3.3");
    sft.rules.family_treatment = true;
    let stored = store.create_service(unit_id, &sft, None).await.expect("service");
    assert!(stored.service.rules.family_treatment);
    assert!(store.service_version(stored.id, 1).await.expect("version").service.rules.family_treatment, "the flag is kept with the version");
    let mut plain = sft.clone();
    plain.rules.family_treatment = false;
    store.update_service(stored.id, unit_id, &plain, None).await.expect("update");
    assert!(!store.service(stored.id).await.expect("read").service.rules.family_treatment);
    assert!(store.service_version(stored.id, 1).await.expect("version").service.rules.family_treatment, "history unchanged");
    store.update_service(stored.id, unit_id, &sft, None).await.expect("update");

    let anna = store
        .create_user(&NewUser {
            username: "anna".into(),
            display_name: "Anna".into(),
            role: Role::Practitioner,
            unit_id: Some(unit_id),
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user")
        .id;
    let bo = store
        .create_user(&NewUser {
            username: "bo".into(),
            display_name: "Bo".into(),
            role: Role::Practitioner,
            unit_id: Some(unit_id),
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user")
        .id;
    let mut cases = Vec::new();
    for name in ["Ida Jensen", "Ali Hansen"] {
        let case = store
            .enrol_case(&NewCase {
                service_id: stored.id,
                person: PersonInput::New { name: name.into(), birth_date: None },
                referral_source: ReferralSource::AuthorityDecision,
                enrolled_on: d("2022-02-01"),
                note: String::new(),
                referred_by_user_id: None,
                assigned_user_id: None,
            })
            .await
            .expect("enrol")
            .id;
        store.start_case(case, d("2022-02-01"), None).await.expect("start");
        cases.push(case);
    }
    let (case, other) = (cases[0], cases[1]);

    assert!(store.phases(case).await.expect("phases").is_empty());
    let first = Phases([PhaseDates { starts_on: Some(d("2022-02-01")), ends_on: None }, PhaseDates::default(), PhaseDates::default()]);
    let later = Phases([
        PhaseDates { starts_on: Some(d("2022-02-01")), ends_on: Some(d("2022-02-28")) },
        PhaseDates { starts_on: Some(d("2022-03-01")), ends_on: Some(d("2022-09-30")) },
        PhaseDates::default(),
    ]);
    let mut tx = store.begin().await.expect("begin");
    tx.save_phases(case, &first, Some(anna)).await.expect("phases");
    tx.commit().await.expect("commit");
    assert_eq!(store.phases(case).await.expect("phases"), first);
    let mut tx = store.begin().await.expect("begin");
    tx.save_phases(case, &later, Some(anna)).await.expect("phases");
    tx.commit().await.expect("commit");
    assert_eq!(store.phases(case).await.expect("phases"), later, "replaced");
    assert!(store.phases(other).await.expect("phases").is_empty());

    let march = NetworkMap { taken_on: d("2022-03-01"), people: vec![person("Inge", "Mormor", Closeness::Close), person("Ali", "Nabo", Closeness::Distant)] };
    let june = NetworkMap { taken_on: d("2022-06-01"), people: vec![person("Ali", "Nabo", Closeness::Medium), person("Sara", "Veninde", Closeness::Close)] };
    let mut tx = store.begin().await.expect("begin");
    // Written out of date order: read back by date.
    tx.add_network_map(case, &june, Some(anna)).await.expect("map");
    tx.add_network_map(case, &march, Some(anna)).await.expect("map");
    tx.commit().await.expect("commit");
    let maps = store.network_maps(case).await.expect("maps");
    assert_eq!(maps.iter().map(|m| m.map.clone()).collect::<Vec<_>>(), vec![march, june]);
    assert_eq!(maps[0].written_by_name.as_deref(), Some("Anna"));
    assert!(store.network_maps(other).await.expect("maps").is_empty());

    let contact = Contact {
        kind: ContactKind::GroupSession,
        occurred_on: d("2022-04-01"),
        start: StartTime::new(6, 30).expect("time"),
        minutes: 120,
        place: ContactPlace::Unit,
        participants: vec![Participant::Child, Participant::Parents],
        practitioners: vec![anna, bo],
        note: "Flerfamiliegruppe om morgenrutiner.".into(),
        flexible: true,
        family_may_read: true,
        group_cases: vec![other],
    };
    let mut tx = store.begin().await.expect("begin");
    let entry = tx.add_journal_entry(case, &contact, Some(anna)).await.expect("entry");
    let internal = Contact { family_may_read: false, flexible: false, group_cases: Vec::new(), ..contact.clone() };
    tx.add_journal_version(entry, 2, &internal, Some(anna)).await.expect("version");
    tx.commit().await.expect("commit");
    let journal = store.journal(case).await.expect("journal");
    assert_eq!(journal[0].versions[0].contact, contact, "every new field round-trips");
    assert_eq!(journal[0].versions[1].contact, internal);

    let mut tx = store.begin().await.expect("begin");
    let person_id = tx.case(case).await.expect("case").person_id;
    assert!(tx.anonymise_person(person_id, d("2030-01-01")).await.expect("anonymise"));
    tx.commit().await.expect("commit");
    let maps = store.network_maps(case).await.expect("maps");
    assert!(maps.iter().flat_map(|m| &m.map.people).all(|p| p.name.is_empty() && p.relation.is_empty()), "retention removes the names");
    assert_eq!(maps[1].map.people[1].closeness, Closeness::Close, "the circles stay");
}
both!(a_family_treatment_case_keeps_phases_maps_and_group_sessions);

/// The demo: Familiehuset's "Familiebehandling" is strengthened family treatment, and two of
/// its running cases get phases that pass the domain's rule, two differing network maps and
/// planned, flexible and family-readable contacts.
async fn the_demo_shows_strengthened_family_treatment(store: &Store) {
    use familiehus_domain::family_treatment::{HoursSplit, PhaseFrame};
    let today = d("2026-11-25");
    familiehus_store::seed::demo::seed_demo(store, today).await.expect("demo");
    let unit_id = store.unit_by_name("Familiehuset").await.expect("unit").expect("Familiehuset").id;
    let practitioner = store
        .create_user(&NewUser {
            username: "behandler".into(),
            display_name: "Bente Behandler".into(),
            role: Role::Practitioner,
            unit_id: Some(unit_id),
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user")
        .id;
    let marked: Vec<_> = store.list_services().await.expect("services").into_iter().filter(|s| s.service.rules.family_treatment).collect();
    assert_eq!(marked.iter().map(|s| s.service.name.as_str()).collect::<Vec<_>>(), ["Familiebehandling"]);
    assert_eq!(store.seed_demo_family_treatment(unit_id, practitioner, None, today).await.expect("seed"), 2);
    let cases = store.cases_of_service(marked[0].id).await.expect("cases");
    let mut seen = 0;
    for case in cases {
        let phases = store.phases(case.id).await.expect("phases");
        if phases.is_empty() {
            continue;
        }
        seen += 1;
        let frame = PhaseFrame { started_on: case.case.started_on(), closed_on: case.case.closed_on(), today };
        assert!(phases.problems(&frame).is_empty(), "{phases:?}");
        assert!(phases.current(today).is_some());
        let maps = store.network_maps(case.id).await.expect("maps");
        assert_eq!(maps.len(), 2);
        assert!(!familiehus_domain::network_map::compare(&maps[0].map.people, &maps[1].map.people).is_empty());
        let journal = store.journal(case.id).await.expect("journal");
        let current: Vec<_> = journal.iter().filter_map(|e| e.current()).collect();
        assert!(current.iter().any(|v| v.contact.family_may_read) && current.iter().any(|v| !v.contact.family_may_read));
        assert!(HoursSplit::of(current.iter().map(|v| (v.contact.minutes, v.contact.flexible))).flexible_minutes > 0);
    }
    assert_eq!(seen, 2);
}

both!(the_demo_shows_strengthened_family_treatment);
