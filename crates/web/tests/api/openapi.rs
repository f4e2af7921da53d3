//! The OpenAPI document lists every route of the API.

use crate::helpers::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn openapi_lists_every_api_path() {
    let app = TestApp::sqlite().await;
    let doc = app.get_json("/api/openapi.json", StatusCode::OK).await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let expected = [
        ("/api/session", &["post", "delete"][..]),
        ("/api/units", &["get", "post"]),
        ("/api/services", &["get", "post"]),
        ("/api/services/{id}", &["get", "put"]),
        ("/api/services/{id}/waiting-list", &["get"]),
        ("/api/cases", &["post"]),
        ("/api/cases/{id}", &["get"]),
        ("/api/cases/{id}/start", &["post"]),
        ("/api/cases/{id}/close", &["post"]),
        ("/api/cases/{id}/reopen", &["post"]),
        ("/api/cases/{id}/assign", &["post"]),
        ("/api/reports/caseload", &["get"]),
        ("/api/openapi.json", &["get"]),
    ];
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (path, methods) in expected {
        for method in methods {
            assert!(paths.get(path).is_some_and(|p| p.get(*method).is_some()), "{method} {path} missing from the OpenAPI document");
        }
    }
    assert_eq!(paths.len(), expected.len(), "documented paths: {:?}", paths.keys().collect::<Vec<_>>());
    // Every documented operation has a rule in the policy table (missing ones would be denied).
    for (path, methods) in expected {
        for method in methods {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            assert!(familiehus_web::policy::rule(&method, path).is_some(), "{method} {path} has no policy rule");
        }
    }
    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    for schema in ["ErrorBody", "ServiceIn", "ServiceOut", "EnrolIn", "CaseOut", "CaseloadReportOut"] {
        assert!(schemas.contains_key(schema), "schema {schema} missing");
    }
}
