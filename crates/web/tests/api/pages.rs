//! The staff pages: need-to-know per case and person (HTML and JSON alike), CPR masking, the
//! referral form (errors re-rendered with the input kept; success onto the waiting list),
//! starting from the waiting list, front pages per role, and the error pages.

use crate::helpers::TestApp;
use crate::world::{CPR, world};
use reqwest::StatusCode;

async fn status(client: &reqwest::Client, app: &TestApp, path: &str) -> StatusCode {
    client.get(app.url(path)).send().await.expect("GET").status()
}

async fn html(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("body")
}

#[tokio::test]
async fn practitioners_see_only_their_team_cases() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("behandler").await;
    assert_eq!(status(&client, &app, &format!("/sager/{}", w.case)).await, StatusCode::OK);
    assert_eq!(status(&client, &app, &format!("/sager/{}", w.other_case)).await, StatusCode::FORBIDDEN);
    assert_eq!(status(&client, &app, &format!("/api/cases/{}", w.other_case)).await, StatusCode::FORBIDDEN);
    let forbidden = client.get(app.url(&format!("/sager/{}", w.other_case))).send().await.expect("GET").text().await.expect("body");
    assert!(forbidden.contains("Du har ikke adgang til denne side."));
    let list = html(&client, &app, "/sager").await;
    assert!(list.contains(&format!("/sager/{}\"", w.case)) && !list.contains(&format!("/sager/{}\"", w.other_case)));
    // Assigned to a case of another unit, the practitioner sees it.
    let practitioner = w.user(familiehus_domain::Role::Practitioner).id;
    app.store.assign_case(w.other_case, Some(practitioner), crate::helpers::date("2022-04-26"), None).await.expect("assign");
    assert_eq!(status(&client, &app, &format!("/api/cases/{}", w.other_case)).await, StatusCode::OK);
}

#[tokio::test]
async fn caseworkers_see_only_the_cases_they_referred() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("raadgiver").await;
    assert_eq!(status(&client, &app, &format!("/sager/{}", w.case)).await, StatusCode::OK);
    assert_eq!(status(&client, &app, &format!("/api/cases/{}", w.case)).await, StatusCode::OK);
    assert_eq!(status(&client, &app, &format!("/sager/{}", w.other_case)).await, StatusCode::FORBIDDEN);
    assert_eq!(status(&client, &app, &format!("/api/cases/{}", w.other_case)).await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn analysts_get_the_report_and_no_cases_or_persons() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("analytiker").await;
    assert_eq!(status(&client, &app, "/api/reports/caseload?from=2022-01-01&to=2022-03-31").await, StatusCode::OK);
    assert_eq!(status(&client, &app, "/api/reports/caseload?from=2022-01-01&to=2022-04-26").await, StatusCode::UNPROCESSABLE_ENTITY, "whole months only");
    for path in
        ["/sager".to_owned(), format!("/sager/{}", w.case), format!("/api/cases/{}", w.case), "/personer?q=Ida".into(), format!("/personer/{}", w.person)]
    {
        assert_eq!(status(&client, &app, &path).await, StatusCode::FORBIDDEN, "{path}");
    }
    let front = html(&client, &app, "/").await;
    assert!(front.contains("Sagstal og ventetider"));
}

#[tokio::test]
async fn cpr_numbers_are_masked_for_practitioners_and_full_for_caseworkers() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let path = format!("/sager/{}", w.case);
    let practitioner = html(&app.client_as("behandler").await, &app, &path).await;
    assert!(practitioner.contains("010215-xxxx") && !practitioner.contains(CPR), "masked");
    let caseworker = html(&app.client_as("raadgiver").await, &app, &path).await;
    assert!(caseworker.contains(CPR), "full");
    let person = html(&app.client_as("behandler").await, &app, &format!("/personer/{}", w.person)).await;
    assert!(person.contains("010215-xxxx") && !person.contains(CPR));
}

#[tokio::test]
async fn a_referral_with_an_invalid_cpr_comes_back_with_the_input_and_the_danish_message() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let client = app.client_as("raadgiver").await;
    let service = w.service.to_string();
    let fields = [
        ("service_id", service.as_str()),
        ("person_id", ""),
        ("name", "Alma Testesen"),
        ("cpr", "310215-1234"),
        ("enrolled_on", "20.04.2022"),
        ("referral_source", "school"),
        ("note", "Skolen er bekymret"),
    ];
    let response = app.submit(&client, "/henvisning", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.expect("body");
    assert!(page.contains("value=\"Alma Testesen\""), "name kept");
    assert!(page.contains("Skolen er bekymret"), "note kept");
    assert!(page.contains("CPR-nummerets første seks cifre er ikke en gyldig dato."));
    assert!(page.contains("role=\"alert\"") && page.contains("aria-describedby=\"cpr-fejl\""));
    assert!(app.store.search_persons(&familiehus_domain::PersonQuery::parse("Alma").expect("query")).await.expect("search").is_empty(), "nothing created");
}

#[tokio::test]
async fn a_valid_referral_lands_on_the_waiting_list_and_starting_it_there_removes_it() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let caseworker = app.client_as("raadgiver").await;
    let service = w.service.to_string();
    let fields = [
        ("service_id", service.as_str()),
        ("person_id", ""),
        ("name", "Alma Testesen"),
        ("cpr", "150316-4012"),
        ("family_name", "Familien Testesen"),
        ("enrolled_on", "20.04.2022"),
        ("referral_source", "school"),
        ("note", ""),
    ];
    let response = app.submit(&caseworker, "/henvisning", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let case_id: i64 = location.trim_start_matches("/sager/").split('?').next().and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("{location}"));
    let record = app.store.case(case_id).await.expect("case");
    assert_eq!(record.referred_by_user_id, Some(w.user(familiehus_domain::Role::Caseworker).id));
    let case_page = html(&caseworker, &app, &location).await;
    assert!(case_page.contains("Henvisningen er registreret"));
    let person = app.store.person(record.person_id).await.expect("person");
    assert_eq!(person.family_name.as_deref(), Some("Familien Testesen"));

    let practitioner = app.client_as("behandler").await;
    let list_path = format!("/indsatser/{}/venteliste", w.service);
    let list = html(&practitioner, &app, &list_path).await;
    assert!(list.contains("Alma Testesen"), "{list}");
    let response = app.submit(&practitioner, &format!("/sager/{case_id}/start"), &[("started_on", "26.04.2022"), ("back", "venteliste")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let back = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(back.starts_with(&list_path), "{back}");
    let list = html(&practitioner, &app, &back).await;
    assert!(list.contains("Sagen er iværksat") && !list.contains("Alma Testesen"), "{list}");
}

#[tokio::test]
async fn front_pages_follow_the_role() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = html(&app.client_as("leder").await, &app, "/").await;
    assert!(leader.contains("Ventelister") && leader.contains(&format!("/indsatser/{}/venteliste", w.service)), "{leader}");
    assert!(leader.contains("(over 30 dage)"), "the case has waited since 01.03.2022");
    assert!(!leader.contains(&format!("/indsatser/{}/venteliste", w.other_service)), "another unit's service");
    let caseworker = html(&app.client_as("raadgiver").await, &app, "/").await;
    assert!(caseworker.contains("Sager, du har henvist") && caseworker.contains("Ida Jensen"));
    let practitioner = html(&app.client_as("behandler").await, &app, "/").await;
    assert!(practitioner.contains("på venteliste") && practitioner.contains("Ida Jensen"));
    let anonymous = html(&app.client_as("anonym").await, &app, "/").await;
    assert!(anonymous.contains("href=\"/anonym\"") && anonymous.contains("Registrér anonyme samtaler"));
    for page in [&leader, &caseworker, &practitioner, &anonymous] {
        assert!(page.contains("<html lang=\"da\">") && page.contains("Gå til indhold") && page.contains("<main id=\"indhold\""));
    }
}

#[tokio::test]
async fn unknown_pages_are_a_danish_404_page() {
    let app = TestApp::sqlite().await;
    let response = app.client.get(app.url("/findes-ikke")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.expect("body").contains("Siden findes ikke"));
    let response = app.client.get(app.url("/sager/999999")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn follow_ups_the_rules_imply_are_on_the_front_page_and_the_case_page() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut service = stored.service.clone();
    service.rules.first_follow_up_months = Some(3);
    service.rules.follow_up_every_months = Some(6);
    service.capacity = Some(2);
    app.store.update_service(w.service, stored.unit_id, &service, None).await.expect("rules");
    let started = app.case(w.service, "2022-01-10", Some("2022-01-31"), None).await;
    let later = app.case(w.service, "2022-03-01", Some("2022-03-15"), None).await;

    let front = html(&app.client_as("leder").await, &app, "/").await;
    assert!(front.contains("Opfølgninger: overskredne og de næste 30 dage"));
    assert!(front.contains(&format!("/sager/{started}\"")), "due 30.04.2022: {front}");
    assert!(front.contains("30.04.2022") && front.contains("16.04.2022 <span class=\"flag\">(fristen er nået)</span>"));
    assert!(!front.contains("15.06.2022"), "case {later} is due 15.06.2022, beyond 30 days");
    assert!(front.contains("2 af 2 <span class=\"flag\">(fuld)</span>"), "two started cases fill a capacity of two");
    // The administrator's municipality-wide front page lists no follow-ups (see front.rs).
    let admin = html(&app.client_as("admin").await, &app, "/").await;
    assert!(!admin.contains("Opfølgninger: overskredne"));
    let case = html(&app.client_as("behandler").await, &app, &format!("/sager/{started}")).await;
    assert!(
        case.contains("Næste opfølgning")
            && case.contains("30.04.2022 (opfølgning nr. 1; statusrapport senest 16.04.2022) – <span class=\"flag\">Denne uge</span>")
    );
}

#[tokio::test]
async fn assigning_a_case_over_json_gives_the_practitioner_need_to_know() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = app.client_as("behandler").await;
    let path = format!("/api/cases/{}", w.other_case);
    assert_eq!(status(&practitioner, &app, &path).await, StatusCode::FORBIDDEN);
    let assign = |client: &reqwest::Client, body: serde_json::Value| client.post(app.url(&format!("{path}/assign"))).json(&body).send();
    // The practitioner cannot assign themselves a case outside their need-to-know.
    let me = w.user(familiehus_domain::Role::Practitioner).id;
    assert_eq!(assign(&practitioner, serde_json::json!({"user_id": me})).await.expect("POST").status(), StatusCode::FORBIDDEN);
    let admin = app.client_as("admin").await;
    assert_eq!(assign(&admin, serde_json::json!({"user_id": 999_999})).await.expect("POST").status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = assign(&admin, serde_json::json!({"user_id": me})).await.expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(status(&practitioner, &app, &path).await, StatusCode::OK);
    assert_eq!(assign(&admin, serde_json::json!({"user_id": null})).await.expect("POST").status(), StatusCode::OK);
    assert_eq!(status(&practitioner, &app, &path).await, StatusCode::FORBIDDEN);
}
