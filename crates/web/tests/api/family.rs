//! The family around the child and attachments (issue 11, item 2): a member added on the family
//! page, shown on the case page, edited (logged) and removed; a refused form keeps what was
//! typed with the error summary; the API lists and adds; an upload taken only when its bytes
//! are a PDF, PNG or JPEG (a renamed file refused), not over 10 MB, and nothing saved when
//! refused; the download logged and sent as an attachment with `nosniff`; and outside
//! need-to-know the family page, the API and the download are 404, each attempt logged.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::world;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn mother<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("relation", "mother"),
        ("name", "Sara Jensen"),
        ("custody", "ja"),
        ("phone", "12 34 56 78"),
        ("address", "Havnegade 3, 5000 Odense C"),
        ("language", "arabisk"),
        ("interpreter", "ja"),
        ("interpreter_language", "arabisk"),
    ];
    for (k, v) in overrides {
        if let Some(f) = fields.iter_mut().find(|(f, _)| f == k) {
            f.1 = v;
        }
    }
    fields
}

fn upload(token: &str, title: &str, kind: &str, file_name: &str, bytes: Vec<u8>) -> Form {
    let part = Part::bytes(bytes).file_name(file_name.to_owned()).mime_str("application/pdf").expect("mime");
    Form::new().text("csrf_token", token.to_owned()).text("title", title.to_owned()).text("kind", kind.to_owned()).part("file", part)
}

async fn family_story(app: &TestApp) {
    let w = world(app).await;
    let case = w.case;
    let client = app.client_as("behandler").await;

    let response = app.submit(&client, &format!("/sager/{case}/familie"), &mother(&[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    let page = client.get(app.url(&format!("/sager/{case}/familie?besked=tilfoejet"))).send().await.expect("GET");
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("body");
    assert!(page.contains("Personen er tilføjet familien.") && page.contains("Sara Jensen"), "{page}");
    assert!(page.contains("href=\"tel:12345678\"") && page.contains("Har forældremyndighed") && page.contains("Tolk: arabisk"), "{page}");

    let case_page = client.get(app.url(&format!("/sager/{case}"))).send().await.expect("GET").text().await.expect("body");
    assert!(case_page.contains("Familien omkring barnet") && case_page.contains("Sara Jensen (Mor, forældremyndighed)"), "{case_page}");

    // The API lists and adds.
    let listed = app.get_json(&format!("/api/cases/{case}/family"), StatusCode::OK).await;
    let sara = id_of(&listed[0]);
    assert_eq!((listed[0]["phone"].as_str(), listed[0]["custody"].as_bool()), (Some("12345678"), Some(true)));
    let body = json!({"relation": "sibling", "name": "Emil Jensen", "custody": false});
    let added = expect_json(app.post(&format!("/api/cases/{case}/family"), &body).await, StatusCode::CREATED).await;
    assert_eq!((added["name"].as_str(), added["interpreter_language"].is_null()), (Some("Emil Jensen"), true));
    let bad = json!({"relation": "nabo", "name": "", "custody": true, "phone": "12-34"});
    let refused = expect_json(app.post(&format!("/api/cases/{case}/family"), &bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&refused), ["relation", "name", "phone"]);

    // A refused form: 422, the title, the summary linking the field, what was typed kept.
    let before = app.store.case_family(case).await.expect("family").len();
    let response = app.submit(&client, &format!("/sager/{case}/familie"), &mother(&[("name", ""), ("phone", "tlf 1234"), ("address", "Vestergade 9")])).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – "), "{html}");
    assert!(html.contains("href=\"#name\"") && html.contains("href=\"#phone\"") && html.contains("id=\"phone-fejl\""), "{html}");
    assert!(html.contains("value=\"tlf 1234\"") && html.contains("Vestergade 9"), "kept: {html}");
    assert_eq!(app.store.case_family(case).await.expect("family").len(), before, "nothing saved");

    // Edit overwrites, and is logged; removal too.
    let edit = client.get(app.url(&format!("/sager/{case}/familie/{sara}/ret"))).send().await.expect("GET");
    assert_eq!(edit.status(), StatusCode::OK);
    assert!(edit.text().await.expect("body").contains("value=\"Sara Jensen\""));
    let response = app.submit(&client, &format!("/sager/{case}/familie/{sara}/ret"), &mother(&[("address", "Vestergade 9, 5000 Odense C")])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.case_family_member(case, sara).await.expect("member").member.address, "Vestergade 9, 5000 Odense C");
    let response = app.submit(&client, &format!("/sager/{case}/familie/{}/fjern", id_of(&added)), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.case_family(case).await.expect("family").len(), 1);
    let actions: Vec<String> = app.store.audit_for_case(case).await.expect("audit").into_iter().map(|e| e.action).collect();
    for action in ["add_family_member", "change_family_member", "remove_family_member", "read_family"] {
        assert!(actions.contains(&action.to_owned()), "{action}: {actions:?}");
    }

    // Outside need-to-know: the family page, its API and a write are 404, each attempt logged.
    let other = w.other_case;
    for path in [format!("/sager/{other}/familie"), format!("/api/cases/{other}/family")] {
        let response = client.get(app.url(&path)).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let response = app.submit(&client, &format!("/sager/{other}/familie"), &mother(&[])).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let refusals = app.store.audit_for_case(other).await.expect("audit").into_iter().filter(|e| e.action == "refused").count();
    assert_eq!(refusals, 3);
    assert!(app.store.case_family(other).await.expect("family").is_empty());
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn the_family_is_added_shown_edited_and_removed_within_need_to_know() {
    family_story(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_family_is_added_shown_edited_and_removed_within_need_to_know_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        family_story(&app).await;
    }
}

async fn attachment_story(app: &TestApp) {
    let w = world(app).await;
    let case = w.case;
    let client = app.client_as("behandler").await;
    let token = app.csrf(&client).await;
    let path = format!("/sager/{case}/bilag");

    let response = client
        .post(app.url(&path))
        .multipart(upload(&token, "Samtykke til skolesamarbejde", "signed_consent", "samtykke.pdf", PDF.to_vec()))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    let listed = app.store.attachments(case).await.expect("list");
    assert_eq!(listed.len(), 1);
    let id = listed[0].id;
    let page = client.get(app.url(&format!("/sager/{case}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Bilag tilføjet") && page.contains("Underskrevet samtykke: Samtykke til skolesamarbejde"), "in the timeline: {page}");
    assert!(page.contains(&format!("href=\"/sager/{case}/bilag/{id}\"")) && page.contains("enctype=\"multipart/form-data\""), "{page}");

    // A Word document renamed .pdf is refused from its bytes, kept typed, nothing saved.
    let docx = b"PK\x03\x04\x14\x00\x06\x00word/document.xml".to_vec();
    let response = client.post(app.url(&path)).multipart(upload(&token, "Afgørelse", "decision_letter", "afgoerelse.pdf", docx)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Fejl i formularen – ") && html.contains("href=\"#attachment_file\"") && html.contains("hverken en PDF"), "{html}");
    assert!(html.contains("value=\"Afgørelse\""), "the title kept: {html}");

    // Just over 10 MB: a Danish error at the field (422); far over: the 413 page. Neither a 500.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let response = client.post(app.url(&path)).multipart(upload(&token, "Stor", "other", "stor.pdf", big)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("større end 10 MB"));
    let mut huge = PDF.to_vec();
    huge.resize(12 * 1024 * 1024, b' ');
    let response = client.post(app.url(&path)).multipart(upload(&token, "Kæmpe", "other", "stor.pdf", huge)).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.expect("body").contains("større end de tilladte 10 MB"));
    assert_eq!(app.store.attachments(case).await.expect("list").len(), 1, "nothing saved");

    // Opening: the bytes as uploaded, as a download, logged.
    let response = client.get(app.url(&format!("/sager/{case}/bilag/{id}"))).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("content-disposition"), format!("attachment; filename=\"bilag-{id}.pdf\""));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(response.bytes().await.expect("body").as_ref(), PDF);
    let opened = app.store.audit_for_case(case).await.expect("audit").into_iter().filter(|e| e.action == "open_attachment").count();
    assert_eq!(opened, 1);

    // Outside need-to-know: 404 on the download (logged) and on an upload; another case's id too.
    let (other_client, other) = (&client, w.other_case);
    let admin_upload = app.client_as(crate::sessions::ADMIN).await;
    let admin_token = app.csrf(&admin_upload).await;
    let response = admin_upload
        .post(app.url(&format!("/sager/{other}/bilag")))
        .multipart(upload(&admin_token, "FTI-samtykke", "signed_consent", "s.pdf", PDF.to_vec()))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let foreign = app.store.attachments(other).await.expect("list")[0].id;
    let response = other_client.get(app.url(&format!("/sager/{other}/bilag/{foreign}"))).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = other_client.get(app.url(&format!("/sager/{case}/bilag/{foreign}"))).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "another case's attachment through one's own case");
    let response =
        other_client.post(app.url(&format!("/sager/{other}/bilag"))).multipart(upload(&token, "x", "other", "x.pdf", PDF.to_vec())).send().await.expect("POST");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let log = app.store.audit_for_case(other).await.expect("audit");
    assert!(log.iter().any(|e| e.action == "refused"), "{log:?}");
    assert!(!log.iter().any(|e| e.action == "open_attachment"));
    assert_eq!(app.store.attachments(other).await.expect("list").len(), 1);
}

#[tokio::test]
async fn attachments_are_checked_by_their_bytes_limited_and_opened_logged() {
    attachment_story(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn attachments_are_checked_by_their_bytes_limited_and_opened_logged_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        attachment_story(&app).await;
    }
}
