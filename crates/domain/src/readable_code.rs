//! Short random codes a citizen can read aloud over the phone: an enquiry's receipt
//! (`H-7K3Q-92`) and an anonymous counselling course's number (`A-7K3Q-92`). Six characters
//! from an alphabet without 0/O and 1/I/L (about 30 bits), so a code cannot be guessed and is
//! never a database id, which would tell how many there are.

/// The letters of a code.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// The code with `prefix` from six random bytes.
pub fn format(prefix: char, random: [u8; 6]) -> String {
    let c: Vec<char> = random.iter().map(|b| char::from(ALPHABET[usize::from(b % 31)])).collect();
    format!("{prefix}-{}{}{}{}-{}{}", c[0], c[1], c[2], c[3], c[4], c[5])
}

/// Reads a code as a person may type or say it (lower case, spaces, without or with other
/// dashes: `a 7k3q92`) into its canonical form, or `None` if it is not a code with `prefix`.
pub fn parse(prefix: char, text: &str) -> Option<String> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '–').map(|c| c.to_ascii_uppercase());
    if chars.next() != Some(prefix) {
        return None;
    }
    let rest: Vec<char> = chars.collect();
    if rest.len() != 6 || !rest.iter().all(|c| c.is_ascii() && ALPHABET.contains(&(*c as u8))) {
        return None;
    }
    Some(format!("{prefix}-{}{}{}{}-{}{}", rest[0], rest[1], rest[2], rest[3], rest[4], rest[5]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_short_and_readable() {
        let code = format('A', [0, 1, 30, 31, 200, 255]);
        assert_eq!(code, "A-23Z2-G9");
        assert_eq!(parse('A', "a 23z2g9").as_deref(), Some("A-23Z2-G9"));
        assert_eq!(parse('A', "A–23Z2–G9").as_deref(), Some("A-23Z2-G9"));
        assert_eq!(parse('H', "A-23Z2-G9"), None, "another kind of code");
        assert_eq!(parse('A', "A-23Z2-G0"), None, "0 is not in the alphabet");
        assert_eq!(parse('A', "A-23Z2-G"), None);
        assert_eq!(parse('A', "Anna Hansen"), None);
    }

    proptest! {
        #[test]
        fn every_generated_code_reads_back(random in any::<[u8; 6]>()) {
            let code = format('A', random);
            prop_assert_eq!(parse('A', &code.to_lowercase()), Some(code));
        }
    }
}
