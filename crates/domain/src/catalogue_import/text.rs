//! Field text: reflowing wrapped PDF lines into paragraphs (separated by a blank line) and list
//! items (one per line, `- ` or their own number). Where blank lines carry no meaning
//! (double-spaced extraction), a paragraph ends where a line that starts like a sentence
//! follows a short line ending a sentence, or a line that ends with no punctuation at all
//! before the right margin (a heading, a list entry without bullet, the end of a list item).
//! A list item goes on over its wrapped lines, also one starting with a capital or a digit,
//! until a new marker, a paragraph break in the layout, or a clearly short line (the item's
//! last) followed by one that starts like a sentence.

use super::bullets::{self, Marker};
use super::lines::Line;
use super::{scan, wrap};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    marker: Option<Marker>,
    text: String,
    /// The last physical line added, for deciding whether the next one continues it.
    last_line: String,
    /// Its full length, a label before it included.
    last_width: usize,
}

/// Shares of the typical width below which a line counts as ending before the margin. Measured
/// on the seed: full lines are 55–70 characters; a capital after an unpunctuated line is a new
/// block unless that line is full (then it is usually a proper noun: `Edinburgh Post Natal` /
/// `Depression Scale`). A sentence ending on a nearly full line usually continues its paragraph.
const SHORT_SENTENCE_END: f64 = 0.85;
const SHORT_UNPUNCTUATED: f64 = 0.95;
/// List items are indented, so their full lines are shorter: an item goes on over its wrapped
/// lines (whatever they start with) unless its line is clearly short.
const SHORT_ITEM_LINE: f64 = 0.75;

/// Danish words that leave a sentence open: a line ending with one continues on the next line
/// even when that starts with a capital (`… hvor` / `Børne- og Ungeudvalget …`).
const OPEN_WORDS: [&str; 34] = [
    "og", "eller", "men", "samt", "at", "som", "der", "hvor", "når", "hvis", "om", "i", "på", "til", "af", "med", "for", "fra", "ved", "efter", "under",
    "mellem", "hos", "mod", "en", "et", "den", "det", "de", "er", "har", "kan", "skal", "vil",
];

fn ends_open(prev: &str) -> bool {
    if scan::last_char(prev).is_some_and(|c| matches!(c, '-' | ',' | '/' | '–' | ';' | '(')) {
        return true;
    }
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    OPEN_WORDS.contains(&last_word.as_str())
}

fn ends_paragraph(prev: &str, prev_width: usize, next: &str, typical_width: usize, in_item: bool) -> bool {
    if !scan::starts_like_sentence(next) {
        return false;
    }
    let len = prev_width as f64;
    let width = typical_width.max(1) as f64;
    if in_item {
        return len < width * SHORT_ITEM_LINE && !ends_open(prev);
    }
    if scan::last_char(prev).is_some_and(|c| matches!(c, '.' | '!' | '?' | ':')) {
        return len < width * SHORT_SENTENCE_END;
    }
    let capital_or_digit = scan::first_char(next).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    capital_or_digit && !ends_open(prev) && len < width * SHORT_UNPUNCTUATED
}

pub(crate) fn render(lines: &[Line], typical_width: usize) -> String {
    let mut blocks: Vec<Block> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let item = bullets::item(text);
        let continues = match blocks.last() {
            Some(last) => {
                item.is_none() && !line.para_break_before && !ends_paragraph(&last.last_line, last.last_width, text, typical_width, last.marker.is_some())
            }
            None => false,
        };
        match (continues, blocks.last_mut()) {
            (true, Some(last)) => {
                wrap::push_wrapped(&mut last.text, text);
                last.last_line = text.to_owned();
                last.last_width = line.width();
            }
            _ => {
                let (marker, body) = match item {
                    Some((m, body)) => (Some(m), body),
                    None => (None, text),
                };
                blocks.push(Block { marker, text: body.to_owned(), last_line: text.to_owned(), last_width: line.width() });
            }
        }
    }
    let mut out = String::new();
    let mut previous_was_item = false;
    for block in &blocks {
        let is_item = block.marker.is_some();
        if !out.is_empty() {
            out.push_str(if is_item && previous_was_item { "\n" } else { "\n\n" });
        }
        match &block.marker {
            Some(Marker::Bullet) => out.push_str("- "),
            Some(Marker::Numbered(n)) => {
                out.push_str(n);
                out.push(' ');
            }
            None => {}
        }
        out.push_str(&scan::collapse_spaces(&block.text));
        previous_was_item = is_item;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_lines(texts: &[&str], width: usize) -> String {
        let lines: Vec<Line> = texts.iter().enumerate().map(|(i, t)| Line::new(i + 1, *t)).collect();
        render(&lines, width)
    }

    #[test]
    fn bullets_and_paragraphs() {
        let text = render_lines(
            &[
                "Målgruppen er:",
                "• Familier med børn, hvor der er bekym-",
                "ring for trivsel",
                "• Sårbare børn",
                "Arten af elementer varierer over tid og",
                "aftales med familien.",
            ],
            40,
        );
        assert_eq!(
            text,
            "Målgruppen er:\n\n- Familier med børn, hvor der er bekymring for trivsel\n- Sårbare børn\n\nArten af elementer varierer over tid og aftales med familien."
        );
    }

    #[test]
    fn full_lines_ending_a_sentence_are_wrapped_text() {
        let text = render_lines(&["Der afholdes møder hver uge med familien.", "Derefter sker opfølgning.", "Kort.", "Ny paragraf"], 40);
        assert_eq!(text, "Der afholdes møder hver uge med familien. Derefter sker opfølgning.\n\nKort.\n\nNy paragraf");
    }

    #[test]
    fn an_item_wrapped_over_lines_stays_one_item() {
        let text = render_lines(
            &["• Samtaler med familien og de voksne omkring", "Barnet i skole og dagtilbud, i alt cirka", "8-10 gange", "Derefter opfølgning."],
            50,
        );
        assert_eq!(text, "- Samtaler med familien og de voksne omkring Barnet i skole og dagtilbud, i alt cirka 8-10 gange\n\nDerefter opfølgning.");
    }

    #[test]
    fn numbered_items_keep_their_numbers() {
        let text = render_lines(&["1. Der tilbydes to forløb", "om året.", "2. Norddjurs er tilkoblet."], 60);
        assert_eq!(text, "1. Der tilbydes to forløb om året.\n2. Norddjurs er tilkoblet.");
    }
}
