//! Small, panic-free character helpers shared by the import steps: case-insensitive whole-word
//! search on `char` boundaries, first/last character tests, excerpts for messages.

fn same_ci(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Byte range of the first case-insensitive occurrence of `word` that stands as a whole word:
/// not preceded or followed by a letter or digit.
pub(crate) fn find_word_ci(haystack: &str, word: &str) -> Option<(usize, usize)> {
    let first = word.chars().next()?;
    let mut previous: Option<char> = None;
    for (start, c) in haystack.char_indices() {
        let after_boundary = !previous.is_some_and(char::is_alphanumeric);
        previous = Some(c);
        if !after_boundary || !same_ci(c, first) {
            continue;
        }
        if let Some(end) = haystack.get(start..).and_then(|rest| starts_with_word_ci(rest, word)) {
            return Some((start, start + end));
        }
    }
    None
}

/// End (byte offset) of `word` if `text` starts with it as a whole word, case-insensitively.
pub(crate) fn starts_with_word_ci(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for n in word.chars() {
        let (_, h) = chars.next()?;
        if !same_ci(h, n) {
            return None;
        }
    }
    match chars.next() {
        Some((i, c)) if !c.is_alphanumeric() || word.chars().next_back().is_some_and(|w| !w.is_alphanumeric()) => Some(i),
        Some(_) => None,
        None => Some(text.len()),
    }
}

pub(crate) fn has_word_ci(haystack: &str, word: &str) -> bool {
    find_word_ci(haystack, word).is_some()
}

pub(crate) fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

pub(crate) fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

pub(crate) fn starts_lowercase(s: &str) -> bool {
    first_char(s).is_some_and(char::is_lowercase)
}

/// Starts like a new sentence or item: capital letter, digit or opening quote/parenthesis.
pub(crate) fn starts_like_sentence(s: &str) -> bool {
    first_char(s).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '”' | '“' | '«' | '(' | '\''))
}

pub(crate) fn ends_sentence(s: &str) -> bool {
    last_char(s.trim_end()).is_some_and(|c| matches!(c, '.' | '!' | '?' | ':'))
}

pub(crate) fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if char_count(&flat) <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_case_insensitive() {
        assert_eq!(find_word_ci("Familierådslagning (UDGÅET)", "udgået"), Some((21, 28)));
        assert!(has_word_ci("behandling, jf. SEL", "jf."));
        assert!(!has_word_ci("Målgruppen", "målgruppe"));
        assert!(!has_word_ci("BLAD", "bl"));
        assert!(find_word_ci("", "x").is_none());
        assert!(find_word_ci("x", "").is_none());
        assert_eq!(starts_with_word_ci("Godkendt i", "godkendt"), Some(8));
        assert_eq!(starts_with_word_ci("Godkendte", "godkendt"), None);
        assert_eq!(starts_with_word_ci("GODKENDT", "godkendt"), Some(8));
    }

    #[test]
    fn excerpts_cut_on_chars() {
        assert_eq!(excerpt("æøå  æøå", 3), "æøå…");
        assert_eq!(excerpt("kort", 10), "kort");
    }
}
