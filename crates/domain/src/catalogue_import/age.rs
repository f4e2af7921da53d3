//! Age ranges as catalogues write them, for proposing a service's age range: `8-12 år`,
//! `8–12 år`, `16-18 (25) år` (the bracket widens the range: 16–25), `13-15-årige`,
//! `mellem 13 og 15 år`, `fra 9 til 12 år`, `9 til 12 år`, and `fra 12 år` (open upwards: up to
//! 17, the last year of childhood, since child-welfare services end at 18). A number must be
//! followed by `år`/`årige`, so `3-4 måneder` and `kl. 15-17` are not ages. Ages above 30 are not
//! read (no child or aftercare service goes that far).

use crate::catalogue::AgeRange;

/// Highest age read from a text, as `Service::validate` allows.
const MAX_AGE: u32 = 30;
/// The upper end proposed for `fra N år`.
const OPEN_UPPER: u8 = 17;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(u32),
    Word(String),
    Dash,
    Open,
    Close,
    Other,
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut value = c.to_digit(10).unwrap_or(0);
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10).filter(|_| d.is_ascii_digit())) {
                value = value.saturating_mul(10).saturating_add(d);
                chars.next();
            }
            out.push(Tok::Num(value));
        } else if c.is_alphabetic() {
            let mut word: String = c.to_lowercase().collect();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                word.extend(d.to_lowercase());
                chars.next();
            }
            out.push(Tok::Word(word));
        } else if matches!(c, '-' | '–' | '—' | '‐' | '‑') {
            out.push(Tok::Dash);
        } else if c == '(' {
            out.push(Tok::Open);
        } else if c == ')' {
            out.push(Tok::Close);
        } else if !c.is_whitespace() {
            out.push(Tok::Other);
        }
    }
    out
}

fn is_years(t: Option<&Tok>) -> bool {
    matches!(t, Some(Tok::Word(w)) if w == "år" || w == "årige" || w == "års")
}

fn word(t: Option<&Tok>, w: &str) -> bool {
    matches!(t, Some(Tok::Word(x)) if x == w)
}

fn range(min: u32, max: u32) -> Option<AgeRange> {
    if min > max || max > MAX_AGE {
        return None;
    }
    Some(AgeRange { min_years: u8::try_from(min).ok()?, max_years: u8::try_from(max).ok()? })
}

/// A range starting at token `i`, and how many tokens it used.
fn range_at(t: &[Tok], i: usize) -> Option<(AgeRange, usize)> {
    let at = |k: usize| t.get(i + k);
    match (at(0), at(1), at(2)) {
        // `8-12 år`, `16-18 (25) år`, `13-15-årige`.
        (Some(Tok::Num(a)), Some(Tok::Dash), Some(Tok::Num(b))) => {
            let (mut max, mut k) = (*b, 3);
            if let (Some(Tok::Open), Some(Tok::Num(c)), Some(Tok::Close)) = (at(3), at(4), at(5)) {
                max = max.max(*c);
                k = 6;
            }
            if at(k) == Some(&Tok::Dash) {
                k += 1;
            }
            is_years(at(k)).then(|| range(*a, max).map(|r| (r, k + 1))).flatten()
        }
        // `9 til 12 år`.
        (Some(Tok::Num(a)), Some(Tok::Word(w)), Some(Tok::Num(b))) if w == "til" && is_years(at(3)) => range(*a, *b).map(|r| (r, 4)),
        // `mellem 13 og 15 år`, `fra 9 til 12 år`, `fra 12 år`.
        (Some(Tok::Word(w)), Some(Tok::Num(a)), next) if w == "mellem" || w == "fra" => {
            if (word(next, "og") || word(next, "til")) && matches!(at(3), Some(Tok::Num(_))) && is_years(at(4)) {
                let Some(Tok::Num(b)) = at(3) else { return None };
                return range(*a, *b).map(|r| (r, 5));
            }
            if w == "fra" && is_years(next) && *a <= u32::from(OPEN_UPPER) {
                return range(*a, u32::from(OPEN_UPPER)).map(|r| (r, 3));
            }
            None
        }
        _ => None,
    }
}

/// Every age range written in `text`, in order.
pub(crate) fn ranges(text: &str) -> Vec<AgeRange> {
    let t = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match range_at(&t, i) {
            Some((r, used)) => {
                out.push(r);
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// One range covering every range written in `text` (`13-15 år og 15-18 år` → 13–18).
pub(crate) fn covering(text: &str) -> Option<AgeRange> {
    let all = ranges(text);
    let min = all.iter().map(|r| r.min_years).min()?;
    let max = all.iter().map(|r| r.max_years).max()?;
    Some(AgeRange { min_years: min, max_years: max })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Option<(u8, u8)> {
        covering(text).map(|r| (r.min_years, r.max_years))
    }

    #[test]
    fn written_forms() {
        assert_eq!(r("Børnegruppen for børn 8-12 år"), Some((8, 12)));
        assert_eq!(r("Unge 16-18 (25) år"), Some((16, 25)));
        assert_eq!(r("Familier med børn 0-6 år."), Some((0, 6)));
        assert_eq!(r("Børn fra 12 år"), Some((12, 17)));
        assert_eq!(r("børn på ca. 9–12 år"), Some((9, 12)));
        assert_eq!(r("for 13-15-årige"), Some((13, 15)));
        assert_eq!(r("mellem 13 og 15 år"), Some((13, 15)));
        assert_eq!(r("fra 9 til 12 år"), Some((9, 12)));
        assert_eq!(r("unge 13-15 år og 15-18 år"), Some((13, 18)));
    }

    #[test]
    fn not_ages() {
        for text in ["over 3-4 måneder", "kl. 15-17", "8 samtaler", "fra 40 år", "børn 12-8 år", "i 2023", "1-100 år", ""] {
            assert_eq!(r(text), None, "{text}");
        }
    }
}
