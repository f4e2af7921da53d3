//! Closing and reopening a case (issue 11, item 9): the form preselects no reason and asks for
//! confirmation; a case never started cannot close as if it had run; moving on names the
//! service and how intrusive it is; the end report is kept; reopening starts a new episode and
//! no past period's report figure changes.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::world;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn closing_from_the_page_asks_for_a_reason_and_a_confirmation() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    let page = leader.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("<option value=\"\">Vælg årsag</option>"), "no reason chosen in advance");
    assert!(!page.contains("purpose_met\" selected"), "{page}");

    // No reason: refused at the field, the date kept.
    let none = [("closed_on", "20.04.2022"), ("reason", ""), ("end_report", "Forløbet er slut.")];
    let response = app.submit(&leader, &format!("/sager/{}/afslut", w.case), &none).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("Vælg en årsag.") && body.contains("value=\"20.04.2022\"") && body.contains("Forløbet er slut."), "{body}");
    assert!(body.contains("<title>Fejl i formularen – Sag"), "the title says the form has errors");

    // A reason without confirmation: the confirmation page, and nothing closed yet.
    let form = [("closed_on", "20.04.2022"), ("reason", "withdrawn"), ("end_report", "Forløbet er slut.")];
    let response = app.submit(&leader, &format!("/sager/{}/afslut", w.case), &form).await;
    assert_eq!(response.status(), StatusCode::OK);
    let confirm = response.text().await.expect("body");
    assert!(confirm.contains("Afslut sag") && confirm.contains("Ja, afslut sagen") && confirm.contains("name=\"bekraeft\" value=\"ja\""), "{confirm}");
    assert_eq!(app.store.case(w.case).await.expect("case").state, familiehus_domain::CaseState::Waiting);

    // The waiting case never ran, so "Formålet er opfyldt" is refused even when confirmed.
    let as_if_run = [("closed_on", "20.04.2022"), ("reason", "purpose_met"), ("bekraeft", "ja")];
    let response = app.submit(&leader, &format!("/sager/{}/afslut", w.case), &as_if_run).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("aldrig iværksat"));

    let confirmed = [&form[..], &[("bekraeft", "ja")]].concat();
    let response = app.submit(&leader, &format!("/sager/{}/afslut", w.case), &confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let closed = app.store.case(w.case).await.expect("case");
    assert_eq!((closed.state, closed.end_report.as_str()), (familiehus_domain::CaseState::Closed, "Forløbet er slut."));
    let page = leader.get(app.url(&format!("/sager/{}", w.case))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Afslutningsrapport") && page.contains("Forløbet er slut."));
}

#[tokio::test]
async fn moving_on_names_the_service_and_how_intrusive_it_is() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let unit = app.create_unit("Sundhedsplejen", "SP").await;
    let lighter =
        json!({"unit_id": unit, "name": "Forældrekursus", "legal_refs": "§ 11", "ladder_step": 2, "access": "open", "delivery": "group", "in_report": false});
    let lighter = id_of(&expect_json(app.post("/api/services", &lighter).await, StatusCode::CREATED).await);
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;

    let missing = expect_json(app.close(w.case, "2022-04-20", "moved_to_other_service").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&missing), ["next_service_id"]);
    let own = json!({"closed_on": "2022-04-20", "reason": "moved_to_other_service", "next_service_id": w.service});
    let own = expect_json(app.post(&format!("/api/cases/{}/close", w.case), &own).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&own), ["next_service_id"]);

    let body = json!({"closed_on": "2022-04-20", "reason": "moved_to_other_service", "next_service_id": lighter, "end_report": "Familien fortsætter i forældrekurset."});
    let closed = expect_json(app.post(&format!("/api/cases/{}/close", w.case), &body).await, StatusCode::OK).await;
    assert_eq!((&closed["closure_next_service_id"], &closed["end_report"]), (&json!(lighter), &json!("Familien fortsætter i forældrekurset.")));
    let timeline = app.store.case_timeline(w.case).await.expect("timeline");
    let closure = timeline.iter().find(|e| e.kind == "closed").map(|e| e.detail.clone()).unwrap_or_default();
    assert_eq!(closure, "Overgået til anden indsats: Forældrekursus (mindre indgribende, trin 4 → 2)");
}

#[tokio::test]
async fn reopening_starts_a_new_episode_and_past_figures_stay() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let case = app.case(w.service, "2021-09-01", Some("2021-10-01"), Some("2021-12-15")).await;
    let before = app.get_json("/api/reports/caseload?from=2021-07-01&to=2021-12-31", StatusCode::OK).await;

    let episode = expect_json(app.post(&format!("/api/cases/{case}/reopen"), &json!({})).await, StatusCode::OK).await;
    assert_eq!(episode["reopened_from"], case);
    let after = app.get_json("/api/reports/caseload?from=2021-07-01&to=2021-12-31", StatusCode::OK).await;
    assert_eq!(after, before, "the closed half-year's report is unchanged by reopening");

    // The new episode counts as a current case today, but as no new start with a wait of 0 days.
    let now = app.get_json("/api/reports/caseload?from=2022-01-01&to=2022-04-26", StatusCode::OK).await;
    let row = now["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["service_id"] == w.service).cloned()).unwrap_or_default();
    assert_eq!(row["started_in_period"], 0, "{row}");
    assert_eq!(row["current_cases"], 2, "the world's waiting case and the resumed episode: {row}");

    let leader = app.client_as("leder").await;
    let page = leader.get(app.url(&format!("/sager/{case}"))).send().await.expect("GET").text().await.expect("body");
    let next = id_of(&episode);
    assert!(page.contains(&format!("Genåbnet som <a href=\"/sager/{next}\">sag {next}</a>")), "{page}");
    assert!(!page.contains("Genåbn sagen</button>"), "an episode is continued once");
}
