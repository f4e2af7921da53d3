//! The committee report's staff pages: the leader configures the rows (which services, label,
//! paragraph, order, remark), saves an edition for a committee meeting from the report page and
//! reopens it unchanged after new cases; the trend over six half-years beside the report.

use crate::helpers::{TestApp, expect_json, id_of};
use crate::world::world;
use reqwest::StatusCode;
use serde_json::json;

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn text(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn a_leader_configures_the_rows_as_the_committee_knows_them() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let unit = app.create_unit("Sundhedsplejen", "SP").await;
    let unreported = json!({"unit_id": unit, "name": "Supervision af plejefamilier", "legal_refs": "§ 52.3.7", "in_report": false});
    let supervision = id_of(&expect_json(app.post("/api/services", &unreported).await, StatusCode::CREATED).await);
    let leader = app.client_as("leder").await;

    let (status, form) = text(leader.get(app.url("/rapport/opsaetning")).send().await.expect("GET")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(&format!("name=\"med_{}\" value=\"ja\" checked", w.service)), "a reported service starts included: {form}");
    assert!(!form.contains(&format!("name=\"med_{supervision}\" value=\"ja\" checked")), "an unreported one starts left out");

    // A number that is not one is refused at its row, and the form keeps what was typed.
    let (s, w_id, o) = (supervision.to_string(), w.service.to_string(), w.other_service.to_string());
    let field = |name: &str, id: &str| format!("{name}_{id}");
    let names: Vec<(String, String)> = vec![
        (field("med", &s), "ja".into()),
        (field("nr", &s), "først".into()),
        (field("paragraf", &s), "§ 52.3.7".into()),
        (field("betegnelse", &s), "Supervision".into()),
        (field("med", &w_id), "ja".into()),
        (field("nr", &w_id), "2".into()),
        (field("paragraf", &w_id), "§ 52.3.3".into()),
        (field("betegnelse", &w_id), "Familiebehandling".into()),
        (field("bemaerkning", &w_id), "Ventetiden steg, fordi to behandlere var på barsel.".into()),
        (field("paragraf", &o), "§ 52.3.3".into()),
        (field("betegnelse", &o), "Fast kontaktperson".into()),
    ];
    let fields =
        |nr: &str| -> Vec<(String, String)> { names.iter().map(|(k, v)| (k.clone(), if *k == field("nr", &s) { nr.to_owned() } else { v.clone() })).collect() };
    let bad = fields("først");
    let (status, body) = text(app.submit(&leader, "/rapport/opsaetning", &as_refs(&bad)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Rækkefølgen skal være et helt tal fra 1.") && body.contains("value=\"først\""), "{body}");
    assert!(body.contains("<title>Fejl i formularen"), "the title says the form has errors");
    assert!(body.contains("Ventetiden steg, fordi to behandlere var på barsel."), "the remark as typed");
    let unchanged = app.get_json("/api/reports/config", StatusCode::OK).await;
    assert_eq!(unchanged["saved"], false, "nothing saved: {unchanged}");

    let good = fields("1");
    let response = app.submit(&leader, "/rapport/opsaetning", &as_refs(&good)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let report = app.get_json("/api/reports/caseload?from=2022-01-01&to=2022-04-26", StatusCode::OK).await;
    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    let labels: Vec<(&str, &str)> = rows.iter().map(|r| (r["paragraph"].as_str().unwrap_or(""), r["service_name"].as_str().unwrap_or(""))).collect();
    assert_eq!(labels, [("§ 52.3.7", "Supervision"), ("§ 52.3.3", "Familiebehandling")], "rows, labels and order as configured; FTI left out");
    assert_eq!(rows[1]["remarks"], "Ventetiden steg, fordi to behandlere var på barsel.");
    let page = leader.get(app.url("/rapport?fra=01.01.2022&til=26.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Ventetiden steg, fordi to behandlere var på barsel."), "the remark in the page's last column");

    // Those who cannot edit the report cannot open the form or post it.
    let practitioner = app.client_as("behandler").await;
    assert_eq!(practitioner.get(app.url("/rapport/opsaetning")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    let analyst = app.client_as("analytiker").await;
    assert_eq!(app.submit(&analyst, "/rapport/opsaetning", &as_refs(&good)).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_edition_saved_from_the_page_reopens_unchanged_after_new_cases() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    app.case(w.service, "2022-01-03", Some("2022-03-25"), None).await;
    let leader = app.client_as("leder").await;
    let page = leader.get(app.url("/rapport?fra=01.01.2022&til=26.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Gem som udgave til udvalget"), "leaders get the form");
    let period = [("fra", "01.01.2022"), ("til", "26.04.2022"), ("opgjort", "")];

    let early = [&period[..], &[("moede", "01.04.2022")]].concat();
    let (status, body) = text(app.submit(&leader, "/rapport/udgaver", &early).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Mødet kan ikke ligge før rapportens opgørelsesdato (26.04.2022).") && body.contains("value=\"01.04.2022\""), "{body}");
    let unreadable = [&period[..], &[("moede", "3. maj")]].concat();
    assert_eq!(app.submit(&leader, "/rapport/udgaver", &unreadable).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get_json("/api/reports/editions", StatusCode::OK).await, json!([]), "nothing saved");

    let good = [&period[..], &[("moede", "03.05.2022")]].concat();
    let response = app.submit(&leader, "/rapport/udgaver", &good).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    assert!(location.starts_with("/rapport/udgaver/"), "{location}");
    let before = leader.get(app.url(&location)).send().await.expect("GET").text().await.expect("body");
    assert!(before.contains("Udgave til udvalgsmødet 03.05.2022") && before.contains("81,00"), "{before}");

    app.case(w.service, "2022-01-03", Some("2022-01-04"), None).await;
    let after = leader.get(app.url(&location)).send().await.expect("GET").text().await.expect("body");
    assert!(after.contains("81,00") && !after.contains("40,50"), "the edition keeps the figures it was saved with");
    let live = leader.get(app.url("/rapport?fra=01.01.2022&til=26.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(live.contains("41,00"), "the live report counts the new case (mean of 81 and 1)");
    let list = leader.get(app.url("/rapport/udgaver")).send().await.expect("GET").text().await.expect("body");
    assert!(list.contains("03.05.2022") && list.contains("01.01.2022 – 26.04.2022"), "{list}");

    // Reading editions is for every report reader; saving is not.
    let analyst = app.client_as("analytiker").await;
    assert_eq!(analyst.get(app.url(&location)).send().await.expect("GET").status(), StatusCode::OK);
    assert_eq!(app.submit(&analyst, "/rapport/udgaver", &good).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_trend_shows_six_half_years_with_their_figures() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    app.case(w.service, "2021-08-02", Some("2021-09-01"), None).await;
    app.case(w.service, "2020-02-03", Some("2020-02-13"), Some("2020-05-01")).await;
    let leader = app.client_as("leder").await;
    let page = leader.get(app.url("/rapport?fra=01.01.2022&til=26.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Udviklingen over seks halvår"));
    for label in ["2. halvår 2019", "1. halvår 2020", "2. halvår 2020", "1. halvår 2021", "2. halvår 2021", "1. halvår 2022 (til 26.04.)"] {
        assert!(page.contains(&format!("<th scope=\"row\">{label}</th>")), "{label} in the trend table");
    }
    assert!(
        page.contains(
            "<th scope=\"row\">1. halvår 2020</th><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">10,00</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<th scope=\"row\">2. halvår 2021</th><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">30,00</td>"
        ),
        "{page}"
    );
    assert!(page.contains("class=\"chart chart-narrow\""), "the phone's chart shape is there too");
}
