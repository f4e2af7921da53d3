//! Titles: what marks one (legal-reference markers `jf.`, `§`, `SEL`, `BL`), which wrapped lines
//! belong to it, the status word `Udgået`, and the service name and references
//! (through `crate::legal_ref::split_title`).

use super::bullets;
use super::scan;
use crate::legal_ref::{self, LegalRef};

const STATUS_WORD: &str = "udgået";

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Contains something that introduces a legal reference. `SEL`/`BL` only in capitals, so that
/// `bl.a.` is not one.
pub(crate) fn has_legal_marker(s: &str) -> bool {
    s.contains('§')
        || scan::has_word_ci(s, "jf")
        || scan::has_word_ci(s, "serviceloven")
        || scan::has_word_ci(s, "barnets lov")
        || words(s).any(|w| w == "SEL" || w == "BL")
}

fn starts_with_marker(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with('§') || words(s).next().is_some_and(|w| w == "SEL" || w == "BL" || w.eq_ignore_ascii_case("jf"))
}

/// A line that holds only the status: `Udgået`, `(UDGÅET)`, `[udgået]:`.
pub(crate) fn is_status_only(s: &str) -> bool {
    let core = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ':' | '-' | '–' | '*'));
    core.to_lowercase() == STATUS_WORD
}

pub(crate) fn has_status_word(s: &str) -> bool {
    scan::has_word_ci(s, STATUS_WORD)
}

/// Could `s` be a title that carries a legal marker? Loose: titles may end with a full stop.
pub(crate) fn plausible_marked_title(s: &str) -> bool {
    bullets::item(s).is_none() && scan::char_count(s) <= 200 && !scan::starts_lowercase(s)
}

/// Could `s` be a title without any legal marker? Strict, since only its position says so.
pub(crate) fn plausible_plain_title(s: &str) -> bool {
    bullets::item(s).is_none()
        && scan::char_count(s) <= 120
        && scan::starts_like_sentence(s)
        && !scan::last_char(s).is_some_and(|c| matches!(c, '.' | ':' | ';' | ','))
}

/// Does `next` continue the title line `prev` (a title wrapped over lines)?
pub(crate) fn continues_title(prev: &str, next: &str) -> bool {
    if bullets::item(prev).is_some() || scan::char_count(prev) > 160 {
        return false;
    }
    let prev_ends_sentence = scan::last_char(prev).is_some_and(|c| matches!(c, '.' | '!' | '?')) && !prev_ends_with_jf(prev);
    (scan::starts_lowercase(next) && !prev_ends_sentence) || starts_with_marker(next) || prev_ends_with_jf(prev) || is_status_only(next) || is_status_only(prev)
}

fn prev_ends_with_jf(prev: &str) -> bool {
    let lower = prev.trim_end().to_lowercase();
    lower.ends_with(" jf.") || lower.ends_with(" jf") || lower.ends_with(",jf.") || lower == "jf."
}

/// What the importer takes from a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleParts {
    pub name: String,
    pub legal_refs: Vec<LegalRef>,
    pub retired: bool,
    pub has_marker: bool,
}

pub(crate) fn analyse(title: &str) -> TitleParts {
    let (without_status, retired) = strip_status(title);
    let (name, legal_refs) = legal_ref::split_title(&without_status);
    // If no reference could be read, still keep the (unreadable) reference out of the name.
    let name = if legal_refs.is_empty() { cut_at_marker(&name) } else { name };
    let name = tidy_name(&name);
    let name = if name.is_empty() { tidy_name(&without_status) } else { name };
    TitleParts { name, legal_refs, retired, has_marker: has_legal_marker(title) }
}

/// Removes every `Udgået` with its brackets; says whether there was one.
fn strip_status(title: &str) -> (String, bool) {
    let mut text = title.to_owned();
    let mut retired = false;
    while let Some((start, end)) = scan::find_word_ci(&text, STATUS_WORD) {
        retired = true;
        let before = text.get(..start).unwrap_or("").trim_end();
        let after = text.get(end..).unwrap_or("").trim_start();
        let (before, after) = match (before.strip_suffix(['(', '[']), after.strip_prefix([')', ']'])) {
            (Some(b), Some(a)) => (b, a),
            _ => (before, after),
        };
        text = format!("{} {}", before.trim_end(), after.trim_start());
    }
    (scan::collapse_spaces(&text).replace(" ,", ","), retired)
}

/// The text before the first legal marker.
fn cut_at_marker(name: &str) -> String {
    let mut cut = name.len();
    if let Some(i) = name.find('§') {
        cut = cut.min(i);
    }
    for word in ["jf", "serviceloven", "barnets lov"] {
        if let Some((i, _)) = scan::find_word_ci(name, word) {
            cut = cut.min(i);
        }
    }
    let mut offset = 0;
    for piece in name.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
        if word == "SEL" || word == "BL" {
            cut = cut.min(offset);
            break;
        }
        offset += piece.len();
    }
    name.get(..cut).unwrap_or(name).to_owned()
}

/// Trims separators left over from removed parts: `Rådgivning og vejledning, jf.` → `Rådgivning og vejledning`.
fn tidy_name(name: &str) -> String {
    let mut s = scan::collapse_spaces(name).replace("()", "").replace("[]", "");
    loop {
        let trimmed = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '–' | '-' | '—' | '/'));
        // `jf.`, `jf. Sel.`, `jf. BL`: what an unreadable or half-read reference leaves behind.
        let without_jf = legal_ref::strip_reference_residue(trimmed);
        if without_jf.len() == s.len() {
            return scan::collapse_spaces(without_jf);
        }
        s = without_jf.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert!(has_legal_marker("Familiebehandling jf. SEL § 52.3.3"));
        assert!(has_legal_marker("Efterfødselssamtaler – et tilbud, jf. SEL 11"));
        assert!(has_legal_marker("Tilbud efter BL § 30"));
        assert!(!has_legal_marker("Samtaler bl.a. med forældre"));
        assert!(!has_legal_marker("Åben rådgivning"));
    }

    #[test]
    fn status_word_is_removed_from_the_name() {
        assert_eq!(strip_status("Familierådslagning (Udgået), jf. SEL § 52").0, "Familierådslagning, jf. SEL § 52");
        assert_eq!(strip_status("Familierådslagning (Udgået) jf. SEL § 52"), ("Familierådslagning jf. SEL § 52".to_owned(), true));
        assert_eq!(strip_status("UDGÅET: Netværksmøder jf. SEL § 11"), (": Netværksmøder jf. SEL § 11".to_owned(), true));
        assert_eq!(strip_status("Krisehjælp, jf. SEL §11"), ("Krisehjælp, jf. SEL §11".to_owned(), false));
        assert_eq!(tidy_name(": Netværksmøder"), "Netværksmøder");
    }

    #[test]
    fn names_without_readable_references() {
        assert_eq!(cut_at_marker("Rådgivning og vejledning, jf. SEL § 11.7"), "Rådgivning og vejledning, ");
        assert_eq!(tidy_name(&cut_at_marker("Rådgivning og vejledning, jf. SEL § 11.7")), "Rådgivning og vejledning");
        assert_eq!(tidy_name(&cut_at_marker("SES - samarbejde efter skilsmisse, jf. SEL 11")), "SES - samarbejde efter skilsmisse");
        assert_eq!(tidy_name(&cut_at_marker("Støttet samvær SEL §71, stk. 2")), "Støttet samvær");
        assert_eq!(analyse("Åben rådgivning").name, "Åben rådgivning");
        assert!(analyse("Familierådslagning (udgået), jf. SEL § 52.3.3").retired);
        assert_eq!(analyse("Familierådslagning (udgået), jf. SEL § 52.3.3").name, "Familierådslagning");
    }

    #[test]
    fn legal_reference_residue_is_not_part_of_the_name() {
        for title in [
            "Familiebehandling jf. Sel. § 52.3.3",
            "Familiebehandling jf. SEL. § 52.3.3",
            "Familiebehandling, jf. SEL § 52.3.3 jf. BL",
            "Familiebehandling jf. SEL § 52.3.3, jf.",
            "Familiebehandling jf. Sel.",
            "Familiebehandling jf. SEL.",
            "Familiebehandling, jf.",
        ] {
            assert_eq!(analyse(title).name, "Familiebehandling", "{title}");
        }
    }

    #[test]
    fn wrapped_titles() {
        assert!(continues_title("Akut sorg- og kriseindsats – et tilbud til børnefamilier der er ramt af døds-", "fald, jf. SEL §11"));
        assert!(continues_title("Børnegruppen – for børn med et diagnosticeret handicap, jf.", "SEL §11.3"));
        assert!(continues_title("Familierådslagning jf. SEL § 52", "(Udgået)"));
        assert!(!continues_title("sulenter.", "Familiebehandling jf. SEL § 52.3.3"));
        assert!(!continues_title("• Samtaler", "og møder"));
    }
}
