//! The case lifecycle through the API: enrol → start → close → reopen, and the transitions the
//! domain forbids.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use reqwest::StatusCode;
use serde_json::json;

/// The story run on both backends.
async fn case_lifecycle(app: &TestApp) {
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);

    let body = json!({
        "service_id": service_id,
        "person": {"name": "Alma Jensen", "birth_date": "14.03.2015"},
        "referral_source": "authority_decision",
        "enrolled_on": "2022-01-10",
        "note": "Afgørelse af 05.01.2022",
    });
    let enrolled = expect_json(app.post("/api/cases", &body).await, StatusCode::CREATED).await;
    let id = id_of(&enrolled);
    assert_eq!(enrolled["state"], "waiting");
    assert_eq!(enrolled["state_label_da"], "På venteliste");
    assert_eq!(enrolled["enrolled_on"], "2022-01-10");
    assert_eq!(enrolled["started_on"], json!(null));
    assert_eq!(enrolled["service_id"], service_id);
    assert_eq!(enrolled["person_name"], "Alma Jensen");

    let started = expect_json(app.start(id, "2022-02-09").await, StatusCode::OK).await;
    assert_eq!(started["state"], "active");
    assert_eq!(started["started_on"], "2022-02-09");
    assert_eq!(started["waiting_days"], 30);

    let closed = expect_json(app.close(id, "2022-04-01", "purpose_met").await, StatusCode::OK).await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["closed_on"], "2022-04-01");
    assert_eq!(closed["closure_reason"], "purpose_met");

    // A closed case must be reopened before it changes.
    let refused = expect_json(app.start(id, "2022-04-02").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["state"]);

    // Reopening starts a new episode (from today, 26.04.2022); the closed one stays as it was.
    let reopened = expect_json(app.post(&format!("/api/cases/{id}/reopen"), &json!({})).await, StatusCode::OK).await;
    assert_eq!(reopened["state"], "active");
    assert_eq!(reopened["closed_on"], json!(null));
    assert_eq!(reopened["reopened_from"], id);
    assert_eq!((&reopened["enrolled_on"], &reopened["started_on"]), (&json!("2022-04-26"), &json!("2022-04-26")));
    let episode = id_of(&reopened);
    let read = app.get_json(&format!("/api/cases/{episode}"), StatusCode::OK).await;
    assert_eq!(read, reopened);
    let first = app.get_json(&format!("/api/cases/{id}"), StatusCode::OK).await;
    assert_eq!((&first["state"], &first["closed_on"], &first["continued_by"]), (&json!("closed"), &json!("2022-04-01"), &json!(episode)));
    let twice = expect_json(app.post(&format!("/api/cases/{id}/reopen"), &json!({})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&twice), ["state"]);

    // The same person, referred again, by id.
    let person_id = enrolled["person_id"].as_i64().unwrap_or_default();
    let again = json!({"service_id": service_id, "person": {"id": person_id}, "referral_source": "school", "enrolled_on": "26.04.2022"});
    let second = expect_json(app.post("/api/cases", &again).await, StatusCode::CREATED).await;
    assert_eq!(second["person_id"], person_id);
    assert_eq!(second["enrolled_on"], "2022-04-26");
    assert_eq!(second["referral_source"], "school");
}

#[tokio::test]
async fn case_lifecycle_on_sqlite() {
    case_lifecycle(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn case_lifecycle_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    case_lifecycle(&app).await;
}

#[tokio::test]
async fn start_before_enrolment_is_422_naming_started_on_and_changes_nothing() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let id = id_of(&app.enrol(service_id, "Bo Hansen", "2022-03-10").await);

    let error = expect_json(app.start(id, "2022-03-09").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["started_on"]);
    let expected_da = "Indsatsen kan ikke iværksættes 09.03.2022 – før indskrivningen 10.03.2022.";
    assert_eq!(error["error"]["message_da"], expected_da);
    assert_eq!(error["error"]["fields"][0]["message_da"], expected_da);
    assert!(error["error"]["message_en"].as_str().is_some_and(|m| !m.is_empty()));

    let case = app.get_json(&format!("/api/cases/{id}"), StatusCode::OK).await;
    assert_eq!(case["state"], "waiting");
    assert_eq!(case["started_on"], json!(null));
}

#[tokio::test]
async fn closing_before_the_start_is_422_naming_closed_on() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let id = app.case(service_id, "2022-01-10", Some("2022-02-01"), None).await;
    let error = expect_json(app.close(id, "2022-01-31", "withdrawn").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["closed_on"]);
}

#[tokio::test]
async fn enrolling_on_an_unknown_service_is_422_and_an_unknown_case_404() {
    let app = TestApp::sqlite().await;
    let body = json!({"service_id": 77, "person": {"name": "Bo"}, "referral_source": "self_referral", "enrolled_on": "2022-03-10"});
    let error = expect_json(app.post("/api/cases", &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["service_id"]);
    assert_eq!(error["error"]["message_da"], "Indsatsen findes ikke.");

    let missing = app.get_json("/api/cases/77", StatusCode::NOT_FOUND).await;
    assert_eq!(missing["error"]["message_da"], "Sagen findes ikke.");
    let missing = expect_json(app.start(77, "2022-03-10").await, StatusCode::NOT_FOUND).await;
    assert_eq!(missing["error"]["message_da"], "Sagen findes ikke.");
}

#[tokio::test]
async fn a_person_needs_an_id_or_a_name() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let body = json!({"service_id": service_id, "person": {}, "referral_source": "school", "enrolled_on": "2022-03-10"});
    let error = expect_json(app.post("/api/cases", &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["person"]);
    let body = json!({"service_id": service_id, "person": {"id": 9999}, "referral_source": "school", "enrolled_on": "2022-03-10"});
    let error = expect_json(app.post("/api/cases", &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["person_id"]);
}
