//! The staff catalogue pages: the list by unit and ladder step, a service with all fields and
//! its history, editing with the legal-reference reading and errors kept at the fields, the
//! catalogue as of a date, and the import of a catalogue's text (review, accept, nothing
//! written before accept, stale reviews refused).

use crate::helpers::TestApp;
use crate::world::world;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// A catalogue to import: the fixture written for the project (five services).
const CATALOGUE: &str = familiehus_test_support::fixtures::CATALOGUE;

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("body")
}

/// The value of a hidden input, unescaped.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name}")) + marker.len();
    let end = html[start..].find('"').unwrap_or(0);
    unescape(&html[start..start + end])
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(';') else { break };
        let entity = &rest[i + 1..i + j];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..i + j + 1]),
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_list_groups_by_unit_and_step_and_only_editors_get_the_edit_actions() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = page(&app.client_as("leder").await, &app, "/katalog").await;
    assert!(leader.contains("<h2 id=\"enhed-1\">Familiehuset</h2>"), "{leader}");
    assert!(leader.contains("Trin 4"));
    assert!(leader.contains(&format!("href=\"/katalog/{}\"", w.service)));
    assert!(leader.contains("href=\"/katalog/ny\"") && leader.contains("href=\"/katalog/import\""));
    let practitioner = page(&app.client_as("behandler").await, &app, "/katalog").await;
    assert!(practitioner.contains("Familiebehandling") && !practitioner.contains("href=\"/katalog/ny\""));
    let analyst = page(&app.client_as("analytiker").await, &app, "/katalog").await;
    assert!(!analyst.contains("/venteliste"), "no waiting lists without case access");
}

#[tokio::test]
async fn editing_shows_the_reading_keeps_input_on_errors_and_records_a_version() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    let form_page = page(&leader, &app, &format!("/katalog/{}/rediger", w.service)).await;
    assert!(form_page.contains("SEL § 52, stk. 3, nr. 3 (Serviceloven § 52, stk. 3, nr. 3)"), "reading shown");
    let path = format!("/katalog/{}/rediger", w.service);
    let unit = hidden_select_value(&form_page, "unit_id");
    let base = [
        ("unit_id", unit.as_str()),
        ("name", "Familiebehandling"),
        ("status", "active"),
        ("ladder_step", "4"),
        ("access", "referral"),
        ("delivery", "individual"),
        ("in_report", "ja"),
    ];

    // "Vis lovhenvisning": nothing saved, the new reference read back.
    let mut preview = base.to_vec();
    preview.extend([("legal_refs", "§ 52.3.3 + BL § 32.1.3"), ("handling", "vis")]);
    let response = app.submit(&leader, &path, &preview).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("body").contains("BL § 32, stk. 1, nr. 3 (Barnets Lov § 32, stk. 1, nr. 3)"));
    assert_eq!(app.store.service_history(w.service).await.expect("history").len(), 1);

    // Errors: every value kept, the message at the field.
    let mut broken = base.to_vec();
    broken.extend([("legal_refs", "§ femtito"), ("capacity", "mange"), ("target_group", "Familier med børn 0-17 år"), ("handling", "gem")]);
    let response = app.submit(&leader, &path, &broken).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("value=\"§ femtito\"") && body.contains("Familier med børn 0-17 år") && body.contains("value=\"mange\""));
    assert!(body.contains("Lovhenvisningen kunne ikke læses ved tegn 3"));
    assert!(body.contains("Kapaciteten skal være et helt tal"));
    assert!(body.contains("aria-describedby=\"legal_refs-hjaelp legal_refs-fejl\""));

    // Saved: a new version by the leader, naming what changed.
    let mut good = base.to_vec();
    good.extend([("legal_refs", "§ 52.3.3 og BL § 32.1.3"), ("capacity", "150"), ("target_group", "Familier med børn 0-17 år"), ("handling", "gem")]);
    let response = app.submit(&leader, &path, &good).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let stored = app.store.service(w.service).await.expect("service");
    assert_eq!(stored.service.legal_refs.len(), 2);
    assert_eq!(stored.service.capacity, Some(150));
    let shown = page(&leader, &app, &format!("/katalog/{}", w.service)).await;
    assert!(shown.contains("Familier med børn 0-17 år"));
    assert!(shown.contains("Bruger leder") && shown.contains("Lovgrundlag, Målgruppe"), "history names who and what: {shown}");
    // Version 1 is kept as it was saved.
    assert!(shown.contains(&format!("href=\"/katalog/{}?version=1\"", w.service)));
    let first = page(&leader, &app, &format!("/katalog/{}?version=1", w.service)).await;
    assert!(first.contains("Version 1, som den blev gemt.") && !first.contains("Barnets Lov") && !first.contains("/rediger\""));
    let missing = leader.get(app.url(&format!("/katalog/{}?version=9", w.service))).send().await.expect("GET");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

/// The selected option of a select.
fn hidden_select_value(html: &str, id: &str) -> String {
    let start = html.find(&format!("<select id=\"{id}\"")).expect("select");
    let selected = html[start..].find(" selected>").expect("selected option") + start;
    let value_start = html[..selected].rfind("value=\"").expect("value") + 7;
    html[value_start..selected].trim_end_matches('"').to_owned()
}

#[tokio::test]
async fn a_new_service_is_created_and_shown_in_the_catalogue_of_today_but_not_of_yesterday() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let admin = app.client_as("admin").await;
    let unit = app.store.service(w.service).await.expect("service").unit_id.to_string();
    let fields = [
        ("unit_id", unit.as_str()),
        ("name", "Skilsmissegruppe"),
        ("legal_refs", "§ 11.3"),
        ("status", "active"),
        ("ladder_step", "2"),
        ("access", "open"),
        ("delivery", "group"),
        ("age_min", "6"),
        ("age_max", "12"),
        ("themes", "skilsmisse, brud"),
    ];
    let response = app.submit(&admin, "/katalog/ny", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().expect("yesterday");
    let now = page(&admin, &app, &format!("/katalog?dato={}", today.format("%d.%m.%Y"))).await;
    assert!(now.contains("Skilsmissegruppe"));
    let before = page(&admin, &app, &format!("/katalog?dato={}", yesterday.format("%d.%m.%Y"))).await;
    assert!(!before.contains("Skilsmissegruppe") && before.contains("ingen indsatser"));
    let bad = admin.get(app.url("/katalog?dato=igår")).send().await.expect("GET");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.expect("body").contains("Datoen kunne ikke læses"));
}

fn upload(token: &str, unit_id: &str, new_unit: &str, file: &str) -> Form {
    Form::new()
        .text("csrf_token", token.to_owned())
        .text("unit_id", unit_id.to_owned())
        .text("new_unit", new_unit.to_owned())
        .part("file", Part::bytes(file.as_bytes().to_vec()).file_name("katalog.txt").mime_str("text/plain").expect("mime"))
        .text("text", String::new())
}

#[tokio::test]
async fn an_import_is_reviewed_before_anything_is_written_and_applied_on_accept() {
    let app = TestApp::sqlite().await;
    let admin = app.client_as("admin").await;
    let token = app.csrf(&admin).await;
    let before = app.store.list_services().await.expect("list").len();

    // Upload: the review lists what was found and what it would do; nothing is written.
    let response = admin.post(app.url("/katalog/import")).multipart(upload(&token, "", "Familiehuset Nordby", CATALOGUE)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    let review = response.text().await.expect("body");
    assert!(review.contains("Fundet <strong>5 indsatser</strong>"), "{review}");
    assert!(review.contains("5 nye indsatser") && review.contains("0 indsatser bliver udgået"));
    assert!(review.contains("Forældregruppe for nybagte forældre") && review.contains("Advarsler ("));
    assert_eq!(app.store.list_services().await.expect("list").len(), before, "nothing written on review");
    assert!(app.store.unit_by_name("Familiehuset Nordby").await.expect("unit").is_none(), "no unit either");

    // A review that no longer matches is shown again, and nothing is written.
    let text = hidden(&review, "text");
    let stale = [("new_unit", "Familiehuset Nordby"), ("unit_id", ""), ("text", text.as_str()), ("fingerprint", "0000")];
    let response = app.submit(&admin, "/katalog/import/godkend", &stale).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response.text().await.expect("body").contains("Se forhåndsvisningen igen"));
    assert_eq!(app.store.list_services().await.expect("list").len(), before);

    // Accept: the five services are stored in the new unit.
    let fingerprint = hidden(&review, "fingerprint");
    let accept = [("new_unit", "Familiehuset Nordby"), ("unit_id", ""), ("text", text.as_str()), ("fingerprint", fingerprint.as_str())];
    let response = app.submit(&admin, "/katalog/import/godkend", &accept).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let unit = app.store.unit_by_name("Familiehuset Nordby").await.expect("unit").expect("created");
    let imported: Vec<_> = app.store.list_services().await.expect("list").into_iter().filter(|s| s.unit_id == unit.id).collect();
    assert_eq!(imported.len(), 5);
    // The catalogue's approval line is stored on every service and shown on its pages.
    let approval =
        familiehus_domain::catalogue::Approval { body: "Social- og Familieudvalget".into(), date: chrono::NaiveDate::from_ymd_opt(2024, 3, 12).expect("date") };
    assert!(imported.iter().all(|s| s.service.approval.as_ref() == Some(&approval)), "{:?}", imported.iter().map(|s| &s.service.approval).collect::<Vec<_>>());
    let staff_page = admin.get(app.url(&format!("/katalog/{}", imported[0].id))).send().await.expect("GET").text().await.expect("body");
    assert!(staff_page.contains("Social- og Familieudvalget den 12.03.2024"), "{staff_page}");

    // The same text again: everything unchanged.
    let unit_id = unit.id.to_string();
    let response = admin.post(app.url("/katalog/import")).multipart(upload(&token, &unit_id, "", CATALOGUE)).send().await.expect("POST");
    let again = response.text().await.expect("body");
    assert!(again.contains("0 nye indsatser") && again.contains("5 uændrede indsatser"), "{again}");
}

#[tokio::test]
async fn a_file_without_services_or_without_a_unit_is_refused_with_the_reason() {
    let app = TestApp::sqlite().await;
    let admin = app.client_as("admin").await;
    let token = app.csrf(&admin).await;
    let response = admin.post(app.url("/katalog/import")).multipart(upload(&token, "", "Ny enhed", "Indkøbsliste\nmælk\nbrød\n")).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("Der blev ikke fundet nogen indsatser"));
    let response = admin.post(app.url("/katalog/import")).multipart(upload(&token, "", "", CATALOGUE)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("Vælg den enhed"));
    assert!(app.store.list_units().await.expect("units").is_empty());
    // Without the session's token the upload is refused before it is read.
    let response = admin.post(app.url("/katalog/import")).multipart(upload("forkert", "", "Ny enhed", CATALOGUE)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_unit_leader_edits_only_their_own_units_catalogue_in_html_and_json() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    let other = format!("/katalog/{}/rediger", w.other_service);
    assert_eq!(leader.get(app.url(&other)).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    assert_eq!(app.submit(&leader, &other, &[("name", "Overtaget")]).await.status(), StatusCode::FORBIDDEN);
    let fti = app.store.service(w.other_service).await.expect("service").unit_id;
    let body = serde_json::json!({"unit_id": fti, "name": "Overtaget", "legal_refs": "§ 52.3.3"});
    let put = leader.put(app.url(&format!("/api/services/{}", w.other_service))).json(&body).send().await.expect("PUT");
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
    let post = leader.post(app.url("/api/services")).json(&body).send().await.expect("POST");
    assert_eq!(post.status(), StatusCode::FORBIDDEN);
    // The form offers only the leader's unit, and refuses another one sent anyway.
    let form = page(&leader, &app, "/katalog/ny").await;
    assert!(form.contains(">Familiehuset</option>") && !form.contains(">Forebyggelse og Tidlig Indsats</option>"));
    let unit = fti.to_string();
    let response = app
        .submit(
            &leader,
            "/katalog/ny",
            &[("unit_id", unit.as_str()), ("name", "Ny indsats"), ("status", "active"), ("ladder_step", "2"), ("access", "open"), ("delivery", "individual")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("Du kan kun oprette og rette indsatser i din egen enhed."));
    assert_eq!(app.store.service(w.other_service).await.expect("service").service.name, "Fast kontaktperson");
    // Its own service's page has the edit link; another unit's does not.
    assert!(page(&leader, &app, &format!("/katalog/{}", w.service)).await.contains("/rediger\""));
    assert!(!page(&leader, &app, &format!("/katalog/{}", w.other_service)).await.contains("/rediger\""));
}
