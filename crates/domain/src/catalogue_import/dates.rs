//! Dates as written in Danish documents: `20. april 2023`, `20. apr. 2023`, `20 april 2023`,
//! `20.04.2023`, `20-04-2023`, `20/4 2023`, `20/4-2023`, `2023-04-20`. Finds the first one in a text.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Digits: value (`None` if too long to be a date part) and digit count.
    Num(Option<u32>, usize),
    Word(String),
    Punct(char),
}

/// Tokens with their byte offsets; whitespace only separates.
fn tokenize(text: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            let value = if digits.len() <= 4 { digits.parse().ok() } else { None };
            out.push((i, Token::Num(value, digits.len())));
        } else if c.is_alphabetic() {
            let mut word: String = c.to_lowercase().collect();
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_alphabetic()) {
                word.extend(d.to_lowercase());
                chars.next();
            }
            out.push((i, Token::Word(word)));
        } else if !c.is_whitespace() {
            out.push((i, Token::Punct(c)));
        }
    }
    out
}

fn month(word: &str) -> Option<u32> {
    let m = match word {
        "januar" | "jan" => 1,
        "februar" | "feb" => 2,
        "marts" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" => 5,
        "juni" | "jun" => 6,
        "juli" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn year(value: u32, digits: usize) -> Option<i32> {
    match digits {
        4 => i32::try_from(value).ok(),
        2 => i32::try_from(value).ok().map(|y| 2000 + y),
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A date starting at token `i`.
fn date_at(tokens: &[(usize, Token)], i: usize) -> Option<NaiveDate> {
    let t = |k: usize| tokens.get(i + k).map(|(_, tok)| tok);
    let Some(Token::Num(Some(first), first_digits)) = t(0) else { return None };
    let (first, first_digits) = (*first, *first_digits);
    // ISO: 2023-04-20.
    if first_digits == 4 {
        if let (Some(Token::Punct('-')), Some(Token::Num(Some(m), _)), Some(Token::Punct('-')), Some(Token::Num(Some(d), _))) = (t(1), t(2), t(3), t(4)) {
            return ymd(year(first, 4)?, *m, *d);
        }
        return None;
    }
    // Day, optional dot, month name, optional dot, optional comma, year.
    let mut k = 1;
    if t(k) == Some(&Token::Punct('.')) {
        k += 1;
    }
    if let Some(Token::Word(w)) = t(k)
        && let Some(m) = month(w)
    {
        k += 1;
        while matches!(t(k), Some(Token::Punct('.' | ','))) {
            k += 1;
        }
        if let Some(Token::Num(Some(y), digits)) = t(k) {
            return ymd(year(*y, *digits)?, m, first);
        }
        return None;
    }
    // Numeric: 20.04.2023, 20-04-2023, 20/4-2023, 20/4 2023.
    let Some(Token::Punct(sep)) = t(1) else { return None };
    if !matches!(sep, '.' | '-' | '/') {
        return None;
    }
    let Some(Token::Num(Some(m), _)) = t(2) else { return None };
    let (y, digits) = match (t(3), t(4)) {
        (Some(Token::Punct('.' | '-' | '/')), Some(Token::Num(Some(y), digits))) => (*y, *digits),
        (Some(Token::Num(Some(y), digits)), _) if *sep == '/' => (*y, *digits),
        _ => return None,
    };
    ymd(year(y, digits)?, *m, first)
}

/// The first date in `text` and its byte offset.
pub(crate) fn find_date(text: &str) -> Option<(usize, NaiveDate)> {
    let tokens = tokenize(text);
    (0..tokens.len()).find_map(|i| date_at(&tokens, i).map(|d| (tokens[i].0, d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<NaiveDate> {
        find_date(text).map(|(_, d)| d)
    }

    #[test]
    fn danish_forms() {
        let d = NaiveDate::from_ymd_opt(2023, 4, 20);
        for text in ["den 20. april 2023.", "20 april 2023", "20. apr. 2023", "20.04.2023", "20-04-2023", "20/4 2023", "20/4-2023", "2023-04-20", "20.4.23"] {
            assert_eq!(date(text), d, "{text}");
        }
        assert_eq!(find_date("i udvalget den 20. april 2023").map(|(at, _)| at), Some(15));
    }

    #[test]
    fn not_dates() {
        for text in ["", "31. februar 2023", "den 20. april", "kl. 15-17", "99999999999.1.2023", "3 x 2 timer"] {
            assert_eq!(date(text), None, "{text}");
        }
    }
}
