//! Units and services through the API.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_unit_and_a_service_are_created_and_legal_refs_come_back_canonical() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let units = app.get_json("/api/units", StatusCode::OK).await;
    assert_eq!(units, json!([{"id": unit_id, "name": "Familiehuset", "short_name": "FH"}]));

    let service = app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await;
    assert_eq!(service["legal_refs"], json!(["SEL § 52, stk. 3, nr. 3"]));
    assert_eq!(service["title"], "Familiebehandling jf. SEL § 52, stk. 3, nr. 3");
    assert_eq!(service["paragraph"], "§ 52.3.3");
    assert_eq!(service["unit_name"], "Familiehuset");
    assert_eq!(service["status"], "active");

    let id = id_of(&service);
    let read = app.get_json(&format!("/api/services/{id}"), StatusCode::OK).await;
    assert_eq!(read, service);
    let all = app.get_json("/api/services", StatusCode::OK).await;
    assert_eq!(all, json!([service]));
}

#[tokio::test]
async fn updating_a_service_replaces_its_fields() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let id = id_of(&app.create_service(unit_id, "Dagbehandling", "§ 52.3.2").await);
    let body = json!({
        "unit_id": unit_id,
        "name": "Intensiv dagbehandling",
        "legal_refs": "SEL § 52.3.2 og 52.3.3",
        "texts": {"target_group": "Gravide og spædbørnsfamilier"},
        "approval": {"body": "Børne- og Ungdomsudvalget", "date": "20.04.2023"},
        "ladder_step": 5,
        "capacity": 20,
        "age_range": {"min_years": 0, "max_years": 1},
        "rules": {"first_follow_up_months": 3, "follow_up_every_months": 6},
        "themes": ["spædbørn"],
        "in_report": true,
    });
    let updated = expect_json(app.put(&format!("/api/services/{id}"), &body).await, StatusCode::OK).await;
    assert_eq!(updated["legal_refs"], json!(["SEL § 52, stk. 3, nr. 2", "SEL § 52, stk. 3, nr. 3"]));
    assert_eq!(updated["paragraph"], "§ 52.3.2 + 52.3.3");
    assert_eq!(updated["approval"], json!({"body": "Børne- og Ungdomsudvalget", "date": "2023-04-20"}));
    assert_eq!(updated["texts"]["target_group"], "Gravide og spædbørnsfamilier");
    assert_eq!(updated["capacity"], 20);
    assert_eq!(updated["rules"]["first_follow_up_months"], 3);

    let missing = expect_json(app.put("/api/services/999", &body).await, StatusCode::NOT_FOUND).await;
    assert_eq!(missing["error"]["message_da"], "Indsatsen findes ikke.");
}

#[tokio::test]
async fn an_invalid_service_is_422_naming_every_field() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let body = json!({"unit_id": unit_id, "name": " ", "legal_refs": "§ 52 a", "capacity": 0});
    let error = expect_json(app.post("/api/services", &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["legal_refs", "name", "capacity"]);
    assert!(error["error"]["fields"][0]["message_da"].as_str().is_some_and(|m| m.starts_with("Lovhenvisningen kunne ikke læses")));
    assert_eq!(app.get_json("/api/services", StatusCode::OK).await, json!([]));
}

#[tokio::test]
async fn a_service_of_an_unknown_unit_is_422_and_an_unknown_service_404() {
    let app = TestApp::sqlite().await;
    let error = expect_json(app.post("/api/services", &json!({"unit_id": 42, "name": "Krisehjælp"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["unit_id"]);
    assert_eq!(error["error"]["message_da"], "Enheden findes ikke.");
    let missing = app.get_json("/api/services/42", StatusCode::NOT_FOUND).await;
    assert_eq!(missing["error"]["message_da"], "Indsatsen findes ikke.");
    assert_eq!(missing["error"]["fields"], json!([]));
}

#[tokio::test]
async fn a_duplicate_unit_name_is_422() {
    let app = TestApp::sqlite().await;
    app.create_unit("FTI", "FTI").await;
    let error = expect_json(app.post("/api/units", &json!({"name": "FTI"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&error), ["name"]);
}
