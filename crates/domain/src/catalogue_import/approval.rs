//! Approval lines ("Godkendt i Børne- og Ungdomsudvalget den 20. april 2023"): recognising them,
//! taking them out of the field texts, and deciding whether an approval belongs to one entry or
//! to the whole document.

use super::assemble::Draft;
use super::lines::Line;
use super::{ImportedApproval, dates, scan, wrap};

/// An approval line and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub line: usize,
    pub approval: ImportedApproval,
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
    if found.is_none() && !names_body {
        return None;
    }
    Some(ImportedApproval { body, date: found.map(|(_, d)| d) })
}

/// `i Børne- og Ungdomsudvalget den` → `Børne- og Ungdomsudvalget`.
fn clean_body(raw: &str) -> String {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
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
            found.push(Found { line: line.number, approval });
            i += 2;
        } else if let Some(approval) = single {
            found.push(Found { line: line.number, approval });
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
pub(crate) fn assign(drafts: &mut [Draft], found: &[Found], running: Option<ImportedApproval>) {
    let first_start = drafts.first().map_or(usize::MAX, |d| d.service.source_line);
    let mut global = found.iter().find(|f| f.line < first_start).map(|f| f.approval.clone()).or(running);
    let in_entries: Vec<&Found> = found.iter().filter(|f| f.line >= first_start).collect();
    let last_start = drafts.last().map_or(usize::MAX, |d| d.service.source_line);
    if let [only] = in_entries.as_slice()
        && global.is_none()
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
        if d.service.approval.is_none() {
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
    fn wrapped_approval_line() {
        let lines = vec![Line::new(5, "tekst"), Line::new(7, "Godkendt i Børne- og Ungdomsudvalget den 20. april"), Line::new(9, "2023.")];
        let (content, found) = extract(&lines);
        assert_eq!(content, vec![Line::new(5, "tekst")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 7);
        assert_eq!(found[0].approval.date, NaiveDate::from_ymd_opt(2023, 4, 20));
    }
}
