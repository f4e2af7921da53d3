//! The one error shape: unreadable input is 400 naming the field, unknown routes 404, and the
//! body is always `{"error": {"message_da", "message_en", "fields"}}`.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use reqwest::StatusCode;
use serde_json::json;

fn assert_shape(body: &serde_json::Value) {
    let error = &body["error"];
    assert!(error["message_da"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(error["message_en"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(error["fields"].is_array(), "{body}");
}

#[tokio::test]
async fn health_is_ok() {
    let app = TestApp::sqlite().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.ok().as_deref(), Some("ok"));
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::sqlite().await;
    let body = expect_json(app.post_raw("/api/units", r#"{"name": "FTI""#).await, StatusCode::BAD_REQUEST).await;
    assert_shape(&body);
    assert_eq!(body["error"]["message_da"], "Forespørgslen er ikke gyldig JSON.");
}

#[tokio::test]
async fn unreadable_fields_are_400_naming_the_field() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let enrol = |patch: serde_json::Value| {
        let mut body = json!({"service_id": service_id, "person": {"name": "Bo"}, "referral_source": "school", "enrolled_on": "2022-03-10"});
        if let (Some(body), Some(patch)) = (body.as_object_mut(), patch.as_object()) {
            for (k, v) in patch {
                if v.is_null() {
                    body.remove(k);
                } else {
                    body.insert(k.clone(), v.clone());
                }
            }
        }
        body
    };
    let cases = [
        (enrol(json!({"enrolled_on": "30.02.2022"})), "enrolled_on", "Datoen kunne ikke læses. Skriv den som 26.04.2022 eller 2022-04-26."),
        (enrol(json!({"enrolled_on": null})), "enrolled_on", "Feltet skal udfyldes."),
        (enrol(json!({"referral_source": "neighbour"})), "referral_source", "Værdien er ikke en af de tilladte koder."),
        (enrol(json!({"service_id": "one"})), "service_id", "Feltet har en ugyldig værdi."),
        (
            enrol(json!({"person": {"name": "Bo", "birth_date": "soon"}})),
            "person.birth_date",
            "Datoen kunne ikke læses. Skriv den som 26.04.2022 eller 2022-04-26.",
        ),
    ];
    for (body, field, message_da) in cases {
        let error = expect_json(app.post("/api/cases", &body).await, StatusCode::BAD_REQUEST).await;
        assert_shape(&error);
        assert_eq!(error_fields(&error), [field], "{body}");
        assert_eq!(error["error"]["message_da"], message_da, "{body}");
    }
    // Nothing was enrolled by the failed requests.
    let list = app.get_json(&format!("/api/services/{service_id}/waiting-list"), StatusCode::OK).await;
    assert_eq!(list["entries"], json!([]));
}

#[tokio::test]
async fn a_body_without_json_content_type_is_415() {
    let app = TestApp::sqlite().await;
    let response = app.client.post(app.url("/api/units")).body(r#"{"name": "FTI"}"#).send().await.expect("POST");
    let body = expect_json(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_shape(&body);
}

#[tokio::test]
async fn unknown_api_routes_and_ids_answer_in_the_error_shape() {
    let app = TestApp::sqlite().await;
    let body = app.get_json("/api/nothing-here", StatusCode::NOT_FOUND).await;
    assert_shape(&body);
    assert_eq!(body["error"]["message_da"], "Adressen findes ikke.");
    let body = app.get_json("/api/cases/abc", StatusCode::BAD_REQUEST).await;
    assert_eq!(error_fields(&body), ["id"]);
    let response = app.client.delete(app.url("/api/units")).send().await.expect("DELETE");
    let body = expect_json(response, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_shape(&body);
}

#[tokio::test]
async fn database_failures_are_500_without_details() {
    let app = TestApp::sqlite().await;
    app.create_unit("Familiehuset", "FH").await;
    // The test's store shares the server's pool: closing it makes every query fail.
    app.store.close().await;
    let body = app.get_json("/api/units", StatusCode::INTERNAL_SERVER_ERROR).await;
    assert_shape(&body);
    assert_eq!(body["error"]["message_da"], "Der opstod en fejl på serveren. Prøv igen senere.");
    assert_eq!(body["error"]["message_en"], "internal server error");
    let text = body.to_string().to_lowercase();
    for internal in ["pool", "sqlx", "database", "sqlite", "familiehus"] {
        assert!(!text.contains(internal), "{internal} leaked: {body}");
    }
}
