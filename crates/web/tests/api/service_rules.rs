//! Service rules acted on where the user acts (issue 11, item 4; `domain::service_rules`): a
//! warning answers 422 with `warnings` until confirmed, a stop refuses even when confirmed, on
//! the API and the journal page alike (which keeps what was typed and offers "Gem alligevel");
//! a § 109-style consent is needed before the start; the case page shows the hours against
//! the statutory range. Sources: domain.md, "The catalogue".

use crate::helpers::{TestApp, error_fields, expect_json};
use crate::world::{World, world};
use familiehus_domain::{HoursRange, Limit, Role, RuleSeverity, ServiceRules};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) async fn set_rules(app: &TestApp, service: i64, rules: ServiceRules) {
    let stored = app.store.service(service).await.expect("service");
    let mut s = stored.service.clone();
    s.rules = ServiceRules { first_follow_up_months: s.rules.first_follow_up_months, follow_up_every_months: s.rules.follow_up_every_months, ..rules };
    app.store.update_service(service, stored.unit_id, &s, None).await.expect("rules saved");
}

pub(crate) fn talk(w: &World, kind: &str, on: &str, minutes: i64) -> Value {
    json!({"kind": kind, "occurred_on": on, "start_time": "10.00", "minutes": minutes, "place": "unit",
        "participants": ["child"], "practitioners": [w.user(Role::Practitioner).id], "note": ""})
}

pub(crate) async fn post_contact(app: &TestApp, case: i64, mut body: Value, confirm: bool) -> reqwest::Response {
    body["confirm_warnings"] = json!(confirm);
    app.post(&format!("/api/cases/{case}/journal"), &body).await
}

async fn warn_and_stop(app: &TestApp) {
    let w = world(app).await;
    // Crisis help: at most 5 talks, a stop (here 2 to keep the test short); § 71: weekdays only, a warning.
    let rules = ServiceRules {
        max_talks: Some(Limit { value: 2, severity: RuleSeverity::Stop }),
        weekdays_only: Some(RuleSeverity::Warning),
        hours: Some(HoursRange { min_hours: 1, max_hours: 3, severity: RuleSeverity::Warning }),
        ..Default::default()
    };
    set_rules(app, w.service, rules).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let case = w.case;

    expect_json(post_contact(app, case, talk(&w, "talk", "2022-04-20", 60), false).await, StatusCode::CREATED).await; // a Wednesday
    // Saturday 23.04.2022: a warning, nothing saved until confirmed.
    let body = expect_json(post_contact(app, case, talk(&w, "talk", "2022-04-23", 30), false).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "weekdays_only", "{body}");
    assert_eq!(body["error"]["warnings"][0]["field"], "date", "{body}");
    assert_eq!(app.store.journal(case).await.expect("journal").len(), 1, "nothing saved");
    // Store bededag 13.05.2022 would be a holiday too; the confirmed Saturday is taken.
    expect_json(post_contact(app, case, talk(&w, "talk", "2022-04-23", 30), true).await, StatusCode::CREATED).await;

    // The third talk: past the maximum, a stop even when confirmed, at its field.
    for confirm in [false, true] {
        let body = expect_json(post_contact(app, case, talk(&w, "talk", "2022-04-25", 30), confirm).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&body), ["kind"], "{body}");
        assert!(body["error"]["fields"][0]["message_da"].as_str().unwrap_or_default().contains("højst 2 samtaler"), "{body}");
    }
    // A phone call is not a talk; 90 + 120 minutes pass the 3 hours: a warning, confirmed.
    let body = expect_json(post_contact(app, case, talk(&w, "phone", "2022-04-25", 120), false).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "hours", "{body}");
    expect_json(post_contact(app, case, talk(&w, "phone", "2022-04-25", 120), true).await, StatusCode::CREATED).await;
    assert_eq!(app.store.journal(case).await.expect("journal").len(), 3);

    let page = app.client_as("behandler").await.get(app.url(&format!("/sager/{case}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Timer: 3,5 af 1–3 timer – over rammen"), "{page}");
    assert!(page.contains("Samtaler: 2 af højst 2"), "{page}");
    assert!(page.contains("Kontakter kun på hverdage"), "{page}");
}

#[tokio::test]
async fn a_rule_warns_until_confirmed_and_a_stop_refuses() {
    warn_and_stop(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_rule_warns_until_confirmed_and_a_stop_refuses_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        warn_and_stop(&app).await;
    }
}

async fn consent_first(app: &TestApp) {
    let w = world(app).await;
    // § 109 stk. 5: the mother's consent before the start; a full service warns.
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let mut rules = ServiceRules { requires_consent: true, ..Default::default() };
    set_rules(app, w.service, rules.clone()).await;
    let body = expect_json(app.start(w.case, "2022-03-10").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["started_on"], "{body}");
    assert!(body["error"]["message_da"].as_str().unwrap_or_default().contains("samtykke"), "{body}");
    let consent = app.post(&format!("/api/cases/{}/consents", w.case), &json!({"given_on": "2022-03-09", "given_by": ""})).await;
    assert_eq!(error_fields(&expect_json(consent, StatusCode::UNPROCESSABLE_ENTITY).await), ["given_by"]);
    let consent = app.post(&format!("/api/cases/{}/consents", w.case), &json!({"given_on": "2022-03-09", "given_by": "Mor"})).await;
    expect_json(consent, StatusCode::CREATED).await;

    // Capacity 1 and another case running: a warning, confirmed.
    let mut service = app.store.service(w.service).await.expect("service").service;
    rules.requires_consent = false;
    service.capacity = Some(1);
    service.rules = rules;
    app.store.update_service(w.service, unit, &service, None).await.expect("saved");
    app.case(w.service, "2022-02-01", Some("2022-02-10"), None).await;
    let body = expect_json(app.start(w.case, "2022-03-10").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "capacity", "{body}");
    let started = app.post(&format!("/api/cases/{}/start", w.case), &json!({"started_on": "2022-03-10", "confirm_warnings": true})).await;
    expect_json(started, StatusCode::OK).await;
}

#[tokio::test]
async fn a_consent_is_recorded_before_the_start() {
    consent_first(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_consent_is_recorded_before_the_start_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        consent_first(&app).await;
    }
}

#[tokio::test]
async fn the_journal_page_shows_a_warning_and_keeps_a_refused_contact() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let rules =
        ServiceRules { max_talks: Some(Limit { value: 1, severity: RuleSeverity::Stop }), weekdays_only: Some(RuleSeverity::Warning), ..Default::default() };
    set_rules(&app, w.service, rules).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let client = app.client_as("behandler").await;
    let me = w.user(Role::Practitioner).id.to_string();
    let form = |on: &'static str, confirm: &'static str| {
        vec![("kind", "talk"), ("occurred_on", on), ("start_time", "10.00"), ("minutes", "45"), ("place", "unit"), ("note", "Samtale om skolen.")]
            .into_iter()
            .chain([("confirm_warnings", confirm)])
            .map(|(k, v)| (k, v.to_owned()))
            .collect::<Vec<_>>()
    };
    let with_me = |mut f: Vec<(&'static str, String)>| {
        f.push(("practitioner_1", me.clone()));
        f
    };
    let path = format!("/sager/{}/journal", w.case);
    let post = |f: Vec<(&'static str, String)>| {
        let (app, client, path) = (&app, &client, path.clone());
        async move {
            let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.submit(client, &path, &fields).await
        }
    };
    // Saturday: the warning, the form as typed, and "Gem alligevel" carrying the confirmation.
    let response = post(with_me(form("23.04.2022", ""))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Advarsel – Nyt journalnotat"), "{html}");
    assert!(html.contains("kun på hverdage") && html.contains("Gem alligevel"), "{html}");
    assert!(html.contains("name=\"confirm_warnings\" value=\"ja\""), "{html}");
    assert!(html.contains("value=\"23.04.2022\"") && html.contains("Samtale om skolen."), "{html}");
    assert!(app.store.journal(w.case).await.expect("journal").is_empty());
    let response = post(with_me(form("23.04.2022", "ja"))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    // The second talk: stopped, "Fejl i formularen", at the field, the text kept, nothing saved.
    let response = post(with_me(form("25.04.2022", "ja"))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – "), "{html}");
    assert!(html.contains("href=\"#kind\"") && html.contains("id=\"kind-fejl\""), "{html}");
    assert!(html.contains("Samtale om skolen.") && html.contains("value=\"25.04.2022\""), "{html}");
    assert_eq!(app.store.journal(w.case).await.expect("journal").len(), 1);
}
