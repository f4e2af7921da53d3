//! The real input: Familiehuset's catalogue approved 20 April 2023 (17 service descriptions),
//! read from the seeds folder (`FAMILIEHUS_SEEDS_DIR`); every test here is skipped, with a
//! message, when the folder does not have it (and fails under `FAMILIEHUS_TEST_REQUIRE_ALL=1`).

use super::{all_texts, by_name, kinds, layout_variants_import_the_same, seed_text, table_of_contents_changes_nothing};
use crate::catalogue_import::{FieldKind, GuessKind, ImportResult, WarningKind, import_catalogue};
use chrono::NaiveDate;

fn seed() -> Option<ImportResult> {
    Some(import_catalogue(&seed_text()?))
}

/// (name, canonical legal references) in document order.
const EXPECTED: [(&str, &[&str]); 17] = [
    ("Rådgivning og vejledning", &["SEL § 11, stk. 7"]),
    ("Familiebehandling", &["SEL § 52, stk. 3, nr. 3"]),
    ("Individuelle samtaler (behandling) til børn og unge", &["SEL § 52, stk. 3, nr. 3"]),
    ("Psykologsamtaler til børn og unge", &["SEL § 52, stk. 3, nr. 3"]),
    ("Psykologbehandling til børn på krisecenter", &["SEL § 109, stk. 5"]),
    ("Praktisk, pædagogisk støtte i hjemmet", &["SEL § 52, stk. 3, nr. 2"]),
    (
        "Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til gravide og spæd/småbørnsforældre",
        &["SEL § 52, stk. 3, nr. 2", "SEL § 52, stk. 3, nr. 3"],
    ),
    ("Støtte og vejledning ift. anbragte børn hos plejeforældre og netværksplejeforældre", &["SEL § 52, stk. 3, nr. 7"]),
    ("Supervision af plejefamilier", &["SEL § 52, stk. 3, nr. 7"]),
    ("Støttet samvær", &["SEL § 71, stk. 2"]),
    ("Overvåget samvær", &["SEL § 71, stk. 3"]),
    ("Akut sorg- og kriseindsats – et tilbud til børnefamilier der er ramt af dødsfald", &["SEL § 11"]),
    ("Krisehjælp", &["SEL § 11"]),
    ("Børnegruppen – for børn med søskende med et diagnosticeret handicap", &["SEL § 11, stk. 3"]),
    ("Cool Kids - angstgruppebehandling", &["SEL § 11"]),
    ("Efterfødselssamtaler – et tilbud", &["SEL § 11"]),
    ("SES - samarbejde efter skilsmisse", &["SEL § 11"]),
];

#[test]
fn seed_has_the_17_services_by_name() {
    let Some(r) = seed() else { return };
    let names: Vec<String> = r.services.into_iter().map(|s| s.name).collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected);
}

#[test]
fn seed_titles_are_the_cleaned_title_lines() {
    let Some(r) = seed() else { return };
    let titles: Vec<&str> = r.services.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles[0], "Rådgivning og vejledning, jf. SEL § 11.7");
    assert_eq!(titles[1], "Familiebehandling jf. SEL § 52.3.3");
    // Titles wrapped over two lines, one of them hyphenated.
    assert_eq!(
        titles[6],
        "Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til gravide og spæd/småbørnsforældre jf. SEL § 52.3.2 og 52.3.3"
    );
    assert_eq!(titles[7], "Støtte og vejledning ift. anbragte børn hos plejeforældre og netværksplejeforældre jf. SEL §52.3.7");
    assert_eq!(titles[11], "Akut sorg- og kriseindsats – et tilbud til børnefamilier der er ramt af dødsfald, jf. SEL §11");
    assert_eq!(titles[13], "Børnegruppen – for børn med søskende med et diagnosticeret handicap, jf. SEL §11.3");
    let lines: Vec<usize> = r.services.iter().map(|s| s.source_line).collect();
    assert_eq!(lines[..3], [1, 91, 290]);
}

#[test]
fn seed_legal_references_match_the_titles() {
    let Some(r) = seed() else { return };
    for (service, (name, refs)) in r.services.iter().zip(EXPECTED) {
        let got: Vec<String> = service.legal_refs.iter().map(ToString::to_string).collect();
        assert_eq!(got, refs, "{name}");
    }
    let reference_warnings = kinds(&r).into_iter().filter(|k| matches!(k, WarningKind::NoLegalReference | WarningKind::UnparsableLegalReference)).count();
    assert_eq!(reference_warnings, 0);
}

#[test]
fn seed_has_no_retired_services() {
    // The 2023 catalogue has no `Udgået` entries; retired titles are covered in `variants`.
    let Some(r) = seed() else { return };
    assert!(r.services.iter().all(|s| !s.retired));
}

#[test]
fn seed_approval_applies_to_every_service() {
    let Some(r) = seed() else { return };
    for s in &r.services {
        let approval = s.approval.as_ref().expect("approval");
        assert_eq!(approval.body, "Børne- og ungdomsudvalget");
        assert_eq!(approval.date, NaiveDate::from_ymd_opt(2023, 4, 20));
    }
    // The approval line is not left in the last service's text.
    assert!(!by_name(&r, "SES - samarbejde efter skilsmisse").texts.other.contains("Godkendt"));
}

#[test]
fn seed_fields_are_filled_or_warned_about() {
    let Some(r) = seed() else { return };
    let mut empty = Vec::new();
    for s in &r.services {
        for (kind, text) in all_texts(s) {
            if text.is_empty() {
                let warned = r.warnings.iter().any(|w| w.kind == WarningKind::MissingField(kind) && w.service.as_deref() == Some(s.name.as_str()));
                assert!(warned, "{} / {kind:?} is empty without a warning", s.name);
                empty.push((s.name.as_str(), kind));
            }
        }
    }
    // Genuinely empty in the PDF: the label "Borgerens opgaver" is followed directly by the next label.
    let expected: Vec<(&str, FieldKind)> = [
        "Psykologbehandling til børn på krisecenter",
        "Støtte og vejledning ift. anbragte børn hos plejeforældre og netværksplejeforældre",
        "Overvåget samvær",
        "Akut sorg- og kriseindsats – et tilbud til børnefamilier der er ramt af dødsfald",
        "Krisehjælp",
        "Efterfødselssamtaler – et tilbud",
    ]
    .into_iter()
    .map(|n| (n, FieldKind::CitizenTasks))
    .collect();
    assert_eq!(empty, expected);
}

#[test]
fn seed_warnings_are_exactly_the_expected_ones() {
    let Some(r) = seed() else { return };
    let missing = kinds(&r).iter().filter(|k| **k == WarningKind::MissingField(FieldKind::CitizenTasks)).count();
    let resolved = kinds(&r).iter().filter(|k| **k == WarningKind::ResolvedSameAsAbove(FieldKind::Duration)).count();
    let guesses: Vec<(&str, GuessKind)> = r
        .warnings
        .iter()
        .filter_map(|w| match w.kind {
            WarningKind::Guessed(g) => Some((w.service.as_deref().unwrap_or_default(), g)),
            _ => None,
        })
        .collect();
    // Proposed from the text, each for a person to confirm: ages written in the target group or
    // title, and the services whose name or activities say group (day treatment lists
    // "Gruppeforløb" among its activities).
    let children = "Børnegruppen – for børn med søskende med et diagnosticeret handicap";
    let expected = [
        ("Praktisk, pædagogisk støtte i hjemmet", GuessKind::AgeRange),
        ("Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til gravide og spæd/småbørnsforældre", GuessKind::GroupDelivery),
        (children, GuessKind::GroupDelivery),
        (children, GuessKind::AgeRange),
        ("Cool Kids - angstgruppebehandling", GuessKind::GroupDelivery),
        ("Cool Kids - angstgruppebehandling", GuessKind::AgeRange),
        ("SES - samarbejde efter skilsmisse", GuessKind::GroupDelivery),
    ];
    assert_eq!(guesses, expected);
    assert_eq!(by_name(&r, children).guesses.age_range.map(|a| (a.min_years, a.max_years)), Some((8, 12)));
    assert_eq!((missing, resolved, r.warnings.len()), (6, 11, 17 + expected.len()), "{:#?}", r.warnings);
    assert!(r.warnings.windows(2).all(|w| w[0].line <= w[1].line));
    assert!(r.warnings.iter().all(|w| !w.message_da.is_empty()));
}

#[test]
fn seed_hyphenation_at_line_ends_is_joined() {
    let Some(r) = seed() else { return };
    let first = by_name(&r, "Rådgivning og vejledning");
    // `omfat-` / `tende`, `Fa-` / `milier`, `vi-` / `dere`.
    assert!(first.texts.target_group.contains("ikke er så omfattende, at betingelserne for særlig støtte er opfyldt. Familier, hvor"));
    assert!(first.texts.target_group.contains("arbejder videre med"));
    assert!(first.texts.other.contains("familiekonsulenter."));
    assert!(by_name(&r, "Familiebehandling").texts.quality_goals.contains("samspillet i familien"));
}

#[test]
fn seed_real_hyphens_and_dashes_are_kept() {
    let Some(r) = seed() else { return };
    assert!(by_name(&r, "Rådgivning og vejledning").texts.time_use.starts_with("1-1½ times"));
    assert!(by_name(&r, "Praktisk, pædagogisk støtte i hjemmet").texts.target_group.contains("alderen 0 – 18 år"));
    assert!(by_name(&r, "Praktisk, pædagogisk støtte i hjemmet").texts.target_group.contains("spæd- og småbørnsfamilier"));
    assert!(by_name(&r, "Overvåget samvær").texts.target_group.contains("Børne- og Ungeudvalget"));
    assert!(by_name(&r, "Familiebehandling").texts.time_use.contains("Herefter hver 6. måned - medmindre"));
    assert!(by_name(&r, "Cool Kids - angstgruppebehandling").texts.other.contains("Cool Kids-instruktører/gruppeledere"));
}

#[test]
fn seed_bullets_become_dash_items() {
    let Some(r) = seed() else { return };
    let target = &by_name(&r, "Familiebehandling").texts.target_group;
    assert!(target.starts_with("Målgruppen er:\n\n- Familier med børn i en udviklingsmæssig risikosituation\n- Sårbare og truede børn/unge\n- Børn/unge"));
    for s in &r.services {
        for (kind, text) in all_texts(s) {
            assert!(!text.contains('•'), "{} / {kind:?}", s.name);
        }
    }
    // Numbered items keep their numbers, one per line.
    let ses = &by_name(&r, "SES - samarbejde efter skilsmisse").texts.activities;
    assert!(ses.starts_with("1. Der tilbydes 2 SES gruppeforløb om året."));
    assert!(ses.contains("efterfølgende.\n2. Norddjurs kommune"));
}

#[test]
fn seed_page_furniture_is_not_in_any_field() {
    let Some(r) = seed() else { return };
    for s in &r.services {
        for (kind, text) in all_texts(s) {
            assert!(!text.contains("Indsatskatalog"), "{} / {kind:?}", s.name);
            assert!(!text.contains("mailto:"), "{} / {kind:?}", s.name);
            assert!(text.lines().all(|l| l.trim() != "40" && l.trim() != "42"), "{} / {kind:?}", s.name);
        }
    }
    // Text on both sides of the removed footer stays, in order.
    let activities = &by_name(&r, "Efterfødselssamtaler – et tilbud").texts.activities;
    assert!(activities.contains("tab af roller mm.\n\n- Særlige udfordringer og reaktioner relateret til det at være mand og blive far."));
}

#[test]
fn seed_same_as_above_takes_the_field_above() {
    let Some(r) = seed() else { return };
    let shelter = by_name(&r, "Psykologbehandling til børn på krisecenter");
    assert_eq!(shelter.texts.duration, shelter.texts.time_use);
    assert!(shelter.texts.duration.contains("indenfor rammen 4 til 10 timer"));
    let crisis = by_name(&r, "Krisehjælp");
    assert!(crisis.texts.duration.contains("max. fem samtaler"));
    for s in &r.services {
        assert!(all_texts(s).all(|(_, t)| !t.to_lowercase().starts_with("som ovenfor")), "{}", s.name);
    }
}

#[test]
fn seed_paragraphs_are_separated_by_blank_lines() {
    let Some(r) = seed() else { return };
    let goals = &by_name(&r, "Rådgivning og vejledning").texts.quality_goals;
    assert!(goals.starts_with("Gennem rådgivning og vejledning at afhjælpe problemer, der allerede eksisterer, og som i nogle tilfælde kan have forbigående karakterer.\n\nDer kan også"));
    assert!(!goals.contains("\n\n\n"));
    assert!(r.services.iter().all(|s| all_texts(s).all(|(_, t)| t == t.trim())));
}

#[test]
fn seed_layout_variants_import_the_same() {
    let Some(text) = seed_text() else { return };
    layout_variants_import_the_same(&text);
}

#[test]
fn seed_with_a_table_of_contents_imports_the_same() {
    let Some(text) = seed_text() else { return };
    table_of_contents_changes_nothing(&text);
}
