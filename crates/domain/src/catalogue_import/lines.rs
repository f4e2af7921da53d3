//! Physical lines: splitting the input (LF, CRLF, lone CR, form feeds) with 1-based line numbers,
//! and character clean-up that PDF extraction makes necessary (odd spaces, soft and
//! non-breaking hyphens, zero-width characters, byte-order mark).

/// One physical line after character clean-up, trimmed. Blank lines are kept (empty `text`)
/// because `noise` needs them to tell the layout apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// 1-based line number in the input.
    pub number: usize,
    pub text: String,
    /// A form feed preceded this line: a page starts here.
    pub page_break_before: bool,
}

/// A content line after noise removal: never blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    pub text: String,
    /// The layout shows a paragraph break before this line (a blank line in single-spaced text).
    pub para_break_before: bool,
    /// Characters before `text` on its physical line (a label the text follows): how full the
    /// line was, which tells a wrapped line from a short one.
    pub lead: usize,
}

impl Line {
    pub fn new(number: usize, text: impl Into<String>) -> Self {
        Line { number, text: text.into(), para_break_before: false, lead: 0 }
    }

    /// The whole physical line's length in characters.
    pub fn width(&self) -> usize {
        self.lead + super::scan::char_count(&self.text)
    }
}

pub(crate) fn split(text: &str) -> Vec<RawLine> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for (index, physical) in unified.split('\n').enumerate() {
        // A form feed starts a new page but not a new input line: keep the line number.
        for (part_index, part) in physical.split('\u{c}').enumerate() {
            out.push(RawLine { number: index + 1, text: clean_chars(part), page_break_before: part_index > 0 });
        }
    }
    out
}

/// Normalises characters so that later steps only deal with plain spaces and ASCII hyphens.
fn clean_chars(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => {}
            // A soft hyphen is only visible where the line was broken: keep it as a hyphen at
            // the end of the line (so `wrap` joins the word) and drop it elsewhere.
            '\u{ad}' => {
                if chars.peek().is_none_or(|n| n.is_whitespace()) {
                    out.push('-');
                }
            }
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{200a}' | '\u{3000}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_cr_and_form_feed_keep_line_numbers() {
        let raw = split("a\r\nb\rc\n\u{c}d\n");
        let view: Vec<(usize, &str, bool)> = raw.iter().map(|l| (l.number, l.text.as_str(), l.page_break_before)).collect();
        assert_eq!(view, vec![(1, "a", false), (2, "b", false), (3, "c", false), (4, "", false), (4, "d", true), (5, "", false)]);
    }

    #[test]
    fn odd_characters_are_normalised() {
        assert_eq!(clean_chars("\u{feff} omfat\u{ad}"), "omfat-");
        assert_eq!(clean_chars("Kvalitets\u{ad}mål\u{a0}\tx"), "Kvalitetsmål  x");
        assert_eq!(clean_chars("Børne\u{2011} og"), "Børne- og");
    }
}
