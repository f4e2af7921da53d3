//! List items: recognising the bullet characters PDF extraction produces (`•`, Symbol/Wingdings
//! private-use glyphs such as U+F0B7, `▪`, `o`, `-`, `–`, …) and numbered items (`1. Der …`).

use super::scan;

/// How a list item is marked in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Printed as `- `.
    Bullet,
    /// Printed with its own number: `1. `.
    Numbered(String),
}

/// Glyph bullets: unambiguous, so text may follow without a space.
fn is_glyph_bullet(c: char) -> bool {
    matches!(c, '•' | '●' | '▪' | '■' | '◦' | '○' | '‣' | '⁃' | '∙' | '➢' | '►' | '➤' | '✓' | '✔' | '□' | '❖')
        // Private-use area: Symbol and Wingdings bullets (U+F0B7, U+F0A7, U+F0D8, …) from PDFs.
        || ('\u{f000}'..='\u{f0ff}').contains(&c)
}

/// Characters that are bullets only when followed by a space (they also occur in words).
fn is_spaced_bullet(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | 'o' | '*' | '·')
}

/// The item text if `line` starts with a bullet; `None` otherwise.
pub(crate) fn strip(line: &str) -> Option<&str> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let (after, second) = match chars.next() {
        Some((i, c)) => (i, Some(c)),
        None => (line.len(), None),
    };
    let ok = is_glyph_bullet(first) || (is_spaced_bullet(first) && second.is_some_and(char::is_whitespace));
    if !ok {
        return None;
    }
    let rest = line.get(after..).unwrap_or("").trim_start();
    if rest.is_empty() { None } else { Some(rest) }
}

/// `1. Der tilbydes …` or `2) Norddjurs …`: a number, `.` or `)`, a space and a capital.
/// The capital keeps `6. måned` (a date-like number in running text) out.
pub(crate) fn numbered(line: &str) -> Option<(String, &str)> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let after_digits = line.get(digits.len()..)?;
    let mut chars = after_digits.chars();
    let punct = chars.next().filter(|c| matches!(c, '.' | ')'))?;
    let rest = after_digits.get(punct.len_utf8()..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start();
    if !scan::first_char(rest).is_some_and(char::is_uppercase) {
        return None;
    }
    Some((format!("{digits}{punct}"), rest))
}

/// A list item at the start of `line`: its marker and text.
pub(crate) fn item(line: &str) -> Option<(Marker, &str)> {
    if let Some(rest) = strip(line) {
        return Some((Marker::Bullet, rest));
    }
    numbered(line).map(|(n, rest)| (Marker::Numbered(n), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_from_pdf_extraction() {
        assert_eq!(strip("• Samtaler"), Some("Samtaler"));
        assert_eq!(strip("\u{f0b7}Samtaler"), Some("Samtaler"));
        assert_eq!(strip("o Samtaler"), Some("Samtaler"));
        assert_eq!(strip("- Samarbejde"), Some("Samarbejde"));
        assert_eq!(strip("– Samarbejde"), Some("Samarbejde"));
        assert_eq!(strip("-1 grad"), None);
        assert_eq!(strip("omfang"), None);
        assert_eq!(strip("•"), None);
        assert_eq!(strip(""), None);
    }

    #[test]
    fn numbered_items_need_a_capital() {
        assert_eq!(numbered("1. Der tilbydes"), Some(("1.".to_owned(), "Der tilbydes")));
        assert_eq!(numbered("6. måned eller efter behov"), None);
        assert_eq!(numbered("2023. Der"), None);
        assert_eq!(item("2) Norddjurs"), Some((Marker::Numbered("2)".into()), "Norddjurs")));
    }
}
