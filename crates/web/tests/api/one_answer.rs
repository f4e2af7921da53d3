//! One rule, one answer: the three places where the staff pages and the JSON API used to
//! disagree now go through one use case in `familiehus_app`, and both front-ends refuse alike
//! (with the use case's Danish message). Each was a real divergence; each stays as a test.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::world;
use familiehus_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn anonymous_service(app: &TestApp, unit_id: i64) -> i64 {
    let body = json!({"unit_id": unit_id, "name": "Anonym rådgivning", "legal_refs": "BL § 30", "ladder_step": 1, "access": "anonymous", "delivery": "individual", "in_report": false});
    id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await)
}

#[tokio::test]
async fn a_named_case_is_refused_on_an_anonymous_service_by_the_api_and_the_page() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let unit_id = app.store.service(w.service).await.expect("service").unit_id;
    let anonymous = anonymous_service(&app, unit_id).await;

    let body = json!({"service_id": anonymous, "person": {"name": "Alma Jensen"}, "referral_source": "school", "enrolled_on": "2022-04-01"});
    let refused = expect_json(app.post("/api/cases", &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["service_id"]);
    assert!(refused["error"]["message_da"].as_str().unwrap_or_default().contains("anonym"), "{refused}");

    let caseworker = app.client_as("raadgiver").await;
    let service = anonymous.to_string();
    let fields = [
        ("service_id", service.as_str()),
        ("person_id", ""),
        ("name", "Alma Jensen"),
        ("cpr", ""),
        ("enrolled_on", "01.04.2022"),
        ("referral_source", "school"),
        ("note", ""),
    ];
    let response = app.submit(&caseworker, "/henvisning", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.cases_of_service(anonymous).await.expect("cases").is_empty(), "neither front-end enrolled a named case");
    assert!(
        app.store.search_persons(&familiehus_domain::PersonQuery::parse("Alma").expect("query")).await.expect("search").is_empty(),
        "and no person was left behind"
    );
}

#[tokio::test]
async fn a_case_is_assigned_only_to_an_active_practitioner_or_group_leader_on_every_front_end() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    for role in [Role::Analyst, Role::AnonymousCounsellor, Role::Caseworker, Role::Admin] {
        let user_id = w.user(role).id;
        let response = app.post(&format!("/api/cases/{}/assign", w.case), &json!({"user_id": user_id})).await;
        let refused = expect_json(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&refused), ["assigned_user_id"], "{role:?}");
        let id = user_id.to_string();
        let page = app.submit(&leader, &format!("/sager/{}/tildel", w.case), &[("assigned_user_id", id.as_str())]).await;
        assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY, "{role:?} through the page");
    }
    let unknown = app.post(&format!("/api/cases/{}/assign", w.case), &json!({"user_id": 99999})).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let practitioner = w.user(Role::Practitioner).id;
    app.store.set_user_active(practitioner, false).await.expect("deactivate");
    let deactivated = app.post(&format!("/api/cases/{}/assign", w.case), &json!({"user_id": practitioner})).await;
    assert_eq!(deactivated.status(), StatusCode::UNPROCESSABLE_ENTITY, "a deactivated user carries no cases");
    assert_eq!(app.store.case(w.case).await.expect("case").assigned_user_id, None, "nothing was assigned");

    let group_leader = w.user(Role::GroupLeader).id;
    let assigned = expect_json(app.post(&format!("/api/cases/{}/assign", w.case), &json!({"user_id": group_leader})).await, StatusCode::OK).await;
    assert_eq!(assigned["id"], w.case);
    assert_eq!(app.store.case(w.case).await.expect("case").assigned_user_id, Some(group_leader));
}

#[tokio::test]
async fn only_administrators_create_units_through_the_api_as_on_the_import_page() {
    let app = TestApp::sqlite().await;
    world(&app).await;
    let leader = app.client_as("leder").await;
    let response = leader.post(app.url("/api/units")).json(&json!({"name": "Ny enhed", "short_name": "NE"})).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(app.store.unit_by_name("Ny enhed").await.expect("lookup").is_none(), "no unit was created");
    let created = app.post("/api/units", &json!({"name": "Ny enhed", "short_name": "NE"})).await;
    assert_eq!(created.status(), StatusCode::CREATED, "the administrator may");
}

#[tokio::test]
async fn every_case_change_is_logged_by_its_own_transaction() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    expect_json(app.start(w.case, "2022-04-02").await, StatusCode::OK).await;
    expect_json(app.close(w.case, "2022-04-20", "purpose_met").await, StatusCode::OK).await;
    let actions: Vec<String> = app.store.audit_for_case(w.case).await.expect("log").into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["close_case", "start_case"], "newest first, one entry per change");
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}
