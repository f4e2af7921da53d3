//! Small hand-made catalogues of the same template, each varying one thing.

use super::{by_name, kinds};
use crate::catalogue::{Access, AgeRange, Delivery};
use crate::catalogue_import::{FieldKind, GuessKind, ImportResult, ImportedTexts, WarningKind, import_catalogue};
use chrono::NaiveDate;

/// Two complete entries, single-spaced, blank lines between paragraphs.
const BASE: &str = "\
Åben rådgivning, jf. SEL § 11
Målgruppe
Familier med små børn.
Kvalitetsmål
At forebygge, at problemer vokser.
Aktiviteter, der kan indgå i indsatsen
• Samtaler
• Hjemmebesøg
Borgerens opgaver
At deltage aktivt.
Vejledende tidsforbrug
Op til 3 samtaler.
Varighed/tidsbegrænsning
Højst 3 måneder.
Andet
Leveres af familiekonsulenter.
Familiebehandling jf. SEL § 52.3.3
Målgruppe
Familier med behov for særlig støtte.
Kvalitetsmål
At styrke forældrenes kompetencer.

At barnet trives.
Aktiviteter, der kan indgå i indsatsen
Samtaler med hele familien.
Borgerens opgaver
At deltage i møderne.
Vejledende tidsforbrug
Møder hver 14. dag.
Varighed/tidsbegrænsning
Opfølgning efter 3 måneder.
Andet
Leveres af familiebehandlere.
Godkendt i Børne- og Ungdomsudvalget den 20.04.2023
";

fn import(text: &str) -> ImportResult {
    import_catalogue(text)
}

fn names(r: &ImportResult) -> Vec<&str> {
    r.services.iter().map(|s| s.name.as_str()).collect()
}

fn base_texts() -> (ImportedTexts, ImportedTexts) {
    let r = import(BASE);
    (r.services[0].texts.clone(), r.services[1].texts.clone())
}

#[test]
fn base_catalogue_imports_cleanly() {
    let r = import(BASE);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    let first = &r.services[0];
    assert_eq!(first.texts.target_group, "Familier med små børn.");
    assert_eq!(first.texts.activities, "- Samtaler\n- Hjemmebesøg");
    assert_eq!(r.services[1].texts.quality_goals, "At styrke forældrenes kompetencer.\n\nAt barnet trives.");
    assert_eq!(first.legal_refs.iter().map(ToString::to_string).collect::<Vec<_>>(), ["SEL § 11"]);
    for s in &r.services {
        let approval = s.approval.as_ref().expect("approval");
        assert_eq!((approval.body.as_str(), approval.date), ("Børne- og Ungdomsudvalget", NaiveDate::from_ymd_opt(2023, 4, 20)));
    }
    assert_eq!((first.source_line, r.services[1].source_line), (1, 17));
}

#[test]
fn missing_field_is_warned_and_left_empty() {
    let text = BASE.replace("Borgerens opgaver\nAt deltage aktivt.\n", "");
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert_eq!(r.services[0].texts.citizen_tasks, "");
    assert_eq!(kinds(&r), [WarningKind::MissingField(FieldKind::CitizenTasks)]);
    assert_eq!(r.warnings[0].service.as_deref(), Some("Åben rådgivning"));
    assert!(r.warnings[0].message_da.contains("Borgerens opgaver"));
}

#[test]
fn missing_target_group_still_starts_an_entry_at_the_marked_title() {
    let text = BASE.replace("Målgruppe\nFamilier med behov for særlig støtte.\n", "");
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert_eq!(kinds(&r), [WarningKind::MissingField(FieldKind::TargetGroup)]);
    assert_eq!(r.services[0].texts.other, "Leveres af familiekonsulenter.");
}

#[test]
fn reordered_fields_are_assigned_by_label() {
    let text = BASE.replace(
        "Målgruppe\nFamilier med små børn.\nKvalitetsmål\nAt forebygge, at problemer vokser.\n",
        "Kvalitetsmål\nAt forebygge, at problemer vokser.\nMålgruppe\nFamilier med små børn.\n",
    );
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    assert_eq!((r.services[0].texts.clone(), r.services[1].texts.clone()), base_texts());
}

#[test]
fn two_line_labels_and_labels_followed_by_text() {
    let text = BASE
        .replacen("Aktiviteter, der kan indgå i indsatsen\n", "Aktiviteter, der kan indgå\ni indsatsen\n", 1)
        .replacen("Vejledende tidsforbrug\nOp til 3 samtaler.", "Vejledende tidsforbrug Op til 3 samtaler.", 1)
        .replacen("Varighed/tidsbegrænsning\nHøjst", "Varighed/tidsbe-\ngrænsning: Højst", 1);
    let r = import(&text);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    assert_eq!((r.services[0].texts.clone(), r.services[1].texts.clone()), base_texts());
}

#[test]
fn crlf_gives_the_same_result() {
    let r = import(&BASE.replace('\n', "\r\n"));
    let base = import(BASE);
    assert_eq!(r, base);
}

#[test]
fn extra_blank_lines_and_stray_spaces_change_nothing() {
    // Double-spaced like PDF extraction, with stray spaces and a colon after a label.
    let noisy: String =
        BASE.lines().map(|l| if l.is_empty() { "\n \n".to_owned() } else { format!("  {}   \n\n", l.replace("Målgruppe", "Målgruppe :")) }).collect();
    let r = import(&noisy);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    let (first, second) = base_texts();
    assert_eq!(r.services[0].texts, first);
    // Without meaningful blank lines, short lines that end a sentence still end a paragraph.
    assert_eq!(r.services[1].texts, second);
}

#[test]
fn wrapped_lines_join_hyphenation_but_keep_real_hyphens() {
    let text = BASE.replacen(
        "Familier med behov for særlig støtte.",
        "Familier, hvor der er en omfat-\ntende bekymring fra Børne-\nog Ungdomsudvalget, for spæd-\n/småbørnsforældre med børn 0-\n6 år og SES-\nforløb",
        1,
    );
    let r = import(&text);
    assert_eq!(
        by_name(&r, "Familiebehandling").texts.target_group,
        "Familier, hvor der er en omfattende bekymring fra Børne- og Ungdomsudvalget, for spæd-/småbørnsforældre med børn 0-6 år og SES-forløb"
    );
}

#[test]
fn bullet_characters_from_pdf_extraction() {
    let text = BASE.replacen("• Samtaler\n• Hjemmebesøg", "\u{f0b7} Samtaler\no Hjemmebesøg\n– Netværks-\nmøder\n- Telefonsamtaler", 1);
    let r = import(&text);
    assert_eq!(r.services[0].texts.activities, "- Samtaler\n- Hjemmebesøg\n- Netværksmøder\n- Telefonsamtaler");
}

#[test]
fn same_as_above_takes_the_field_above_in_the_entry() {
    let text = BASE.replacen("Varighed/tidsbegrænsning\nHøjst 3 måneder.", "Varighed/tidsbegrænsning\nSom ovenfor.", 1);
    let r = import(&text);
    assert_eq!(r.services[0].texts.duration, "Op til 3 samtaler.");
    assert_eq!(kinds(&r), [WarningKind::ResolvedSameAsAbove(FieldKind::Duration)]);
    assert_eq!(r.warnings[0].line, 13);
}

#[test]
fn same_as_above_in_other_fields_takes_the_previous_service() {
    let text = BASE.replacen("Borgerens opgaver\nAt deltage i møderne.", "Borgerens opgaver Som ovenfor", 1);
    let r = import(&text);
    assert_eq!(r.services[1].texts.citizen_tasks, "At deltage aktivt.");
    assert_eq!(kinds(&r), [WarningKind::ResolvedSameAsAbove(FieldKind::CitizenTasks)]);
    assert!(r.warnings[0].message_da.contains("Åben rådgivning"));
}

#[test]
fn same_as_above_in_a_duration_without_time_use_takes_the_previous_service() {
    let text = BASE.replacen("Vejledende tidsforbrug\nMøder hver 14. dag.\n", "", 1).replacen(
        "Varighed/tidsbegrænsning\nOpfølgning efter 3 måneder.",
        "Varighed/tidsbegrænsning\nSom ovenfor.",
        1,
    );
    let r = import(&text);
    assert_eq!(r.services[1].texts.duration, "Højst 3 måneder.");
    assert_eq!(kinds(&r), [WarningKind::MissingField(FieldKind::TimeUse), WarningKind::ResolvedSameAsAbove(FieldKind::Duration)]);
}

#[test]
fn same_as_above_with_nothing_above_is_kept_and_warned() {
    let text = BASE.replacen("Målgruppe\nFamilier med små børn.", "Målgruppe\nSom ovenfor.", 1);
    let r = import(&text);
    assert_eq!(r.services[0].texts.target_group, "Som ovenfor.");
    assert_eq!(kinds(&r), [WarningKind::SameAsAbove(FieldKind::TargetGroup)]);
}

#[test]
fn retired_services_are_flagged_and_named_without_the_status() {
    let text = BASE.replacen("Familiebehandling jf. SEL § 52.3.3", "Familiebehandling (Udgået) jf. SEL § 52.3.3", 1).replacen(
        "Åben rådgivning, jf. SEL § 11\n",
        "Familierådslagning, jf. SEL § 52.3.3\nUDGÅET\nÅben rådgivning, jf. SEL § 11\n",
        1,
    );
    let r = import(&text);
    assert_eq!(names(&r), ["Familierådslagning", "Åben rådgivning", "Familiebehandling"]);
    assert_eq!(r.services.iter().map(|s| s.retired).collect::<Vec<_>>(), [true, false, true]);
    assert_eq!(r.services[2].title, "Familiebehandling (Udgået) jf. SEL § 52.3.3");
    assert_eq!(r.services[0].legal_refs.iter().map(ToString::to_string).collect::<Vec<_>>(), ["SEL § 52, stk. 3, nr. 3"]);
    // A retired entry without text needs no action: no missing-field warnings for it.
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[test]
fn approvals_per_entry() {
    let text = BASE.replacen("Leveres af familiekonsulenter.\n", "Leveres af familiekonsulenter.\nGodkendt i Byrådet den 1. marts 2022.\n", 1).replacen(
        "Godkendt i Børne- og Ungdomsudvalget den 20.04.2023",
        "Godkendt i Børne- og Ungdomsudvalget den 20. april\n2023.",
        1,
    );
    let r = import(&text);
    let approvals: Vec<(String, Option<NaiveDate>)> = r.services.iter().map(|s| s.approval.clone().map(|a| (a.body, a.date)).unwrap_or_default()).collect();
    assert_eq!(
        approvals,
        [("Byrådet".to_owned(), NaiveDate::from_ymd_opt(2022, 3, 1)), ("Børne- og Ungdomsudvalget".to_owned(), NaiveDate::from_ymd_opt(2023, 4, 20)),]
    );
    assert_eq!(r.services[0].texts.other, "Leveres af familiekonsulenter.");
}

#[test]
fn toc_page_furniture_and_preamble() {
    let text = format!(
        "Indsatskatalog 2024\n\nIndholdsfortegnelse\nÅben rådgivning, jf. SEL § 11 ........ 2\nFamiliebehandling jf. SEL § 52.3.3 ..... 3\n\u{c}{}",
        BASE.replacen("Vejledende tidsforbrug\n", "Norddjurs Kommune\nSide 1 af 2\n\u{c}Norddjurs Kommune\nVejledende tidsforbrug\n", 1).replacen(
            "Andet\nLeveres af familiebehandlere.",
            "Norddjurs Kommune\nSide 2 af 2\n\u{c}Norddjurs Kommune\nAndet\nLeveres af familiebehandlere.",
            1
        )
    );
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    let (first, second) = base_texts();
    assert_eq!((r.services[0].texts.clone(), r.services[1].texts.clone()), (first, second));
    // Only the cover line is reported; the table of contents is dropped silently.
    assert_eq!(kinds(&r), [WarningKind::TextOutsideEntry]);
    assert!(r.warnings[0].message_da.contains("Indsatskatalog 2024"));
    assert_eq!(r.warnings[0].service, None);
}

#[test]
fn titles_without_or_with_unreadable_references() {
    let text = BASE.replacen("Åben rådgivning, jf. SEL § 11", "Åben rådgivning", 1).replacen(
        "Familiebehandling jf. SEL § 52.3.3\nMålgruppe",
        "Andet\nFamiliebehandling jf. SEL § x\nMålgruppe",
        1,
    );
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    let k = kinds(&r);
    assert!(k.contains(&WarningKind::NoLegalReference), "{k:?}");
    assert!(k.contains(&WarningKind::UnparsableLegalReference), "{k:?}");
}

#[test]
fn title_without_reference_after_a_complete_entry() {
    let text = BASE.replacen("Familiebehandling jf. SEL § 52.3.3", "Familiebehandling", 1);
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert_eq!(kinds(&r), [WarningKind::NoLegalReference]);
}

#[test]
fn duplicate_label_is_merged_with_a_warning() {
    let text = BASE.replacen("Andet\nLeveres af familiekonsulenter.", "Andet\nLeveres af familiekonsulenter.\nAndet\nI Familiehusets lokaler.", 1);
    let r = import(&text);
    assert_eq!(r.services[0].texts.other, "Leveres af familiekonsulenter.\n\nI Familiehusets lokaler.");
    assert_eq!(kinds(&r), [WarningKind::DuplicateField(FieldKind::Other)]);
}

#[test]
fn stray_text_between_title_and_first_label() {
    let text = BASE.replacen("Åben rådgivning, jf. SEL § 11\n", "Åben rådgivning, jf. SEL § 11\nEt tilbud til alle familier\n", 1);
    let r = import(&text);
    assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"]);
    assert_eq!(kinds(&r), [WarningKind::TextOutsideEntry]);
    assert_eq!(r.warnings[0].service.as_deref(), Some("Åben rådgivning"));
}

#[test]
fn nothing_to_import() {
    for text in ["", "\n\n", "Et brev om noget helt andet.\nMed to linjer."] {
        let r = import(text);
        assert!(r.services.is_empty());
        assert!(kinds(&r).contains(&WarningKind::NoServicesFound), "{text:?}");
    }
}

#[test]
fn labels_without_any_title() {
    let r = import("Målgruppe\nAlle familier.\nAndet\nIntet.");
    assert_eq!(r.services.len(), 1);
    assert_eq!((r.services[0].title.as_str(), r.services[0].source_line), ("", 1));
    assert_eq!(r.services[0].texts.target_group, "Alle familier.");
    assert!(kinds(&r).contains(&WarningKind::NoLegalReference));
    assert!(r.warnings.iter().all(|w| !w.message_da.contains("«»")));
}

/// `BASE` with `header` (`{n}` replaced by a running page number) inserted before the given
/// 0-based lines, with no page break or page-number line anywhere.
fn with_running_header(header: &str, before: &[usize]) -> String {
    let mut out = String::new();
    let mut page = 1;
    for (i, line) in BASE.lines().enumerate() {
        if before.contains(&i) {
            page += 1;
            out.push_str(&header.replace("{n}", &page.to_string()));
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn a_running_header_without_page_breaks_is_removed_from_the_texts() {
    for header in ["Indsatskatalog, Familiehuset Nord", "Indsatskatalog, Familiehuset Nord {n}", "Børn og Familie · side {n}"] {
        let text = with_running_header(header, &[3, 10, 19, 27, 33]);
        let r = import(&text);
        assert_eq!(names(&r), ["Åben rådgivning", "Familiebehandling"], "{header}");
        assert!(r.warnings.is_empty(), "{header}: {:#?}", r.warnings);
        assert_eq!((r.services[0].texts.clone(), r.services[1].texts.clone()), base_texts(), "{header}");
    }
}

#[test]
fn a_url_wrapped_over_two_lines_is_joined_also_when_it_is_link_text_elsewhere() {
    let address = "https://www.fjordby.dk/familie/aaben-raadgivning";
    let text = BASE
        .replacen(
            "Leveres af familiekonsulenter.",
            "Leveres af familiekonsulenter. Læs mere på\nhttps://www.fjordby.dk/familie/aaben-\nraadgivning og ring.",
            1,
        )
        // The same address as link text, with the annotation's target printed under it.
        .replacen("Leveres af familiebehandlere.", &format!("Leveres af familiebehandlere. Se {address}\nfor mere.\n{address}"), 1)
        .replacen("Møder hver 14. dag.", "Møder hver 14. dag, se https://www.fjordby.dk/\nfamilie/moeder.", 1);
    let r = import(&text);
    assert_eq!(r.services[0].texts.other, format!("Leveres af familiekonsulenter. Læs mere på {address} og ring."));
    assert_eq!(r.services[1].texts.other, format!("Leveres af familiebehandlere. Se {address} for mere."));
    assert_eq!(r.services[1].texts.time_use, "Møder hver 14. dag, se https://www.fjordby.dk/familie/moeder.");
}

#[test]
fn a_bullet_wrapped_over_several_lines_stays_one_bullet() {
    let text = BASE.replacen(
        "• Samtaler\n",
        "• Samtaler med familien og de voksne omkring\nBarnet i skole og dagtilbud\n• Forløbet består af samtaler, i alt cirka\n8-10 gange over et halvt år\n",
        1,
    );
    let r = import(&text);
    assert_eq!(
        r.services[0].texts.activities,
        "- Samtaler med familien og de voksne omkring Barnet i skole og dagtilbud\n- Forløbet består af samtaler, i alt cirka 8-10 gange over et halvt år\n- Hjemmebesøg"
    );
}

#[test]
fn paragraphs_get_their_break_back_where_the_layout_shows_it() {
    let long = "At styrke forældrenes kompetencer i hverdagen med barnet.";
    let base = BASE.replacen("At styrke forældrenes kompetencer.", long, 1);
    // Double-spaced extraction: a blank line after every line, two where a paragraph ends.
    let double: String = base.lines().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("{l}\n\n") }).collect();
    assert_eq!(import(&double).services[1].texts.quality_goals, format!("{long}\n\nAt barnet trives."));
    // Single-spaced without a blank line: a short line ending a sentence, then a capital.
    let single = BASE.replacen("At styrke forældrenes kompetencer.\n\nAt barnet trives.", "Forældrene styrkes.\nAt barnet trives og\nudvikler sig.", 1);
    assert_eq!(import(&single).services[1].texts.quality_goals, "Forældrene styrkes.\n\nAt barnet trives og udvikler sig.");
}

#[test]
fn an_approval_placeholder_is_warned_about_and_never_hides_the_dated_approval() {
    // A template's placeholder on the cover, the real approval at the end.
    let text = format!("Godkendt i … den XX\n{BASE}");
    let r = import(&text);
    assert_eq!(kinds(&r), [WarningKind::ApprovalWithoutDate]);
    assert!(r.warnings[0].message_da.contains("Godkendt i … den XX"), "{}", r.warnings[0].message_da);
    for s in &r.services {
        assert_eq!(s.approval.as_ref().and_then(|a| a.date), NaiveDate::from_ymd_opt(2023, 4, 20), "{}", s.name);
    }
    // A placeholder naming the committee used to become every service's (dateless) approval,
    // so a real import stored none.
    let r = import(&format!("Godkendt i Børne- og Ungdomsudvalget den XX\n{BASE}"));
    let drafts: Vec<_> = r.services.iter().map(crate::catalogue_import::review::to_service).collect();
    assert!(
        drafts.iter().all(|s| s.approval.as_ref().map(|a| a.date) == NaiveDate::from_ymd_opt(2023, 4, 20)),
        "{:?}",
        drafts.iter().map(|s| &s.approval).collect::<Vec<_>>()
    );
    // Only placeholders: a warning for each, and nothing that could be stored as an approval.
    let text = BASE.replacen("Godkendt i Børne- og Ungdomsudvalget den 20.04.2023", "Godkendt i Børne- og Ungdomsudvalget den XX.XX.XXXX", 1);
    let r = import(&text);
    assert_eq!(kinds(&r), [WarningKind::ApprovalWithoutDate]);
    assert!(r.services.iter().all(|s| s.approval.as_ref().is_some_and(|a| a.date.is_none() && a.body == "Børne- og Ungdomsudvalget")));
    assert!(r.services.iter().map(crate::catalogue_import::review::to_service).all(|s| s.approval.is_none()));
    assert!(r.services.iter().all(|s| !s.texts.other.contains("Godkendt")));
}

#[test]
fn anonymous_group_and_age_are_proposed_with_a_warning_only_when_the_text_says_so() {
    let text = BASE
        .replacen("Åben rådgivning, jf. SEL § 11", "Åben rådgivning for unge 16-18 (25) år, jf. SEL § 11", 1)
        .replacen("Leveres af familiekonsulenter.", "Leveres af familiekonsulenter. Du kan være anonym.", 1)
        // A one-to-one service whose text mentions groups only as whom it is for.
        .replacen("Samtaler med hele familien.", "Samtaler med hele familien og barnets aldersgruppe.", 1)
        .replacen("Familier med behov for særlig støtte.", "Familier med børn fra 12 år.", 1);
    let r = import(&text);
    let guessed: Vec<(&str, GuessKind)> = r
        .warnings
        .iter()
        .filter_map(|w| match w.kind {
            WarningKind::Guessed(g) => Some((w.service.as_deref().unwrap_or_default(), g)),
            _ => None,
        })
        .collect();
    assert_eq!(
        guessed,
        [
            ("Åben rådgivning for unge 16-18 (25) år", GuessKind::AnonymousAccess),
            ("Åben rådgivning for unge 16-18 (25) år", GuessKind::AgeRange),
            ("Familiebehandling", GuessKind::AgeRange)
        ]
    );
    let drafts: Vec<_> = r.services.iter().map(crate::catalogue_import::review::to_service).collect();
    assert_eq!((drafts[0].access, drafts[0].delivery), (Access::Anonymous, Delivery::Individual));
    assert_eq!(drafts[0].age_range, Some(AgeRange { min_years: 16, max_years: 25 }));
    assert_eq!((drafts[1].access, drafts[1].delivery), (Access::Referral, Delivery::Individual));
    assert_eq!(drafts[1].age_range, Some(AgeRange { min_years: 12, max_years: 17 }));
    // Said in a group: proposed as one.
    let group = import(&BASE.replacen("• Samtaler\n• Hjemmebesøg", "• Forløb i gruppe med 6 familier", 1));
    assert!(group.services[0].guesses.group);
    assert!(kinds(&group).contains(&WarningKind::Guessed(GuessKind::GroupDelivery)));
}
