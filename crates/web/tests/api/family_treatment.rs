//! Strengthened family treatment on the journal (issue 11, item 11): a service marked as such
//! through the API keeps the flag; its group session names the other families (at most 8 in
//! all) and always has two practitioners, each refusal a Danish 422 at its field with nothing
//! saved; flexible time and "family may read" are stored; an ordinary service takes no other
//! families; a family out of the actor's reach is refused like an unknown one.
//!
//! The pages and API of the phases, the network map and the family's log: refusals at their
//! fields (422, typed kept, nothing saved), a case on another service refused, another unit's
//! practitioner answered 404 (logged), and the family's log never shows an entry not marked
//! readable; the case page shows the phase and the planned/flexible split.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::World;
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

async fn family_treatment_service(app: &TestApp, unit_id: i64, name: &str) -> i64 {
    let body = json!({"unit_id": unit_id, "name": name, "legal_refs": "§ 52.3.3", "ladder_step": 5,
        "access": "referral", "delivery": "individual", "in_report": true, "rules": {"family_treatment": true}});
    id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await)
}

fn contact(w: &World, occurred_on: &str, note: &str, flexible: bool, readable: bool) -> serde_json::Value {
    json!({"kind": "home_visit", "occurred_on": occurred_on, "start_time": if flexible { "06.45" } else { "10.00" }, "minutes": 90, "place": "home",
        "participants": ["child", "parents"], "practitioners": [w.user(Role::Practitioner).id], "note": note,
        "flexible": flexible, "family_may_read": readable})
}

async fn page_as(app: &TestApp, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    (response.status(), response.text().await.expect("body"))
}

fn phases(p2_start: &str) -> Vec<(&str, &str)> {
    vec![
        ("phase1_start", "15.02.2022"),
        ("phase1_end", "28.02.2022"),
        ("phase2_start", p2_start),
        ("phase2_end", "31.08.2022"),
        ("phase3_start", ""),
        ("phase3_end", ""),
    ]
}

async fn pages_story(app: &TestApp) {
    let w = world(app).await;
    let home_unit = app.store.service(w.service).await.expect("service").unit_id;
    let other_unit = app.store.service(w.other_service).await.expect("service").unit_id;
    let sft = family_treatment_service(app, home_unit, "Styrket familiebehandling").await;
    let case = app.case(sft, "2022-02-01", Some("2022-02-15"), None).await;
    let foreign_sft = family_treatment_service(app, other_unit, "Styrket familiebehandling FTI").await;
    let foreign = app.case(foreign_sft, "2022-02-01", Some("2022-02-15"), None).await;
    let behandler = app.client_as("behandler").await;

    // The journal: planned and readable, flexible and internal, planned and internal.
    let journal = format!("/api/cases/{case}/journal");
    for body in [
        contact(&w, "2022-03-01", "Vi talte om morgenrutinerne, og I valgte to ting at øve.", false, true),
        contact(&w, "2022-03-08", "INTERN: bekymring fra skolen drøftet i teamet.", true, false),
        contact(&w, "2022-03-15", "INTERN: supervision forberedt.", false, false),
    ] {
        expect_json(app.post(&journal, &body).await, StatusCode::CREATED).await;
    }

    // Phases: refused at its field as typed and nothing saved, then saved; the case page shows the phase.
    let response = app.submit(&behandler, &format!("/sager/{case}/faser"), &phases("28.02.2022")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – Faser"), "{html}");
    assert!(html.contains("href=\"#phase2_start\"") && html.contains("id=\"phase2_start-fejl\"") && html.contains("01.03.2022"), "{html}");
    assert!(html.contains("value=\"31.08.2022\""), "typed kept: {html}");
    assert!(app.store.phases(case).await.expect("phases").is_empty(), "nothing saved");
    let response = app.submit(&behandler, &format!("/sager/{case}/faser"), &phases("01.03.2022")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    let (status, case_page) = page_as(app, &behandler, &format!("/sager/{case}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(case_page.contains("Styrket familiebehandling") && case_page.contains("Fase 2: Indsatsen hos leverandøren"), "{case_page}");
    // 180 planned and 90 flexible minutes: 67 % planned, within 5 points of 70.
    assert!(case_page.contains("67 % planlagt / 33 % fleksibel") && !case_page.contains("Uden for målet"), "{case_page}");
    for link in ["faser", "netvaerk", "familiens-log"] {
        assert!(case_page.contains(&format!("href=\"/sager/{case}/{link}\"")), "{link}");
    }
    let api = expect_json(app.get(&format!("/api/cases/{case}/phases")).await, StatusCode::OK).await;
    assert_eq!((api["current"].as_u64(), api["phases"][1]["starts_on"].as_str()), (Some(2), Some("2022-03-01")), "{api}");
    let bad = json!({"phase1_start": "2022-02-15", "phase2_start": "2022-03-01"});
    let refused = expect_json(app.put(&format!("/api/cases/{case}/phases"), &bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["phase2_start"], "phase 1 has not ended: {refused}");

    // The network map: a refused row named by number; two snapshots and their comparison.
    let path = format!("/sager/{case}/netvaerk");
    let (status, html) = page_as(app, &behandler, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"name_5\"") && !html.contains("id=\"name_6\""), "five blank rows: {html}");
    let first = [
        ("taken_on", "01.03.2022"),
        ("name_1", "Inge Hansen"),
        ("relation_1", "Mormor"),
        ("closeness_1", "medium"),
        ("name_2", "Ali"),
        ("relation_2", "Nabo"),
        ("closeness_2", "distant"),
    ];
    let mut bad = first.to_vec();
    bad.push(("name_3", "Bo"));
    let response = app.submit(&behandler, &path, &bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – ") && html.contains("href=\"#people\"") && html.contains("Række 3"), "{html}");
    assert!(html.contains("value=\"Inge Hansen\"") && html.contains("value=\"Bo\""), "typed kept: {html}");
    assert!(app.store.network_maps(case).await.expect("maps").is_empty(), "nothing saved");
    assert_eq!(app.submit(&behandler, &path, &first).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_as(app, &behandler, &path).await;
    assert!(html.contains("value=\"Inge Hansen\"") && html.contains("value=\"Mormor\""), "prefilled from the latest: {html}");
    let second = [
        ("taken_on", "15.04.2022"),
        ("name_1", "Inge Hansen"),
        ("relation_1", "Mormor"),
        ("closeness_1", "close"),
        ("name_2", "Sara"),
        ("relation_2", "Fodboldtræner"),
        ("closeness_2", "medium"),
    ];
    assert_eq!(app.submit(&behandler, &path, &second).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_as(app, &behandler, &path).await;
    assert!(html.contains("Ændringer i netværket Fra 01.03.2022 til 15.04.2022"), "{html}");
    for change in ["Ny i netværket", "Ikke længere med", "Rykket tættere på"] {
        assert!(html.contains(change), "{change}: {html}");
    }
    assert!(html.contains("<svg") && html.contains("role=\"img\""), "{html}");
    let maps = expect_json(app.get(&format!("/api/cases/{case}/network-maps")).await, StatusCode::OK).await;
    assert_eq!(maps.as_array().map(Vec::len), Some(2));
    let body = json!({"taken_on": "2022-04-20", "people": [{"name": "Inge", "relation": "", "closeness": "near"}]});
    let refused = expect_json(app.post(&format!("/api/cases/{case}/network-maps"), &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["people"]);

    // The family's log: only the readable entry, no internal note, no other case numbers; printable.
    let (status, log) = page_as(app, &behandler, &format!("/sager/{case}/familiens-log")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(log.contains("Vi talte om morgenrutinerne") && log.contains("01.03.2022 kl. 10.00") && log.contains("90 min."), "{log}");
    assert!(!log.contains("INTERN") && !log.contains("Sammen med sag") && !log.contains("Fleksibel tid"), "{log}");
    assert!(log.contains("class=\"breadcrumb no-print\""), "{log}");
    let api = expect_json(app.get(&format!("/api/cases/{case}/family-log")).await, StatusCode::OK).await;
    assert_eq!(api["entries"].as_array().map(Vec::len), Some(1), "{api}");
    assert!(!api.to_string().contains("INTERN"), "{api}");
    let actions: Vec<String> = app.store.audit_for_case(case).await.expect("audit").into_iter().map(|e| e.action).collect();
    for action in ["read_phases", "save_phases", "read_network_map", "add_network_map", "read_family_log"] {
        assert!(actions.contains(&action.to_owned()), "{action}: {actions:?}");
    }

    // Another service: refused in Danish, no section on the case page.
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let refused = expect_json(app.get(&format!("/api/cases/{}/phases", w.case)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["service"], "{refused}");
    let (status, html) = page_as(app, &behandler, &format!("/sager/{}/netvaerk", w.case)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("er ikke styrket familiebehandling"), "{html}");
    let response = app.submit(&behandler, &format!("/sager/{}/faser", w.case), &phases("01.03.2022")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, html) = page_as(app, &behandler, &format!("/sager/{}", w.case)).await;
    assert!(!html.contains("id=\"styrket\""), "{html}");

    // Another unit's case: 404 on pages, API and writes, each attempt logged.
    for path in [
        format!("/sager/{foreign}/faser"),
        format!("/sager/{foreign}/netvaerk"),
        format!("/sager/{foreign}/familiens-log"),
        format!("/api/cases/{foreign}/family-log"),
    ] {
        let (status, _) = page_as(app, &behandler, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let response = app.submit(&behandler, &format!("/sager/{foreign}/faser"), &phases("01.03.2022")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(app.store.phases(foreign).await.expect("phases").is_empty());
    let refusals = app.store.audit_for_case(foreign).await.expect("audit").into_iter().filter(|e| e.action == "refused").count();
    assert_eq!(refusals, 5);
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn phases_network_maps_and_the_family_log_within_need_to_know() {
    pages_story(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn phases_network_maps_and_the_family_log_within_need_to_know_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        pages_story(&app).await;
    }
}
