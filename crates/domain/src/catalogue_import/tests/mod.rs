//! Importer tests: the catalogue fixture written for the project (`fixture`, always run), the
//! real seed catalogue (`seed`, skipped when the seeds folder is missing), small hand-made
//! catalogues that vary one thing at a time (`variants`), generated input that must never
//! make it panic (`props`), and generated catalogues that must import back to what they were
//! generated from (`roundtrip`).

mod fixture;
mod props;
mod roundtrip;
mod seed;
mod variants;

use super::{FieldKind, ImportResult, ImportedService, WarningKind, import_catalogue};
use familiehus_test_support::seeds;

/// Familiehuset's 2023 catalogue as extracted from the PDF, read from the seeds folder at run
/// time; `None` (the test is skipped, after saying so) when the folder does not have it.
pub(super) fn seed_text() -> Option<String> {
    seeds::read(seeds::CATALOGUE_2023)
}

pub(super) fn by_name<'a>(result: &'a ImportResult, name: &str) -> &'a ImportedService {
    match result.services.iter().find(|s| s.name == name) {
        Some(s) => s,
        None => panic!("no service named {name:?}; names: {:?}", result.services.iter().map(|s| &s.name).collect::<Vec<_>>()),
    }
}

pub(super) fn kinds(result: &ImportResult) -> Vec<WarningKind> {
    result.warnings.iter().map(|w| w.kind).collect()
}

pub(super) fn all_texts(service: &ImportedService) -> impl Iterator<Item = (FieldKind, &str)> {
    FieldKind::ALL.into_iter().map(|k| (k, service.texts.get(k)))
}

/// Names and texts only: line numbers legitimately move when lines are added or removed.
fn content(r: &ImportResult) -> Vec<(String, super::ImportedTexts)> {
    r.services.iter().map(|s| (s.name.clone(), s.texts.clone())).collect()
}

/// Single-spaced extraction (no blank line after every line) gives the same services; Windows
/// line ends change nothing at all, not even line numbers.
pub(super) fn layout_variants_import_the_same(text: &str) {
    let base = import_catalogue(text);
    let compact: String = text.lines().filter(|l| !l.trim().is_empty()).map(|l| format!("{l}\n")).collect();
    assert_eq!(content(&import_catalogue(&compact)), content(&base));
    assert_eq!(import_catalogue(&text.replace('\n', "\r\n")), base);
}

/// A table of contents before the first entry, with or without dotted leaders, adds no services
/// (without leaders its lines are reported once, as text outside any entry).
pub(super) fn table_of_contents_changes_nothing(text: &str) {
    let base = import_catalogue(text);
    let toc_lines = |leader: &str| -> String {
        let mut toc = String::from("Indholdsfortegnelse\n\n");
        // Without leaders, only active services: a title with `Udgået` starts an entry even with
        // no labels after it (see `entries.rs`), so a bare contents line naming a retired
        // service would be taken for one.
        let listed = base.services.iter().filter(|s| !leader.trim().is_empty() || !s.retired);
        for (n, s) in listed.enumerate() {
            toc.push_str(&format!("{}{leader}{}\n\n", s.title, n * 2 + 3));
        }
        toc.push('\u{c}');
        toc
    };
    let with_leaders = import_catalogue(&format!("{}{text}", toc_lines(" ........ ")));
    assert_eq!(content(&with_leaders), content(&base));
    assert_eq!(with_leaders.warnings.len(), base.warnings.len());
    let plain = import_catalogue(&format!("{}{text}", toc_lines("   ")));
    assert_eq!(content(&plain), content(&base));
    assert_eq!(plain.warnings.iter().filter(|w| w.kind == WarningKind::TextOutsideEntry).count(), 1);
}
