//! The case journal (issue 11, item 3): a contact with two practitioners and participants, a
//! correction kept as a new version beside the first, every bad input refused at its field
//! with nothing saved and the form keeping what was typed, need-to-know on reading and
//! writing (refusals logged), and the JSON API. The lifecycle also runs on PostgreSQL.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::{World, world};
use familiehus_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Setup {
    w: World,
    behandler: i64,
    gruppeleder: i64,
}

/// The world's Familiehuset case, started 10.03.2022 (today is 26.04.2022).
async fn setup(app: &TestApp) -> Setup {
    let w = world(app).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let behandler = w.user(Role::Practitioner).id;
    let gruppeleder = w.user(Role::GroupLeader).id;
    Setup { w, behandler, gruppeleder }
}

fn contact<'a>(s: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    s.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn home_visit(s: &Setup, overrides: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("kind", "home_visit".into()),
        ("occurred_on", "20.04.2022".into()),
        ("start_time", "14.05".into()),
        ("minutes", "90".into()),
        ("place", "home".into()),
        ("participant_child", "1".into()),
        ("participant_parents", "1".into()),
        ("practitioner_1", s.behandler.to_string()),
        ("practitioner_2", s.gruppeleder.to_string()),
        ("note", "Første hjemmebesøg. Mor og Ida viste rundt.".into()),
    ];
    for (k, v) in overrides {
        match fields.iter_mut().find(|(f, _)| f == k) {
            Some(field) => field.1 = (*v).to_owned(),
            None => fields.push((k, (*v).to_owned())),
        }
    }
    fields
}

async fn journal_json(app: &TestApp, case: i64) -> Vec<Value> {
    let body = app.get_json(&format!("/api/cases/{case}/journal"), StatusCode::OK).await;
    body.as_array().cloned().unwrap_or_else(|| panic!("not a list: {body}"))
}

async fn lifecycle(app: &TestApp) {
    let s = setup(app).await;
    let case = s.w.case;
    let client = app.client_as("behandler").await;

    let fields = home_visit(&s, &[]);
    let response = app.submit(&client, &format!("/sager/{case}/journal"), &contact(&fields)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(location, format!("/sager/{case}?besked=journal#journal"));
    let page = client.get(app.url(&location)).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Kontakten er skrevet i journalen."), "{page}");
    assert!(page.contains("Hjemmebesøg 20.04.2022 kl. 14.05"), "{page}");
    assert!(page.contains("90 min. · Hjemmet · Deltagere: Barnet, Forældre · Behandler: Bruger behandler og Bruger gruppeleder"), "{page}");
    assert!(page.contains("Første hjemmebesøg. Mor og Ida viste rundt."));

    let entries = journal_json(app, case).await;
    assert_eq!(entries.len(), 1);
    let entry = id_of(&entries[0]);
    assert_eq!(entries[0]["versions"][0]["practitioners"], json!([s.behandler, s.gruppeleder]));
    assert_eq!(entries[0]["versions"][0]["participants"], json!(["child", "parents"]));

    // The correction form starts from the entry as written.
    let form = client.get(app.url(&format!("/sager/{case}/journal/{entry}/ret"))).send().await.expect("GET");
    assert_eq!(form.status(), StatusCode::OK);
    let form = form.text().await.expect("body");
    assert!(form.contains("value=\"90\"") && form.contains("value=\"14.05\""), "{form}");

    let corrected = home_visit(&s, &[("minutes", "75"), ("note", "Første hjemmebesøg. Mor, far og Ida viste rundt.")]);
    let response = app.submit(&client, &format!("/sager/{case}/journal/{entry}/ret"), &contact(&corrected)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);

    let entries = journal_json(app, case).await;
    assert_eq!(entries.len(), 1, "a correction is no new entry");
    let versions = entries[0]["versions"].as_array().cloned().unwrap_or_default();
    assert_eq!(versions.len(), 2, "both versions kept: {versions:?}");
    assert_eq!((versions[0]["minutes"].as_i64(), versions[1]["minutes"].as_i64()), (Some(90), Some(75)));

    let page = client.get(app.url(&format!("/sager/{case}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("75 min."), "{page}");
    assert!(page.contains("rettet ") && page.contains(" af Bruger behandler"), "{page}");
    assert!(page.contains("Tidligere versioner (1)"), "{page}");
    assert!(page.contains("Mor, far og Ida") && page.contains("Mor og Ida viste rundt"), "both texts shown: {page}");

    let actions: Vec<String> = app.store.audit_for_case(case).await.expect("audit").into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"add_journal_entry".to_owned()) && actions.contains(&"correct_journal_entry".to_owned()), "{actions:?}");
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn a_contact_is_written_and_a_correction_keeps_both_versions() {
    lifecycle(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_contact_is_written_and_a_correction_keeps_both_versions_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        lifecycle(&app).await;
    }
}

/// Posts a bad form and checks: 422, the title and summary, the message at the field, what was
/// typed kept, and nothing saved.
async fn refused(app: &TestApp, client: &reqwest::Client, case: i64, fields: &[(&'static str, String)], field: &str, kept: &str) {
    let response = app.submit(client, &format!("/sager/{case}/journal"), &contact(fields)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – "), "{html}");
    assert!(html.contains("class=\"error-summary\"") && html.contains(&format!("href=\"#{field}\"")), "{field}: {html}");
    assert!(html.contains(&format!("id=\"{field}-fejl\"")), "{field}: {html}");
    assert!(html.contains(kept), "{field}: the form keeps {kept}: {html}");
    assert!(app.store.journal(case).await.expect("journal").is_empty(), "{field}: nothing saved");
}

#[tokio::test]
async fn bad_contacts_are_refused_at_the_field_and_nothing_is_saved() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    let client = app.client_as("behandler").await;
    let case = s.w.case;
    let cases = [
        (("occurred_on", "01.03.2022"), "occurred_on", "før sagens iværksættelse"),
        (("occurred_on", "27.04.2022"), "occurred_on", "fremtiden"),
        (("minutes", "-5"), "minutes", "value=\"-5\""),
        (("minutes", "10000"), "minutes", "value=\"10000\""),
        (("start_time", "25.61"), "start_time", "value=\"25.61\""),
        (("kind", "besøg"), "kind", "Vælg kontaktens art."),
    ];
    for ((name, value), field, shown) in cases {
        let fields = home_visit(&s, &[(name, value)]);
        refused(&app, &client, case, &fields, field, shown).await;
        // Everything else typed is kept too.
        refused(&app, &client, case, &fields, field, "Første hjemmebesøg. Mor og Ida viste rundt.").await;
    }

    // After the closure: a case of the same service, closed 01.02.2022.
    let closed = app.case(s.w.service, "2022-01-01", Some("2022-01-10"), Some("2022-02-01")).await;
    let fields = home_visit(&s, &[("occurred_on", "05.02.2022")]);
    refused(&app, &client, closed, &fields, "occurred_on", "efter sagens afslutning den 01.02.2022").await;

    // A service that keeps no written notes (supervision of foster families).
    let unit = app.create_unit("Plejefamilier", "PF").await;
    let body = json!({"unit_id": unit, "name": "Supervision af plejefamilier", "legal_refs": "§ 52.3.7", "ladder_step": 5,
        "access": "referral", "delivery": "individual", "in_report": true, "rules": {"no_notes": true}});
    let service = id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await);
    let supervision = app.case(service, "2022-02-01", Some("2022-02-15"), None).await;
    let admin = app.client_as(crate::sessions::ADMIN).await;
    let fields = home_visit(&s, &[]);
    refused(&app, &admin, supervision, &fields, "note", "fører ikke skriftlige notater").await;
    // Without the note, the contact is taken.
    let fields = home_visit(&s, &[("note", "")]);
    let response = app.submit(&admin, &format!("/sager/{supervision}/journal"), &contact(&fields)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
}

#[tokio::test]
async fn the_journal_is_need_to_know_and_refusals_are_logged() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    // The FTI case, started, with one entry written by the administrator.
    let other = s.w.other_case;
    expect_json(app.start(other, "2022-03-10").await, StatusCode::OK).await;
    let body = json!({"kind": "talk", "occurred_on": "2022-04-01", "start_time": "10.00", "minutes": 60, "place": "unit", "practitioners": [s.behandler]});
    let entry = id_of(&expect_json(app.post(&format!("/api/cases/{other}/journal"), &body).await, StatusCode::CREATED).await);

    let client = app.client_as("behandler").await;
    let fields = home_visit(&s, &[]);
    let posted = app.submit(&client, &format!("/sager/{other}/journal"), &contact(&fields)).await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    let corrected = app.submit(&client, &format!("/sager/{other}/journal/{entry}/ret"), &contact(&fields)).await;
    assert_eq!(corrected.status(), StatusCode::FORBIDDEN);
    let read = client.get(app.url(&format!("/sager/{other}/journal/{entry}/ret"))).send().await.expect("GET");
    assert_eq!(read.status(), StatusCode::FORBIDDEN);
    let api = client.get(app.url(&format!("/api/cases/{other}/journal"))).send().await.expect("GET");
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    // The caseworker reads the cases they referred, but does not write in the journal.
    let caseworker = app.client_as("raadgiver").await;
    let posted = app.submit(&caseworker, &format!("/sager/{}/journal", s.w.case), &contact(&fields)).await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);

    assert_eq!(app.store.journal(other).await.expect("journal").len(), 1, "nothing written");
    assert!(app.store.journal(s.w.case).await.expect("journal").is_empty());
    let refusals: Vec<String> = app.store.audit_for_case(other).await.expect("audit").into_iter().filter(|e| e.action == "refused").map(|e| e.detail).collect();
    assert_eq!(refusals.len(), 4, "{refusals:?}");
    assert!(refusals.contains(&format!("GET /api/cases/{other}/journal")), "{refusals:?}");
}

#[tokio::test]
async fn the_api_lists_and_adds_contacts() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    let case = s.w.case;
    let path = format!("/api/cases/{case}/journal");
    let body = json!({"kind": "group_session", "occurred_on": "2022-04-25", "start_time": "16.30", "minutes": 120, "place": "unit",
        "participants": ["parents", "child"], "practitioners": [s.behandler, s.gruppeleder], "note": "Første gang i gruppen."});
    let added = expect_json(app.post(&path, &body).await, StatusCode::CREATED).await;
    assert_eq!(added["versions"][0]["start_time"], "16.30");
    assert_eq!(added["versions"][0]["occurred_on"], "2022-04-25");

    let bad = json!({"kind": "talk", "occurred_on": "2022-05-01", "start_time": "9.5", "minutes": -5, "place": "bilen", "practitioners": [s.behandler, s.gruppeleder, 99]});
    let refused = expect_json(app.post(&path, &bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["occurred_on", "start_time", "minutes", "place", "practitioners"]);

    // A practitioner must carry cases: the caseworker does not.
    let caseworker = s.w.user(Role::Caseworker).id;
    let wrong = json!({"kind": "talk", "occurred_on": "2022-04-20", "start_time": "09.30", "minutes": 60, "place": "unit", "practitioners": [caseworker]});
    let refused = expect_json(app.post(&path, &wrong).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["practitioners"]);

    let entries = journal_json(&app, case).await;
    assert_eq!(entries.len(), 1);
    let read = app.store.audit_for_case(case).await.expect("audit");
    assert!(read.iter().any(|e| e.action == "read_journal" && e.detail == "api"), "{read:?}");
}
