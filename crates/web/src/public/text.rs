//! Plain-language pieces of the public pages that do not depend on HTTP: catalogue texts split
//! into paragraphs and bullet lists, one-line summaries, access explained for citizens, ages,
//! legal references with the law's full name, and e-mail addresses to offer as links.

use familiehus_domain::legal_ref::LegalRef;
use familiehus_domain::{Access, AgeRange, Law};

/// A paragraph (one line) or a bullet list (several items) of a catalogue text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub list: bool,
    pub lines: Vec<String>,
}

/// Splits a catalogue text the way it was written: blank lines end paragraphs, lines starting
/// with "- " (or "• ", "* ") are list items, other lines of a paragraph are joined by a space
/// (the texts come from PDFs, where line breaks inside a paragraph mean nothing).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush_paragraph = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block { list: false, lines: vec![paragraph.join(" ")] });
            paragraph.clear();
        }
    };
    let flush_items = |items: &mut Vec<String>, out: &mut Vec<Block>| {
        if !items.is_empty() {
            out.push(Block { list: true, lines: std::mem::take(items) });
        }
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush_paragraph(&mut paragraph, &mut out);
            flush_items(&mut items, &mut out);
        } else if let Some(item) = ["- ", "• ", "* ", "– "].iter().find_map(|p| line.strip_prefix(p)) {
            flush_paragraph(&mut paragraph, &mut out);
            items.push(item.trim().to_owned());
        } else if !items.is_empty() && paragraph.is_empty() && is_continuation(line) {
            // A wrapped list item: the PDF broke the line, the item goes on.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(line);
            }
        } else {
            flush_items(&mut items, &mut out);
            paragraph.push(line);
        }
    }
    flush_paragraph(&mut paragraph, &mut out);
    flush_items(&mut items, &mut out);
    out
}

/// A line after a list item that starts in lower case continues that item.
fn is_continuation(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// The first sentence of a text's first paragraph (or first list item), at most `max`
/// characters, cut at a word and ended with "…" when shortened: the one line a result card has
/// room for.
///
/// A lead-in that ends in a colon ("Målgruppen er:") says nothing on its own: the summary is
/// then the first sentence of what follows it (the list's first item), and a lead-in with
/// nothing after it loses its colon. A summary never ends in a colon.
pub fn one_line(text: &str, max: usize) -> String {
    let lines: Vec<String> = blocks(text).into_iter().flat_map(|b| b.lines).collect();
    let mut sentence = "";
    for line in &lines {
        sentence = first_sentence(line);
        if !sentence.trim_end().ends_with(':') {
            break;
        }
    }
    let sentence = sentence.trim_end().trim_end_matches(':').trim_end();
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ', '–']))
}

/// Abbreviations whose full stop does not end a sentence ("Børn på ca. 9–12 år").
const ABBREVIATIONS: [&str; 20] =
    ["ca", "fx", "f.eks", "bl.a", "evt", "mv", "m.v", "nr", "stk", "jf", "inkl", "dvs", "mht", "ift", "pga", "kl", "afd", "tlf", "osv", "max"];

/// Up to and including the first full stop that is followed by a space and a capital letter
/// and does not end an abbreviation.
fn first_sentence(text: &str) -> &str {
    for (i, _) in text.match_indices(". ") {
        let next_is_capital = text[i + 2..].chars().next().is_some_and(char::is_uppercase);
        let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or("").trim_start_matches('(').to_lowercase();
        if next_is_capital && !ABBREVIATIONS.contains(&word.as_str()) {
            return &text[..=i];
        }
    }
    text
}

/// The short badge text of an access model, as the brief for citizens words it.
pub fn access_badge(access: Access) -> &'static str {
    match access {
        Access::Open => "Du kan selv henvende dig",
        Access::Anonymous => "Anonymt – du skal ikke oplyse navn",
        Access::Referral => "Kræver henvisning fra kommunens rådgiver",
    }
}

/// A stable word for styling and tests; the meaning is always also in the badge text.
pub fn access_class(access: Access) -> &'static str {
    access.code()
}

/// A sentence or two on how to get a service with this access model.
pub fn access_explained(access: Access, unit_name: &str) -> String {
    match access {
        Access::Open => format!("Du behøver ikke en henvisning. Kontakt {unit_name} direkte."),
        Access::Anonymous => {
            "Du kan henvende dig uden at sige, hvem du er. Vi skriver hverken navn eller CPR-nummer ned.".to_owned()
        }
        Access::Referral => "Tilbuddet gives efter en vurdering hos kommunens rådgiver (myndighed). Tror du, at tilbuddet kan hjælpe jer, så tal med jeres rådgiver – eller med en fagperson, I kender, fx sundhedsplejersken, skolen eller dagtilbuddet.".to_owned(),
    }
}

/// `9–12 år`, or a plain sentence when there is no age limit.
pub fn age_text(range: Option<AgeRange>) -> String {
    match range {
        Some(r) if r.min_years == r.max_years => format!("{} år", r.min_years),
        Some(r) => format!("{}–{} år", r.min_years, r.max_years),
        None => "Ingen aldersgrænse".to_owned(),
    }
}

/// `Serviceloven § 52, stk. 3, nr. 3`: the canonical reference with the law written out,
/// because citizens do not know the abbreviations.
pub fn legal_ref_in_full(r: &LegalRef) -> String {
    let canonical = r.to_string();
    let rest = canonical.split_once(' ').map_or(canonical.as_str(), |(_, rest)| rest);
    let law = match r.law() {
        Law::Sel => "Serviceloven",
        Law::Bl => "Barnets Lov",
    };
    format!("{law} {rest}")
}

/// E-mail addresses mentioned in the texts, in order, without duplicates: for open services
/// they are how a citizen gets in touch, so the page offers them as links.
pub fn emails<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for text in texts {
        for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>')) {
            let word = word.trim_end_matches(['.', ':', '!', '?']);
            let Some((local, domain)) = word.split_once('@') else { continue };
            let plausible = !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
            if plausible && !found.iter().any(|f| f == word) {
                found.push(word.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists_are_split() {
        let text = "Det udgående team kan bl.a.:\n- vejlede om struktur\n- hjælpe med\nindkøb\n\nAndet afsnit\nfortsat.";
        assert_eq!(
            blocks(text),
            vec![
                Block { list: false, lines: vec!["Det udgående team kan bl.a.:".into()] },
                Block { list: true, lines: vec!["vejlede om struktur".into(), "hjælpe med indkøb".into()] },
                Block { list: false, lines: vec!["Andet afsnit fortsat.".into()] },
            ]
        );
        assert!(blocks("  \n\n").is_empty());
    }

    #[test]
    fn one_line_takes_the_first_sentence_and_cuts_at_a_word() {
        assert_eq!(one_line("Børn på 9–12 år. Mere tekst.", 100), "Børn på 9–12 år.");
        assert_eq!(one_line("- første punkt\n- andet", 100), "første punkt");
        assert_eq!(one_line("Børn på ca. 9–12 år, fx med angst. Mere.", 100), "Børn på ca. 9–12 år, fx med angst.");
        assert_eq!(one_line("Familier i krise\n\nSkoleklasser", 100), "Familier i krise");
        // A lead-in ending in a colon gives way to what follows it.
        assert_eq!(one_line("Målgruppen er:\n- familier med børn 0-6 år\n- gravide", 100), "familier med børn 0-6 år");
        assert_eq!(one_line("Formålet er:\n\nAt styrke familien. Mere.", 100), "At styrke familien.");
        assert_eq!(one_line("Målgruppen er:", 100), "Målgruppen er");
        let long = one_line("ord ".repeat(100).trim(), 20);
        assert!(long.ends_with('…') && long.chars().count() <= 21, "{long}");
    }

    #[test]
    fn laws_are_written_out() {
        let refs = familiehus_domain::legal_ref::parse_refs("§ 52.3.3 og BL § 32 stk. 1 nr. 3").unwrap_or_default();
        let full: Vec<_> = refs.iter().map(legal_ref_in_full).collect();
        assert_eq!(full, ["Serviceloven § 52, stk. 3, nr. 3", "Barnets Lov § 32, stk. 1, nr. 3"]);
    }

    #[test]
    fn emails_are_found_once() {
        let found = emails(["Send en mail til kontakt@familiehus.dk.", "Skriv (kontakt@familiehus.dk) eller ring", "a@b"]);
        assert_eq!(found, ["kontakt@familiehus.dk"]);
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age_text(Some(AgeRange { min_years: 9, max_years: 12 })), "9–12 år");
        assert_eq!(age_text(None), "Ingen aldersgrænse");
    }
}
