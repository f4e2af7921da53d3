//! Web addresses in extracted text: a PDF wraps a long address wherever it likes, so
//! `https://www.fjordby.dk/familie/` + `raadgivning` is one address, joined without a space and
//! with its hyphens kept. The rule: the left line ends in an address (`http://`, `https://`,
//! `www.`), and the next line starts with a piece that can only continue it — either the
//! address ends in a character an address is broken after (`/ - _ = ? & # %`) and the piece
//! starts with a letter or digit, or the piece itself has address characters inside
//! (`/ = ? & # _ %`, or a `.` between letters). A plain word after a complete address
//! (`www.fjordby.dk` + `og ring til os`) is text. An address broken after a `.` or inside a word
//! cannot be told from a sentence and stays as two words.

/// `https://…`, `http://…` or `www.…`, any case.
pub(crate) fn is_address(token: &str) -> bool {
    let lower = token.trim_start_matches(['(', '<', '"', '«']).to_lowercase();
    ["http://", "https://", "www."].iter().any(|p| lower.starts_with(p) && lower.len() > p.len())
}

/// Letters beyond ASCII count: Danish addresses carry æ, ø and å (`…/netværket/`).
fn address_char(c: char) -> bool {
    c.is_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Does the line mention an address with a path (`https://www.fjordby.dk/familie/`)? Such a
/// line points the reader somewhere: text, never page furniture, however often the same shape
/// recurs (a footer's address is the bare site, `www.fjordby.dk`).
pub(crate) fn mentions_a_page(text: &str) -> bool {
    text.split_whitespace().filter(|t| is_address(t)).any(|t| {
        let b = bare(t);
        let b = b.strip_prefix("www.").unwrap_or(b);
        b.split_once('/').is_some_and(|(_, path)| !path.is_empty()) || t.trim_end_matches(['.', ',']).ends_with('/')
    })
}

/// Does `next` (a line) continue the address at the end of `left` (a line or text)?
pub(crate) fn continues_address(left: &str, next: &str) -> bool {
    let Some(last) = left.split_whitespace().next_back() else { return false };
    let Some(piece) = next.split_whitespace().next() else { return false };
    // A piece that starts an address of its own is the next address, not this one's tail.
    if !is_address(last) || is_address(piece) || !piece.chars().all(address_char) {
        return false;
    }
    let broken_after = last.chars().next_back().is_some_and(|c| matches!(c, '/' | '-' | '_' | '=' | '?' | '&' | '#' | '%'));
    let starts_alnum = piece.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    // Trailing punctuation ends a sentence, not the piece's address characters.
    let core = piece.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    let chars: Vec<char> = core.chars().collect();
    let inner_dot = chars.windows(3).any(|w| w[0].is_ascii_alphanumeric() && w[1] == '.' && w[2].is_ascii_alphanumeric());
    let address_like = inner_dot || core.chars().any(|c| matches!(c, '/' | '=' | '?' | '&' | '#' | '_' | '%'));
    (broken_after && starts_alnum) || address_like
}

/// The address without scheme, `mailto:`, enclosing brackets, trailing punctuation or final
/// slash, for comparing two mentions of it.
pub(crate) fn bare(token: &str) -> &str {
    let t = token.trim_matches(['(', ')', '<', '>', '"', '«', '»', ',', ';', ':', '.', '!', '?']);
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    let t = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://")).unwrap_or(t);
    t.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_addresses_continue() {
        assert!(continues_address("Læs mere på https://www.fjordby.dk/familie/", "raadgivning og ring"));
        assert!(continues_address("https://www.fjordby.dk/born-og-", "unge"));
        assert!(continues_address("se www.fjordby.dk/familie", "/raadgivning."));
        assert!(continues_address("se https://fjordby.dk/side?id", "=12&vis=alt"));
        assert!(continues_address("se https://www.fjordby", ".dk/familie"));
        assert!(continues_address("Læs mere på https://www.fjordby.dk/s0f3b0/netværket/", "netværket."), "Danish letters in a path");
    }

    #[test]
    fn a_line_pointing_to_a_page_is_a_mention_and_a_bare_site_is_not() {
        assert!(mentions_a_page("Læs mere på https://www.fjordby.dk/s0f3b0/netværket/"));
        assert!(mentions_a_page("Se www.fjordby.dk/familie."));
        assert!(!mentions_a_page("Fjordby Kommune · www.fjordby.dk"));
        assert!(!mentions_a_page("Indsatskatalog, Familiehuset Nord"));
    }

    #[test]
    fn text_after_an_address_is_text() {
        assert!(!continues_address("Læs mere på www.fjordby.dk/familie", "og ring til os"));
        assert!(!continues_address("Se www.fjordby.dk.", "Ring til os."));
        assert!(!continues_address("Skriv til os", "www.fjordby.dk"));
        assert!(!continues_address("www.fjordby.dk/", "Åben rådgivning"));
        assert!(!continues_address("", "x"));
        assert!(!continues_address("https://x.dk/a/b", "https://x.dk/a/"));
    }

    #[test]
    fn bare_addresses_compare() {
        assert_eq!(bare("(https://www.fjordby.dk/familie/)."), "www.fjordby.dk/familie");
        assert_eq!(bare("mailto:a@b.dk"), "a@b.dk");
    }
}
