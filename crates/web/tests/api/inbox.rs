//! The referring caseworker's inbox (`/indbakke`, `GET /api/inbox`): what happened on their
//! referrals — started, follow-up due (overdue here), closed, status reports (covered in
//! `status_reports.rs`) — newest first, in pages of 25; nothing from cases they did not refer;
//! every case shown logged; a practitioner refused.

use crate::helpers::{TestApp, date, expect_json};
use crate::world::world;
use familiehus_domain::{ClosureReason, ReferralSource, Role};
use familiehus_store::{Closure, NewCase, PersonInput};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_caseworker_sees_what_happened_on_their_referrals_only() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut service = stored.service.clone();
    service.rules.first_follow_up_months = Some(3);
    service.rules.follow_up_every_months = Some(6);
    app.store.update_service(w.service, stored.unit_id, &service, None).await.expect("rules");
    let caseworker = w.user(Role::Caseworker).id;
    let referred = |name: &str, enrolled: &str| NewCase {
        service_id: w.service,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: date(enrolled),
        note: String::new(),
        referred_by_user_id: Some(caseworker),
        assigned_user_id: None,
    };
    // Started 20.01.2022: follow-up 1 due 20.04.2022, not held. The world's case started 10.03.
    let due = app.store.enrol_case(&referred("Ida Lund", "2022-01-03")).await.expect("enrol").id;
    app.store.start_case(due, date("2022-01-20"), None).await.expect("start");
    app.store.start_case(w.case, date("2022-03-10"), None).await.expect("start");
    // Started 01.06.2021 and closed 15.02.2022.
    let ended = app.store.enrol_case(&referred("Emil Lund", "2021-05-01")).await.expect("enrol").id;
    app.store.start_case(ended, date("2021-06-01"), None).await.expect("start");
    let closure = Closure {
        closed_on: date("2022-02-15"),
        reason: ClosureReason::PurposeMet,
        next_service_id: None,
        end_report: String::new(),
        event_detail: "Afsluttet".into(),
    };
    app.store.close_case(ended, &closure, None).await.expect("close");
    // Waiting: nothing to tell yet. Not referred by them: never shown.
    app.store.enrol_case(&referred("Sofie Kjær", "2022-04-01")).await.expect("enrol");
    app.store.start_case(w.other_case, date("2022-03-15"), None).await.expect("start");

    let client = app.client_as("raadgiver").await;
    let inbox = expect_json(client.get(app.url("/api/inbox")).send().await.expect("GET"), StatusCode::OK).await;
    let items: Vec<(String, String, i64)> = inbox["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| (i["kind"].as_str().unwrap_or("").to_owned(), i["on"].as_str().unwrap_or("").to_owned(), i["case_id"].as_i64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    let item = |k: &str, on: &str, c: i64| (k.to_owned(), on.to_owned(), c);
    assert_eq!(
        items,
        [
            item("follow_up_due", "2022-04-20", due),
            item("started", "2022-03-10", w.case),
            item("closed", "2022-02-15", ended),
            item("started", "2022-01-20", due),
            item("started", "2021-06-01", ended)
        ],
        "{inbox}"
    );
    assert_eq!((inbox["items"][0]["overdue"].as_bool(), &inbox["total"]), (Some(true), &Value::from(5)));
    let page = client.get(app.url("/indbakke")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Opfølgning skal holdes") && page.contains("Opfølgning nr. 1 (overskredet)") && page.contains("Formålet er opfyldt"), "{page}");
    assert!(page.contains(&format!("href=\"/sager/{ended}\"")) && page.contains("Emil Lund") && !page.contains("Bo Andersen"), "{page}");
    let logged = app.store.audit_for_case(ended).await.expect("log");
    assert!(logged.iter().any(|e| e.detail == "indbakke" && e.user_id == Some(caseworker)), "{logged:?}");
    assert!(!app.store.audit_for_case(w.other_case).await.expect("log").iter().any(|e| e.detail == "indbakke"));

    // Pages of 25, newest first: 30 more starts (their first follow-ups due from 20.05.2022:
    // not yet shown).
    for i in 0..30u64 {
        let id = app.store.enrol_case(&referred(&format!("Barn {i}"), "2021-01-04")).await.expect("enrol").id;
        app.store.start_case(id, date("2022-02-20") + chrono::Days::new(i), None).await.expect("start");
    }
    let second = expect_json(client.get(app.url("/api/inbox?page=2")).send().await.expect("GET"), StatusCode::OK).await;
    assert_eq!((&second["total"], &second["page"], &second["pages"]), (&Value::from(35), &Value::from(2), &Value::from(2)));
    assert_eq!(second["items"].as_array().map(Vec::len), Some(10));
    assert_eq!(second["items"][9]["on"], "2021-06-01", "the oldest last");
    let page = client.get(app.url("/indbakke?side=2")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Viser 26–35 af 35") && page.contains("href=\"/indbakke?side=1\"") && !page.contains("Næste side"), "{page}");
    assert_eq!(client.get(app.url("/indbakke?side=x")).send().await.expect("GET").status(), StatusCode::OK, "a page that is no number is the first");

    let practitioner = app.client_as("behandler").await;
    assert_eq!(practitioner.get(app.url("/indbakke")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    assert_eq!(practitioner.get(app.url("/api/inbox")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
}
