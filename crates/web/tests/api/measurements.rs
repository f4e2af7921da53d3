//! Goals and measurements (issue 11, items 7 and 8): goals set and rated on the case page, scores
//! recorded through the form and the API, each instrument's range and the course's dates
//! refused at the field in Danish with nothing saved and the form keeping what was typed,
//! need-to-know on reading and writing, the chart with its table on the case page, and the
//! off-track flag with its rule on the case page and the leader's front page (logged).

use crate::helpers::{TestApp, error_fields, expect_json};
use crate::world::{World, world};
use reqwest::StatusCode;
use serde_json::json;

/// The world's Familiehuset case, started 10.03.2022 (today is 26.04.2022).
async fn setup(app: &TestApp) -> World {
    let w = world(app).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    w
}

async fn html(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    client.get(app.url(path)).send().await.expect("GET").text().await.expect("body")
}

async fn post_score(client: &reqwest::Client, app: &TestApp, case: i64, body: serde_json::Value) -> reqwest::Response {
    client.post(app.url(&format!("/api/cases/{case}/scores"))).json(&body).send().await.expect("POST")
}

#[tokio::test]
async fn goals_and_scores_on_the_case_page_with_chart_and_flag() {
    let app = TestApp::sqlite().await;
    let w = setup(&app).await;
    let case = w.case;
    let practitioner = app.client_as("behandler").await;

    // A goal in the family's own words.
    let goal = [("goal_level", "child"), ("goal_text", "Jeg vil sove i min egen seng."), ("goal_set_on", "10.03.2022")];
    assert_eq!(app.submit(&practitioner, &format!("/sager/{case}/maal"), &goal).await.status(), StatusCode::SEE_OTHER);
    let goal_id = app.store.goals(case).await.expect("goals")[0].id;

    // Refused: a rating of 11, the form kept and nothing saved.
    let rating_field = format!("rating_{goal_id}");
    let bad = [("rated_on", "01.04.2022"), (rating_field.as_str(), "11")];
    let response = app.submit(&practitioner, &format!("/sager/{case}/maal/vurdering"), &bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(
        body.contains("<title>Fejl i formularen") && body.contains("Vurderingen skal være et helt tal fra 1 til 10.") && body.contains("value=\"11\""),
        "{body}"
    );
    assert!(app.store.goals(case).await.expect("goals")[0].ratings.is_empty(), "nothing saved");
    for (on, rating) in [("20.03.2022", "3"), ("01.04.2022", "6")] {
        let ok = [("rated_on", on), (rating_field.as_str(), rating)];
        assert_eq!(app.submit(&practitioner, &format!("/sager/{case}/maal/vurdering"), &ok).await.status(), StatusCode::SEE_OTHER);
    }

    // Scores through the form: out of range, in the future, before the start; then a flat ORS.
    let path = format!("/sager/{case}/maalinger");
    let over = [("score_instrument", "epds"), ("measured_on", "20.04.2022"), ("score", "31")];
    let response = app.submit(&practitioner, &path, &over).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("EPDS (efterfødselsreaktion) går fra 0 til 30.") && body.contains("href=\"#score\"") && body.contains("value=\"31\""), "{body}");
    let future = [("score_instrument", "ors"), ("measured_on", "27.04.2022"), ("score", "20")];
    assert!(app.submit(&practitioner, &path, &future).await.text().await.expect("body").contains("ligger i fremtiden"));
    let early = [("score_instrument", "ors"), ("measured_on", "09.03.2022"), ("score", "20")];
    assert!(app.submit(&practitioner, &path, &early).await.text().await.expect("body").contains("før indsatsen blev iværksat 10.03.2022"));
    assert!(app.store.measurements(case).await.expect("scores").is_empty(), "nothing saved");
    for on in ["14.03.2022", "28.03.2022", "04.04.2022", "11.04.2022"] {
        let ors = [("score_instrument", "ors"), ("measured_on", on), ("score", "20")];
        assert_eq!(app.submit(&practitioner, &path, &ors).await.status(), StatusCode::SEE_OTHER);
    }
    let who5 = [("score_instrument", "who5"), ("measured_on", "11.04.2022"), ("score", "12")];
    assert_eq!(app.submit(&practitioner, &path, &who5).await.status(), StatusCode::SEE_OTHER);

    let page = html(&practitioner, &app, &format!("/sager/{case}")).await;
    assert!(page.contains("Jeg vil sove i min egen seng.") && page.contains("første → seneste 3 → 6"), "{page}");
    assert!(page.contains("<svg class=\"chart line-chart\"") && page.contains("<polyline"), "a chart: {page}");
    assert!(page.contains("<summary>Tallene bag graferne</summary>") && page.contains("<td>14.03.2022</td>"), "its table: {page}");
    assert!(page.contains("12 (48 %)") && page.contains("Dårlig trivsel"), "WHO-5 as a percentage with its band: {page}");
    assert!(page.contains("0–40; under 25: klinisk område (voksne)"), "thresholds beside the scores: {page}");
    assert!(page.contains("Ude af kurs") && page.contains("ORS er ikke steget mindst 5 point"), "the flag with its rule: {page}");

    // The leader sees the flagged case on the front page, logged.
    let leader = app.client_as("leder").await;
    let front = html(&leader, &app, "/").await;
    assert!(front.contains("Sager ude af kurs") && front.contains(&format!("href=\"/sager/{case}\"")) && front.contains("ORS er ikke forbedret"), "{front}");
    let log = app.store.audit_for_case(case).await.expect("log");
    assert!(log.iter().any(|e| e.action == "list_case" && e.detail == "forside, ude af kurs"), "shown and logged");
    assert!(log.iter().any(|e| e.action == "add_score") && log.iter().any(|e| e.action == "rate_goals") && log.iter().any(|e| e.action == "add_goal"));

    // A score improving the ORS by 5 clears the flag.
    let better = [("score_instrument", "ors"), ("measured_on", "20.04.2022"), ("score", "25")];
    assert_eq!(app.submit(&practitioner, &path, &better).await.status(), StatusCode::SEE_OTHER);
    assert!(!html(&leader, &app, "/").await.contains("Sager ude af kurs"));

    // Ending the goal keeps it and its ratings; it is no longer offered for rating.
    assert_eq!(app.submit(&practitioner, &format!("/sager/{case}/maal/{goal_id}/afslut"), &[]).await.status(), StatusCode::SEE_OTHER);
    let page = html(&practitioner, &app, &format!("/sager/{case}")).await;
    assert!(page.contains("Afsluttet 26.04.2022") && !page.contains(&format!("name=\"{rating_field}\"")), "{page}");
}

#[tokio::test]
async fn the_api_lists_and_records_scores_within_need_to_know() {
    let app = TestApp::sqlite().await;
    let w = setup(&app).await;
    let practitioner = app.client_as("behandler").await;

    let response = post_score(&practitioner, &app, w.case, json!({"instrument": "srs", "measured_on": "2022-04-20", "score": 41})).await;
    let body = expect_json(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["score"]);
    assert!(body["error"]["fields"][0]["message_da"].as_str().is_some_and(|m| m.contains("går fra 0 til 40")), "{body}");
    let response = post_score(&practitioner, &app, w.case, json!({"instrument": "sdq", "measured_on": "20.04.2022", "score": 10})).await;
    assert_eq!(error_fields(&expect_json(response, StatusCode::UNPROCESSABLE_ENTITY).await), ["instrument"]);
    assert!(app.store.measurements(w.case).await.expect("scores").is_empty(), "nothing saved");

    let response = post_score(&practitioner, &app, w.case, json!({"instrument": "srs", "measured_on": "2022-04-20", "score": 33})).await;
    let body = expect_json(response, StatusCode::CREATED).await;
    assert_eq!(body["scores"][0]["score"], 33);
    assert_eq!(body["flags"][0]["rule"], "srs_below_cut_off", "{body}");
    let listed = expect_json(practitioner.get(app.url(&format!("/api/cases/{}/measurements", w.case))).send().await.expect("GET"), StatusCode::OK).await;
    assert_eq!(listed["scores"][0]["reading"], "Under grænsen");
    let log = app.store.audit_for_case(w.case).await.expect("log");
    assert!(log.iter().any(|e| e.action == "read_measurements"), "the API's read is logged");

    // Need-to-know: the FTI case is outside the practitioner's scope; the caseworker reads
    // the case she referred but may not record scores; the analyst reads no case.
    let response = post_score(&practitioner, &app, w.other_case, json!({"instrument": "ors", "measured_on": "2022-04-20", "score": 20})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = practitioner.get(app.url(&format!("/api/cases/{}/measurements", w.other_case))).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let caseworker = app.client_as("raadgiver").await;
    let response = post_score(&caseworker, &app, w.case, json!({"instrument": "ors", "measured_on": "2022-04-20", "score": 20})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let analyst = app.client_as("analytiker").await;
    let response = analyst.get(app.url(&format!("/api/cases/{}/measurements", w.case))).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let page_post = app
        .submit(&practitioner, &format!("/sager/{}/maalinger", w.other_case), &[("score_instrument", "ors"), ("measured_on", "20.04.2022"), ("score", "20")])
        .await;
    assert_eq!(page_post.status(), StatusCode::FORBIDDEN);
    assert!(app.store.measurements(w.other_case).await.expect("scores").is_empty());
}

#[tokio::test]
async fn scores_on_postgres_too() {
    let Some(app) = TestApp::postgres().await else { return };
    let w = setup(&app).await;
    let practitioner = app.client_as("behandler").await;
    for (on, score) in [("2022-03-14", 36), ("2022-03-28", 35), ("2022-04-11", 34)] {
        expect_json(post_score(&practitioner, &app, w.case, json!({"instrument": "srs", "measured_on": on, "score": score})).await, StatusCode::CREATED).await;
    }
    let listed = expect_json(practitioner.get(app.url(&format!("/api/cases/{}/measurements", w.case))).send().await.expect("GET"), StatusCode::OK).await;
    let rules: Vec<&str> = listed["flags"].as_array().map(|f| f.iter().filter_map(|x| x["rule"].as_str()).collect()).unwrap_or_default();
    assert_eq!(rules, ["srs_below_cut_off", "srs_falling"]);
    let front = html(&app.client_as("leder").await, &app, "/").await;
    assert!(front.contains("SRS falder"), "{front}");
}
