//! A service's waiting list: oldest enrolment first, and a started case leaves it.

use crate::helpers::{TODAY, TestApp, expect_json, id_of};
use reqwest::StatusCode;
use serde_json::Value;

fn case_ids(list: &Value) -> Vec<i64> {
    list["entries"].as_array().map(|e| e.iter().filter_map(|c| c["case_id"].as_i64()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn the_waiting_list_is_oldest_first_and_a_started_case_leaves_it() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let other = id_of(&app.create_service(unit_id, "Praktisk pædagogisk støtte", "§ 52.3.2").await);
    let middle = id_of(&app.enrol(service_id, "Middel", "2022-02-01").await);
    let newest = id_of(&app.enrol(service_id, "Nyest", "2022-03-01").await);
    let oldest = id_of(&app.enrol(service_id, "Ældst", "2022-01-01").await);
    app.enrol(other, "Anden indsats", "2021-12-01").await;

    let path = format!("/api/services/{service_id}/waiting-list?today=2022-03-31");
    let list = app.get_json(&path, StatusCode::OK).await;
    assert_eq!(case_ids(&list), [oldest, middle, newest]);
    assert_eq!(list["today"], "2022-03-31");
    assert_eq!(list["entries"][0]["person_name"], "Ældst");
    assert_eq!(list["entries"][0]["days_waiting"], 89);
    assert_eq!(list["entries"][0]["referral_source"], "authority_decision");

    expect_json(app.start(middle, "2022-03-15").await, StatusCode::OK).await;
    let closed = app.case(service_id, "2022-01-15", None, Some("2022-02-01")).await;
    let list = app.get_json(&path, StatusCode::OK).await;
    assert_eq!(case_ids(&list), [oldest, newest]);
    assert!(!case_ids(&list).contains(&closed));
}

#[tokio::test]
async fn the_waiting_list_counts_to_the_server_date_by_default_and_reads_danish_dates() {
    let app = TestApp::sqlite().await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    app.enrol(service_id, "Alma", "2022-04-16").await;
    let list = app.get_json(&format!("/api/services/{service_id}/waiting-list"), StatusCode::OK).await;
    assert_eq!(list["today"], TODAY);
    assert_eq!(list["entries"][0]["days_waiting"], 10);
    let list = app.get_json(&format!("/api/services/{service_id}/waiting-list?today=20.04.2022"), StatusCode::OK).await;
    assert_eq!(list["entries"][0]["days_waiting"], 4);
}

#[tokio::test]
async fn the_waiting_list_of_an_unknown_service_is_404_and_a_bad_date_400() {
    let app = TestApp::sqlite().await;
    app.get_json("/api/services/5/waiting-list", StatusCode::NOT_FOUND).await;
    let unit_id = app.create_unit("Familiehuset", "FH").await;
    let service_id = id_of(&app.create_service(unit_id, "Familiebehandling", "§ 52.3.3").await);
    let error = app.get_json(&format!("/api/services/{service_id}/waiting-list?today=31.02.2022"), StatusCode::BAD_REQUEST).await;
    assert_eq!(crate::helpers::error_fields(&error), ["today"]);
}
