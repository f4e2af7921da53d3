//! The public catalogue under `/offentlig`, over the demo catalogue: search and filters, the
//! service page, the printable catalogue and the PDF. Every request goes through a fresh client
//! without a cookie store, because these pages must work for anyone, logged in or not.

use crate::helpers::{TestApp, expect_json, id_of};
use familiehus_domain::{Role, ServiceStatus};
use familiehus_store::StoredService;
use reqwest::StatusCode;
use serde_json::json;

/// The server with the demo catalogue loaded.
async fn demo() -> TestApp {
    let app = TestApp::sqlite().await;
    familiehus_store::seed::load_demo_catalogue(&app.store).await.expect("demo catalogue");
    app
}

/// GET without any cookie: status, content type and body.
async fn anonymous_get(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let response = reqwest::Client::new().get(app.url(path)).send().await.expect("GET");
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.text().await.expect("body"))
}

/// The HTML of a page that must answer 200.
async fn page(app: &TestApp, path: &str) -> String {
    let (status, content_type, body) = anonymous_get(app, path).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    assert!(content_type.starts_with("text/html"), "GET {path}: {content_type}");
    body
}

async fn active_services(app: &TestApp) -> Vec<StoredService> {
    let all = app.store.list_services().await.expect("list services");
    all.into_iter().filter(|s| s.service.status == ServiceStatus::Active).collect()
}

async fn service_named(app: &TestApp, name: &str) -> StoredService {
    let all = app.store.list_services().await.expect("list services");
    all.into_iter().find(|s| s.service.name == name).unwrap_or_else(|| panic!("no service {name}"))
}

const COOL_KIDS: &str = "Cool Kids - angstgruppebehandling";
const SFT_13_15: &str = "Socialfærdighedstræning (SFT) – gruppe for unge 13–15 år";
const ANONYMOUS: &str = "Åben, anonym rådgivning";
const SES: &str = "SES - samarbejde efter skilsmisse";

/// Every page keeps the accessibility basics: Danish, one h1, skip link, landmarks.
fn assert_accessible_basics(html: &str) {
    assert!(html.contains(r#"<html lang="da">"#));
    assert_eq!(html.matches("<h1").count(), 1, "exactly one h1");
    assert!(html.contains(r##"href="#indhold""##) && html.contains(r#"id="indhold""#));
    for landmark in ["<header", "<nav", "<main", "<footer"] {
        assert!(html.contains(landmark), "missing {landmark}");
    }
}

#[tokio::test]
async fn public_find_page_lists_every_active_service_without_login() {
    let app = demo().await;
    let html = page(&app, "/offentlig").await;
    assert_accessible_basics(&html);
    let active = active_services(&app).await;
    assert!(html.contains(&format!("{} tilbud fundet", active.len())));
    for s in &active {
        assert!(html.contains(&format!(r#"href="/offentlig/tilbud/{}""#, s.id)), "missing {}", s.service.name);
    }
    // Every form control has a label.
    for id in ["q", "alder", "tema", "trin", "enhed"] {
        assert!(html.contains(&format!(r#"<label for="{id}">"#)), "no label for {id}");
    }
    for text in ["Du kan selv henvende dig", "Anonymt – du skal ikke oplyse navn", "Kræver henvisning fra kommunens rådgiver"] {
        assert!(html.contains(text), "missing access explanation {text}");
    }
    let (status, content_type, css) = anonymous_get(&app, "/offentlig/static/public.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/css"));
    assert!(css.contains(":focus-visible") && css.contains("@media print"));
}

#[tokio::test]
async fn public_search_by_text_is_case_insensitive_with_danish_letters() {
    let app = demo().await;
    let html = page(&app, "/offentlig?q=ANGST").await;
    assert!(html.contains(COOL_KIDS));
    assert!(html.contains("Psykologsamtaler til børn og unge"), "theme angst");
    assert!(!html.contains("Supervision af plejefamilier"));

    let html = page(&app, "/offentlig?q=S%C3%98SKENDE").await; // SØSKENDE
    assert!(html.contains("Børnegruppen – for børn med søskende med et diagnosticeret handicap"));
    assert!(html.contains("2 tilbud fundet"), "Børnegruppen and the grief service, which mentions siblings");

    let html = page(&app, "/offentlig?q=zzzz+ingenting").await;
    assert!(html.contains("0 tilbud fundet"));
    assert!(html.contains("Ingen tilbud passer til din søgning"));
    assert!(html.contains(ANONYMOUS), "the empty state suggests open and anonymous services");
}

#[tokio::test]
async fn public_age_filter_keeps_matching_ranges_and_services_without_one() {
    let app = demo().await;
    let html = page(&app, "/offentlig?alder=10").await;
    assert!(html.contains(COOL_KIDS), "Cool Kids is for 9–12");
    assert!(!html.contains(SFT_13_15), "the 13–15 group is not for a 10-year-old");
    assert!(html.contains(ANONYMOUS), "no age range: shown for every age");

    let html = page(&app, "/offentlig?alder=14").await;
    assert!(html.contains(SFT_13_15) && !html.contains(COOL_KIDS));

    // An unreadable age is explained next to the field, and the search runs without it.
    let html = page(&app, "/offentlig?alder=ti").await;
    assert!(html.contains(r#"aria-invalid="true""#) && html.contains("helt tal"));
    assert!(html.contains(COOL_KIDS) && html.contains(SFT_13_15));
}

#[tokio::test]
async fn public_access_theme_ladder_and_unit_filters() {
    let app = demo().await;
    let html = page(&app, "/offentlig?adgang=anonymous").await;
    assert!(html.contains("1 tilbud fundet") && html.contains(ANONYMOUS));

    let html = page(&app, "/offentlig?adgang=open&alder=10").await;
    assert!(html.contains(COOL_KIDS));
    assert!(!html.contains("Familiebehandling</a>"), "referred services are filtered out");

    let html = page(&app, "/offentlig?tema=skilsmisse").await;
    assert!(html.contains(SES) && html.contains("1 tilbud fundet"));
    assert!(html.contains(r#"<option value="skilsmisse" selected>"#), "the chosen theme stays selected");

    let html = page(&app, "/offentlig?trin=almene").await;
    assert!(html.contains("Sundhedsplejens rutinebesøg") && html.contains("1 tilbud fundet"));
    let html = page(&app, "/offentlig?trin=6").await;
    assert!(html.contains("Supervision af plejefamilier") && !html.contains(COOL_KIDS));

    let fti = service_named(&app, ANONYMOUS).await.unit_id;
    let html = page(&app, &format!("/offentlig?enhed={fti}")).await;
    assert!(html.contains(ANONYMOUS) && !html.contains(COOL_KIDS));
}

#[tokio::test]
async fn public_pages_never_show_retired_services() {
    let app = demo().await;
    let unit_id = service_named(&app, COOL_KIDS).await.unit_id;
    let body = json!({
        "unit_id": unit_id,
        "name": "Udgået angstkursus",
        "legal_refs": "SEL § 11",
        "status": "retired",
        "ladder_step": 2,
        "access": "open",
        "themes": ["angst"],
        "texts": {"target_group": "Børn med angst."},
    });
    let retired = expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await;
    let id = id_of(&retired);

    for path in ["/offentlig", "/offentlig?q=angst", "/offentlig?tema=angst", "/offentlig/katalog"] {
        assert!(!page(&app, path).await.contains("Udgået angstkursus"), "{path} shows a retired service");
    }
    let (status, _, html) = anonymous_get(&app, &format!("/offentlig/tilbud/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Udgået angstkursus"));
    let (_, _, theme_list) = anonymous_get(&app, "/offentlig").await;
    assert!(theme_list.contains(r#"<option value="angst">"#), "themes of active services remain");
}

#[tokio::test]
async fn public_service_page_shows_texts_access_and_legal_basis() {
    let app = demo().await;
    let s = service_named(&app, "Familiebehandling").await;
    let html = page(&app, &format!("/offentlig/tilbud/{}", s.id)).await;
    assert_accessible_basics(&html);
    assert!(html.contains("<h1>Familiebehandling</h1>"));
    for text in ["Målgruppe", "Aktiviteter", "Borgerens opgaver", "Kræver henvisning fra kommunens rådgiver", "Familiehuset"] {
        assert!(html.contains(text), "missing {text}");
    }
    assert!(html.contains("Serviceloven § 52, stk. 3, nr. 3"));
    assert!(html.contains("Børne- og Ungdomsudvalget den 20.04.2023"));
    // The quality goals are a "- " list in the catalogue: a real list on the page.
    assert!(html.contains("<li>Familiens vanskeligheder bliver forstået og bearbejdet"), "{html}");

    // An open service tells how to get in touch, with the address as a link.
    let cool = service_named(&app, COOL_KIDS).await;
    let html = page(&app, &format!("/offentlig/tilbud/{}", cool.id)).await;
    assert!(html.contains("Du kan selv henvende dig"));
    assert!(html.contains(r#"href="mailto:kontakt@familiehusetnorddjurs.dk""#));
    assert!(html.contains("9–12 år"));
}

#[tokio::test]
async fn public_unknown_pages_answer_a_danish_404() {
    let app = demo().await;
    for path in ["/offentlig/tilbud/999999", "/offentlig/tilbud/abc", "/offentlig/findes-ikke"] {
        let (status, content_type, html) = anonymous_get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
        assert!(html.contains("Siden findes ikke") && html.contains(r#"<html lang="da">"#), "{path}");
    }
}

#[tokio::test]
async fn public_printable_catalogue_has_contents_and_an_anchor_per_service() {
    let app = demo().await;
    let html = page(&app, "/offentlig/katalog").await;
    assert_accessible_basics(&html);
    assert!(html.contains("Indsatskatalog") && html.contains("Udskrevet 26.04.2022"));
    assert!(!html.contains("Trin "), "citizens read the steps' words, not the ladder's numbers");
    assert!(html.contains("@media print") || html.contains("/offentlig/static/public.css"));
    let active = active_services(&app).await;
    for s in &active {
        assert!(html.contains(&format!(r##"href="#tilbud-{}""##, s.id)), "no contents entry for {}", s.service.name);
        assert!(html.contains(&format!(r#"id="tilbud-{}""#, s.id)), "no anchor for {}", s.service.name);
    }
    // The eight template fields, in the catalogue's order, for a service.
    let start = html.find("Familiebehandling jf. SEL § 52, stk. 3, nr. 3").expect("title with legal basis");
    let rest = &html[start..];
    let mut at = 0;
    for label in [
        "Målgruppe",
        "Kvalitetsmål",
        "Aktiviteter, der kan indgå i indsatsen",
        "Borgerens opgaver",
        "Vejledende tidsforbrug",
        "Varighed/tidsbegrænsning",
        "Andet",
    ] {
        let found = rest[at..].find(&format!("<dt>{label}</dt>")).unwrap_or_else(|| panic!("{label} missing or out of order"));
        at += found;
    }
    // Grouped by unit and ladder category, with anchors for both.
    assert!(html.contains("Visiterede indsatser og anbringelser") && html.contains("Almene tilbud"));
}

#[tokio::test]
async fn public_catalogue_pdf_is_a_pdf_download() {
    let app = demo().await;
    let response = reqwest::Client::new().get(app.url("/offentlig/katalog.pdf")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert!(header("content-disposition").contains("indsatskatalog.pdf"));
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with(b"%PDF"));
    let active = active_services(&app).await;
    let text = String::from_utf8_lossy(&bytes);
    let pages: usize =
        text.split_once("/Count ").and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(pages >= 2 + active.len(), "title, contents and a page per service; got {pages} pages");
}

#[tokio::test]
async fn public_search_understands_inflected_forms_synonyms_and_phrases() {
    let app = demo().await;
    // Inflected forms: the stemmer folds them onto the catalogue's words.
    let html = page(&app, "/offentlig?q=skilsmisser").await;
    assert!(html.contains(SES), "skilsmisser finds skilsmisse: {html}");
    let html = page(&app, "/offentlig?q=angsten").await;
    assert!(html.contains(COOL_KIDS));
    // The seeded synonyms: a parent's words.
    let html = page(&app, "/offentlig?q=mit+barn+er+bange").await;
    assert!(html.contains(COOL_KIDS), "bange → angst: {html}");
    let html = page(&app, "/offentlig?q=ondt+i+maven").await;
    assert!(html.contains(COOL_KIDS), "ondt i maven → angst, uro: {html}");
    // After a search, the results come before the form in the page (phones show them first).
    let results = html.find(r#"id="resultater""#).expect("results");
    let form = html.find(r#"<form class="search""#).expect("form");
    assert!(results < form, "results before the form after a search");
    let first = page(&app, "/offentlig").await;
    assert!(first.find(r#"<form class="search""#) < first.find(r#"id="resultater""#), "the first visit starts with the form");
    let (_, _, css) = anonymous_get(&app, "/offentlig/static/public.css").await;
    assert!(css.contains(".find-searched"), "the wide layout sets the form beside the results");
}

#[tokio::test]
async fn an_administrator_edits_the_synonyms_and_the_public_search_uses_them_at_once() {
    let app = demo().await;
    for (name, role) in [("leder", Role::UnitLeader), ("behandler", Role::Practitioner), ("raadgiver", Role::Caseworker)] {
        app.add_user(name, role, None).await;
    }
    let admin = app.client_as("admin").await;
    let html = page(&app, "/offentlig?q=hjemve").await;
    assert!(html.contains("0 tilbud fundet"), "no service speaks of homesickness");
    let html = page(&app, "/offentlig?q=teenager").await;
    assert!(!html.contains("0 tilbud fundet"), "the seeded teenager = unge finds offers for young people");

    let form = admin.get(app.url("/indstillinger/synonymer")).send().await.expect("GET");
    assert_eq!(form.status(), StatusCode::OK);
    let text = form.text().await.expect("body");
    assert!(text.contains("bange = angst, ængstelig") && text.contains("Listen er kommunens standardliste."), "seeded defaults: {text}");

    let list = "bange = angst\r\nhjemve = angst, savn\r\nondt i maven = mavepine";
    let saved = app.submit(&admin, "/indstillinger/synonymer", &[("synonyms", list)]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let html = page(&app, "/offentlig?q=hjemve").await;
    assert!(html.contains(COOL_KIDS), "the new synonym is used at once: {html}");
    let html = page(&app, "/offentlig?q=teenager").await;
    assert!(html.contains("0 tilbud fundet"), "the removed default is gone");
    let text = admin.get(app.url("/indstillinger/synonymer?besked=gemt")).send().await.expect("GET").text().await.expect("body");
    assert!(text.contains("Synonymerne er gemt.") && text.contains("af Bruger admin") && text.contains("hjemve = angst, savn"), "{text}");

    // Refused lists come back as typed, with the problems at the field, and nothing is saved.
    let bad = "hjemve = angst\r\nhjemve = savn\r\nsorg død";
    let response = app.submit(&admin, "/indstillinger/synonymer", &[("synonyms", bad)]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("Linje 3: skriv ord = ord, ord") && html.contains("hjemve = angst\nhjemve = savn\nsorg død"), "{html}");
    assert!(html.contains("<title>Fejl:") && html.contains("aria-invalid=\"true\""), "{html}");
    let response = app.submit(&admin, "/indstillinger/synonymer", &[("synonyms", "hjemve = angst\nhjemve = savn")]).await;
    assert!(response.text().await.expect("body").contains("«hjemve» står der mere end én gang."));
    let html = page(&app, "/offentlig?q=bange").await;
    assert!(html.contains(COOL_KIDS), "the saved list still stands");

    // Nobody else sees or changes the list.
    for role in ["leder", "behandler", "raadgiver"] {
        let client = app.client_as(role).await;
        assert_eq!(client.get(app.url("/indstillinger/synonymer")).send().await.expect("GET").status(), StatusCode::FORBIDDEN, "{role}");
        let response = app.submit(&client, "/indstillinger/synonymer", &[("synonyms", "x = y")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
    }
    assert!(page(&app, "/offentlig?q=hjemve").await.contains(COOL_KIDS), "unchanged by the refused attempts");
}
