//! The caseload report through the API, on a small hand-made data set whose numbers are worked
//! out below, as JSON, CSV, HTML and PDF; and a saved edition, which reopens unchanged.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PERIOD: &str = "from=2022-01-01&to=2022-04-26";

/// Two reported services and one unreported, with cases chosen so that every column has a
/// known value on 26.04.2022 for the period 01.01.2022–26.04.2022:
///
/// Familiebehandling (§ 52.3.3): started in the period after 70, 30 and 69 days (mean 56,33,
/// median 69, p90 70); open: the 70- and 69-day cases, two waiting (since 01.03 = 56 days and
/// 20.04 = 6 days) and one started in 2021; closed: the 30-day case and one from 2021.
/// Praktisk pædagogisk støtte (§ 52.3.2): waits 10 and 11 (mean and median 10,50, p90 11).
async fn hand_made_data(app: &TestApp) {
    let unit = app.create_unit("Familiehuset", "FH").await;
    let treatment = id_of(&app.create_service(unit, "Familiebehandling", "§ 52.3.3").await);
    let support = id_of(&app.create_service(unit, "Praktisk pædagogisk støtte", "SEL § 52, stk. 3, nr. 2").await);
    app.case(treatment, "2021-11-01", Some("2022-01-10"), None).await;
    app.case(treatment, "2022-01-05", Some("2022-02-04"), Some("2022-03-31")).await;
    app.case(treatment, "2022-02-01", Some("2022-04-11"), None).await;
    app.case(treatment, "2022-03-01", None, None).await;
    app.case(treatment, "2022-04-20", None, None).await;
    app.case(treatment, "2021-06-01", Some("2021-07-01"), None).await;
    app.case(treatment, "2021-06-01", Some("2021-07-01"), Some("2021-12-31")).await;
    app.case(support, "2022-01-03", Some("2022-01-13"), None).await;
    app.case(support, "2022-01-03", Some("2022-01-14"), None).await;

    let mut unreported = json!({"unit_id": unit, "name": "Krisehjælp", "legal_refs": "SEL 11", "in_report": false});
    let crisis = id_of(&expect_json(app.post("/api/services", &unreported).await, StatusCode::CREATED).await);
    app.case(crisis, "2022-01-03", None, None).await;
    unreported["name"] = json!("Krisehjælp ved dødsfald");
    expect_json(app.put(&format!("/api/services/{crisis}"), &unreported).await, StatusCode::OK).await;
}

fn close_to(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

async fn report_numbers(app: &TestApp) {
    hand_made_data(app).await;
    let report = app.get_json(&format!("/api/reports/caseload?{PERIOD}"), StatusCode::OK).await;
    assert_eq!(report["period"], json!({"from": "2022-01-01", "to": "2022-04-26", "as_of": "2022-04-26"}));
    assert_eq!(report["title"], "Oversigt over sagsantal og ventetider");
    assert!(report["footnote_da"].as_str().is_some_and(|f| f.starts_with("Aktuelt sagstal:")));

    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2, "only the reported services: {report}");
    let support = &rows[0];
    assert_eq!(support["paragraph"], "§ 52.3.2");
    assert_eq!(support["service_name"], "Praktisk pædagogisk støtte");
    assert_eq!((&support["current_cases"], &support["not_started"], &support["started_in_period"]), (&json!(2), &json!(0), &json!(2)));
    assert!(close_to(&support["wait"]["mean"], 10.5) && close_to(&support["wait"]["median"], 10.5));
    assert_eq!(support["wait"]["p90"], 11);
    assert_eq!(support["longest_current_wait"], json!(null));

    let treatment = &rows[1];
    assert_eq!(treatment["paragraph"], "§ 52.3.3");
    assert_eq!(treatment["current_cases"], 5);
    assert_eq!(treatment["not_started"], 2);
    assert_eq!(treatment["started_in_period"], 3);
    assert!(close_to(&treatment["wait"]["mean"], 169.0 / 3.0), "{}", treatment["wait"]);
    assert!(close_to(&treatment["wait"]["median"], 69.0));
    assert_eq!(treatment["wait"]["p90"], 70);
    assert_eq!(treatment["longest_current_wait"], 56);
    assert_eq!(treatment["remarks"], "", "remarks are the leader's explanation, empty until written");
    // Compared with 2. halvår 2021, when the two 2021 cases started after 30 days each.
    assert!(close_to(&treatment["previous_mean"], 30.0) && close_to(&treatment["change"], 26.33), "{treatment}");
    assert_eq!(report["previous_period"]["from"], "2021-07-01");
    assert!(report["percentile_note_da"].as_str().is_some_and(|f| f.contains("nærmeste rang")));

    let totals = &report["totals"];
    assert_eq!(totals["service_id"], json!(null));
    assert_eq!(totals["service_name"], "I alt");
    assert_eq!((&totals["current_cases"], &totals["not_started"], &totals["started_in_period"]), (&json!(7), &json!(2), &json!(5)));
    assert!(close_to(&totals["wait"]["mean"], 38.0));
    assert_eq!(totals["wait"]["median"], json!(null));
    assert_eq!(totals["longest_current_wait"], 56);

    // An earlier report date: the 20.04 enrolment is not there yet, the case closed 31.03 is
    // gone, and the case started 11.04 was still waiting (since 01.02: 59 days).
    let earlier = app.get_json(&format!("/api/reports/caseload?{PERIOD}&as_of=01.04.2022"), StatusCode::OK).await;
    assert_eq!(earlier["period"]["as_of"], "2022-04-01");
    assert_eq!(earlier["rows"][1]["current_cases"], 4);
    assert_eq!(earlier["rows"][1]["not_started"], 2);
    assert_eq!(earlier["rows"][1]["longest_current_wait"], 59);
}

#[tokio::test]
async fn report_numbers_on_sqlite() {
    report_numbers(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn report_numbers_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    report_numbers(&app).await;
}

#[tokio::test]
async fn report_csv_has_bom_danish_headers_and_decimals() {
    let app = TestApp::sqlite().await;
    hand_made_data(&app).await;
    let response = app.get("/api/reports/caseload?from=01.01.2022&to=26.04.2022&format=csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(header("content-disposition"), r#"attachment; filename="sagstal-og-ventetider-2022-01-01-2022-04-26.csv""#);
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[..8],
        [
            "Oversigt over sagsantal og ventetider",
            "Periode;01.01.2022 – 26.04.2022",
            "Opgørelsesdato;26.04.2022",
            "Sammenlignet med;01.07.2021 – 31.12.2021",
            "Paragraf;Indsats;Aktuelt sagstal;Sager, hvor der endnu ikke er iværksat indsats;\
             Gennemsnitlig ventetid for iværksættelse af indsats efter indskrivning (antal dage);\
             Median ventetid (dage);90 %-fraktil (dage);Længste aktuelle ventetid (dage);Iværksat i perioden;\
             Gennemsnitlig ventetid forrige periode (dage);Ændring (dage);Bemærkninger",
            "§ 52.3.2;Praktisk pædagogisk støtte;2;0;10,50;10,50;11;;2;;;",
            "§ 52.3.3;Familiebehandling;5;2;56,33;69,00;70;56;3;30,00;26,33;",
            ";I alt;7;2;38,00;;;56;5;30,00;8,00;",
        ]
    );
    assert!(lines[8].starts_with("Note;") && lines[9].starts_with("Note;90 %-fraktilen"), "{lines:?}");
}

#[tokio::test]
async fn report_html_has_the_table_and_the_footnote() {
    let app = TestApp::sqlite().await;
    hand_made_data(&app).await;
    let response = app.get(&format!("/api/reports/caseload?{PERIOD}&format=html")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let page = response.text().await.expect("body");
    for expected in [
        r#"<html lang="da">"#,
        "<h1>Oversigt over sagsantal og ventetider</h1>",
        "01.01.2022 – 26.04.2022",
        "<table>",
        r#"<th scope="col">Sager, hvor der endnu ikke er iværksat indsats</th>"#,
        "<td>Familiebehandling</td>",
        r#"<td class="num">56,33</td>"#,
        "<td>I alt</td>",
        "@media print",
        r#"<p class="footnote">Aktuelt sagstal: sager, der er indskrevet"#,
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    assert!(!page.contains("Krisehjælp"), "unreported services stay out");
}

#[tokio::test]
async fn report_dates_are_checked() {
    let app = TestApp::sqlite().await;
    let reversed = app.get_json("/api/reports/caseload?from=2022-05-01&to=2022-04-01", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&reversed), ["to"]);
    assert_eq!(reversed["error"]["message_da"], "Perioden starter (01.05.2022) efter den slutter (01.04.2022).");

    let missing = app.get_json("/api/reports/caseload?to=2022-04-01", StatusCode::BAD_REQUEST).await;
    assert_eq!(error_fields(&missing), ["from"]);
    let bad = app.get_json("/api/reports/caseload?from=2022-01-01&to=32.04.2022", StatusCode::BAD_REQUEST).await;
    assert_eq!(error_fields(&bad), ["to"]);
    assert!(bad["error"]["message_da"].as_str().is_some_and(|m| m.contains("26.04.2022")));
    let format = app.get_json(&format!("/api/reports/caseload?{PERIOD}&format=docx"), StatusCode::BAD_REQUEST).await;
    assert_eq!(error_fields(&format), ["format"]);

    let empty = app.get_json(&format!("/api/reports/caseload?{PERIOD}"), StatusCode::OK).await;
    assert_eq!(empty["rows"], json!([]));
    assert_eq!(empty["totals"]["current_cases"], 0);
}

#[tokio::test]
async fn report_pdf_is_tagged_and_an_edition_reopens_as_saved() {
    let app = TestApp::sqlite().await;
    hand_made_data(&app).await;
    let response = app.get(&format!("/api/reports/caseload?{PERIOD}&format=pdf")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("body");
    let checked =
        familiehus_test_support::pdf::check_accessible(&bytes, "Oversigt over sagsantal og ventetider 01.01.2022 – 26.04.2022", &["H1", "Table", "TH", "TD"]);
    assert!(checked.is_ok(), "{checked:?}");

    let saved = expect_json(
        app.post("/api/reports/editions", &json!({"meeting_on": "03.05.2022", "from": "2022-01-01", "to": "2022-04-26"})).await,
        StatusCode::CREATED,
    )
    .await;
    let id = saved["id"].as_i64().unwrap_or_default();
    let before = app.get_json(&format!("/api/reports/editions/{id}"), StatusCode::OK).await;
    let live = app.get_json(&format!("/api/reports/caseload?{PERIOD}"), StatusCode::OK).await;
    assert_eq!(before["rows"], live["rows"]);
    let services = app.get_json("/api/reports/config", StatusCode::OK).await;
    let treatment = services["rows"][1]["service_id"].as_i64().unwrap_or_default();
    app.case(treatment, "2022-01-02", Some("2022-01-03"), None).await;
    let after = app.get_json(&format!("/api/reports/editions/{id}"), StatusCode::OK).await;
    assert_eq!(after, before, "the edition is what was sent");
    let live = app.get_json(&format!("/api/reports/caseload?{PERIOD}"), StatusCode::OK).await;
    assert_ne!(live["rows"], before["rows"], "the live report counts the new case");
    assert_eq!(app.get(&format!("/api/reports/editions/{}", id + 99)).await.status(), StatusCode::NOT_FOUND);
}
