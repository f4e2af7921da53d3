//! The enquiry inbox as JSON (`/api/enquiries`): the list carries no personal data, reading one
//! is logged, accepting makes a self-referred case on the waiting list once (a second accept or
//! a close after it is 422), closing needs an answer, and another unit's practitioner is refused
//! every one of the four.

use crate::helpers::{TestApp, expect_json, id_of};
use crate::world::world;
use familiehus_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

const TEXT: &str = "Ida er bange for at gå i skole og har ondt i maven hver morgen.";

/// A citizen's enquiry to `service` through the public form.
async fn send(app: &TestApp, service: i64, parent: &str) {
    let fields = [
        ("parent_name", parent),
        ("phone", "12 34 56 78"),
        ("email", ""),
        ("child_first_name", "Ida"),
        ("child_age", "10"),
        ("child_birth_date", ""),
        ("difficulties", TEXT),
        ("consent", "ja"),
        ("website", ""),
    ];
    let response = reqwest::Client::new().post(app.url(&format!("/offentlig/tilbud/{service}/henvendelse"))).form(&fields).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn enquiry_api_story(app: TestApp) {
    let w = world(&app).await;
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let other_unit = app.store.service(w.other_service).await.expect("service").unit_id;
    let body =
        json!({"unit_id": unit, "name": "Cool Kids", "legal_refs": "SEL § 11", "ladder_step": 2, "access": "open", "delivery": "group", "in_report": false});
    let open_service = id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await);
    app.add_user("behandler-fti", Role::Practitioner, Some(other_unit)).await;
    send(&app, open_service, "Mette Hansen").await;
    send(&app, open_service, "Jonas Berg").await;

    let practitioner = app.client_as("behandler").await;
    let stranger = app.client_as("behandler-fti").await;
    let get = |client: &reqwest::Client, path: String| {
        let request = client.get(app.url(&path));
        async move { request.send().await.expect("GET") }
    };
    let post = |client: &reqwest::Client, path: String, body: serde_json::Value| {
        let request = client.post(app.url(&path)).json(&body);
        async move { request.send().await.expect("POST") }
    };

    let list = expect_json(get(&practitioner, "/api/enquiries".into()).await, StatusCode::OK).await;
    let lines = list.as_array().expect("a list");
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines.iter().all(|l| l["status"] == "new" && l["service_name"] == "Cool Kids"), "{list}");
    assert!(!list.to_string().contains("Mette") && !list.to_string().contains("bange"), "no personal data in the list: {list}");
    assert_eq!(expect_json(get(&stranger, "/api/enquiries".into()).await, StatusCode::OK).await, json!([]), "another unit's inbox is empty");
    let mut parents = Vec::new();
    for line in lines {
        let id = line["id"].as_i64().expect("id");
        let one = app.get_json(&format!("/api/enquiries/{id}"), StatusCode::OK).await;
        parents.push((one["parent_name"].as_str().unwrap_or_default().to_owned(), id));
    }
    let by_parent = |parent: &str| parents.iter().find(|(p, _)| p == parent).map(|(_, id)| *id).unwrap_or_else(|| panic!("no enquiry from {parent}"));
    let first = by_parent("Mette Hansen");
    let second = by_parent("Jonas Berg");

    // Another unit's practitioner: refused on every route, and nothing changes.
    for response in [
        get(&stranger, format!("/api/enquiries/{first}")).await,
        post(&stranger, format!("/api/enquiries/{first}/accept"), json!({})).await,
        post(&stranger, format!("/api/enquiries/{first}/close"), json!({"answer": "Ringet op."})).await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    let one = expect_json(get(&practitioner, format!("/api/enquiries/{first}")).await, StatusCode::OK).await;
    assert_eq!((one["phone"].as_str(), one["difficulties"].as_str(), one["child_age"].as_i64()), (Some("12 34 56 78"), Some(TEXT), Some(10)), "{one}");
    let receipt = one["receipt"].as_str().expect("receipt").to_owned();
    let practitioner_id = app.store.user_by_username("behandler").await.expect("lookup").expect("user").id;
    let events = app.store.audit_events().await.expect("audit");
    assert!(
        events.iter().any(|e| e.action == "read_enquiry" && e.user_id == Some(practitioner_id) && e.detail.contains(&receipt) && e.detail.ends_with("api")),
        "{events:?}"
    );

    let case = expect_json(post(&practitioner, format!("/api/enquiries/{first}/accept"), json!({})).await, StatusCode::CREATED).await;
    assert_eq!(
        (case["referral_source"].as_str(), case["state"].as_str(), case["service_id"].as_i64(), case["person_name"].as_str()),
        (Some("self_referral"), Some("waiting"), Some(open_service), Some("Ida")),
        "{case}"
    );
    let accepted = expect_json(get(&practitioner, format!("/api/enquiries/{first}")).await, StatusCode::OK).await;
    assert_eq!((accepted["status"].as_str(), accepted["case_id"].as_i64()), (Some("accepted"), case["id"].as_i64()));
    let again = expect_json(post(&practitioner, format!("/api/enquiries/{first}/accept"), json!({})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(again.to_string().contains("allerede behandlet"), "{again}");
    expect_json(post(&practitioner, format!("/api/enquiries/{first}/close"), json!({"answer": "Ringet op."})).await, StatusCode::UNPROCESSABLE_ENTITY).await;

    let empty =
        expect_json(post(&practitioner, format!("/api/enquiries/{second}/close"), json!({"answer": "  "})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(crate::helpers::error_fields(&empty).contains(&"answer".to_owned()), "{empty}");
    let closed =
        expect_json(post(&practitioner, format!("/api/enquiries/{second}/close"), json!({"answer": "Ringet op, henvist til PPR."})).await, StatusCode::OK)
            .await;
    assert_eq!(
        (closed["status"].as_str(), closed["answer"].as_str(), closed["closed_on"].as_str()),
        (Some("closed"), Some("Ringet op, henvist til PPR."), Some("2022-04-26"))
    );
    assert_eq!(closed["case_id"], serde_json::Value::Null);
    expect_json(post(&practitioner, format!("/api/enquiries/{second}/accept"), json!({})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    expect_json(app.get("/api/enquiries/999999").await, StatusCode::NOT_FOUND).await;
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn the_enquiry_inbox_api_lists_reads_accepts_and_closes_sqlite() {
    enquiry_api_story(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_enquiry_inbox_api_lists_reads_accepts_and_closes_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    enquiry_api_story(app).await;
}
