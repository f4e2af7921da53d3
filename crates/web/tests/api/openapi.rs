//! The OpenAPI document: valid OpenAPI 3.1 (read back with `oas3`), one unique `operationId` per
//! operation, every `$ref` resolving, every path parameter declared, and exactly the declared
//! JSON routes (`familiehus_web::routes::declared`) documented, no more and no fewer.

use crate::helpers::TestApp;
use familiehus_web::routes::declared;
use oas3::spec::ParameterIn;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// Every `$ref` string anywhere in `value`.
fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => refs(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

/// The `{name}`s of a path template.
fn template_params(path: &str) -> BTreeSet<String> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).map(str::to_owned).collect()
}

#[tokio::test]
async fn the_document_is_valid_openapi_3_1_with_unique_operation_ids_and_resolving_refs() {
    let app = TestApp::sqlite().await;
    let text = app.get("/api/openapi.json").await.text().await.expect("body");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");

    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.1: {e}"));
    let version = spec.validate_version().expect("a 3.1 version");
    assert_eq!((version.major, version.minor), (3, 1));

    let mut ids = HashSet::new();
    for (path, method, operation) in spec.operations() {
        let id = operation.operation_id.clone().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}: not camelCase");
        assert!(ids.insert(id.clone()), "operationId {id} twice");

        // Path parameters: exactly the template's, each required.
        let mut declared = BTreeSet::new();
        for parameter in &operation.parameters {
            let parameter = parameter.resolve(&spec).unwrap_or_else(|e| panic!("{method} {path}: parameter does not resolve: {e}"));
            if parameter.location == ParameterIn::Path {
                assert_eq!(parameter.required, Some(true), "{method} {path}: path parameter {} not required", parameter.name);
                declared.insert(parameter.name.clone());
            }
        }
        assert_eq!(declared, template_params(&path), "{method} {path}: path parameters");
        if let Some(body) = &operation.request_body {
            body.resolve(&spec).unwrap_or_else(|e| panic!("{method} {path}: request body does not resolve: {e}"));
        }
        for (status, response) in operation.responses.iter().flatten() {
            response.resolve(&spec).unwrap_or_else(|e| panic!("{method} {path} {status}: response does not resolve: {e}"));
        }
    }
    assert!(ids.len() >= 17, "{ids:?}");

    // Every `$ref` points into this document, at something that is there.
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for target in found {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{target}: not a local reference"));
        assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
    }
    // The component schemas resolve through oas3 too (not only in JSON-pointer terms).
    for (name, schema) in spec.components.iter().flat_map(|c| &c.schemas) {
        schema.resolve(&spec).unwrap_or_else(|e| panic!("schema {name} does not resolve: {e}"));
    }
}

#[tokio::test]
async fn the_document_lists_exactly_the_declared_json_routes() {
    let app = TestApp::sqlite().await;
    let doc = app.get_json("/api/openapi.json", StatusCode::OK).await;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| item.as_object().into_iter().flatten().map(move |(method, _)| (method.to_uppercase(), path.clone())))
        .collect();
    let routes = declared();
    let json: BTreeSet<(String, String)> = routes.iter().filter(|r| r.is_json()).map(|r| (r.method.to_string(), r.path.clone())).collect();
    assert_eq!(documented, json);
    // Every JSON route is under /api, and every route under /api is a JSON route.
    for route in &routes {
        assert_eq!(route.is_json(), route.path.starts_with("/api/"), "{route:?}");
        if let Some(operation) = route.operation() {
            let id = operation.operation_id.as_deref().unwrap_or_default();
            assert_eq!(doc["paths"][&route.path][route.method.as_str().to_lowercase()]["operationId"], id, "{route:?}");
        }
    }
    let expected = [
        "createSession",
        "deleteSession",
        "listUnits",
        "createUnit",
        "listServices",
        "createService",
        "getService",
        "updateService",
        "getServiceWaitingList",
        "enrolCase",
        "getCase",
        "listCases",
        "startCase",
        "closeCase",
        "reopenCase",
        "assignCase",
        "listJournal",
        "addJournalEntry",
        "listFamily",
        "addFamilyMember",
        "getPhases",
        "savePhases",
        "listNetworkMaps",
        "addNetworkMap",
        "getFamilyLog",
        "recordConsent",
        "recordDecision",
        "listMeasurements",
        "addScore",
        "listCourses",
        "recordAttendance",
        "admitCase",
        "getServiceAccessRoutes",
        "setServiceAccessRoutes",
        "listEnquiries",
        "getEnquiry",
        "acceptEnquiry",
        "closeEnquiry",
        "getCaseloadReport",
        "getOutcomeReport",
        "getReachReport",
        "getInbox",
        "getReportConfig",
        "getReportEdition",
        "listReportEditions",
        "putReportConfig",
        "saveReportEdition",
        "setUnitContact",
        "getOpenApiDocument",
    ];
    let ids: BTreeSet<&str> = routes.iter().filter_map(|r| r.operation()?.operation_id.as_deref()).collect();
    assert_eq!(ids, expected.into_iter().collect(), "stable operationIds (clients generate method names from them)");

    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    for schema in ["ErrorBody", "ServiceIn", "ServiceOut", "EnrolIn", "CaseOut", "CaseloadReportOut"] {
        assert!(schemas.contains_key(schema), "schema {schema} missing");
    }
}
