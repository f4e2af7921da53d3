//! Field labels: recognising "Målgruppe", "Aktiviteter, der kan indgå i indsatsen", … at the
//! start of a line, case-insensitively, tolerant of stray spaces, punctuation (`,` `:` `/`),
//! a hyphenated label, and a label split over two lines. Text may follow on the same line.

use super::FieldKind;
use super::scan;
use std::sync::OnceLock;

/// Accepted spellings per field. Compared on letters and digits only, so punctuation and
/// spacing differences between municipalities do not matter.
fn phrases(kind: FieldKind) -> &'static [&'static str] {
    match kind {
        FieldKind::TargetGroup => &["målgruppe"],
        FieldKind::QualityGoals => &["kvalitetsmål"],
        FieldKind::Activities => &["aktiviteter der kan indgå i indsatsen", "aktiviteter som kan indgå i indsatsen"],
        FieldKind::CitizenTasks => &["borgerens opgaver"],
        FieldKind::TimeUse => &["vejledende tidsforbrug"],
        FieldKind::Duration => &["varighed/tidsbegrænsning", "varighed og tidsbegrænsning"],
        FieldKind::Other => &["andet"],
    }
}

/// A label found at a line start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelHit {
    pub kind: FieldKind,
    /// 1, or 2 when the label continues on the next line.
    pub lines_used: usize,
    /// Text after the label on its (last) line; empty if none.
    pub rest: String,
    /// Length in characters of that (last) line, label included.
    pub line_chars: usize,
}

/// Characters skipped inside a label: they vary between documents.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ':' | '/' | '-' | '.' | '–')
}

fn key(phrase: &str) -> Vec<char> {
    phrase.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Every accepted phrase as a key, built once: recognition runs on every line of a document.
fn keys() -> &'static [(FieldKind, Vec<char>)] {
    static KEYS: OnceLock<Vec<(FieldKind, Vec<char>)>> = OnceLock::new();
    KEYS.get_or_init(|| FieldKind::ALL.into_iter().flat_map(|kind| phrases(kind).iter().map(move |p| (kind, key(p)))).collect())
}

enum Progress {
    /// The whole key matched; byte offset just after it.
    Complete(usize),
    /// The line ended inside the key after this many key characters.
    Partial(usize),
    Mismatch,
}

/// Matches `key[from..]` at the start of `line`, skipping separators in the line.
fn match_key(line: &str, key: &[char], from: usize) -> Progress {
    let mut k = from;
    for (i, c) in line.char_indices() {
        if k >= key.len() {
            return Progress::Complete(i);
        }
        if is_separator(c) {
            continue;
        }
        // A letter may lowercase to several chars; it must reproduce the key exactly.
        for lc in c.to_lowercase() {
            if key.get(k) != Some(&lc) {
                return Progress::Mismatch;
            }
            k += 1;
        }
    }
    if k >= key.len() { Progress::Complete(line.len()) } else { Progress::Partial(k) }
}

/// Checks what follows a complete label and returns the remaining text.
/// A label is followed by nothing, a colon, or text that starts like a sentence — so that
/// "Andet end …" or "Målgruppen er:" in running text are not taken for labels.
fn accept_rest(after: &str) -> Option<String> {
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let trimmed = after.trim_start();
    let had_colon = trimmed.starts_with(':');
    let rest = trimmed.trim_start_matches([':', ' ', '-', '–']).trim().to_owned();
    if rest.is_empty() || had_colon || scan::starts_like_sentence(&rest) || super::bullets::strip(&rest).is_some() { Some(rest) } else { None }
}

fn tail(line: &str, at: usize) -> &str {
    line.get(at..).unwrap_or("")
}

/// Recognises a label at the start of `line`, possibly continued on `next`.
pub(crate) fn recognise(line: &str, next: Option<&str>) -> Option<LabelHit> {
    let line = line.trim();
    // Cheap rejection of ordinary text: the first letter must start some label.
    let first = line.chars().find(|c| !is_separator(*c))?.to_lowercase().next()?;
    for (kind, key) in keys() {
        if key.first() != Some(&first) {
            continue;
        }
        match match_key(line, key, 0) {
            Progress::Complete(at) => {
                if let Some(rest) = accept_rest(tail(line, at)) {
                    return Some(LabelHit { kind: *kind, lines_used: 1, line_chars: scan::char_count(line), rest });
                }
            }
            // A split label: the first line holds only the start of the label (at least a
            // word's worth), the next line the remainder.
            Progress::Partial(done) if done >= 4 => {
                let Some(next) = next.map(str::trim) else { continue };
                if let Progress::Complete(at) = match_key(next, key, done)
                    && let Some(rest) = accept_rest(tail(next, at))
                {
                    return Some(LabelHit { kind: *kind, lines_used: 2, line_chars: scan::char_count(next), rest });
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str, next: Option<&str>) -> Option<(FieldKind, usize, String)> {
        recognise(line, next).map(|h| (h.kind, h.lines_used, h.rest))
    }

    #[test]
    fn labels_alone_with_colon_and_with_text() {
        assert_eq!(kind("Målgruppe", None), Some((FieldKind::TargetGroup, 1, String::new())));
        assert_eq!(kind("  KVALITETSMÅL :  ", None), Some((FieldKind::QualityGoals, 1, String::new())));
        assert_eq!(kind("Andet Ydelsen leveres af psykologer", None), Some((FieldKind::Other, 1, "Ydelsen leveres af psykologer".into())));
        assert_eq!(kind("Vejledende  tidsforbrug 1-1½ times", None), Some((FieldKind::TimeUse, 1, "1-1½ times".into())));
        assert_eq!(kind("Varighed / tidsbegrænsning: Som ovenfor.", None), Some((FieldKind::Duration, 1, "Som ovenfor.".into())));
        assert_eq!(kind("Andet: se ovenfor", None), Some((FieldKind::Other, 1, "se ovenfor".into())));
    }

    #[test]
    fn two_line_and_hyphenated_labels() {
        assert_eq!(kind("Aktiviteter, der kan indgå", Some("i indsatsen")), Some((FieldKind::Activities, 2, String::new())));
        assert_eq!(kind("Aktiviteter der kan", Some("indgå i indsatsen: Samtaler")), Some((FieldKind::Activities, 2, "Samtaler".into())));
        assert_eq!(kind("Varighed/tidsbe-", Some("grænsning Som ovenfor")), Some((FieldKind::Duration, 2, "Som ovenfor".into())));
    }

    #[test]
    fn running_text_is_not_a_label() {
        assert_eq!(kind("Målgruppen er:", None), None);
        assert_eq!(kind("Aktiviteter:", Some("• Undervisning")), None);
        assert_eq!(kind("Andet end det", None), None);
        assert_eq!(kind("Formål med supervisionen", None), None);
        assert_eq!(kind("", None), None);
    }
}
