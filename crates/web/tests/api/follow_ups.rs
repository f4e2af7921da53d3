//! Follow-up deadlines (issue 11, items 5 and 6): a deadline stays, overdue, until the follow-up
//! is recorded as held — never because a day passed — and recording one brings the next, counted
//! from the start; bad follow-ups are refused at the field with the form kept.

use crate::helpers::TestApp;
use crate::world::world;
use reqwest::StatusCode;

async fn html(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    client.get(app.url(path)).send().await.expect("GET").text().await.expect("body")
}

#[tokio::test]
async fn an_overdue_follow_up_stays_until_it_is_recorded_as_held() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut service = stored.service.clone();
    service.rules.first_follow_up_months = Some(3);
    service.rules.follow_up_every_months = Some(6);
    app.store.update_service(w.service, stored.unit_id, &service, None).await.expect("rules");
    // Started 10.01.2022: follow-up 1 was due 10.04.2022, and today is 26.04.2022.
    let case = app.case(w.service, "2022-01-05", Some("2022-01-10"), None).await;
    let leader = app.client_as("leder").await;
    let front = html(&leader, &app, "/").await;
    assert!(
        front.contains(&format!("/sager/{case}\"")) && front.contains("10.04.2022") && front.contains("<span class=\"flag\">Overskredet</span>"),
        "{front}"
    );
    let practitioner = app.client_as("behandler").await;
    let page = html(&practitioner, &app, &format!("/sager/{case}")).await;
    assert!(page.contains("10.04.2022 (opfølgning nr. 1; statusrapport senest 27.03.2022) – <span class=\"flag\">Overskredet</span>"), "{page}");

    // Refused: held in the future, no decision, nobody attending; the form keeps what was typed.
    let path = format!("/sager/{case}/opfoelgning");
    let future = [("fu_held_on", "27.04.2022"), ("fu_attendees", "Mor, far, behandler"), ("fu_decision", "continue"), ("fu_note", "Godt forløb")];
    let response = app.submit(&practitioner, &path, &future).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("ligger i fremtiden") && body.contains("value=\"Mor, far, behandler\"") && body.contains("Godt forløb"), "{body}");
    let undecided = [("fu_held_on", "20.04.2022"), ("fu_attendees", ""), ("fu_decision", "")];
    let body = app.submit(&practitioner, &path, &undecided).await.text().await.expect("body");
    assert!(body.contains("Vælg beslutningen fra mødet."), "{body}");
    assert!(app.store.follow_ups(case).await.expect("list").is_empty(), "nothing saved");

    let held = [("fu_held_on", "20.04.2022"), ("fu_attendees", "Mor, far, behandler"), ("fu_decision", "continue"), ("fu_note", "Godt forløb")];
    assert_eq!(app.submit(&practitioner, &path, &held).await.status(), StatusCode::SEE_OTHER);
    let page = html(&practitioner, &app, &format!("/sager/{case}")).await;
    assert!(page.contains("Opfølgning nr. 1, 20.04.2022") && page.contains("Indsatsen fortsætter"), "{page}");
    assert!(
        page.contains("10.10.2022 (opfølgning nr. 2; statusrapport senest 26.09.2022) – Senere"),
        "the next, six months on from the first due date: {page}"
    );
    let front = html(&leader, &app, "/").await;
    assert!(!front.contains("10.04.2022") && !front.contains("Overskredet"), "the deadline went away with the follow-up held: {front}");
    let actions: Vec<String> = app.store.audit_for_case(case).await.expect("log").into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"record_follow_up".to_owned()), "{actions:?}");

    // A waiting case has no follow-up to record, and another unit's case is out of scope.
    let waiting = [("fu_held_on", "20.04.2022"), ("fu_attendees", "Mor"), ("fu_decision", "continue")];
    let response = app.submit(&practitioner, &format!("/sager/{}/opfoelgning", w.case), &waiting).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("ikke iværksat"));
    let response = app.submit(&practitioner, &format!("/sager/{}/opfoelgning", w.other_case), &waiting).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
