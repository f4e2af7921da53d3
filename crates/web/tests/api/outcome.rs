//! The outcome report (`/rapport/resultater`, `GET /api/reports/outcome`) on a hand-made second
//! half of 2021 (the tests' today is 26.04.2022): six closed courses of Familiebehandling with
//! journal contacts and ORS on two of them. The leader sees every count; the analyst sees
//! "under 5" for the one family that withdrew and the purpose-met count withheld (6 − 5 would
//! give it), and no ORS mean over two cases; CSV and XLSX carry the same figures; a practitioner
//! is refused; a period that is not whole months is a Danish field error for the analyst.

use crate::helpers::{TestApp, expect_json};
use crate::world::world;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::Read;

const PERIOD: &str = "from=2021-07-01&to=2021-12-31";

/// Six closures in the period (five purpose met, after 61–66 days, one family withdrew), one
/// before it; 2, 4, 6, 8, 10 and 12 contacts; goals on five (four improve); ORS 15 → 25 and
/// 20 → 22 on the first two.
async fn hand_made(app: &TestApp) -> i64 {
    let w = world(app).await;
    let practitioner = w.user(familiehus_domain::Role::Practitioner).id;
    let mut cases = Vec::new();
    for i in 0..6u32 {
        let id = app.case(w.service, "2021-06-01", Some(&format!("2021-08-{:02}", 1 + i)), None).await;
        let reason = if i == 5 { "family_withdrew" } else { "purpose_met" };
        expect_json(app.close(id, &format!("2021-10-{:02}", 1 + 2 * i), reason).await, StatusCode::OK).await;
        cases.push(id);
    }
    app.case(w.service, "2021-01-04", Some("2021-02-01"), Some("2021-06-30")).await;
    let mut tx = app.store.begin().await.expect("begin");
    for (n, case) in cases.iter().enumerate() {
        for k in 0..2 * (n as u32 + 1) {
            let contact = Contact {
                kind: ContactKind::Talk,
                occurred_on: crate::helpers::date("2021-09-01") + chrono::Days::new(u64::from(k)),
                start: StartTime::new(10, 0).expect("time"),
                minutes: 60,
                place: ContactPlace::Unit,
                participants: vec![Participant::Child],
                practitioners: vec![practitioner],
                note: String::new(),
                flexible: false,
                family_may_read: false,
                group_cases: Vec::new(),
            };
            tx.add_journal_entry(*case, &contact, Some(practitioner)).await.expect("contact");
        }
    }
    // Goals on five: four rise from 3, one falls to 2.
    for (n, case) in cases.iter().take(5).enumerate() {
        let goal = tx.add_goal(*case, "family", "Vi spiser sammen.", crate::helpers::date("2021-08-06"), None).await.expect("goal");
        tx.rate_goals(*case, crate::helpers::date("2021-08-10"), &[(goal, 3)], None).await.expect("rate");
        tx.rate_goals(*case, crate::helpers::date("2021-09-20"), &[(goal, if n == 4 { 2 } else { 6 })], None).await.expect("rate");
    }
    for (case, first, last) in [(cases[0], 15, 25), (cases[1], 20, 22)] {
        tx.add_measurement(case, "ors", crate::helpers::date("2021-08-10"), first, None).await.expect("ors");
        tx.add_measurement(case, "ors", crate::helpers::date("2021-09-20"), last, None).await.expect("ors");
    }
    tx.commit().await.expect("commit");
    w.service
}

fn row(report: &Value, service_id: i64) -> &Value {
    report["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["service_id"] == service_id)).unwrap_or_else(|| panic!("no row: {report}"))
}

fn reason<'a>(row: &'a Value, code: &str) -> &'a Value {
    row["by_reason"].as_array().and_then(|r| r.iter().find(|x| x["reason"] == code)).map(|x| &x["closed"]).unwrap_or_else(|| panic!("{row}"))
}

async fn figures_for_the_leader_and_suppressed_for_the_analyst(app: &TestApp) {
    let service = hand_made(app).await;
    let leader = app.client_as("leder").await;
    let json = |client: &reqwest::Client, path: String| {
        let request = client.get(app.url(&path));
        async move { expect_json(request.send().await.expect("GET"), StatusCode::OK).await }
    };
    let report = json(&leader, format!("/api/reports/outcome?{PERIOD}")).await;
    let r = row(&report, service);
    assert_eq!(r["closed"]["value"], 6, "{r}");
    assert_eq!(reason(r, "purpose_met")["value"], 5);
    assert_eq!(reason(r, "family_withdrew")["value"], 1);
    assert_eq!(r["median_duration_days"]["value"], 63.5, "61 to 66 days: {r}");
    assert_eq!(r["median_contacts"]["value"], 7.0, "2, 4, 6, 8, 10, 12");
    assert_eq!((&r["mean_ors_change"]["over"]["value"], &r["mean_ors_change"]["value"]), (&Value::from(2), &Value::from(6.0)));
    assert_eq!((&r["goals_improved_percent"]["over"]["value"], &r["goals_improved_percent"]["value"]), (&Value::from(5), &Value::from(80.0)));

    let analyst = app.client_as("analytiker").await;
    let report = json(&analyst, format!("/api/reports/outcome?{PERIOD}")).await;
    let r = row(&report, service);
    assert_eq!(r["closed"]["value"], 6);
    assert_eq!((&reason(r, "family_withdrew")["value"], &reason(r, "family_withdrew")["shown"]), (&Value::Null, &Value::from("under 5")));
    assert_eq!((&reason(r, "purpose_met")["value"], &reason(r, "purpose_met")["shown"]), (&Value::Null, &Value::from("–")), "6 − 5 would give 1");
    assert_eq!(r["median_contacts"]["value"], 7.0, "a median over 6 cases is shown");
    assert_eq!(r["goals_improved_percent"]["value"], 80.0, "a share of 5 cases is shown");
    assert_eq!(r["goals_improved_percent"]["over"]["shown"], "–", "6 closed − 5 with goals would give 1");
    assert_eq!((&r["mean_ors_change"]["over"]["shown"], &r["mean_ors_change"]["value"]), (&Value::from("under 5"), &Value::Null));
    let page = analyst.get(app.url("/rapport/resultater?fra=01.07.2021&til=31.12.2021")).send().await.expect("GET");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("body");
    assert!(html.contains("under 5") && html.contains("<svg") && html.contains("80 %"), "{html}");
    let refused = analyst.get(app.url("/rapport/resultater?fra=15.07.2021&til=31.12.2021")).send().await.expect("GET");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen") && html.contains("Perioden skal begynde den 1. i en måned.") && html.contains("15.07.2021"), "{html}");

    // The CSV: semicolons, the service's row with its counts; the leader's numbers.
    let csv = leader.get(app.url(&format!("/api/reports/outcome?{PERIOD}&format=csv"))).send().await.expect("GET");
    assert!(csv.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("text/csv")));
    let text = csv.text().await.expect("body");
    let lines: Vec<Vec<&str>> = text.trim_start_matches('\u{feff}').split("\r\n").map(|l| l.split(';').collect()).collect();
    let header = lines.iter().find(|l| l.first() == Some(&"Paragraf")).expect("header row");
    let data = lines.iter().find(|l| l.get(1) == Some(&"Familiebehandling")).expect("the service's row");
    let cell = |name: &str| header.iter().position(|h| *h == name).and_then(|i| data.get(i)).copied();
    assert_eq!(cell("Afsluttede sager"), Some("6"));
    assert_eq!(cell("Afsluttet: Formålet er opfyldt"), Some("5"));
    assert_eq!(cell("Median varighed (dage)"), Some("63,5"));
    assert_eq!(cell("Gennemsnitlig ORS-ændring (point)"), Some("6,0"));

    // The XLSX: a zip whose sheet holds the numbers as numbers.
    let xlsx = leader.get(app.url(&format!("/api/reports/outcome?{PERIOD}&format=xlsx"))).send().await.expect("GET").bytes().await.expect("body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("an xlsx file is a zip archive");
    let mut sheet = String::new();
    archive.by_name("xl/worksheets/sheet1.xml").expect("sheet").read_to_string(&mut sheet).expect("utf-8");
    assert!(sheet.contains("<v>6</v>") && sheet.contains("<v>63.5</v>") && sheet.contains("<v>7</v>"), "{sheet}");
    let mut strings = String::new();
    if let Ok(mut f) = archive.by_name("xl/sharedStrings.xml") {
        f.read_to_string(&mut strings).expect("utf-8");
    }
    assert!(format!("{sheet}{strings}").contains("Familiebehandling"));

    // Only those who read reports.
    let practitioner = app.client_as("behandler").await;
    assert_eq!(practitioner.get(app.url("/rapport/resultater")).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    assert_eq!(practitioner.get(app.url(&format!("/api/reports/outcome?{PERIOD}"))).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    // The page's default is the last whole half-year: 2. halvår 2021.
    let html = leader.get(app.url("/rapport/resultater")).send().await.expect("GET").text().await.expect("body");
    assert!(html.contains("01.07.2021 – 31.12.2021") && html.contains("Familiebehandling"), "{html}");
}

#[tokio::test]
async fn outcome_report_on_sqlite() {
    figures_for_the_leader_and_suppressed_for_the_analyst(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn outcome_report_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    figures_for_the_leader_and_suppressed_for_the_analyst(&app).await;
}
