//! Approval lines ("Godkendt i Børne- og Ungdomsudvalget den 20. april 2023"): recognising them,
//! taking them out of the field texts, and deciding whether an approval belongs to one entry or
//! to the whole document.

use super::assemble::Draft;
use super::lines::Line;
use super::{ImportWarning, ImportedApproval, dates, messages, scan, wrap};

/// An approval line and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub line: usize,
    pub approval: ImportedApproval,
    /// The line(s) as written, for warnings.
    pub text: String,
}

const OPENERS: [&str; 3] = ["godkendt", "vedtaget", "besluttet"];
const BODY_WORDS: [&str; 6] = ["udvalg", "byråd", "kommunalbestyrelse", "direktion", "ledelse", "økonomiudvalg"];

/// Parses a line that states an approval; `None` for anything else (including running text
/// such as "godkendte plejefamilier").
pub(crate) fn parse(text: &str) -> Option<ImportedApproval> {
    let text = text.trim();
    let opener_end = OPENERS.iter().find_map(|w| scan::starts_with_word_ci(text, w))?;
    let rest = text.get(opener_end..)?.trim_start_matches([' ', ':', ',']);
    let found = dates::find_date(rest);
    let body_end = found.map_or(rest.len(), |(at, _)| at);
    let body = clean_body(rest.get(..body_end).unwrap_or(rest));
    let lower = body.to_lowercase();
    let names_body = BODY_WORDS.iter().any(|w| lower.contains(w));
    if found.is_none() && !names_body && !has_placeholder(rest) {
        return None;
    }
    Some(ImportedApproval { body, date: found.map(|(_, d)| d) })
}

/// A word a template leaves for the date or the body to be filled in: `XX`, `XX.XX.XXXX`,
/// `xx/xx-xxxx`, `…`, `...`, `___`, `[dato]`, `dd.mm.åååå`.
fn is_placeholder(word: &str) -> bool {
    let w = word.trim_matches([',', ';', ':', '(', ')']).to_lowercase();
    let core = w.trim_end_matches('.');
    if w.starts_with('[') && w.ends_with(']') {
        return true;
    }
    if w.chars().all(|c| matches!(c, '.' | '…' | '_')) {
        return !w.is_empty() && (w.contains('…') || w.len() >= 3);
    }
    let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
    let only_date_chars = core.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '/'));
    let xs = letters.len() >= 2 && letters.iter().all(|c| *c == 'x');
    let pattern = matches!(core, "dd.mm.åååå" | "dd.mm.yyyy" | "dd-mm-åååå" | "dd/mm-åååå" | "åååå" | "dato");
    only_date_chars && (xs || pattern)
}

fn has_placeholder(text: &str) -> bool {
    text.split_whitespace().any(is_placeholder)
}

/// `i Børne- og Ungdomsudvalget den` → `Børne- og Ungdomsudvalget`; placeholders are dropped
/// (`i … den XX` → empty).
fn clean_body(raw: &str) -> String {
    let mut words: Vec<&str> = raw.split_whitespace().filter(|w| !is_placeholder(w)).collect();
    if words.first().is_some_and(|w| matches!(w.to_lowercase().as_str(), "i" | "af" | "på" | "den" | "d.")) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| matches!(w.to_lowercase().trim_end_matches(','), "den" | "d." | "d" | "pr." | "per" | "på" | "mødet")) {
        words.pop();
    }
    words.join(" ").trim_matches([',', '.', ':', ';', ' ']).to_owned()
}

/// Takes approval lines out of the content. An opener line without a date may continue on the
/// next line (`… den 20. april` / `2023.`).
pub(crate) fn extract(lines: &[Line]) -> (Vec<Line>, Vec<Found>) {
    let mut content = Vec::with_capacity(lines.len());
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let single = parse(&line.text);
        let joined = match (&single, lines.get(i + 1)) {
            (Some(a), Some(next)) if a.date.is_none() => parse(&wrap::join_wrapped(&line.text, &next.text)).filter(|b| b.date.is_some()),
            (None, Some(next)) if starts_with_opener(&line.text) => parse(&wrap::join_wrapped(&line.text, &next.text)).filter(|b| b.date.is_some()),
            _ => None,
        };
        if let Some(approval) = joined {
            let text = lines.get(i + 1).map_or_else(|| line.text.clone(), |next| wrap::join_wrapped(&line.text, &next.text));
            found.push(Found { line: line.number, approval, text });
            i += 2;
        } else if let Some(approval) = single {
            found.push(Found { line: line.number, approval, text: line.text.clone() });
            i += 1;
        } else {
            content.push(line.clone());
            i += 1;
        }
    }
    (content, found)
}

fn starts_with_opener(text: &str) -> bool {
    OPENERS.iter().any(|w| scan::starts_with_word_ci(text, w).is_some())
}

/// An approval printed as a running header or footer applies to the whole document.
pub(crate) fn from_running_lines(running: &[String]) -> Option<ImportedApproval> {
    running.iter().find_map(|t| parse(t))
}

/// Gives every service its approval. Approvals inside an entry's span belong to that entry;
/// one before the first entry — or the only approval of the document, at its end — applies to
/// all entries that have none of their own.
///
/// An approval without a date (a template's placeholder, `Godkendt i … den XX`) never stands in
/// for one with a date: the document's dated approval wins over a placeholder on its cover. Every
/// approval line without a date is a warning, since nothing can be stored for it.
pub(crate) fn assign(drafts: &mut [Draft], found: &[Found], running: Option<ImportedApproval>, warnings: &mut Vec<ImportWarning>) {
    for f in found.iter().filter(|f| f.approval.date.is_none()) {
        let service = drafts.iter().rev().find(|d| d.service.source_line <= f.line).map(|d| d.service.name.as_str());
        warnings.push(messages::approval_without_date(f.line, service, &f.text));
    }
    let first_start = drafts.first().map_or(usize::MAX, |d| d.service.source_line);
    let before: Vec<ImportedApproval> = found.iter().filter(|f| f.line < first_start).map(|f| f.approval.clone()).chain(running).collect();
    let mut global = before.iter().find(|a| a.date.is_some()).or(before.first()).cloned();
    let in_entries: Vec<&Found> = found.iter().filter(|f| f.line >= first_start).collect();
    let last_start = drafts.last().map_or(usize::MAX, |d| d.service.source_line);
    if let [only] = in_entries.as_slice()
        && global.as_ref().is_none_or(|g| g.date.is_none())
        && only.line >= last_start
    {
        global = Some(only.approval.clone());
    } else {
        for f in in_entries {
            // The entry whose title is the last one at or before the approval line.
            if let Some(d) = drafts.iter_mut().rev().find(|d| d.service.source_line <= f.line) {
                d.service.approval = Some(f.approval.clone());
            }
        }
    }
    for d in drafts.iter_mut() {
        let own_is_placeholder = d.service.approval.as_ref().is_some_and(|a| a.date.is_none());
        if d.service.approval.is_none() || (own_is_placeholder && global.as_ref().is_some_and(|g| g.date.is_some())) {
            d.service.approval = global.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_seed_wording() {
        let a = parse("Godkendt i Børne- og ungdomsudvalget den 20. april 2023.");
        assert_eq!(a, Some(ImportedApproval { body: "Børne- og ungdomsudvalget".into(), date: NaiveDate::from_ymd_opt(2023, 4, 20) }));
    }

    #[test]
    fn other_wordings() {
        let a = parse("Godkendt: 20.04.2023").map(|a| (a.body, a.date));
        assert_eq!(a, Some((String::new(), NaiveDate::from_ymd_opt(2023, 4, 20))));
        assert_eq!(parse("Vedtaget af Byrådet").map(|a| a.body), Some("Byrådet".into()));
        assert_eq!(parse("Generelt og konkret godkendte plejefamilier"), None);
        assert_eq!(parse("Godkendt plejefamilie skal deltage"), None);
    }

    #[test]
    fn placeholders_are_approvals_without_a_date() {
        for text in ["Godkendt i … den XX", "Godkendt i Børne- og Ungeudvalget den XX.XX.XXXX", "Godkendt den xx/xx-xxxx", "Godkendt i udvalget [dato]"] {
            let a = parse(text);
            assert_eq!(a.as_ref().map(|a| a.date), Some(None), "{text}");
            assert!(a.is_some_and(|a| !a.body.contains('X') && !a.body.contains('…')), "{text}");
        }
        assert_eq!(parse("Godkendt i Børne- og Ungeudvalget den XX").map(|a| a.body), Some("Børne- og Ungeudvalget".into()));
        assert_eq!(parse("Godkendt XXL-forløb"), None);
    }

    #[test]
    fn wrapped_approval_line() {
        let lines = vec![Line::new(5, "tekst"), Line::new(7, "Godkendt i Børne- og Ungdomsudvalget den 20. april"), Line::new(9, "2023.")];
        let (content, found) = extract(&lines);
        assert_eq!(content, vec![Line::new(5, "tekst")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 7);
        assert_eq!(found[0].approval.date, NaiveDate::from_ymd_opt(2023, 4, 20));
    }
}
