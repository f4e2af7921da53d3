//! Strengthened family treatment on the journal (issue 11, item 11): a service marked as such
//! through the API keeps the flag; its group session names the other families (at most 8 in
//! all) and always has two practitioners, each refusal a Danish 422 at its field with nothing
//! saved; flexible time and "family may read" are stored; an ordinary service takes no other
//! families; a family out of the actor's reach is refused like an unknown one.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::world;
use familiehus_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_group_session_of_family_treatment_names_its_families_and_two_staff() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let behandler = w.user(Role::Practitioner).id;
    let gruppeleder = w.user(Role::GroupLeader).id;
    let unit = app.create_unit("Familiebehandlingen", "FB").await;
    let body = json!({"unit_id": unit, "name": "Styrket familiebehandling", "legal_refs": "§ 52.3.3", "ladder_step": 5,
        "access": "referral", "delivery": "group", "in_report": true, "rules": {"family_treatment": true}});
    let created = expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await;
    assert_eq!(created["rules"]["family_treatment"], true, "{created}");
    let service = id_of(&created);
    let case = app.case(service, "2022-02-01", Some("2022-02-15"), None).await;
    let mut others = Vec::new();
    for _ in 0..8 {
        others.push(app.case(service, "2022-02-01", Some("2022-02-15"), None).await);
    }
    let waiting = app.case(service, "2022-02-01", None, None).await;
    let path = format!("/api/cases/{case}/journal");
    let session = |group: &[i64], practitioners: &[i64]| {
        json!({"kind": "group_session", "occurred_on": "2022-04-01", "start_time": "06.30", "minutes": 120, "place": "unit",
            "participants": ["child", "parents"], "practitioners": practitioners, "note": "Flerfamiliegruppe: morgenrutiner.",
            "group_cases": group, "flexible": true, "family_may_read": true})
    };

    let refused = |body: serde_json::Value, field: &'static str, words: &'static str| {
        let app = &app;
        let path = path.clone();
        async move {
            let error = expect_json(app.post(&path, &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(error_fields(&error), [field], "{error}");
            let message = error["error"]["fields"][0]["message_da"].as_str().unwrap_or_default().to_owned();
            assert!(message.contains(words), "{message}");
        }
    };
    refused(session(&others[..1], &[behandler]), "practitioners", "altid to behandlere").await;
    refused(session(&others, &[behandler, gruppeleder]), "group_cases", "højst 8 familier").await;
    refused(session(&[waiting], &[behandler, gruppeleder]), "group_cases", "ikke iværksat").await;
    refused(session(&[w.case], &[behandler, gruppeleder]), "group_cases", "styrket familiebehandling").await;
    refused(session(&[999_999], &[behandler, gruppeleder]), "group_cases", "findes ikke").await;
    assert!(app.store.journal(case).await.expect("journal").is_empty(), "nothing saved");

    let created = expect_json(app.post(&path, &session(&others[..7], &[behandler, gruppeleder])).await, StatusCode::CREATED).await;
    let entry = id_of(&created);
    let journal = app.store.journal(case).await.expect("journal");
    let contact = &journal.iter().find(|e| e.id == entry).and_then(|e| e.current()).expect("entry").contact;
    assert_eq!(contact.group_cases, others[..7].to_vec());
    assert!(contact.flexible && contact.family_may_read);

    // An ordinary service's group session takes no other families, and one practitioner.
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let ordinary = format!("/api/cases/{}/journal", w.case);
    let error = expect_json(app.post(&ordinary, &session(&others[..1], &[behandler])).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["group_cases"], "{error}");
    expect_json(app.post(&ordinary, &session(&[], &[behandler])).await, StatusCode::CREATED).await;
}
