//! A strengthened family treatment case from start to end report in the browser (issue 11,
//! "Done when"): the caseworker refers, the practitioner starts the case and carries it —
//! journal contacts (one flexible, one the family may read), the three phases, the network map
//! twice and their comparison, a goal and ORS scores with the chart, a status report the family
//! read, approved by the leader, sent and seen in the caseworker's inbox, two follow-ups held
//! before they were due, closure with a reason and end report — and the outcome report and the
//! deadlines page reflect it. Each page is checked with axe at 1366 px and at a phone's 390 px,
//! where nothing may scroll sideways; the family's log shows only what the family may read.

use crate::harness::Session;
use fantoccini::Locator;

const CHILD: &str = "Maja Styrketforløb";
const SERVICE: &str = "Familiebehandling";
const INTERNAL: &str = "Internt: bekymring fra skolen drøftet i teamet.";
const READABLE: &str = "Vi øvede morgenrutinen sammen, og Maja kom i skole til tiden.";

/// The control with this id (the case page has several "Dato" labels, so these go by id).
async fn by_id(session: &Session, id: &str) -> fantoccini::elements::Element {
    match session.client.find(Locator::Css(&format!("#{id}"))).await {
        Ok(e) => e,
        Err(e) => panic!("no #{id} on {} ({e}); the page shows:\n{}", session.path().await, session.text().await),
    }
}

async fn set(session: &Session, id: &str, value: &str) {
    let field = by_id(session, id).await;
    field.clear().await.unwrap_or_else(|e| panic!("clear #{id}: {e}"));
    if !value.is_empty() {
        field.send_keys(value).await.unwrap_or_else(|e| panic!("type into #{id}: {e}"));
    }
}

async fn pick(session: &Session, id: &str, option: &str) {
    let field = by_id(session, id).await;
    for candidate in field.find_all(Locator::Css("option")).await.expect("options") {
        if candidate.text().await.unwrap_or_default().contains(option) {
            candidate.click().await.unwrap_or_else(|e| panic!("choose {option:?} in #{id}: {e}"));
            return;
        }
    }
    panic!("no option {option:?} in #{id}");
}

async fn tick(session: &Session, id: &str) {
    let checkbox = by_id(session, id).await;
    if !checkbox.is_selected().await.unwrap_or(false) {
        checkbox.click().await.unwrap_or_else(|e| panic!("tick #{id}: {e}"));
    }
}

/// axe at desktop width, then at a phone's: nothing past the edge, axe again.
async fn both_widths(session: &Session, what: &str) {
    session.set_width(1366).await;
    session.assert_accessible(&format!("{what} at 1366 px")).await;
    session.set_width(390).await;
    assert_eq!(session.sideways_overflow(None).await, 0, "{what} on a phone: {}", session.elements_past_the_edge().await);
    session.assert_accessible(&format!("{what} at 390 px")).await;
    session.set_width(1366).await;
}

async fn contact(session: &Session, on: &str, start: &str, kind: &str, note: &str, flexible: bool, readable: bool) {
    pick(session, "kind", kind).await;
    set(session, "occurred_on", on).await;
    set(session, "start_time", start).await;
    set(session, "minutes", "90").await;
    pick(session, "place", "Hjemmet").await;
    tick(session, "participants").await;
    pick(session, "practitioners", "Bente Behandler").await;
    set(session, "note", note).await;
    if flexible {
        tick(session, "flexible").await;
    }
    if readable {
        tick(session, "family_may_read").await;
    }
    session.press("Gem journalnotat").await;
    session.wait_for_text("Kontakten er skrevet i journalen.").await;
}

/// The outcome report's closed count for the service in 2022 so far (as the leader sees it).
async fn closed_in_2022(session: &Session) -> i64 {
    session.open("/rapport/resultater?fra=01.01.2022&til=26.04.2022").await;
    session.wait_for_text("Afsluttede sager").await;
    session.report_row(SERVICE).await.count("Afsluttede sager")
}

#[tokio::test]
async fn a_strengthened_family_treatment_case_runs_from_referral_to_end_report() {
    let Some(session) = Session::start().await else { return };
    session.set_width(1366).await;
    let behandler = session.store().user_by_username("behandler").await.expect("lookup").expect("behandler").id;

    // Referred by the caseworker in June 2021.
    session.log_in("raadgiver").await;
    session.open("/henvisning").await;
    session.choose("Indsats", SERVICE).await;
    session.fill("Navn (ny person)", CHILD).await;
    session.fill("Indskrevet den", "01.06.2021").await;
    session.choose("Henvist af", "Myndighedsafgørelse").await;
    session.press("Henvis").await;
    let case_path = session.wait_for_path("the new case's page", |path| path.starts_with("/sager/")).await;
    let case_path = case_path.split('?').next().unwrap_or_default().to_owned();
    session.log_out().await;

    // The leader notes the outcome report's count before the case closes.
    session.log_in("leder").await;
    let closed_before = closed_in_2022(&session).await;
    session.log_out().await;

    // Started by the practitioner, who takes the case.
    session.log_in("behandler").await;
    session.open(&case_path).await;
    set(&session, "started_on", "15.06.2021").await;
    session.press("Iværksæt").await;
    session.wait_for_text("Sagen er iværksat.").await;
    pick(&session, "assigned_user_id", "Bente Behandler").await;
    session.press("Tildel").await;
    session.wait_for_text("Sagen er tildelt.").await;
    assert!(session.text().await.contains("Styrket familiebehandling"), "the case page's section");

    // The journal: an early-morning visit on flexible time (internal), a talk the family may read.
    contact(&session, "01.07.2021", "06.45", "Hjemmebesøg", INTERNAL, true, false).await;
    contact(&session, "08.07.2021", "10.00", "Samtale", READABLE, false, true).await;
    let text = session.text().await;
    assert!(text.contains("50 % planlagt / 50 % fleksibel") && text.contains("Uden for målet"), "{text}");

    // The phases.
    session.follow("Faser").await;
    session.wait_for_text("Faser, sag").await;
    set(&session, "phase1_start", "15.06.2021").await;
    set(&session, "phase1_end", "30.06.2021").await;
    // A phase 2 starting the day phase 1 ends is refused at its field, the dates kept.
    set(&session, "phase2_start", "30.06.2021").await;
    session.press("Gem faserne").await;
    session.wait_for_text("Der er fejl i formularen").await;
    assert!(session.client.title().await.unwrap_or_default().starts_with("Fejl i formularen"));
    assert!(session.text().await.contains("Fase 2 kan tidligst starte den 01.07.2021"));
    both_widths(&session, "the refused phases form").await;
    set(&session, "phase2_start", "01.07.2021").await;
    session.press("Gem faserne").await;
    session.wait_for_text("Faserne er gemt.").await;
    assert!(session.text().await.contains("Fase 2: Indsatsen hos leverandøren"));
    both_widths(&session, "the phases").await;

    // The network map twice, the second prefilled from the first, and their comparison.
    session.open(&format!("{case_path}/netvaerk")).await;
    session.wait_for_text("Nyt netværkskort").await;
    set(&session, "taken_on", "05.07.2021").await;
    for (n, name, relation, closeness) in [(1, "Mormor Inge", "Mormor", "Mellem"), (2, "Ali", "Nabo", "Længere væk")] {
        set(&session, &format!("name_{n}"), name).await;
        set(&session, &format!("relation_{n}"), relation).await;
        pick(&session, &format!("closeness_{n}"), closeness).await;
    }
    session.press("Gem netværkskortet").await;
    session.wait_for_text("Netværkskortet er gemt.").await;
    set(&session, "taken_on", "01.03.2022").await;
    pick(&session, "closeness_1", "Tæt på").await;
    set(&session, "name_2", "").await;
    set(&session, "relation_2", "").await;
    pick(&session, "closeness_2", "Vælg").await;
    set(&session, "name_3", "Sara").await;
    set(&session, "relation_3", "Fodboldtræner").await;
    pick(&session, "closeness_3", "Mellem").await;
    session.press("Gem netværkskortet").await;
    session.wait_for_text("Netværkskortet er gemt.").await;
    session.wait_for_text("Ændringer i netværket Fra 05.07.2021 til 01.03.2022").await;
    assert_eq!(session.table_row("Mormor Inge").await.and_then(|r| r.last().cloned()).as_deref(), Some("Rykket tættere på"));
    assert_eq!(session.table_row("Ali").await.and_then(|r| r.last().cloned()).as_deref(), Some("Ikke længere med"));
    assert_eq!(session.table_row("Sara").await.and_then(|r| r.last().cloned()).as_deref(), Some("Ny i netværket"));
    both_widths(&session, "the network maps and their comparison").await;

    // A goal in the family's words and two ORS scores, drawn in the chart.
    session.open(&case_path).await;
    pick(&session, "goal_level", "Familien").await;
    set(&session, "goal_text", "Vi kommer i skole til tiden hver morgen.").await;
    set(&session, "goal_set_on", "01.07.2021").await;
    session.press("Gem målet").await;
    session.wait_for_text("Målet er gemt.").await;
    for (on, score) in [("01.07.2021", "18"), ("01.03.2022", "29")] {
        pick(&session, "score_instrument", "ORS").await;
        set(&session, "measured_on", on).await;
        set(&session, "score", score).await;
        session.press("Gem målingen").await;
        session.wait_for_text("Målingen er gemt.").await;
    }
    let charts = session.client.find_all(Locator::Css("svg")).await.expect("svg").len();
    assert!(charts > 0, "the chart of goals and scores");

    // A status report drafted from the journal; the family's reading recorded.
    session.press("Dan udkast til statusrapport").await;
    session.wait_for_text("Statusrapport: Familiebehandling i perioden").await;
    let report_path = session.path().await.split('?').next().unwrap_or_default().to_owned();
    set(&session, "family_read_on", "26.04.2022").await;
    set(&session, "family_remarks", "Mor og Maja er enige.").await;
    session.press("Gem rapporten").await;
    session.wait_for_text("Rapporten er gemt.").await;
    both_widths(&session, "the status report's draft").await;
    session.log_out().await;

    // Approved and sent by the leader; seen in the caseworker's inbox.
    session.log_in("leder").await;
    session.open(&report_path).await;
    session.press("Godkend rapporten").await;
    session.wait_for_text("Rapporten er godkendt og kan sendes.").await;
    session.press("Send til den henvisende rådgiver").await;
    session.wait_for_text("Rapporten er sendt til den henvisende rådgiver.").await;
    session.log_out().await;
    session.log_in("raadgiver").await;
    session.open("/indbakke").await;
    session.wait_for_text(CHILD).await;
    let row = session.table_row(CHILD).await.unwrap_or_default().join(" ");
    assert!(row.contains("Statusrapport"), "{row}");
    both_widths(&session, "the caseworker's inbox").await;
    session.log_out().await;

    // Two follow-ups, each held before it was due (15.09.2021 and 15.03.2022).
    session.log_in("behandler").await;
    session.open(&case_path).await;
    for (held, n) in [("10.09.2021", 1), ("10.03.2022", 2)] {
        set(&session, "fu_held_on", held).await;
        set(&session, "fu_attendees", "Mor, Maja, behandler").await;
        pick(&session, "fu_decision", "Indsatsen fortsætter").await;
        session.press("Registrér opfølgningen").await;
        session.wait_for_text("Opfølgningen er registreret.").await;
        assert!(session.text().await.contains(&format!("Opfølgning nr. {n}, {held}")));
    }
    session.open(&format!("/frister?behandler={behandler}")).await;
    session.wait_for_text(CHILD).await;
    let row = session.table_row(CHILD).await.unwrap_or_default();
    assert!(row.contains(&"Nr. 3".to_owned()) && row.contains(&"15.09.2022".to_owned()), "the next follow-up: {row:?}");
    both_widths(&session, "the practitioner's deadlines").await;

    // The family's log: only what the family may read; the case page at both widths.
    session.open(&format!("{case_path}/familiens-log")).await;
    session.wait_for_text("Familiens log").await;
    let log = session.text().await;
    assert!(log.contains(READABLE) && log.contains("Vi kommer i skole til tiden hver morgen.") && log.contains("Fase 2"), "{log}");
    assert!(!log.contains(INTERNAL), "an internal note in the family's log: {log}");
    both_widths(&session, "the family's log").await;
    session.open(&case_path).await;
    session.wait_for_text("Planlagt og fleksibel tid").await;
    both_widths(&session, "the strengthened family treatment case page").await;

    // Closure with a reason and an end report, after confirming.
    set(&session, "closed_on", "26.04.2022").await;
    session.choose("Årsag", "Formålet er opfyldt").await;
    session.fill("Afslutningsrapport", "Familien klarer morgenerne selv, og netværket hjælper.").await;
    session.press("Afslut sagen …").await;
    session.wait_for_text("Ja, afslut sagen").await;
    session.press("Ja, afslut sagen").await;
    session.wait_for_text("Sagen er afsluttet.").await;
    session.open(&format!("/frister?behandler={behandler}")).await;
    session.wait_for_text("Frister").await;
    assert!(session.table_row(CHILD).await.is_none(), "a closed case has no deadline");
    session.log_out().await;

    // The outcome report counts the closure.
    session.log_in("leder").await;
    assert_eq!(closed_in_2022(&session).await, closed_before + 1);
    both_widths(&session, "the outcome report").await;
    session.finish().await;
}
