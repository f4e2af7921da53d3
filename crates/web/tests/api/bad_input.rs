//! Issue 11, "Bad input", on the pages where the user types it: a contact before the start or
//! after the closure, negative or absurd minutes, a note on a no-notes service, a score outside
//! the instrument's range, a follow-up recorded in the future (a status report sent without a
//! required consent is in `rule_sources.rs`). Each answers 422 with the title "Fejl i
//! formularen", an error summary that takes the focus (`autofocus`, so without JavaScript too)
//! and links to the field, the Danish message at the field, what was typed kept, nothing saved.

use crate::helpers::{TestApp, expect_json, id_of};
use crate::world::{World, world};
use familiehus_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

/// The refused page as the issue asks for it.
pub(crate) fn assert_refused(html: &str, field: &str, message: &str, kept: &str) {
    assert!(html.contains("<title>Fejl i formularen – "), "{field}: {html}");
    assert!(html.contains("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"), "{field}: the summary takes the focus: {html}");
    assert!(html.contains(&format!("href=\"#{field}\"")) && html.contains(&format!("id=\"{field}\"")), "{field}: the summary links to the field: {html}");
    assert!(html.contains(message), "{field}: the message {message:?}: {html}");
    assert!(html.contains(kept), "{field}: keeps {kept:?}: {html}");
}

/// A field of the contact form and the value typed into it.
type Change = (&'static str, &'static str);

fn contact(w: &World, changes: &[Change]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("kind", "home_visit".into()),
        ("occurred_on", "20.04.2022".into()),
        ("start_time", "09.30".into()),
        ("minutes", "60".into()),
        ("place", "home".into()),
        ("participant_child", "ja".into()),
        ("practitioner_1", w.user(Role::Practitioner).id.to_string()),
        ("note", "Hjemmebesøg hos familien.".into()),
    ];
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        fields.push((name, (*value).to_owned()));
    }
    fields
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&'static str, String)]) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.submit(client, path, &fields).await;
    (response.status(), response.text().await.expect("body"))
}

#[tokio::test]
async fn bad_input_is_answered_at_the_field_with_the_focus_on_the_summary() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    expect_json(app.start(w.case, "2022-03-10").await, StatusCode::OK).await;
    let practitioner = app.client_as("behandler").await;
    let journal = format!("/sager/{}/journal", w.case);

    let contacts: [(&[Change], &str, &str, &str); 3] = [
        (&[("occurred_on", "01.03.2022")], "occurred_on", "før sagens iværksættelse", "value=\"01.03.2022\""),
        (&[("minutes", "-5")], "minutes", "minutter", "value=\"-5\""),
        (&[("minutes", "10000")], "minutes", "minutter", "value=\"10000\""),
    ];
    for (changes, field, message, kept) in contacts {
        let (status, html) = post(&app, &practitioner, &journal, &contact(&w, changes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_refused(&html, field, message, kept);
        assert!(html.contains("Hjemmebesøg hos familien."), "the note kept: {html}");
    }
    assert!(app.store.journal(w.case).await.expect("journal").is_empty(), "nothing saved");

    // After the closure.
    let closed = app.case(w.service, "2022-01-01", Some("2022-01-10"), Some("2022-02-01")).await;
    let (status, html) = post(&app, &practitioner, &format!("/sager/{closed}/journal"), &contact(&w, &[("occurred_on", "05.02.2022")])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_refused(&html, "occurred_on", "efter sagens afslutning den 01.02.2022", "value=\"05.02.2022\"");
    assert!(app.store.journal(closed).await.expect("journal").is_empty());

    // A note on a service that keeps none (supervision of foster families, § 52.3.7).
    let unit = app.create_unit("Plejefamilier", "PF").await;
    let body = json!({"unit_id": unit, "name": "Supervision af plejefamilier", "legal_refs": "§ 52.3.7", "ladder_step": 5,
        "access": "referral", "delivery": "individual", "in_report": true, "rules": {"no_notes": true}});
    let service = id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await);
    let supervision = app.case(service, "2022-02-01", Some("2022-02-15"), None).await;
    let admin = app.client_as(crate::sessions::ADMIN).await;
    let mut fields = contact(&w, &[]);
    fields.retain(|(k, _)| *k != "practitioner_1");
    let (status, html) = post(&app, &admin, &format!("/sager/{supervision}/journal"), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_refused(&html, "note", "fører ikke skriftlige notater", "Hjemmebesøg hos familien.");
    assert!(app.store.journal(supervision).await.expect("journal").is_empty());

    // A score outside the instrument's range (EPDS 0–30).
    let score = [("score_instrument", "epds".to_owned()), ("measured_on", "20.04.2022".to_owned()), ("score", "31".to_owned())];
    let (status, html) = post(&app, &practitioner, &format!("/sager/{}/maalinger", w.case), &score).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_refused(&html, "score", "går fra 0 til 30", "value=\"31\"");
    assert!(app.store.measurements(w.case).await.expect("scores").is_empty());

    // A follow-up recorded in the future.
    let held = [
        ("fu_held_on", "27.04.2022".to_owned()),
        ("fu_attendees", "Mor, far".to_owned()),
        ("fu_decision", "continue".to_owned()),
        ("fu_note", "Aftalt at fortsætte.".to_owned()),
    ];
    let (status, html) = post(&app, &practitioner, &format!("/sager/{}/opfoelgning", w.case), &held).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_refused(&html, "fu_held_on", "fremtiden", "value=\"Mor, far\"");
    assert!(app.store.follow_ups(w.case).await.expect("follow-ups").is_empty());

    // A consent dated in the future and given by nobody: both at their fields.
    let consent = [("cs_given_on", "27.04.2022".to_owned()), ("cs_given_by", " ".to_owned())];
    let (status, html) = post(&app, &practitioner, &format!("/sager/{}/samtykke", w.case), &consent).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_refused(&html, "cs_given_on", "Datoen må ikke ligge i fremtiden.", "value=\"27.04.2022\"");
    assert_refused(&html, "cs_given_by", "Skriv hvem der har givet samtykket", "");
    assert!(app.store.consents(w.case).await.expect("consents").is_empty());
}
