//! Every rule of issue 11, item 4, where the user acts, each test naming its source (the law
//! paragraph, and `shared/domain.md`, "The catalogue" and "A case, from referral to
//! closure"). Also in `service_rules.rs` (§ 109 consent before the start, a capacity warning at
//! the single start, a stop and a warning on the journal page) and `follow_ups.rs` (the first
//! follow-up after 3 months, then every 6, on the case page).

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::service_rules::{post_contact, set_rules, talk};
use crate::world::{World, world};
use familiehus_domain::{AgeRange, HoursRange, Limit, RuleSeverity, ServiceRules};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client.get(app.url(path)).send().await.expect("GET").text().await.expect("body")
}

async fn journal_len(app: &TestApp, case: i64) -> usize {
    app.store.journal(case).await.expect("journal").len()
}

/// Talks on the weekdays from Monday 14.03.2022 on, as many as asked.
const WEEKDAYS: [&str; 9] = ["2022-03-14", "2022-03-15", "2022-03-16", "2022-03-17", "2022-03-18", "2022-03-21", "2022-03-22", "2022-03-23", "2022-03-24"];

async fn started(app: &TestApp, rules: ServiceRules) -> World {
    let w = world(app).await;
    set_rules(app, w.service, rules).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    w
}

/// Crisis help (SEL § 11; domain.md: "at most 5 talks, then guidance to other help"): the
/// sixth talk is refused when the rule stops, even confirmed, and only warned when it warns.
async fn crisis_help_at_most_5_talks(app: &TestApp) {
    let w = started(app, ServiceRules { max_talks: Some(Limit { value: 5, severity: RuleSeverity::Stop }), ..Default::default() }).await;
    for on in &WEEKDAYS[..5] {
        expect_json(post_contact(app, w.case, talk(&w, "talk", on, 60), false).await, StatusCode::CREATED).await;
    }
    for confirm in [false, true] {
        let body = expect_json(post_contact(app, w.case, talk(&w, "talk", WEEKDAYS[5], 60), confirm).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&body), ["kind"], "{body}");
        let message = body["error"]["fields"][0]["message_da"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("højst 5 samtaler") && message.contains("nr. 6") && message.contains("Vejled familien videre"), "{message}");
    }
    assert_eq!(journal_len(app, w.case).await, 5, "the sixth talk is not saved");
    // A leader made the limit a warning: the sixth talk waits for confirmation, then is taken.
    set_rules(app, w.service, ServiceRules { max_talks: Some(Limit { value: 5, severity: RuleSeverity::Warning }), ..Default::default() }).await;
    let body = expect_json(post_contact(app, w.case, talk(&w, "talk", WEEKDAYS[5], 60), false).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "max_talks", "{body}");
    assert_eq!(journal_len(app, w.case).await, 5);
    expect_json(post_contact(app, w.case, talk(&w, "talk", WEEKDAYS[5], 60), true).await, StatusCode::CREATED).await;
    assert_eq!(journal_len(app, w.case).await, 6);
}

#[tokio::test]
async fn crisis_help_section_11_refuses_or_warns_at_the_sixth_talk() {
    crisis_help_at_most_5_talks(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn crisis_help_section_11_refuses_or_warns_at_the_sixth_talk_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        crisis_help_at_most_5_talks(&app).await;
    }
}

/// Counselling (SEL § 11.7; domain.md: "8 talks of 1–1½ h, then a status meeting"): the
/// eighth talk warns of the status meeting until confirmed; the seventh and ninth do not.
#[tokio::test]
async fn counselling_section_11_7_warns_of_the_status_meeting_at_the_eighth_talk() {
    let app = TestApp::sqlite().await;
    let w = started(&app, ServiceRules { status_meeting_after: Some(8), ..Default::default() }).await;
    for on in &WEEKDAYS[..7] {
        expect_json(post_contact(&app, w.case, talk(&w, "talk", on, 75), false).await, StatusCode::CREATED).await;
    }
    let body = expect_json(post_contact(&app, w.case, talk(&w, "talk", WEEKDAYS[7], 75), false).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "status_meeting_after", "{body}");
    assert!(body["error"]["warnings"][0]["message_da"].as_str().unwrap_or_default().contains("statusmøde efter 8 samtaler"), "{body}");
    assert_eq!(journal_len(&app, w.case).await, 7);
    expect_json(post_contact(&app, w.case, talk(&w, "talk", WEEKDAYS[7], 75), true).await, StatusCode::CREATED).await;
    expect_json(post_contact(&app, w.case, talk(&w, "talk", WEEKDAYS[8], 75), false).await, StatusCode::CREATED).await;
}

/// Psychologist treatment at a women's shelter (SEL § 109 stk. 5; domain.md: "statutory 4–10
/// hours; needs the mother's consent"): the consent recorded on the case page's form lets the
/// case start, the hours are tracked against 4–10 and a contact past 10 hours warns.
#[tokio::test]
async fn shelter_treatment_section_109_5_needs_the_consent_and_tracks_4_to_10_hours() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let hours = HoursRange { min_hours: 4, max_hours: 10, severity: RuleSeverity::Warning };
    set_rules(&app, w.service, ServiceRules { requires_consent: true, hours: Some(hours), ..Default::default() }).await;
    let practitioner = app.client_as("behandler").await;
    let case_path = format!("/sager/{}", w.case);
    let before = page(&app, &practitioner, &case_path).await;
    assert!(before.contains("Samtykke mangler, før sagen kan iværksættes.") && before.contains("Registrér samtykke"), "{before}");
    let refused = app.submit(&practitioner, &format!("{case_path}/start"), &[("started_on", "10.03.2022")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen") && html.contains("Indsatsen kræver samtykke"), "{html}");

    let consent = app.submit(&practitioner, &format!("{case_path}/samtykke"), &[("cs_given_on", "09.03.2022"), ("cs_given_by", "Mor")]).await;
    assert_eq!(consent.status(), StatusCode::SEE_OTHER);
    let after = page(&app, &practitioner, &case_path).await;
    assert!(after.contains("<td>09.03.2022</td><td>Mor</td>") && after.contains("Bruger behandler, "), "listed with who recorded it: {after}");
    assert!(!after.contains("Samtykke mangler"), "{after}");
    assert_eq!(app.submit(&practitioner, &format!("{case_path}/start"), &[("started_on", "10.03.2022")]).await.status(), StatusCode::SEE_OTHER);

    expect_json(post_contact(&app, w.case, talk(&w, "talk", "2022-03-14", 540), false).await, StatusCode::CREATED).await;
    let body = expect_json(post_contact(&app, w.case, talk(&w, "talk", "2022-03-15", 90), false).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["message_da"], "Med denne kontakt bliver det 10,5 timer; rammen er 4–10 timer.", "{body}");
    expect_json(post_contact(&app, w.case, talk(&w, "talk", "2022-03-15", 90), true).await, StatusCode::CREATED).await;
    let shown = page(&app, &practitioner, &case_path).await;
    assert!(shown.contains("Timer: 10,5 af 4–10 timer – over rammen"), "{shown}");
    let log = app.store.audit_for_case(w.case).await.expect("log");
    assert!(log.iter().any(|e| e.action == "record_consent"), "{log:?}");
}

/// Supported contact (SEL § 71 stk. 2; domain.md: "weekdays"; supervised contact § 71.3
/// "weekdays only"): a contact on a Saturday or a public holiday is refused at its date when
/// the rule stops, confirmed or not; a Friday is taken.
async fn weekdays_only_section_71(app: &TestApp) {
    let w = started(app, ServiceRules { weekdays_only: Some(RuleSeverity::Stop), ..Default::default() }).await;
    for confirm in [false, true] {
        let body = expect_json(post_contact(app, w.case, talk(&w, "meeting", "2022-04-23", 120), confirm).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&body), ["date"], "{body}");
        assert!(body["error"]["fields"][0]["message_da"].as_str().unwrap_or_default().contains("23.04.2022 er en lørdag eller søndag"), "{body}");
    }
    let easter_monday = expect_json(post_contact(app, w.case, talk(&w, "meeting", "2022-04-18", 120), true).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(easter_monday["error"]["fields"][0]["message_da"].as_str().unwrap_or_default().contains("2. påskedag"), "{easter_monday}");
    assert_eq!(journal_len(app, w.case).await, 0);
    expect_json(post_contact(app, w.case, talk(&w, "meeting", "2022-04-22", 120), false).await, StatusCode::CREATED).await;
}

#[tokio::test]
async fn supported_contact_section_71_refuses_a_weekend_or_holiday_contact() {
    weekdays_only_section_71(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn supported_contact_section_71_refuses_a_weekend_or_holiday_contact_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        weekdays_only_section_71(&app).await;
    }
}

/// Family treatment (SEL § 52.3.3; domain.md: "talks typically every 1–2 weeks"): the contact
/// frequency guidance a leader sets on the service is shown where the journal is kept.
#[tokio::test]
async fn family_treatment_section_52_3_3_shows_its_contact_frequency_guidance() {
    let app = TestApp::sqlite().await;
    let w = started(&app, ServiceRules { contact_frequency: "Hver 1.–2. uge".into(), ..Default::default() }).await;
    let shown = page(&app, &app.client_as("behandler").await, &format!("/sager/{}", w.case)).await;
    assert!(shown.contains("Kontakthyppighed: Hver 1.–2. uge"), "{shown}");
}

async fn set_ages(app: &TestApp, service: i64, severity: RuleSeverity) {
    let stored = app.store.service(service).await.expect("service");
    let mut s = stored.service.clone();
    s.age_range = Some(AgeRange { min_years: 8, max_years: 12 });
    s.rules.age_check = Some(severity);
    app.store.update_service(service, stored.unit_id, &s, None).await.expect("saved");
}

/// Børnegruppen (SEL § 11.3; domain.md: "ages 8–12"): a child outside the range warns at the
/// referral (API and page, "Gem alligevel") and again at the start until confirmed; when the
/// leader makes it a stop the referral is refused, confirmed or not. Nothing is saved refused.
#[tokio::test]
async fn age_range_section_11_3_warns_at_referral_and_start_until_confirmed() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    set_ages(&app, w.service, RuleSeverity::Warning).await;
    let waiting = || async { app.store.cases_of_service(w.service).await.expect("cases").len() };
    let before = waiting().await;
    let referral = |confirm: bool| {
        json!({"service_id": w.service, "person": {"name": "Lille Bo", "birth_date": "2018-01-01"}, "referral_source": "authority_decision",
            "enrolled_on": "2022-04-01", "confirm_warnings": confirm})
    };
    let body = expect_json(app.post("/api/cases", &referral(false)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "age_range", "{body}");
    assert_eq!(body["error"]["warnings"][0]["message_da"], "Barnet er 4 år den 01.04.2022; indsatsen er for 8–12 år.", "{body}");
    assert_eq!(waiting().await, before, "nothing saved");
    let case = id_of(&expect_json(app.post("/api/cases", &referral(true)).await, StatusCode::CREATED).await);

    // The referral page: the warning at the birth date, the form as typed, "Gem alligevel".
    let caseworker = app.client_as("raadgiver").await;
    let service = w.service.to_string();
    let form = |confirm: &'static str| {
        vec![
            ("service_id", service.clone()),
            ("name", "Lille Mo".to_owned()),
            ("birth_date", "01.01.2018".to_owned()),
            ("enrolled_on", "01.04.2022".to_owned()),
            ("referral_source", "authority_decision".to_owned()),
            ("note", "Søster til Bo.".to_owned()),
            ("confirm_warnings", confirm.to_owned()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let (app, caseworker) = (&app, &caseworker);
        async move {
            let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.submit(caseworker, "/henvisning", &fields).await
        }
    };
    let response = send(form("")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("href=\"#birth_date\"") && html.contains("indsatsen er for 8–12 år"), "{html}");
    assert!(html.contains("Gem alligevel") && html.contains("name=\"confirm_warnings\""), "{html}");
    assert!(html.contains("value=\"Lille Mo\"") && html.contains("Søster til Bo."), "{html}");
    assert_eq!(waiting().await, before + 1);
    assert_eq!(send(form("ja")).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(waiting().await, before + 2);

    // The start asks again (the child's age on the start date).
    let body = expect_json(app.start(case, "2022-04-20").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "age_range", "{body}");
    let started = app.post(&format!("/api/cases/{case}/start"), &json!({"started_on": "2022-04-20", "confirm_warnings": true})).await;
    expect_json(started, StatusCode::OK).await;

    // A stop refuses the referral, confirmed or not.
    set_ages(&app, w.service, RuleSeverity::Stop).await;
    let body = expect_json(app.post("/api/cases", &referral(true)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&body), ["person.birth_date"], "{body}");
    assert_eq!(waiting().await, before + 2);
}

/// Respite care (domain.md: "respite care followed up once a year"; follow-ups "the first 3
/// months after start, then every 6 months unless agreed otherwise"): with 12 and 12 months
/// the first follow-up is a year after the start, the next a year after that.
#[tokio::test]
async fn respite_care_is_followed_up_yearly() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    set_rules(&app, w.service, ServiceRules::default()).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut s = stored.service.clone();
    s.rules.first_follow_up_months = Some(12);
    s.rules.follow_up_every_months = Some(12);
    app.store.update_service(w.service, stored.unit_id, &s, None).await.expect("saved");
    let case = app.case(w.service, "2021-02-01", Some("2021-02-15"), None).await;
    let practitioner = app.client_as("behandler").await;
    let shown = page(&app, &practitioner, &format!("/sager/{case}")).await;
    assert!(shown.contains("15.02.2022 (opfølgning nr. 1;") && shown.contains("Overskredet"), "{shown}");
    let held = [("fu_held_on", "20.02.2022"), ("fu_attendees", "Mor, aflastningsfamilie"), ("fu_decision", "continue")];
    assert_eq!(app.submit(&practitioner, &format!("/sager/{case}/opfoelgning"), &held).await.status(), StatusCode::SEE_OTHER);
    let shown = page(&app, &practitioner, &format!("/sager/{case}")).await;
    assert!(shown.contains("15.02.2023 (opfølgning nr. 2;"), "{shown}");
}

/// Status-report lead time (domain.md: "The status report is due before the meeting (lead time
/// is configuration)"): the service's own lead time, 30 days, puts the report's due date 30
/// days before the follow-up; without it, the municipality's setting (14 days) applies.
#[tokio::test]
async fn status_report_lead_time_is_the_services_or_the_municipalitys() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut s = stored.service.clone();
    s.rules.first_follow_up_months = Some(3);
    s.rules.status_report_lead_days = Some(30);
    app.store.update_service(w.service, stored.unit_id, &s, None).await.expect("saved");
    let case = app.case(w.service, "2022-03-01", Some("2022-03-10"), None).await;
    let practitioner = app.client_as("behandler").await;
    let shown = page(&app, &practitioner, &format!("/sager/{case}")).await;
    assert!(shown.contains("10.06.2022 (opfølgning nr. 1; statusrapport senest 11.05.2022)"), "{shown}");
    s.rules.status_report_lead_days = None;
    app.store.update_service(w.service, stored.unit_id, &s, None).await.expect("saved");
    let shown = page(&app, &practitioner, &format!("/sager/{case}")).await;
    assert!(shown.contains("10.06.2022 (opfølgning nr. 1; statusrapport senest 27.05.2022)"), "{shown}");
}

/// Supported contact (SEL § 71 stk. 2; domain.md: "a contact report only with the biological
/// parents' consent"): sending the report without a recorded consent is refused with a Danish
/// error at the send button and the report stays unsent; with the consent it is sent.
async fn contact_report_needs_the_consent(app: &TestApp) {
    let w = world(app).await;
    set_rules(app, w.service, ServiceRules { consent_before_report: true, ..Default::default() }).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut s = stored.service.clone();
    s.rules.first_follow_up_months = Some(1);
    app.store.update_service(w.service, stored.unit_id, &s, None).await.expect("saved");
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let practitioner = app.client_as("behandler").await;
    let case_path = format!("/sager/{}", w.case);
    assert!(page(app, &practitioner, &case_path).await.contains("Samtykke mangler, før statusrapporten kan sendes."));
    let drafted = app.submit(&practitioner, &format!("{case_path}/statusrapporter"), &[("sr_from", "10.03.2022"), ("sr_to", "26.04.2022")]).await;
    assert_eq!(drafted.status(), StatusCode::SEE_OTHER);
    let report = drafted.headers().get(LOCATION).and_then(|v| v.to_str().ok()).expect("location").to_owned();
    assert_eq!(app.submit(&app.client_as("leder").await, &format!("{report}/godkend"), &[]).await.status(), StatusCode::SEE_OTHER);

    let refused = app.submit(&practitioner, &format!("{report}/send"), &[]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("body");
    crate::bad_input::assert_refused(&html, "state", "Rapporten kan først sendes, når forældrenes samtykke er registreret på sagen.", "");
    let reports = app.store.status_reports(w.case).await.expect("reports");
    assert!(reports.iter().all(|r| r.state != familiehus_domain::status_report::ReportState::Sent), "nothing sent: {reports:?}");
    assert!(!app.store.case_timeline(w.case).await.expect("timeline").iter().any(|e| e.detail.contains("sendt til rådgiver")), "no event written");

    let consent = [("cs_given_on", "20.04.2022"), ("cs_given_by", "Begge forældre")];
    assert_eq!(app.submit(&practitioner, &format!("{case_path}/samtykke"), &consent).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.submit(&practitioner, &format!("{report}/send"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert!(!page(app, &practitioner, &case_path).await.contains("Samtykke mangler"));
}

#[tokio::test]
async fn contact_report_section_71_2_is_refused_without_the_parents_consent() {
    contact_report_needs_the_consent(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn contact_report_section_71_2_is_refused_without_the_parents_consent_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        contact_report_needs_the_consent(&app).await;
    }
}

/// Supervised contact (SEL § 71 stk. 3; domain.md: "needs a decision stating purpose, when to
/// interrupt, extent, place, who may attend and time"): the case page says the decision is
/// missing, its form refuses a decision without every field (as typed, at the fields), and the
/// recorded decision, listed with who recorded it, lets the case start.
#[tokio::test]
async fn supervised_contact_section_71_3_needs_the_decision_before_the_start() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    set_rules(&app, w.service, ServiceRules { requires_decision: true, ..Default::default() }).await;
    let practitioner = app.client_as("behandler").await;
    let case_path = format!("/sager/{}", w.case);
    assert!(page(&app, &practitioner, &case_path).await.contains("Afgørelse med dato, hyppighed, varighed og tilsynsførende mangler"));
    let refused = app.submit(&practitioner, &format!("{case_path}/start"), &[("started_on", "10.03.2022")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.expect("body").contains("Indsatsen kræver en afgørelse"));

    let partial = [("dc_decided_on", "27.04.2022"), ("dc_frequency", "Hver 14. dag"), ("dc_duration", ""), ("dc_supervisor", "")];
    let response = app.submit(&practitioner, &format!("{case_path}/afgoerelse"), &partial).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen"), "{html}");
    for field in ["dc_decided_on", "dc_duration", "dc_supervisor"] {
        assert!(html.contains(&format!("href=\"#{field}\"")) && html.contains(&format!("id=\"{field}-fejl\"")), "{field}: {html}");
    }
    assert!(html.contains("Datoen må ikke ligge i fremtiden.") && html.contains("value=\"Hver 14. dag\""), "{html}");
    assert!(app.store.decision(w.case).await.expect("decision").is_none(), "nothing saved");

    let full =
        [("dc_decided_on", "01.03.2022"), ("dc_frequency", "Hver 14. dag"), ("dc_duration", "2 timer, i 6 måneder"), ("dc_supervisor", "Samværskonsulent Lis")];
    assert_eq!(app.submit(&practitioner, &format!("{case_path}/afgoerelse"), &full).await.status(), StatusCode::SEE_OTHER);
    let shown = page(&app, &practitioner, &case_path).await;
    assert!(shown.contains("Samværskonsulent Lis") && shown.contains("2 timer, i 6 måneder") && !shown.contains("mangler, før sagen"), "{shown}");
    assert_eq!(app.submit(&practitioner, &format!("{case_path}/start"), &[("started_on", "10.03.2022")]).await.status(), StatusCode::SEE_OTHER);
}

/// Capacity (domain.md, "The catalogue": an entry has a capacity): starting from the waiting
/// list into a full service warns, naming each case, and starts nothing until "Iværksæt
/// alligevel" is ticked; a stop (a consent first, § 109) refuses the batch even then.
async fn capacity_full_at_the_bulk_start(app: &TestApp) {
    let w = world(app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut s = stored.service.clone();
    s.capacity = Some(1);
    app.store.update_service(w.service, stored.unit_id, &s, None).await.expect("saved");
    app.case(w.service, "2022-02-01", Some("2022-02-10"), None).await;
    let second = app.case(w.service, "2022-02-02", None, None).await;
    let leader = app.client_as("leder").await;
    let path = format!("/indsatser/{}/venteliste/start", w.service);
    let (first, other) = (w.case.to_string(), second.to_string());
    let fields = |confirm: &'static str| {
        vec![("sag", first.clone()), ("sag", other.clone()), ("started_on", "20.04.2022".to_owned()), ("confirm_warnings", confirm.to_owned())]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let (app, leader, path) = (app, &leader, path.clone());
        async move {
            let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.submit(leader, &path, &fields).await
        }
    };
    let response = send(fields("")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen"), "{html}");
    assert!(html.contains(&format!("Sag {}: Indsatsen er fuld: 1 igangværende sager", w.case)), "{html}");
    assert!(html.contains(&format!("Sag {second}: Indsatsen er fuld: 2 igangværende sager")), "the batch's own starts count: {html}");
    assert!(html.contains("Iværksæt alligevel") && html.contains(&format!("id=\"sag-{second}\" name=\"sag\" value=\"{second}\" checked")), "{html}");
    for id in [w.case, second] {
        assert!(app.store.case(id).await.expect("case").case.started_on().is_none(), "nothing started");
    }
    // Through the API the single start warns the same way.
    let body = expect_json(app.start(w.case, "2022-04-20").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["error"]["warnings"][0]["rule"], "capacity", "{body}");

    // A stop is not confirmable.
    set_rules(app, w.service, ServiceRules { requires_consent: true, ..Default::default() }).await;
    let response = send(fields("ja")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("kræver samtykke"));
    set_rules(app, w.service, ServiceRules::default()).await;
    let response = send(fields("ja")).await;
    assert_eq!(response.status(), StatusCode::OK, "the page confirms the start");
    assert!(response.text().await.expect("body").contains("Iværksat 20.04.2022"));
    assert!(app.store.case(second).await.expect("case").case.started_on().is_some());
}

#[tokio::test]
async fn capacity_full_at_the_bulk_start_warns_until_confirmed() {
    capacity_full_at_the_bulk_start(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn capacity_full_at_the_bulk_start_warns_until_confirmed_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        capacity_full_at_the_bulk_start(&app).await;
    }
}

/// Recording a consent needs `ChangeCases` (a caseworker refers but does not) and the case in
/// the user's need-to-know.
#[tokio::test]
async fn only_those_who_change_cases_record_a_consent() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let caseworker = app.client_as("raadgiver").await;
    let response = app.submit(&caseworker, &format!("/sager/{}/samtykke", w.case), &[("cs_given_on", "20.04.2022"), ("cs_given_by", "Mor")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let outside = app
        .submit(&app.client_as("behandler").await, &format!("/sager/{}/samtykke", w.other_case), &[("cs_given_on", "20.04.2022"), ("cs_given_by", "Mor")])
        .await;
    assert_eq!(outside.status(), StatusCode::FORBIDDEN, "another unit's case");
    assert!(app.store.consents(w.other_case).await.expect("consents").is_empty());
}
