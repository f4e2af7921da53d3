//! The catalogue fixture written for Familiehus (a fictional municipality, Fjordby, five
//! services): every layout feature the real seed has, so these always run, with or without the
//! seeds folder beside the repository.

use super::{all_texts, by_name, kinds, layout_variants_import_the_same, table_of_contents_changes_nothing};
use crate::catalogue_import::{FieldKind, GuessKind, ImportResult, WarningKind, import_catalogue};
use chrono::NaiveDate;
use familiehus_test_support::fixtures::{self, CATALOGUE};

fn fixture() -> ImportResult {
    import_catalogue(CATALOGUE)
}

const SAMVAER: &str = "Støttet samvær – når barnet skal bevare kontakten til en forælder, som det ikke bor hos";
const GROUP: &str = "Forældregruppe for nybagte forældre";

#[test]
fn fixture_has_its_services_by_name_in_document_order() {
    let r = fixture();
    let names: Vec<&str> = r.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, fixtures::CATALOGUE_SERVICES);
    let lines: Vec<usize> = r.services.iter().map(|s| s.source_line).collect();
    assert_eq!(lines, [1, 65, 129, 195, 241]);
}

#[test]
fn fixture_title_over_two_lines_is_one_title() {
    let r = fixture();
    assert_eq!(by_name(&r, SAMVAER).title, format!("{SAMVAER}, jf. SEL § 71, stk. 2"));
    assert_eq!(r.services[1].title, "Familiebehandling jf. SEL § 52.3.3");
}

#[test]
fn fixture_legal_references_in_every_notation() {
    let r = fixture();
    let refs: Vec<Vec<String>> = r.services.iter().map(|s| s.legal_refs.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(refs, [["SEL § 11, stk. 3"], ["SEL § 52, stk. 3, nr. 3"], ["SEL § 71, stk. 2"], ["SEL § 11"], ["SEL § 52, stk. 3, nr. 7"]]);
}

#[test]
fn fixture_retired_service_is_marked_and_named_without_the_status() {
    let r = fixture();
    let retired: Vec<&str> = r.services.iter().filter(|s| s.retired).map(|s| s.name.as_str()).collect();
    assert_eq!(retired, ["Netværksmøder"]);
}

#[test]
fn fixture_approval_at_the_end_applies_to_every_service() {
    let r = fixture();
    for s in &r.services {
        let approval = s.approval.as_ref().expect("approval");
        assert_eq!((approval.body.as_str(), approval.date), ("Social- og Familieudvalget", NaiveDate::from_ymd_opt(2024, 3, 12)));
    }
    assert!(!by_name(&r, "Netværksmøder").texts.other.contains("Godkendt"));
}

#[test]
fn fixture_warnings_are_exactly_the_expected_ones() {
    let r = fixture();
    let got: Vec<(Option<&str>, WarningKind)> = r.warnings.iter().map(|w| (w.service.as_deref(), w.kind)).collect();
    assert_eq!(
        got,
        [
            // "i alderen 0-17 år" in the target group: proposed, for a person to confirm.
            (Some("Åben familierådgivning"), WarningKind::Guessed(GuessKind::AgeRange)),
            (Some(SAMVAER), WarningKind::ResolvedSameAsAbove(FieldKind::Duration)),
            (Some(GROUP), WarningKind::Guessed(GuessKind::GroupDelivery)),
            (Some(GROUP), WarningKind::MissingField(FieldKind::CitizenTasks)),
            (Some(GROUP), WarningKind::ResolvedSameAsAbove(FieldKind::Duration)),
        ]
    );
    assert!(r.warnings.iter().all(|w| !w.message_da.is_empty()));
    assert_eq!(kinds(&r).len(), 5);
}

#[test]
fn fixture_empty_field_is_left_empty_and_the_rest_filled() {
    let r = fixture();
    for s in &r.services {
        for (kind, text) in all_texts(s) {
            let expect_empty = s.name == GROUP && kind == FieldKind::CitizenTasks;
            assert_eq!(text.is_empty(), expect_empty, "{} / {kind:?}", s.name);
        }
    }
}

#[test]
fn fixture_headings_split_over_two_lines_or_followed_by_text_are_recognised() {
    let r = fixture();
    let first = &r.services[0].texts;
    assert_eq!(first.activities, "Samtaler med forældrene\n\nSamtaler med barnet eller den unge, når det giver mening");
    assert_eq!(first.time_use, "1-1½ time pr. samtale");
    assert_eq!(first.duration, "Op til 5 samtaler over højst 3 måneder.");
}

#[test]
fn fixture_hyphenation_at_line_ends_is_joined() {
    let r = fixture();
    let first = &r.services[0].texts;
    assert!(first.target_group.contains("uden for familien om det"));
    assert!(first.quality_goals.contains("om udfordringerne kan løses"));
    assert!(first.quality_goals.contains("prøve af derhjemme mellem"));
    let family = &by_name(&r, "Familiebehandling").texts;
    assert!(family.citizen_tasks.contains("mål mellem møderne"));
    // Inside a field whose text starts on the heading's line, too.
    assert!(family.time_use.contains("3 måneder. Herefter hver 14. dag"));
}

#[test]
fn fixture_real_hyphens_and_dashes_are_kept() {
    let r = fixture();
    assert!(r.services[0].texts.target_group.contains("i alderen 0-17 år"));
    assert!(r.services[0].texts.time_use.starts_with("1-1½ time"));
    assert!(by_name(&r, "Familiebehandling").texts.time_use.contains("14. dag - medmindre"));
    assert!(by_name(&r, SAMVAER).texts.time_use.starts_with("2-3 timer"));
}

#[test]
fn fixture_bullets_become_dash_items_and_numbers_are_kept() {
    let r = fixture();
    let target = &r.services[0].texts.target_group;
    assert!(
        target
            .starts_with("Tilbuddet er for familier med børn og unge i alderen 0-17 år, hvor der er en begyndende bekymring, fx:\n\n- Forældre, der er usikre")
    );
    assert!(target.contains("hverdagen.\n- Familier, hvor en skilsmisse"));
    assert_eq!(
        by_name(&r, GROUP).texts.activities,
        "- 8 gruppemøder med en sundhedsplejerske og en psykolog\n- Korte oplæg om søvn, gråd og parforholdet efter fødslen"
    );
    let numbered = &by_name(&r, "Netværksmøder").texts.activities;
    assert!(numbered.starts_with("1. Et indledende møde") && numbered.contains("plan.\n3. Et opfølgende møde"), "{numbered}");
    assert!(r.services.iter().all(|s| all_texts(s).all(|(_, t)| !t.contains('•'))));
}

#[test]
fn fixture_page_furniture_and_link_artefacts_are_not_in_any_field() {
    let r = fixture();
    for s in &r.services {
        for (kind, text) in all_texts(s) {
            assert!(!text.contains("Indsatskatalog") && !text.contains("mailto:"), "{} / {kind:?}", s.name);
            assert!(text.lines().all(|l| l.trim() != "7" && l.trim() != "8"), "{} / {kind:?}", s.name);
        }
    }
    // Text on both sides of a removed footer stays, in order; the address in the text stays.
    assert!(by_name(&r, SAMVAER).texts.activities.ends_with("samværslejlighed\n\nKort opfølgning med forælderen efter hvert samvær"));
    assert!(by_name(&r, GROUP).texts.other.ends_with("Tilmelding sker på kontakt@familiecentret-fjordby.dk."));
}

#[test]
fn fixture_same_as_above_takes_the_field_above() {
    let r = fixture();
    for name in [SAMVAER, GROUP] {
        let texts = &by_name(&r, name).texts;
        assert_eq!(texts.duration, texts.time_use, "{name}");
    }
    assert!(r.services.iter().all(|s| all_texts(s).all(|(_, t)| !t.to_lowercase().starts_with("som ovenfor"))));
}

#[test]
fn fixture_paragraphs_are_separated_by_blank_lines() {
    let r = fixture();
    assert!(r.services[0].texts.quality_goals.contains("vejledning alene.\n\nAt forældrene"));
    assert!(r.services.iter().all(|s| all_texts(s).all(|(_, t)| t == t.trim() && !t.contains("\n\n\n"))));
}

#[test]
fn fixture_layout_variants_import_the_same() {
    layout_variants_import_the_same(CATALOGUE);
}

#[test]
fn fixture_with_a_table_of_contents_imports_the_same() {
    table_of_contents_changes_nothing(CATALOGUE);
}
