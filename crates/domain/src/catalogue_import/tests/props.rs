//! Generated input: the importer must never panic, and its output must stay well-formed.

use crate::catalogue_import::{ImportResult, import_catalogue};
use familiehus_test_support::fixtures;
use proptest::prelude::*;

fn well_formed(r: &ImportResult, input: &str) {
    let line_count = input.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
    assert!(r.warnings.windows(2).all(|w| w[0].line <= w[1].line));
    assert!(r.warnings.iter().all(|w| w.line >= 1 && w.line <= line_count && !w.message_da.is_empty()));
    assert!(r.services.iter().all(|s| s.source_line >= 1 && s.source_line <= line_count));
}

fn fixture_lines() -> Vec<String> {
    fixtures::CATALOGUE.lines().map(str::to_owned).collect()
}

/// One edit of a line list: what, where, and a value for it.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Truncate(usize, usize),
    Insert(usize, String),
    Swap(usize, usize),
}

fn apply(lines: &mut Vec<String>, edit: &Edit) {
    let n = lines.len();
    if n == 0 {
        return;
    }
    match edit {
        Edit::Delete(i) => {
            lines.remove(i % n);
        }
        Edit::Duplicate(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Edit::Truncate(i, at) => {
            let l = &mut lines[i % n];
            let cut = l.char_indices().map(|(b, _)| b).nth(*at).unwrap_or(l.len());
            l.truncate(cut);
        }
        Edit::Insert(i, s) => lines.insert(i % n, s.clone()),
        Edit::Swap(i, j) => lines.swap(i % n, j % n),
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragments = prop::sample::select(vec![
        "Målgruppe",
        "Andet",
        "Aktiviteter, der kan",
        "i indsatsen",
        "Som ovenfor.",
        "Udgået",
        "jf. SEL §",
        "§",
        "•",
        "-",
        "–",
        "omfat-",
        "40",
        "Side 1 af 2",
        "\u{c}",
        "Godkendt i Byrådet den 31. februar 2023",
        "Godkendt",
        "\r",
        "\u{ad}",
        "ø",
    ]);
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), 0usize..80).prop_map(|(i, at)| Edit::Truncate(i, at)),
        (any::<usize>(), fragments).prop_map(|(i, s)| Edit::Insert(i, s.to_owned())),
        (any::<usize>(), ".{0,40}").prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Swap(i, j)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let r = import_catalogue(&text);
        well_formed(&r, &text);
    }

    #[test]
    fn never_panics_on_template_like_text(text in "([A-Za-zæøåÆØÅ§•\u{f0b7}\u{ad}0-9 .,:/()–-]{0,30}(Målgruppe|Kvalitetsmål|Andet|Udgået|jf\\. SEL § 52\\.3\\.3|Som ovenfor|Godkendt den 1\\.2\\.2023)?[\n\r\u{c}]{0,3}){0,40}") {
        let r = import_catalogue(&text);
        well_formed(&r, &text);
    }
}

proptest! {
    // Each case imports the whole fixture catalogue: fewer cases keep the suite fast.
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_shuffled_fixture_lines(lines in Just(fixture_lines()).prop_shuffle()) {
        let text = lines.join("\n");
        let r = import_catalogue(&text);
        well_formed(&r, &text);
    }

    #[test]
    fn never_panics_on_edited_fixture_lines(edits in prop::collection::vec(edit(), 0..60)) {
        let mut lines = fixture_lines();
        for e in &edits {
            apply(&mut lines, e);
        }
        let text = lines.join("\n");
        let r = import_catalogue(&text);
        well_formed(&r, &text);
    }
}
