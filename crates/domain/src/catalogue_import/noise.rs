//! Page furniture and other extraction noise, detected generically (nothing specific to one
//! document): page numbers (`40`, `Side 3 af 12`, `- 4 -`), running headers/footers (lines that
//! recur next to page breaks), table-of-contents lines (dotted leaders), and link annotations
//! (`mailto:x` repeating an address that is in the text). Running headers without any page
//! break to anchor them are `repeated`'s. Also decides what blank lines mean: a paragraph break
//! is one blank line in single-spaced text, two or more in double-spaced text.

use super::lines::{Line, RawLine};
use super::scan;
use super::{fields, repeated, url};
use std::collections::{HashMap, HashSet};

/// Content lines and what the layout tells about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cleaned {
    pub lines: Vec<Line>,
    /// Distinct running header/footer texts that were removed (they may carry an approval).
    pub running: Vec<String>,
    /// Typical length of a full text line, for telling paragraph ends from wrapped lines.
    pub typical_width: usize,
}

/// How close (in non-blank lines) a running header/footer sits to a page break.
const PAGE_ZONE: usize = 2;

const MIN_WIDTH: usize = 50;

pub(crate) fn clean(raw: &[RawLine]) -> Cleaned {
    let non_blank: Vec<usize> = (0..raw.len()).filter(|&i| !raw[i].text.is_empty()).collect();
    let page_number: Vec<bool> = non_blank.iter().map(|&i| is_page_number(&raw[i].text)).collect();
    let in_zone = page_zones(raw, &non_blank, &page_number);
    let keys: Vec<String> = non_blank.iter().map(|&i| key(&raw[i].text)).collect();
    let mut running_keys = running_keys(raw, &non_blank, &keys, &page_number, &in_zone);
    running_keys.extend(repeated::keys(raw, &non_blank, &keys));

    let addresses = addresses(non_blank.iter().map(|&i| raw[i].text.as_str()));
    let mut noise = vec![false; raw.len()];
    // Page furniture (page numbers, running headers and footers): where it was, a page broke.
    let mut furniture = vec![false; raw.len()];
    let mut running = Vec::new();
    for (k, &i) in non_blank.iter().enumerate() {
        let text = &raw[i].text;
        let is_running = running_keys.contains(&keys[k]);
        if is_running && !running.contains(text) {
            running.push(text.clone());
        }
        // The first line of a wrapped address is part of a mention, never a link artefact.
        let continued = non_blank.get(k + 1).is_some_and(|&n| url::continues_address(text, &raw[n].text));
        furniture[i] = page_number[k] || is_running;
        noise[i] = furniture[i] || is_toc_line(text) || (!continued && is_link_artifact(text, &addresses));
    }

    let double_spaced = is_double_spaced(raw);
    let mut lines = Vec::new();
    let mut blank_run = 0usize;
    let mut noise_in_gap = false;
    // Single-spaced text breaks paragraphs with a blank line; double-spaced text (a blank line
    // after every line) with two or more.
    let breaking_run = if double_spaced { 2 } else { 1 };
    for (i, line) in raw.iter().enumerate() {
        if line.text.is_empty() {
            blank_run += 1;
        } else if noise[i] {
            noise_in_gap |= furniture[i];
        } else {
            // A page break between two lines says nothing about paragraphs, so a gap that held
            // removed furniture is not a paragraph break.
            let para_break_before = blank_run >= breaking_run && !noise_in_gap;
            lines.push(Line { number: line.number, text: line.text.clone(), para_break_before, lead: 0 });
            blank_run = 0;
            noise_in_gap = false;
        }
    }
    let typical_width = typical_width(&lines);
    Cleaned { lines, running, typical_width }
}

/// `40`, `- 40 -`, `Side 3`, `Side 3 af 12`, `3 af 12`, `3/12`, `Page 3 of 12`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let lower = text.trim().trim_matches(['-', '–', '—', ' ']).to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '/').filter(|w| !w.is_empty()).collect();
    let num = |w: &str| !w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit());
    let page_word = |w: &str| matches!(w, "side" | "s." | "page" | "p.");
    let of_word = |w: &str| matches!(w, "af" | "of" | "ud" | "/");
    match words.as_slice() {
        [n] => num(n),
        [p, n] => (page_word(p) && num(n)) || (num(p) && num(n)),
        [a, o, b] => (num(a) && of_word(o) && num(b)) || (page_word(a) && num(o) && num(b)),
        [p, a, o, b] => page_word(p) && num(a) && of_word(o) && num(b),
        [p, a, "ud", "af", b] => page_word(p) && num(a) && num(b),
        _ => false,
    }
}

/// "… Side 3 af 12" inside a longer footer line.
fn has_page_of_pages(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.windows(4).any(|w| {
        matches!(w[0], "side" | "page") && w[1].chars().all(|c| c.is_ascii_digit()) && matches!(w[2], "af" | "of") && w[3].chars().all(|c| c.is_ascii_digit())
    })
}

/// A footer key without its `side # af #` part.
fn without_page_of_pages(key: &str) -> String {
    let words: Vec<&str> = key.split_whitespace().collect();
    let is_num = |w: &str| !w.is_empty() && w.chars().all(|c| c == '#');
    let mut kept = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let [p, a, o, b, ..] = &words[i..]
            && matches!(*p, "side" | "page")
            && is_num(a)
            && matches!(*o, "af" | "of")
            && is_num(b)
        {
            i += 4;
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    kept.join(" ")
}

/// For every non-blank line: is it within `PAGE_ZONE` lines of a page number or a form feed?
fn page_zones(raw: &[RawLine], non_blank: &[usize], page_number: &[bool]) -> Vec<bool> {
    let mut zone = vec![false; non_blank.len()];
    let mut mark = |centre: usize, before: usize, after: usize| {
        let from = centre.saturating_sub(before);
        let to = (centre + after).min(non_blank.len().saturating_sub(1));
        for z in zone.iter_mut().take(to + 1).skip(from) {
            *z = true;
        }
    };
    for k in 0..non_blank.len() {
        if page_number[k] {
            mark(k, PAGE_ZONE, PAGE_ZONE);
        }
        // The first line of a new page: the footer is just before, the header from here on.
        if raw[non_blank[k]].page_break_before {
            mark(k, PAGE_ZONE, PAGE_ZONE - 1);
        }
    }
    zone
}

/// Normalised form under which running lines repeat: case, spacing and page numbers ignored
/// (a run of digits is one `#`, so page 9 and page 10 share a key).
fn key(text: &str) -> String {
    let mut out = String::new();
    for c in scan::collapse_spaces(&text.to_lowercase()).chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// Keys of lines that recur next to page breaks (or carry "Side N af M") — never labels.
fn running_keys(raw: &[RawLine], non_blank: &[usize], keys: &[String], page_number: &[bool], in_zone: &[bool]) -> HashSet<String> {
    // Per key: occurrences, occurrences near a page break, "Side N af M" in it.
    let mut seen: HashMap<&str, (usize, usize, bool)> = HashMap::new();
    for (k, &i) in non_blank.iter().enumerate() {
        if page_number[k] {
            continue;
        }
        let entry = seen.entry(keys[k].as_str()).or_insert_with(|| (0, 0, has_page_of_pages(&raw[i].text)));
        entry.0 += 1;
        if in_zone[k] {
            entry.1 += 1;
        }
    }
    let mut running = HashSet::new();
    for (k, &i) in non_blank.iter().enumerate() {
        let Some(&(count, zoned, page_of_pages)) = seen.get(keys[k].as_str()) else { continue };
        let recurring_at_breaks = count >= 2 && zoned >= 2 && zoned * 2 >= count;
        // Never a label, also not half of one split over two lines (it recurs in every entry).
        let next = non_blank.get(k + 1).map(|&n| raw[n].text.as_str());
        let prev = k.checked_sub(1).and_then(|p| non_blank.get(p)).map(|&p| raw[p].text.as_str());
        let label = fields::recognise(&raw[i].text, next).is_some()
            || prev.is_some_and(|p| fields::recognise(p, Some(&raw[i].text)).is_some_and(|h| h.lines_used == 2));
        // The tail of a wrapped line (`familien.`) may recur at page ends too; furniture does
        // not start in lower case (a footer with `Side N af M` may).
        // Nor does it end a sentence (a repeated sentence near page ends is text), nor wrap.
        let sentence = scan::last_char(&raw[i].text).is_some_and(|c| matches!(c, '.' | '!' | '?'));
        let wrapped_address = next.is_some_and(|n| url::continues_address(&raw[i].text, n));
        let mention = url::mentions_a_page(&raw[i].text);
        let tail = (scan::starts_lowercase(&raw[i].text) || sentence || wrapped_address || mention) && !page_of_pages;
        if (recurring_at_breaks || (page_of_pages && count >= 2)) && !label && !tail {
            running.insert(keys[k].clone());
            // The footer `Katalog 2024   Side 1 af 2` often comes with a header `Katalog 2024`.
            if page_of_pages {
                let header = without_page_of_pages(&keys[k]);
                if !header.is_empty() {
                    running.insert(header);
                }
            }
        }
    }
    running
}

/// `Familiebehandling ........ 5`, `Indholdsfortegnelse`.
fn is_toc_line(text: &str) -> bool {
    let lower = text.to_lowercase();
    if matches!(lower.trim_end_matches(':'), "indholdsfortegnelse" | "indhold") {
        return true;
    }
    let body = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    if body.len() == lower.len() {
        return false;
    }
    let leader: String = body.chars().rev().take_while(|c| matches!(c, '.' | '…' | '·' | '_' | ' ')).collect();
    leader.chars().filter(|c| *c != ' ').count() >= 4 || leader.contains('…')
}

/// The addresses and e-mails mentioned in `lines` (wrapped addresses joined), bare (see
/// `url::bare`).
fn addresses<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut text = String::new();
    for line in lines {
        if !text.is_empty() && !url::continues_address(&text, line) {
            text.push('\n');
        }
        text.push_str(line);
    }
    text.split_whitespace().filter(|t| url::is_address(t) || t.contains('@')).map(|t| url::bare(t).to_owned()).collect()
}

/// A bare `mailto:` or web address line that only repeats an address the text mentions again
/// (`addresses`: every whole mention): PDF extraction emits the link target of an annotation
/// beside, or pages away from, its visible text. Whole addresses are compared, so the first
/// part of a longer address is not a repeat of it.
fn is_link_artifact(text: &str, addresses: &[String]) -> bool {
    if text.contains(' ') || !(text.starts_with("mailto:") || text.starts_with("http")) {
        return false;
    }
    let bare = url::bare(text);
    !bare.is_empty() && addresses.iter().filter(|a| *a == bare).count() >= 2
}

/// Text where (nearly) every line is followed by a blank line: blank lines mean nothing there.
fn is_double_spaced(raw: &[RawLine]) -> bool {
    let mut non_blank = 0usize;
    let mut followed_by_text = 0usize;
    for pair in raw.windows(2) {
        if !pair[0].text.is_empty() {
            non_blank += 1;
            if !pair[1].text.is_empty() {
                followed_by_text += 1;
            }
        }
    }
    non_blank >= 4 && followed_by_text * 4 < non_blank
}

/// A high percentile of line lengths: most lines of running text are "full". At least 50: a
/// printed text column is rarely narrower, and short documents give no reliable estimate.
fn typical_width(lines: &[Line]) -> usize {
    let mut lengths: Vec<usize> = lines.iter().map(|l| scan::char_count(&l.text)).collect();
    if lengths.is_empty() {
        return MIN_WIDTH;
    }
    lengths.sort_unstable();
    let at = (lengths.len() * 3 / 4).min(lengths.len() - 1);
    lengths[at].max(MIN_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_import::lines::split;

    fn texts(input: &str) -> Vec<String> {
        clean(&split(input)).lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn page_numbers() {
        for yes in ["40", "- 4 -", "Side 3", "Side 3 af 12", "side 3 / 12", "3 af 12", "3/12", "Page 2 of 9"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2023", "1. Der", "Side", "4 måneder", "10 timer"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn running_footer_next_to_page_numbers_is_removed() {
        let input = "Tekst et\n\nKatalog, Huset\n\n7\n\nTekst to\nTekst tre\nKatalog, Huset\n8\nTekst fire";
        assert_eq!(texts(input), vec!["Tekst et", "Tekst to", "Tekst tre", "Tekst fire"]);
    }

    #[test]
    fn footer_with_page_of_pages_and_its_header() {
        let input = "Katalog 2024   Side 1 af 12\n\u{c}Katalog 2024\nTekst\nKatalog 2024   Side 2 af 12\n";
        assert_eq!(texts(input), vec!["Tekst"]);
        assert_eq!(without_page_of_pages("katalog # side # af #"), "katalog #");
    }

    #[test]
    fn a_line_repeated_in_running_text_stays() {
        let input = "Andet\nSom ovenfor.\nx\nSom ovenfor.\ny\n";
        assert_eq!(texts(input), vec!["Andet", "Som ovenfor.", "x", "Som ovenfor.", "y"]);
    }

    #[test]
    fn toc_and_link_lines() {
        assert!(is_toc_line("Familiebehandling jf. SEL § 52.3.3 ........ 5"));
        assert!(is_toc_line("Indholdsfortegnelse"));
        assert!(!is_toc_line("Efterfødselssamtaler – et tilbud, jf. SEL 11"));
        assert!(is_link_artifact("mailto:a@b.dk", &addresses(["skriv til a@b.dk.", "mailto:a@b.dk"])));
        assert!(!is_link_artifact("mailto:a@b.dk", &addresses(["mailto:a@b.dk"])));
        // Only whole addresses repeat each other.
        assert!(!is_link_artifact("https://x.dk/a/", &addresses(["se https://x.dk/a/b", "https://x.dk/a/"])));
        assert!(is_link_artifact("https://x.dk/a/b", &addresses(["se https://x.dk/a/", "b", "https://x.dk/a/b"])));
        assert_eq!(texts("se https://x.dk/a/b\nhttps://x.dk/a/\nb"), ["se https://x.dk/a/b", "https://x.dk/a/", "b"]);
    }

    #[test]
    fn blank_lines_mean_paragraphs_only_in_single_spaced_text() {
        let single = clean(&split("a\nb\n\nc\nd\ne\nf"));
        assert!(single.lines[2].para_break_before);
        let double = clean(&split("a\n\nb\n\nc\n\n\nd\n\ne"));
        let breaks: Vec<bool> = double.lines.iter().map(|l| l.para_break_before).collect();
        assert_eq!(breaks, [false, false, false, true, false], "two blank lines break a paragraph");
    }
}
