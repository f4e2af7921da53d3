//! The catalogue, the report and the users as staff use them in the browser: a unit leader
//! edits a service (reading the legal basis back before saving, and correcting a rejected
//! form), an administrator imports another municipality's catalogue from its text file through
//! review and accept and looks at the users, and the analyst reads the half-year's report with
//! its chart; the anonymous counsellor registers a conversation. Every page visited is audited
//! with axe-core.

use crate::harness::Session;
use fantoccini::Locator;

use familiehus_test_support::fixtures;

#[tokio::test]
async fn a_leader_edits_a_service_and_sees_the_version_in_its_history() {
    let Some(session) = Session::start().await else { return };
    session.log_in("leder").await;
    session.open("/katalog").await;
    session.wait_for_text("Indsatskataloget").await;
    session.assert_accessible("the staff catalogue").await;
    session.follow("Familiebehandling").await;
    session.wait_for_text("Historik").await;
    session.assert_accessible("a service's staff page").await;
    session.follow("Rediger").await;
    session.wait_for_text("Skabelontekster").await;
    session.assert_accessible("the service form").await;

    session.fill("Lovgrundlag", "§ 52.3.3 + BL § 32.1.3").await;
    session.press("Vis lovhenvisning").await;
    session.wait_for_text("BL § 32, stk. 1, nr. 3 (Barnets Lov § 32, stk. 1, nr. 3)").await;

    session.fill("Kapacitet", "mange").await;
    session.press("Gem").await;
    session.wait_for_text("Der er fejl i formularen").await;
    session.assert_accessible("the service form with errors").await;
    assert_eq!(session.field("Lovgrundlag").await.prop("value").await.ok().flatten().as_deref(), Some("§ 52.3.3 + BL § 32.1.3"), "input kept");

    session.fill("Kapacitet", "37").await;
    session.press("Gem").await;
    session.wait_for_text("Ændringerne er gemt som en ny version.").await;
    let text = session.text().await;
    assert!(text.contains("Barnets Lov § 32, stk. 1, nr. 3") && text.contains("37 samtidige sager"), "{text}");
    let latest = session.table_row("2").await.unwrap_or_else(|| panic!("no version 2 in the history:\n{text}"));
    // Only what was changed: the untouched texts (sent back with CRLF) are not.
    assert_eq!(latest.get(3).map(String::as_str), Some("Lovgrundlag, Kapacitet"), "{latest:?}");
    // The first version is still there to read.
    session.follow("Vis version 1").await;
    session.wait_for_text("Version 1, som den blev gemt.").await;
    assert!(!session.text().await.contains("Barnets Lov § 32"), "version 1 had only the SEL reference");
    session.assert_accessible("an earlier version of a service").await;
    session.finish().await;
}

#[tokio::test]
async fn an_admin_imports_a_catalogue_file_after_reviewing_it() {
    let Some(session) = Session::start().await else { return };
    // The fixture catalogue (five services): the story needs a catalogue, not a particular one.
    let file = fixtures::catalogue_path();
    let file = std::fs::canonicalize(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    session.log_in("admin").await;
    session.open("/katalog").await;
    session.follow("Importér katalog").await;
    session.wait_for_text("Intet gemmes, før du godkender").await;
    session.assert_accessible("the import page").await;
    session.choose("Kataloget hører til", "Ny enhed").await;
    session.fill("Navn på ny enhed", "Familiehuset Vestby").await;
    session.field("Tekstfil").await.send_keys(&file.display().to_string()).await.expect("choose the file");
    session.press("Vis forhåndsvisning").await;
    session.wait_for_text("Fundet 5 indsatser").await;
    session.assert_accessible("the import review").await;
    let text = session.text().await;
    assert!(text.contains("5 nye indsatser") && text.contains("Familiehuset Vestby"), "{text}");

    session.press("Godkend og gem 5 indsatser").await;
    session.wait_for_text("Kataloget er importeret.").await;
    assert!(session.text().await.contains("Familiehuset Vestby"));

    session.open("/brugere").await;
    session.wait_for_text("Lokale brugere").await;
    session.assert_accessible("the users page").await;
    session.follow("behandler").await;
    session.wait_for_text("Bruger behandler").await;
    session.assert_accessible("a user's page").await;
    session.finish().await;
}

#[tokio::test]
async fn the_leader_reads_the_half_year_with_its_chart() {
    let Some(session) = Session::start().await else { return };
    // The 2022 table ends on 26.04: a period only roles with case access may ask for (the
    // analyst's whole-month rule is tested in tests/api/security.rs).
    session.log_in("leder").await;
    session.follow("Sagstal og ventetider").await;
    session.wait_for_text("Gennemsnitlig ventetid pr. indsats").await;
    session.fill("Fra", "01.01.2022").await;
    session.fill("Til", "26.04.2022").await;
    session.press("Vis rapport").await;
    session.wait_for_text("Periode: 01.01.2022 – 26.04.2022.").await;
    let chart = session.client.find(Locator::Css("svg.chart[role=img]")).await.expect("the chart");
    assert!(chart.find_all(Locator::Css("rect.bar")).await.expect("bars").len() >= 5);
    let row = session.report_row("Familiebehandling").await;
    assert_eq!(row.cell("Gennemsnitlig ventetid"), "82,77", "{row:?}");
    session.assert_accessible("the report page").await;

    session.fill("Til", "31.12.2021").await;
    session.press("Vis rapport").await;
    session.wait_for_text("efter den slutter").await;
    session.assert_accessible("the report page with errors").await;
    session.finish().await;
}

#[tokio::test]
async fn the_anonymous_counsellor_registers_a_conversation() {
    let Some(session) = Session::start().await else { return };
    session.log_in("anonym").await;
    session.follow("Anonym rådgivning").await;
    session.wait_for_text("Registrér, at en samtale har fundet sted").await;
    session.assert_accessible("the anonymous counselling log").await;
    session.choose("Tilbud", "anonym rådgivning").await;
    session.choose("Kontaktform", "Telefon").await;
    session.choose("Hvem henvendte sig", "Forælder").await;
    session.choose("Barnets eller den unges alder", "6–12 år").await;
    session.choose("Emne", "Skilsmisse og samvær").await;
    session.fill("Varighed", "45").await;
    session.press("Registrér samtale").await;
    session.wait_for_text("Samtalen er registreret").await;
    session.wait_for_text("Samtale 1 af højst 3").await;
    session.assert_accessible("the anonymous counselling log after saving").await;
    session.set_width(390).await;
    assert_eq!(session.sideways_overflow(None).await, 0, "the counselling log on a phone: {}", session.elements_past_the_edge().await);
    session.set_width(1280).await;
    session.follow("Se statistikken").await;
    session.wait_for_text("Samtaler pr. måned").await;
    session.assert_accessible("the anonymous counselling statistics").await;
    session.set_width(390).await;
    assert_eq!(session.sideways_overflow(None).await, 0, "the statistics on a phone: {}", session.elements_past_the_edge().await);
    session.finish().await;
}
