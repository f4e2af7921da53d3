//! Self-referral from the public catalogue: a parent sends an enquiry to an open service and gets
//! a receipt number; it lands in the delivering unit's inbox, where the unit's staff open it
//! (logged) and accept it as a case on the waiting list or answer and close it; another unit's
//! practitioner is refused (and the refusal logged). Robots (honeypot), floods (rate limit) and
//! oversize input are refused politely; an invalid form comes back as typed. The retention rule
//! erases handled enquiries 12 months after closing and never an unanswered one.

use crate::helpers::{TestApp, date, expect_json, id_of};
use crate::world::world;
use familiehus_app::{Acting, App, Clock, retention};
use familiehus_domain::Role;
use familiehus_domain::enquiry::EnquiryStatus;
use reqwest::StatusCode;
use serde_json::json;

struct Setup {
    open_service: i64,
    unit: i64,
    other_unit: i64,
}

/// The access world, an open service (Cool Kids) in Familiehuset with the unit's contact
/// details, and a practitioner of FTI.
async fn setup(app: &TestApp) -> Setup {
    let w = world(app).await;
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let other_unit = app.store.service(w.other_service).await.expect("service").unit_id;
    let body =
        json!({"unit_id": unit, "name": "Cool Kids", "legal_refs": "SEL § 11", "ladder_step": 2, "access": "open", "delivery": "group", "in_report": false});
    let open_service = id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await);
    let contact = json!({"phone": "70 10 20 30", "email": "familiehuset@example.dk", "address": "Skolevej 12\n9999 Fjordby"});
    expect_json(app.put(&format!("/api/units/{unit}/contact"), &contact).await, StatusCode::OK).await;
    app.add_user("behandler-fti", Role::Practitioner, Some(other_unit)).await;
    Setup { open_service, unit, other_unit }
}

const TEXT: &str = "Ida er bange for at gå i skole og har ondt i maven hver morgen.";

fn valid() -> Vec<(&'static str, String)> {
    vec![
        ("parent_name", "Mette Hansen".into()),
        ("phone", "12 34 56 78".into()),
        ("email", String::new()),
        ("child_first_name", "Ida".into()),
        ("child_age", "10".into()),
        ("child_birth_date", String::new()),
        ("difficulties", TEXT.into()),
        ("consent", "ja".into()),
        ("website", String::new()),
    ]
}

fn with(field: &str, value: &str) -> Vec<(&'static str, String)> {
    valid().into_iter().map(|(k, v)| if k == field { (k, value.to_owned()) } else { (k, v) }).collect()
}

/// A citizen's POST, without any cookie.
async fn send(app: &TestApp, service: i64, fields: &[(&'static str, String)]) -> (StatusCode, String, Option<String>) {
    let response = reqwest::Client::new().post(app.url(&format!("/offentlig/tilbud/{service}/henvendelse"))).form(fields).send().await.expect("POST");
    let status = response.status();
    let retry = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (status, response.text().await.expect("body"), retry)
}

fn receipt_in(html: &str) -> String {
    let at = html.find("H-").expect("a receipt number");
    html[at..at + 9].to_owned()
}

async fn enquiry_count(app: &TestApp) -> usize {
    app.store.enquiries(None, 100).await.expect("enquiries").len()
}

async fn self_referral_story(app: TestApp) {
    let s = setup(&app).await;
    // The public page: "Kontakt os" and the form, the honeypot hidden from screen readers.
    let page = reqwest::get(app.url(&format!("/offentlig/tilbud/{}", s.open_service))).await.expect("GET").text().await.expect("body");
    assert!(page.contains("Kontakt os") && page.contains("70 10 20 30") && page.contains("Skolevej 12<br>9999 Fjordby"), "{page}");
    assert!(page.contains(r#"<label for="difficulties">"#) && page.contains(r#"name="consent""#), "{page}");
    assert!(page.contains(r#"<div class="hp" aria-hidden="true">"#) && page.contains(r#"tabindex="-1""#), "{page}");

    let (status, html, _) = send(&app, s.open_service, &valid()).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let receipt = receipt_in(&html);
    assert!(html.contains("Tak – vi har modtaget din henvendelse") && !html.contains("Mette"), "{html}");
    let stored = app.store.enquiries(None, 10).await.expect("enquiries");
    assert_eq!(stored.len(), 1);
    let enquiry = &stored[0];
    assert_eq!((enquiry.receipt.as_str(), enquiry.unit_id, enquiry.status), (receipt.as_str(), s.unit, EnquiryStatus::New));
    assert_ne!(receipt, format!("H-{}", enquiry.id), "the receipt is not the id");

    // The unit's inbox; not another unit's.
    let leader = app.client_as("leder").await;
    let practitioner = app.client_as("behandler").await;
    let stranger = app.client_as("behandler-fti").await;
    let inbox = leader.get(app.url("/henvendelser")).send().await.expect("GET").text().await.expect("body");
    assert!(inbox.contains(&receipt) && inbox.contains("Cool Kids") && !inbox.contains("Mette"), "no personal data in the list: {inbox}");
    let other_inbox = stranger.get(app.url("/henvendelser")).send().await.expect("GET").text().await.expect("body");
    assert!(!other_inbox.contains(&receipt), "{other_inbox}");
    let path = format!("/henvendelser/{}", enquiry.id);
    let refused = stranger.get(app.url(&path)).send().await.expect("GET");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for who in [&stranger] {
        let response = app.submit(who, &format!("{path}/accepter"), &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let opened = practitioner.get(app.url(&path)).send().await.expect("GET");
    assert_eq!(opened.status(), StatusCode::OK);
    let html = opened.text().await.expect("body");
    assert!(html.contains("Mette Hansen") && html.contains("12 34 56 78") && html.contains("hver morgen"), "{html}");

    let events = app.store.audit_events().await.expect("audit");
    let stranger_id = app.store.user_by_username("behandler-fti").await.expect("lookup").expect("user").id;
    let practitioner_id = app.store.user_by_username("behandler").await.expect("lookup").expect("user").id;
    assert!(events.iter().any(|e| e.action == "refused" && e.user_id == Some(stranger_id) && e.detail.contains(&path)), "{events:?}");
    assert!(events.iter().any(|e| e.action == "read_enquiry" && e.user_id == Some(practitioner_id) && e.detail.contains(&receipt)), "{events:?}");
    assert!(!events.iter().any(|e| e.action == "read_enquiry" && e.user_id == Some(stranger_id)), "the refused read showed nothing");

    // Accepting creates the child and a case on the waiting list, referred by self-referral.
    let accepted = app.submit(&leader, &format!("{path}/accepter"), &[]).await;
    assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
    let location = accepted.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let case_id: i64 = location.trim_start_matches("/sager/").parse().expect("case page");
    let case = app.get_json(&format!("/api/cases/{case_id}"), StatusCode::OK).await;
    assert_eq!(
        (case["referral_source"].as_str(), case["state"].as_str(), case["service_id"].as_i64()),
        (Some("self_referral"), Some("waiting"), Some(s.open_service)),
        "{case}"
    );
    assert!(case["note"].as_str().is_some_and(|n| n.contains(&receipt) && n.contains("hver morgen")), "{case}");
    let waiting = leader.get(app.url(&format!("/indsatser/{}/venteliste", s.open_service))).send().await.expect("GET").text().await.expect("body");
    assert!(waiting.contains(&format!("/sager/{case_id}")) && waiting.contains("Egen henvendelse"), "{waiting}");
    let after = app.store.enquiry(enquiry.id).await.expect("enquiry");
    assert_eq!((after.status, after.case_id), (EnquiryStatus::Accepted, Some(case_id)));
    let again = app.submit(&leader, &format!("{path}/accepter"), &[]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.expect("body").contains("Henvendelsen er allerede behandlet."));
    assert_eq!(app.store.visible_cases(familiehus_domain::CaseScope::Unit(s.unit), Some(s.open_service), None, 10).await.expect("cases").len(), 1, "one case");
    let _ = s.other_unit;
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn a_self_referral_reaches_the_units_inbox_and_becomes_a_case_on_the_waiting_list_sqlite() {
    self_referral_story(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_self_referral_reaches_the_units_inbox_and_becomes_a_case_on_the_waiting_list_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    self_referral_story(app).await;
}

#[tokio::test]
async fn an_invalid_enquiry_comes_back_as_typed_with_errors_at_the_fields() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    let mut fields = with("phone", "");
    fields.retain(|(k, _)| *k != "consent");
    let fields: Vec<_> = fields.into_iter().map(|(k, v)| if k == "child_age" { (k, "ti".to_owned()) } else { (k, v) }).collect();
    let (status, html, _) = send(&app, s.open_service, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("<title>Fejl: Cool Kids"), "the title says the form has errors: {html}");
    assert!(html.contains(r#"class="error-summary""#) && html.contains(r##"href="#phone""##) && html.contains(r##"href="#consent""##), "{html}");
    assert!(html.contains(r#"value="Mette Hansen""#) && html.contains(r#"value="ti""#) && html.contains("hver morgen.</textarea>"), "typed input kept: {html}");
    assert!(
        html.contains(r#"id="phone-fejl""#) && html.contains("Skriv et telefonnummer eller en e-mailadresse") && html.contains("Alderen skal være et helt tal"),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#));
    assert_eq!(enquiry_count(&app).await, 0);

    // Over half a page is refused at the field, the text kept; a body far over the limit is 413.
    let long = "æ".repeat(3500);
    let (status, html, _) = send(&app, s.open_service, &with("difficulties", &long)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Teksten er 3.500 tegn. Skriv højst 3.000 tegn") && html.contains(&long), "{html}");
    let (status, html, _) = send(&app, s.open_service, &with("difficulties", &"x".repeat(40_000))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html.contains("Henvendelsen er for lang") && html.contains("70 10 20 30") && html.contains(r#"<html lang="da">"#), "{html}");
    assert_eq!(enquiry_count(&app).await, 0);

    // Services not open for self-referral take no enquiry.
    let w_service =
        app.store.list_services().await.expect("services").into_iter().find(|x| x.service.name == "Familiebehandling").expect("referral service").id;
    let page = reqwest::get(app.url(&format!("/offentlig/tilbud/{w_service}"))).await.expect("GET").text().await.expect("body");
    assert!(page.contains("Kontakt os") && !page.contains(r#"name="difficulties""#), "a referred service has no form: {page}");
    let (status, _, _) = send(&app, w_service, &valid()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn robots_and_floods_are_refused_politely_without_storing() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    let (status, html, _) = send(&app, s.open_service, &with("website", "http://spam.example")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Henvendelsen kunne ikke modtages") && html.contains("70 10 20 30"), "{html}");
    assert_eq!(enquiry_count(&app).await, 0, "a filled honeypot stores nothing");

    // Five an hour per address (the honeypot's counted too): the fifth valid one is refused.
    for i in 0..4 {
        let (status, html, _) = send(&app, s.open_service, &valid()).await;
        assert_eq!(status, StatusCode::OK, "enquiry {i}: {html}");
    }
    let (status, html, retry) = send(&app, s.open_service, &valid()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{html}");
    assert!(html.contains("Vent") && html.contains("minutter") && html.contains("70 10 20 30"), "{html}");
    assert!(retry.is_some_and(|r| r.parse::<u64>().is_ok_and(|secs| secs > 0)));
    assert_eq!(enquiry_count(&app).await, 4);
}

#[tokio::test]
async fn answered_enquiries_are_erased_after_twelve_months_and_unanswered_ones_are_kept() {
    let app = TestApp::sqlite().await;
    let s = setup(&app).await;
    for _ in 0..2 {
        assert_eq!(send(&app, s.open_service, &valid()).await.0, StatusCode::OK);
    }
    let list = app.store.enquiries(None, 10).await.expect("enquiries");
    let (answered, unanswered) = (list[0].id, list[1].id);
    let leader = app.client_as("leder").await;
    let closed = app.submit(&leader, &format!("/henvendelser/{answered}/besvar"), &[("answer", "")]).await;
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY, "an empty answer is refused");
    let closed = app.submit(&leader, &format!("/henvendelser/{answered}/besvar"), &[("answer", "Ringet op; tilbudt plads i næste forløb.")]).await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.enquiry(answered).await.expect("enquiry").closed_on, Some(date("2022-04-26")));

    let console = Acting::console();
    let soon = App::new(app.store.clone(), Clock::fixed(date("2023-04-26")));
    assert!(retention::dry_run(&soon, &console).await.expect("dry run").enquiries.is_empty(), "not before twelve months");
    let later = App::new(app.store.clone(), Clock::fixed(date("2023-05-01")));
    let plan = retention::dry_run(&later, &console).await.expect("dry run");
    assert_eq!((plan.enquiries.iter().map(|e| e.id).collect::<Vec<_>>(), plan.unanswered_enquiries), (vec![answered], 1));
    assert_eq!(app.store.enquiry(answered).await.expect("enquiry").parent_name, "Mette Hansen", "a dry run writes nothing");
    retention::apply(&later, &console).await.expect("apply");
    let erased = app.store.enquiry(answered).await.expect("enquiry");
    assert_eq!(
        (erased.parent_name.as_str(), erased.phone.as_str(), erased.child_first_name.as_str(), erased.difficulties.as_str(), erased.answer.as_str()),
        ("", "", "", "", "")
    );
    assert_eq!((erased.child_age, erased.erased_on, erased.receipt.len()), (None, Some(date("2023-05-01")), 9), "the receipt and dates stay");
    assert_eq!(app.store.enquiry(unanswered).await.expect("enquiry").difficulties, TEXT, "an unanswered enquiry is never erased silently");
    let events = app.store.audit_events().await.expect("audit");
    assert!(events.iter().any(|e| e.action == "erase_enquiry" && e.detail.contains(&erased.receipt)), "{events:?}");
    let page = leader.get(app.url(&format!("/henvendelser/{answered}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("slettet efter opbevaringstiden") && !page.contains("Mette"), "{page}");
}
