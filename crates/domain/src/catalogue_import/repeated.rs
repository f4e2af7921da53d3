//! Running headers that carry no page number and sit at no page break: a short line such as
//! "Indsatskatalog, Familiehuset" that the extraction repeats every page or so, anywhere in the
//! text. `noise` finds furniture by its nearness to page numbers and form feeds; this finds it
//! by recurrence alone, so it must not take ordinary text that happens to repeat.
//!
//! The rule: a line is furniture when its key (case, spacing and digits ignored) occurs at least
//! `MIN_REPEATS` times, every two occurrences at least `MIN_GAP` lines apart (a header recurs
//! through the document, text repeats nearby), and the line is short and is not anything the
//! template gives meaning to: a line starting in lower case (the tail of a wrapped line, such as
//! `samtaler`), a field label, a list item, a title with a legal reference, a
//! sentence (ending in `.`, `!`, `?` or `:`) or a wrapped line (ending in `-` or `,`, or in a
//! web address that goes on on the next line), "Som
//! ovenfor", or the whole text of a field (the line right after a label in most of its
//! occurrences: "Efter behov" under several labels). And a neighbour must change from one
//! occurrence to the next: a paragraph repeated in every entry ("Borgerens opgaver" is often
//! the same text) brings the same lines before and after each of its lines, while the text
//! after a header changes — or, where it always stands right before a label, the text before it.

use super::lines::RawLine;
use super::{bullets, fields, same_as_above, scan, title, url};
use std::collections::{HashMap, HashSet};

/// A header on (nearly) every page of a catalogue recurs many times; three is enough to tell it
/// from a phrase that repeats once.
const MIN_REPEATS: usize = 3;
/// Non-blank lines between two occurrences: a page holds far more, a repeated sentence fewer.
const MIN_GAP: usize = 6;
/// Running headers are one short line.
const MAX_CHARS: usize = 80;

/// Could this line be a running header at all (before counting)? `prev`/`next` are the
/// neighbouring non-blank lines, for labels split over two lines.
fn header_shaped(text: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    scan::char_count(text) <= MAX_CHARS
        && !scan::starts_lowercase(text)
        && !scan::ends_sentence(text)
        && !scan::last_char(text).is_some_and(|c| matches!(c, '-' | ',' | ';'))
        && !next.is_some_and(|n| url::continues_address(text, n))
        && !url::mentions_a_page(text)
        && fields::recognise(text, next).is_none()
        && prev.is_none_or(|p| fields::recognise(p, Some(text)).is_none_or(|h| h.lines_used != 2))
        && bullets::item(text).is_none()
        && !title::has_legal_marker(text)
        && !same_as_above::is_same_as_above(text)
}

/// Where one key occurs, and what surrounds it each time.
#[derive(Default)]
struct Occurrences<'a> {
    at: Vec<usize>,
    after_label: usize,
    before: HashSet<&'a str>,
    after: HashSet<&'a str>,
    /// Occurrences right before a label (the same label may follow every time).
    before_label: usize,
}

impl Occurrences<'_> {
    /// Spread out, beside a changing neighbour (a paragraph repeated in every entry brings its
    /// neighbours along), and mostly not a field's whole text.
    fn recur_like_a_header(&self) -> bool {
        let n = self.at.len();
        n >= MIN_REPEATS
            && self.at.windows(2).all(|w| w[1] - w[0] > MIN_GAP)
            && (self.after.len() * 2 > n || (self.before.len() * 2 > n && self.before_label == n))
            && self.after_label * 2 < n
    }
}

/// Keys (as `noise::key` makes them) of lines that recur through the text like a header.
/// `non_blank` indexes `raw`; `keys[k]` is the key of `raw[non_blank[k]]`.
pub(crate) fn keys(raw: &[RawLine], non_blank: &[usize], keys: &[String]) -> HashSet<String> {
    let text = |k: usize| non_blank.get(k).map(|&i| raw[i].text.as_str());
    let mut seen: HashMap<&str, Occurrences> = HashMap::new();
    for k in 0..non_blank.len() {
        let (prev, this, next) = (k.checked_sub(1).and_then(text), text(k).unwrap_or(""), text(k + 1));
        if !header_shaped(this, prev, next) {
            continue;
        }
        let entry = seen.entry(keys[k].as_str()).or_default();
        entry.at.push(k);
        entry.after_label += usize::from(prev.and_then(|p| fields::recognise(p, None)).is_some_and(|h| h.rest.is_empty()));
        entry.before.insert(k.checked_sub(1).and_then(|p| keys.get(p)).map_or("", String::as_str));
        entry.after.insert(keys.get(k + 1).map_or("", String::as_str));
        entry.before_label += usize::from(next.is_some_and(|n| fields::recognise(n, text(k + 2)).is_some()));
    }
    seen.into_iter().filter(|(_, o)| o.recur_like_a_header()).map(|(key, _)| key.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use crate::catalogue_import::lines::split;
    use crate::catalogue_import::noise::clean;

    fn texts(input: &str) -> Vec<String> {
        clean(&split(input)).lines.into_iter().map(|l| l.text).collect()
    }

    /// `n` lines of running text, different for every `n` (keys ignore digits, not letters).
    fn body(n: usize) -> String {
        let word = |i: usize| ["barn", "mor", "far", "skole", "hjem", "leg", "mad", "søvn", "ven", "by", "hav"][(i * 7 + n) % 11];
        (0..n).map(|i| format!("en linje om {} og {} i en længere tekst\n", word(i), word(i + n))).collect()
    }

    #[test]
    fn a_short_line_recurring_through_the_text_is_removed() {
        let input = format!("Indsatskatalog, Huset\n{}Indsatskatalog, Huset\n{}Indsatskatalog, Huset\n{}", body(8), body(9), body(3));
        let got = texts(&input);
        assert_eq!(got.len(), 20, "{got:?}");
        assert!(!got.iter().any(|t| t.contains("Indsatskatalog")), "{got:?}");
    }

    #[test]
    fn twice_is_not_enough_and_nearby_repeats_are_text() {
        let twice = format!("Indsatskatalog, Huset\n{}Indsatskatalog, Huset\n{}", body(8), body(8));
        assert_eq!(texts(&twice).len(), 18);
        let near = format!("Efter aftale\n{}Efter aftale\n{}Efter aftale\n", body(2), body(2));
        assert_eq!(texts(&near).len(), 7);
    }

    #[test]
    fn a_paragraph_repeated_in_every_entry_stays() {
        let para = "Familien skal deltage aktivt\nog møde op til de aftalte\nsamtaler hver uge\n";
        let input = format!("{para}{}{para}{}{para}", body(8), body(8));
        assert_eq!(texts(&input).len(), 25);
    }

    #[test]
    fn sentences_and_whole_field_texts_stay() {
        let sentence = format!("Ingen.\n{}Ingen.\n{}Ingen.\n", body(8), body(8));
        assert_eq!(texts(&sentence).len(), 19);
        let field = format!("Andet\nEfter behov\n{}Andet\nEfter behov\n{}Andet\nEfter behov\n", body(8), body(8));
        assert_eq!(texts(&field).len(), 22);
    }
}
