//! A case's course in the browser (issue 11): a referred child's case is started, the leader
//! writes a contact in the journal, records a follow-up held, writes, approves and sends a
//! status report, and closes the case with an end report after confirming — each page checked with axe, and the case page at a phone's 390 px
//! with nothing scrolling sideways.

use crate::harness::Session;

const CHILD: &str = "Bo Browserforløb";
const SERVICE: &str = "Familiebehandling";

#[tokio::test]
async fn a_case_runs_from_start_through_journal_and_follow_up_to_closure() {
    let Some(session) = Session::start().await else { return };
    session.log_in("raadgiver").await;
    session.open("/henvisning").await;
    session.choose("Indsats", SERVICE).await;
    session.fill("Navn (ny person)", CHILD).await;
    session.fill("Indskrevet den", "20.04.2022").await;
    session.choose("Henvist af", "Myndighedsafgørelse").await;
    session.press("Henvis").await;
    let case_path = session.wait_for_path("the new case's page", |path| path.starts_with("/sager/")).await;
    let case_path = case_path.split('?').next().unwrap_or_default().to_owned();
    session.log_out().await;

    session.log_in("leder").await;
    session.open("/").await;
    session.follow(SERVICE).await;
    session.wait_for_text(&format!("Venteliste: {SERVICE}")).await;
    session.tick(&format!("Vælg sagen for {CHILD}")).await;
    session.press("Iværksæt valgte sager").await;
    session.wait_for_path("the waiting list after starting", |path| path.ends_with("/venteliste/start")).await;
    session.wait_for_text("og taget af ventelisten: sag ").await;

    // A phone: the case page with its forms fits 390 px.
    session.set_width(390).await;
    session.open(&case_path).await;
    session.wait_for_text("Nyt journalnotat").await;
    assert_eq!(session.sideways_overflow(None).await, 0, "the case page on a phone: {}", session.elements_past_the_edge().await);
    session.assert_accessible("a started case's page on a phone").await;
    session.set_width(1280).await;

    // The journal: a talk at home with the child, an hour.
    session.choose("Art", "Samtale").await;
    session.fill("Dato", "26.04.2022").await;
    session.fill("Starttidspunkt", "14.05").await;
    session.fill("Varighed i minutter", "60").await;
    session.choose("Sted", "Hjemmet").await;
    session.field("Barnet").await.click().await.expect("tick the child");
    session.choose("Behandler", "Bente Behandler").await;
    session.fill("Notat", "Første samtale med Bo om skolen.").await;
    session.press("Gem journalnotat").await;
    session.wait_for_text("Kontakten er skrevet i journalen.").await;
    assert!(session.text().await.contains("Første samtale med Bo om skolen."));

    // A follow-up held today, and the case closed with an end report after confirming.
    session.fill("Holdt den", "26.04.2022").await;
    session.fill("Deltagere", "Mor, Bo, behandler").await;
    session.choose("Beslutning", "Indsatsen fortsætter").await;
    session.press("Registrér opfølgningen").await;
    session.wait_for_text("Opfølgningen er registreret.").await;
    assert!(session.text().await.contains("Opfølgning nr. 1, 26.04.2022"));
    session.assert_accessible("the case page with a journal entry and a follow-up").await;

    // A status report drafted from the journal, read by the family, approved and sent.
    session.press("Dan udkast til statusrapport").await;
    session.wait_for_text("Statusrapport: Familiebehandling i perioden").await;
    assert!(session.text().await.contains("Tilbage til sag"));
    session.assert_accessible("a status report's draft").await;
    session.fill("Dato, familien læste rapporten", "26.04.2022").await;
    session.fill("Familiens bemærkninger", "Mor er enig.").await;
    session.press("Gem rapporten").await;
    session.wait_for_text("Rapporten er gemt.").await;
    session.press("Godkend rapporten").await;
    session.wait_for_text("Rapporten er godkendt og kan sendes.").await;
    session.press("Send til den henvisende rådgiver").await;
    session.wait_for_text("Rapporten er sendt til den henvisende rådgiver.").await;
    assert!(session.text().await.contains("Mor er enig."));
    session.assert_accessible("a sent status report").await;
    session.open(&case_path).await;
    session.wait_for_text("Sendt til rådgiver").await;

    session.fill("Afsluttet den", "26.04.2022").await;
    session.choose("Årsag", "Formålet er opfyldt").await;
    session.fill("Afslutningsrapport", "Målene for Bo er nået.").await;
    session.press("Afslut sagen …").await;
    session.wait_for_text("Ja, afslut sagen").await;
    session.assert_accessible("the closure's confirmation").await;
    session.press("Ja, afslut sagen").await;
    session.wait_for_text("Sagen er afsluttet.").await;
    let text = session.text().await;
    assert!(text.contains("Afslutningsrapport") && text.contains("Målene for Bo er nået.") && text.contains("Formålet er opfyldt"), "{text}");
    session.finish().await;
}
