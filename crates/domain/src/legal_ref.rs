//! Legal references (`LegalRef`): parsing every notation seen in Danish catalogues for
//! Serviceloven (SEL) and Barnets Lov (BL), printing them canonically, and splitting a
//! catalogue title into its service name and its legal basis.
//!
//! The parser is a small hand-written tokenizer plus recursive descent, so that every error
//! can say exactly where (byte offset) and what was expected, and no input can make it panic.
//!
//! Accepted grammar (case-insensitive; whitespace, including non-breaking spaces and line
//! breaks, may appear between any two tokens; `,` before `stk.`/`nr.` is optional):
//!
//! ```text
//! refs      = [ "jf" ["."] ] ref { [ separator { separator } ] ref } [ "." ]
//! separator = "og" | "samt" | "+" | "," | "/"
//! ref       = law [ "§" [ "§" ] ] body          -- SEL 11, SEL § 52.3.3
//!           | "§" [ "§" ] body                  -- § 11.7, §§ 52 stk. 3, nr. 7
//!           | bare-number continuation          -- only after a previous reference
//! law       = "SEL" | "Serviceloven" | "servicelovens" | "BL" | "Barnets" ("Lov" | "Lovs" | "Loven")
//! body      = paragraph "." subsection [ "." numbers ]     -- § 52.3.3, § 11.7, § 52.3.1-4
//!           | paragraph [ [","|"."] "stk" ["."] subsection ] [ [","|"."] "nr" ["."] numbers ]
//! numbers   = number [ dash number ]           -- dash is "-", "–", "—", "‐", "‑" or "−"
//! ```
//!
//! Decisions worth knowing:
//! - Two references may simply follow each other when the second starts with a law name or
//!   `§` (`§ 11 stk. 3, nr. 1-4 BL § 30`). Without its own law name a reference takes the law
//!   of the previous one in the same text, SEL if there is none.
//! - A bare number after a separator continues the previous reference at its deepest level,
//!   as Danish legal writing does: `§ 71, stk. 2 og 3` is stk. 2 and stk. 3, `§ 52.3.2 + 3` is
//!   nr. 2 and nr. 3, `§§ 11 og 45` are two paragraphs. A bare number followed by its own dots
//!   or `stk.` (`52.3.3`, `52 stk. 3`) starts again at paragraph level; followed by `nr.` it
//!   replaces the subsection. A text must still start with a law name or `§`.
//! - Paragraph letters (`§ 52 a`) are rejected: `LegalRef` cannot represent them, and reading
//!   them as `§ 52` would point at the wrong provision.
//! - Ranges are only allowed for `nr.`; the law name must come before the paragraph.
//! - Limits: paragraph 1..=999, subsection and number 1..=99, ranges strictly increasing.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// The law a reference points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Law {
    /// Serviceloven.
    Sel,
    /// Barnets Lov (from 1 January 2024).
    Bl,
}

/// `nr.` part of a reference: one number or an inclusive range (`nr. 1-4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Numbers {
    One(u16),
    Range(u16, u16),
}

/// One reference: law, paragraph (§), optional subsection (stk.) and number (nr.).
///
/// The derived `Ord` (law, paragraph, subsection, numbers) is the report's sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LegalRef {
    law: Law,
    paragraph: u16,
    subsection: Option<u16>,
    numbers: Option<Numbers>,
}

/// Why a text is not a legal reference: where (byte offset) and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid legal reference at position {position}: expected {expected}, found {found:?}")]
pub struct LegalRefError {
    pub position: usize,
    pub expected: &'static str,
    pub found: String,
}

/// Highest paragraph number accepted; both laws stay well below it.
const MAX_PARAGRAPH: u32 = 999;
/// Highest subsection (stk.) and number (nr.) accepted.
const MAX_PART: u32 = 99;

/// `found` value when the input ended where something more was expected.
const END_OF_INPUT: &str = "end of input";

const EXPECTED_ANY_REFERENCE: &str = "a legal reference";
const EXPECTED_REF_START: &str = "'§' or a law name (SEL, BL, Serviceloven, Barnets Lov)";
const EXPECTED_REF_AFTER_SEPARATOR: &str = "a reference after the separator ('§', a law name or a number)";
const EXPECTED_SEPARATOR: &str = "a separator (og, samt, +, ',', /), a new reference ('§' or a law name) or end of input";
const EXPECTED_NO_RANGE: &str = "a separator or end of input (ranges are only allowed after 'nr.')";
const EXPECTED_PARAGRAPH: &str = "a paragraph number";
const EXPECTED_PARAGRAPH_RANGE: &str = "a paragraph number from 1 to 999";
const EXPECTED_NO_LETTER: &str = "a paragraph without letter (paragraphs such as § 52 a are not supported)";
const EXPECTED_SUBSECTION: &str = "a subsection number (stk.)";
const EXPECTED_SUBSECTION_RANGE: &str = "a subsection number (stk.) from 1 to 99";
const EXPECTED_NUMBER: &str = "a number (nr.)";
const EXPECTED_NUMBER_RANGE: &str = "a number (nr.) from 1 to 99";
const EXPECTED_INCREASING_RANGE: &str = "a range whose first number is smaller than its last";
const EXPECTED_EXACTLY_ONE: &str = "exactly one reference";

impl LegalRef {
    pub fn new(law: Law, paragraph: u16, subsection: Option<u16>, numbers: Option<Numbers>) -> Self {
        Self { law, paragraph, subsection, numbers }
    }
    pub fn law(&self) -> Law {
        self.law
    }
    pub fn paragraph(&self) -> u16 {
        self.paragraph
    }
    pub fn subsection(&self) -> Option<u16> {
        self.subsection
    }
    pub fn numbers(&self) -> Option<Numbers> {
        self.numbers
    }

    /// Parses text holding exactly one reference.
    pub fn parse(text: &str) -> Result<LegalRef, LegalRefError> {
        let mut all = parse_spanned(text)?;
        if all.len() == 1
            && let Some((only, _)) = all.pop()
        {
            return Ok(only);
        }
        // Point at what follows the first reference (usually the separator), so the user sees
        // which part is too much.
        let end = all.first().map_or(0, |(_, span)| span.end);
        let rest = text.get(end..).unwrap_or_default();
        let skipped = rest.len() - rest.trim_start_matches(is_space).len();
        Err(LegalRefError { position: end + skipped, expected: EXPECTED_EXACTLY_ONE, found: rest.trim_matches(is_space).to_owned() })
    }
}

impl FromStr for LegalRef {
    type Err = LegalRefError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LegalRef::parse(text)
    }
}

/// Parses text holding one or more references (`SEL § 52.3.2 og 52.3.3`, `§ 11 stk. 3, nr. 1-4 BL § 30`).
/// A reference without a law name takes the law of the previous one, SEL if none.
/// See the module documentation for the full grammar.
pub fn parse_refs(text: &str) -> Result<Vec<LegalRef>, LegalRefError> {
    Ok(parse_spanned(text)?.into_iter().map(|(legal_ref, _)| legal_ref).collect())
}

/// Joins the canonical forms with " og ": `SEL § 52, stk. 3, nr. 2 og BL § 30`.
/// Every part carries its law name, so the result parses back to the same list.
pub fn format_refs(refs: &[LegalRef]) -> String {
    refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(" og ")
}

/// Splits a catalogue title into the service name and its references:
/// `Familiebehandling jf. SEL § 52.3.3` → (`Familiebehandling`, [SEL § 52, stk. 3, nr. 3]).
///
/// The legal basis starts at `§` or a law name (usually after `jf.`). The text around it is
/// the name, trimmed of a trailing `jf.`, commas and dashes; status words such as `(Udgået)`
/// stay in the name wherever they are. Runs of whitespace (line breaks in the source PDF text,
/// non-breaking spaces) become one space. Without any reference the whole title is the name.
pub fn split_title(title: &str) -> (String, Vec<LegalRef>) {
    let mut parser = Parser::new(title);
    let mut refs: Vec<LegalRef> = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    while !parser.at_end() {
        if parser.at_ref_start()
            && let Some((group, span)) = parser.parse_group(refs.last())
        {
            refs.extend(group);
            spans.push(span);
            continue;
        }
        parser.bump();
    }
    if refs.is_empty() {
        return (collapse_whitespace(title), refs);
    }
    (name_around(title, &spans), refs)
}

impl fmt::Display for LegalRef {
    /// Canonical form: `SEL § 52, stk. 3, nr. 3`, `BL § 30`, `SEL § 11, stk. 3, nr. 1-4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let law = match self.law {
            Law::Sel => "SEL",
            Law::Bl => "BL",
        };
        write!(f, "{law} § {}", self.paragraph)?;
        if let Some(s) = self.subsection {
            write!(f, ", stk. {s}")?;
        }
        match self.numbers {
            Some(Numbers::One(n)) => write!(f, ", nr. {n}"),
            Some(Numbers::Range(a, b)) => write!(f, ", nr. {a}-{b}"),
            None => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// Words the grammar cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Sel,
    Bl,
    /// First half of "Barnets Lov"; only a law name when `Lov` follows.
    Barnets,
    Lov,
    Stk,
    Nr,
    Og,
    Samt,
    Jf,
    /// A single letter a–h, as in `§ 52 a`; recognised only to reject it precisely.
    Letter,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// ASCII digits; the value saturates, so huge numbers are simply out of range.
    Number(u32),
    Section,
    Dot,
    Comma,
    Dash,
    Plus,
    Slash,
    Word(Word),
    /// Any other single character (brackets, quotes, symbols, stray unicode).
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    /// Byte offsets into the input; always on char boundaries.
    start: usize,
    end: usize,
}

/// Whitespace includes non-breaking spaces (Unicode White_Space does) and the invisible
/// joiners PDF extraction leaves behind.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Catalogues are typed in word processors that turn `-` into en dashes and friends.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}')
}

fn classify(word: &str) -> Word {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "sel" | "serviceloven" | "servicelovens" => Word::Sel,
        "bl" => Word::Bl,
        "barnets" => Word::Barnets,
        "lov" | "lovs" | "loven" => Word::Lov,
        "stk" | "stykke" => Word::Stk,
        "nr" | "nummer" => Word::Nr,
        "og" => Word::Og,
        "samt" => Word::Samt,
        "jf" | "jfr" => Word::Jf,
        _ if matches!(lower.as_bytes(), [b'a'..=b'h']) => Word::Letter,
        _ => Word::Other,
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_space(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if let Some(first) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            let mut value = first;
            while let Some(&(i, d)) = chars.peek() {
                let Some(digit) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else { break };
                value = value.saturating_mul(10).saturating_add(digit);
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Number(value)
        } else if c.is_alphabetic() {
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Word(classify(text.get(start..end).unwrap_or_default()))
        } else {
            match c {
                '§' => Kind::Section,
                '.' => Kind::Dot,
                ',' => Kind::Comma,
                '+' => Kind::Plus,
                '/' => Kind::Slash,
                _ if is_dash(c) => Kind::Dash,
                _ => Kind::Other,
            }
        };
        tokens.push(Token { kind, start, end });
    }
    tokens
}

// ---------------------------------------------------------------------------------------------
// Parser

/// How deep a reference goes; a bare-number continuation picks up at one of these levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Paragraph,
    Subsection,
    Number,
}

fn is_separator(kind: Kind) -> bool {
    matches!(kind, Kind::Comma | Kind::Plus | Kind::Slash | Kind::Word(Word::Og | Word::Samt))
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, tokens: tokenize(text), pos: 0 }
    }

    fn kind(&self, offset: usize) -> Option<Kind> {
        self.tokens.get(self.pos.saturating_add(offset)).map(|t| t.kind)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn bump(&mut self) {
        if !self.at_end() {
            self.pos += 1;
        }
    }

    fn error(&self, expected: &'static str) -> LegalRefError {
        self.error_at(self.pos, expected)
    }

    fn error_at(&self, index: usize, expected: &'static str) -> LegalRefError {
        match self.tokens.get(index) {
            Some(token) => LegalRefError { position: token.start, expected, found: self.text.get(token.start..token.end).unwrap_or_default().to_owned() },
            None => LegalRefError { position: self.text.len(), expected, found: END_OF_INPUT.to_owned() },
        }
    }

    /// Byte offset where the current token starts (input length at the end).
    fn start_byte(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.text.len(), |t| t.start)
    }

    /// Byte offset where the last consumed token ends.
    fn end_byte(&self) -> usize {
        self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)).map_or(0, |t| t.end)
    }

    fn at_ref_start(&self) -> bool {
        match self.kind(0) {
            Some(Kind::Section | Kind::Word(Word::Sel | Word::Bl)) => true,
            Some(Kind::Word(Word::Barnets)) => self.kind(1) == Some(Kind::Word(Word::Lov)),
            _ => false,
        }
    }

    /// `stk`/`nr` here, optionally behind a `,` or `.` (`§ 52, stk. 3`, `§ 32.stk.1`).
    fn at_keyword(&self, word: Word) -> bool {
        self.kind(0) == Some(Kind::Word(word)) || (matches!(self.kind(0), Some(Kind::Comma | Kind::Dot)) && self.kind(1) == Some(Kind::Word(word)))
    }

    /// Consumes what `at_keyword` saw, plus the abbreviation dot if any.
    fn consume_keyword(&mut self) {
        if matches!(self.kind(0), Some(Kind::Comma | Kind::Dot)) {
            self.bump();
        }
        self.bump();
        if self.kind(0) == Some(Kind::Dot) {
            self.bump();
        }
    }

    /// `Sel. § 34`, `BL. § 12`: an abbreviation dot between a law name and its `§`. Only before
    /// `§`, so that a sentence ending in a law name (`… jf. SEL. Næste`) keeps its full stop.
    fn skip_abbreviation_dot(&mut self) {
        if self.kind(0) == Some(Kind::Dot) && self.kind(1) == Some(Kind::Section) {
            self.bump();
        }
    }

    fn parse_law(&mut self) -> Option<Law> {
        match self.kind(0) {
            Some(Kind::Word(Word::Sel)) => {
                self.bump();
                self.skip_abbreviation_dot();
                Some(Law::Sel)
            }
            Some(Kind::Word(Word::Bl)) => {
                self.bump();
                self.skip_abbreviation_dot();
                Some(Law::Bl)
            }
            Some(Kind::Word(Word::Barnets)) if self.kind(1) == Some(Kind::Word(Word::Lov)) => {
                self.bump();
                self.bump();
                Some(Law::Bl)
            }
            _ => None,
        }
    }

    /// Whole input as a list of references, each with its byte span.
    fn parse_all(&mut self) -> Result<Vec<(LegalRef, Range<usize>)>, LegalRefError> {
        if self.at_end() {
            return Err(self.error(EXPECTED_ANY_REFERENCE));
        }
        // Titles cite with "jf."; accepting it here lets callers pass the cited part as is.
        if self.kind(0) == Some(Kind::Word(Word::Jf)) {
            self.bump();
            if self.kind(0) == Some(Kind::Dot) {
                self.bump();
            }
        }
        let mut refs: Vec<(LegalRef, Range<usize>)> = Vec::new();
        loop {
            if !refs.is_empty() {
                if self.at_end() {
                    break;
                }
                // A sentence may end right after the reference.
                if self.kind(0) == Some(Kind::Dot) && self.kind(1).is_none() {
                    self.bump();
                    break;
                }
                let mut separated = false;
                while self.kind(0).is_some_and(is_separator) {
                    self.bump();
                    separated = true;
                }
                if separated {
                    if self.at_end() {
                        return Err(self.error(EXPECTED_REF_AFTER_SEPARATOR));
                    }
                } else if !self.at_ref_start() {
                    let ranged = self.kind(0) == Some(Kind::Dash) && matches!(self.kind(1), Some(Kind::Number(_)));
                    return Err(self.error(if ranged { EXPECTED_NO_RANGE } else { EXPECTED_SEPARATOR }));
                }
            }
            let start = self.start_byte();
            let previous = refs.last().map(|(r, _)| r);
            let legal_ref = self.parse_ref(previous)?;
            refs.push((legal_ref, start..self.end_byte()));
        }
        Ok(refs)
    }

    /// The longest run of references starting here, for picking them out of a title.
    /// Returns `None` (and leaves the position alone) if not even the first one parses.
    fn parse_group(&mut self, previous: Option<&LegalRef>) -> Option<(Vec<LegalRef>, Range<usize>)> {
        let begin = self.pos;
        let start = self.start_byte();
        let Ok(first) = self.parse_ref(previous) else {
            self.pos = begin;
            return None;
        };
        let mut group = vec![first];
        let mut end = self.end_byte();
        loop {
            let save = self.pos;
            let mut separated = false;
            while self.kind(0).is_some_and(is_separator) {
                self.bump();
                separated = true;
            }
            if !separated && !self.at_ref_start() {
                self.pos = save;
                break;
            }
            let explicit = self.at_ref_start();
            match self.parse_ref(group.last()) {
                // A bare number in running text ("jf. SEL § 11, 8 samtaler") is only a
                // continuation if the text does not carry on with more words or numbers.
                Ok(next) if explicit || self.at_group_boundary() => {
                    group.push(next);
                    end = self.end_byte();
                }
                _ => {
                    self.pos = save;
                    break;
                }
            }
        }
        Some((group, start..end))
    }

    fn at_group_boundary(&self) -> bool {
        match self.kind(0) {
            None => true,
            Some(Kind::Number(_)) => false,
            Some(kind @ Kind::Word(_)) => is_separator(kind) || self.at_ref_start(),
            Some(_) => true,
        }
    }

    /// One reference. `previous` supplies the law and, for bare-number continuations, the
    /// levels above the number.
    fn parse_ref(&mut self, previous: Option<&LegalRef>) -> Result<LegalRef, LegalRefError> {
        let law = self.parse_law();
        let mut section_signs = 0;
        // "§§" is the plural sign, also used (loosely) for a single reference.
        while section_signs < 2 && self.kind(0) == Some(Kind::Section) {
            self.bump();
            section_signs += 1;
        }
        if law.is_some() || section_signs > 0 {
            let law = law.or(previous.map(LegalRef::law)).unwrap_or(Law::Sel);
            return self.parse_from_paragraph(law);
        }
        let Some(previous) = previous else {
            return Err(self.error(EXPECTED_REF_START));
        };
        if !matches!(self.kind(0), Some(Kind::Number(_))) {
            return Err(self.error(EXPECTED_REF_AFTER_SEPARATOR));
        }
        match self.continuation_level(previous) {
            Level::Paragraph => self.parse_from_paragraph(previous.law),
            Level::Subsection => self.parse_from_subsection(previous.law, previous.paragraph),
            Level::Number => {
                let numbers = self.parse_numbers()?;
                Ok(LegalRef::new(previous.law, previous.paragraph, previous.subsection, Some(numbers)))
            }
        }
    }

    /// Which level a bare number (the current token) fills in: what its own notation leaves
    /// open, else the deepest level of the previous reference.
    fn continuation_level(&self, previous: &LegalRef) -> Level {
        let dotted = self.kind(1) == Some(Kind::Dot) && matches!(self.kind(2), Some(Kind::Number(_)));
        let keyword = match (self.kind(1), self.kind(2)) {
            (Some(Kind::Word(word)), _) | (Some(Kind::Comma | Kind::Dot), Some(Kind::Word(word))) => Some(word),
            _ => None,
        };
        if dotted || keyword == Some(Word::Stk) {
            Level::Paragraph
        } else if keyword == Some(Word::Nr) {
            if previous.subsection.is_some() { Level::Subsection } else { Level::Paragraph }
        } else if previous.numbers.is_some() {
            Level::Number
        } else if previous.subsection.is_some() {
            Level::Subsection
        } else {
            Level::Paragraph
        }
    }

    fn parse_from_paragraph(&mut self, law: Law) -> Result<LegalRef, LegalRefError> {
        let paragraph = self.expect_number(MAX_PARAGRAPH, EXPECTED_PARAGRAPH, EXPECTED_PARAGRAPH_RANGE)?;
        if self.kind(0) == Some(Kind::Word(Word::Letter)) {
            return Err(self.error(EXPECTED_NO_LETTER));
        }
        // Dotted shorthand: § 52.3.3, § 11.7 (and § 52.3 nr. 3, which falls through to nr.).
        if self.kind(0) == Some(Kind::Dot) && matches!(self.kind(1), Some(Kind::Number(_))) {
            self.bump();
            let subsection = self.expect_number(MAX_PART, EXPECTED_SUBSECTION, EXPECTED_SUBSECTION_RANGE)?;
            if self.kind(0) == Some(Kind::Dot) && matches!(self.kind(1), Some(Kind::Number(_))) {
                self.bump();
                let numbers = self.parse_numbers()?;
                return Ok(LegalRef::new(law, paragraph, Some(subsection), Some(numbers)));
            }
            return self.parse_number_tail(law, paragraph, Some(subsection));
        }
        if self.at_keyword(Word::Stk) {
            self.consume_keyword();
            return self.parse_from_subsection(law, paragraph);
        }
        self.parse_number_tail(law, paragraph, None)
    }

    fn parse_from_subsection(&mut self, law: Law, paragraph: u16) -> Result<LegalRef, LegalRefError> {
        let subsection = self.expect_number(MAX_PART, EXPECTED_SUBSECTION, EXPECTED_SUBSECTION_RANGE)?;
        self.parse_number_tail(law, paragraph, Some(subsection))
    }

    /// Optional `nr. …` after paragraph/subsection.
    fn parse_number_tail(&mut self, law: Law, paragraph: u16, subsection: Option<u16>) -> Result<LegalRef, LegalRefError> {
        if !self.at_keyword(Word::Nr) {
            return Ok(LegalRef::new(law, paragraph, subsection, None));
        }
        self.consume_keyword();
        let numbers = self.parse_numbers()?;
        Ok(LegalRef::new(law, paragraph, subsection, Some(numbers)))
    }

    /// `3` or `1-4`.
    fn parse_numbers(&mut self) -> Result<Numbers, LegalRefError> {
        let first_index = self.pos;
        let first = self.expect_number(MAX_PART, EXPECTED_NUMBER, EXPECTED_NUMBER_RANGE)?;
        if !(self.kind(0) == Some(Kind::Dash) && matches!(self.kind(1), Some(Kind::Number(_)))) {
            return Ok(Numbers::One(first));
        }
        self.bump();
        let last = self.expect_number(MAX_PART, EXPECTED_NUMBER, EXPECTED_NUMBER_RANGE)?;
        if first >= last {
            let start = self.tokens.get(first_index).map_or(0, |t| t.start);
            return Err(LegalRefError {
                position: start,
                expected: EXPECTED_INCREASING_RANGE,
                found: self.text.get(start..self.end_byte()).unwrap_or_default().to_owned(),
            });
        }
        Ok(Numbers::Range(first, last))
    }

    /// A number in 1..=max, or an error naming what was missing / out of range.
    fn expect_number(&mut self, max: u32, missing: &'static str, out_of_range: &'static str) -> Result<u16, LegalRefError> {
        let Some(Kind::Number(value)) = self.kind(0) else {
            return Err(self.error(missing));
        };
        match u16::try_from(value) {
            Ok(number) if (1..=max).contains(&value) => {
                self.bump();
                Ok(number)
            }
            _ => Err(self.error(out_of_range)),
        }
    }
}

fn parse_spanned(text: &str) -> Result<Vec<(LegalRef, Range<usize>)>, LegalRefError> {
    Parser::new(text).parse_all()
}

// ---------------------------------------------------------------------------------------------
// Title names

/// The title with the reference spans cut out, each cut's edges cleaned of the glue that
/// belonged to the reference (`, jf.` before it, `.`/`,` after it, wrapping brackets).
fn name_around(title: &str, spans: &[Range<usize>]) -> String {
    let mut pieces: Vec<&str> = Vec::with_capacity(spans.len() + 1);
    let mut cursor = 0;
    for span in spans {
        pieces.push(title.get(cursor..span.start).unwrap_or_default());
        cursor = span.end;
    }
    pieces.push(title.get(cursor..).unwrap_or_default());

    let last = pieces.len().saturating_sub(1);
    let mut cleaned: Vec<&str> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let piece = if i > 0 { strip_leading_glue(piece) } else { piece };
            // The last piece too: a reference may leave a dangling `jf. BL` or `jf.` behind.
            strip_trailing_glue(piece)
        })
        .collect();
    // "Navn (jf. SEL § 11)": the brackets only wrapped the reference.
    for i in 0..last {
        if let (Some(before), Some(after)) = (cleaned.get(i).and_then(|p| p.strip_suffix('(')), cleaned.get(i + 1).and_then(|p| p.strip_prefix(')'))) {
            cleaned[i] = strip_trailing_glue(before);
            cleaned[i + 1] = strip_leading_glue(after);
        }
    }
    collapse_whitespace(&cleaned.join(" "))
}

/// Strips what a legal reference leaves at the end of a name once its `§` part is cut out or
/// unreadable: `, jf.`, `jf. Sel.`, `jf. SEL`, `jf. BL`, a dangling `Barnets Lov`. Used for the
/// names of catalogue titles.
pub fn strip_reference_residue(text: &str) -> &str {
    strip_trailing_glue(text)
}

fn strip_trailing_glue(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_end_matches(|c: char| is_space(c) || is_dash(c) || matches!(c, ',' | ';' | ':'));
        let trimmed = strip_jf_suffix(trimmed);
        let trimmed = strip_law_suffix(trimmed);
        if trimmed.len() == text.len() {
            return trimmed;
        }
        text = trimmed;
    }
}

fn strip_leading_glue(text: &str) -> &str {
    text.trim_start_matches(|c: char| is_space(c) || is_dash(c) || matches!(c, ',' | ';' | ':' | '.'))
}

/// Removes a trailing law name (`SEL`, `Sel.`, `BL`, `Serviceloven`, `Barnets Lov`, any case)
/// if it is a whole word: the `§` it introduced is gone or was never written.
fn strip_law_suffix(text: &str) -> &str {
    let without_dot = text.strip_suffix('.').unwrap_or(text);
    for suffix in ["sel", "bl", "serviceloven", "servicelovens", "barnets lov"] {
        let cut = without_dot.len().saturating_sub(suffix.len());
        let (Some(head), Some(tail)) = (without_dot.get(..cut), without_dot.get(cut..)) else { continue };
        if tail.to_lowercase() == suffix && head.chars().next_back().is_some_and(|c| is_space(c) || matches!(c, ',' | '(' | ';')) {
            return head;
        }
    }
    text
}

/// Removes a trailing `jf.`/`jfr.` (any case) if it is a whole word.
fn strip_jf_suffix(text: &str) -> &str {
    for suffix in ["jf.", "jfr.", "jf", "jfr"] {
        let cut = text.len().saturating_sub(suffix.len());
        let (Some(head), Some(tail)) = (text.get(..cut), text.get(cut..)) else { continue };
        if tail.eq_ignore_ascii_case(suffix) && !head.chars().next_back().is_some_and(char::is_alphabetic) {
            return head;
        }
    }
    text
}

fn collapse_whitespace(text: &str) -> String {
    text.split(is_space).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sel(paragraph: u16, subsection: Option<u16>, numbers: Option<Numbers>) -> LegalRef {
        LegalRef::new(Law::Sel, paragraph, subsection, numbers)
    }

    fn bl(paragraph: u16, subsection: Option<u16>, numbers: Option<Numbers>) -> LegalRef {
        LegalRef::new(Law::Bl, paragraph, subsection, numbers)
    }

    fn one(text: &str) -> LegalRef {
        LegalRef::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn many(text: &str) -> Vec<LegalRef> {
        parse_refs(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn error(text: &str) -> LegalRefError {
        match parse_refs(text) {
            Ok(refs) => panic!("{text:?} should fail, got {refs:?}"),
            Err(e) => e,
        }
    }

    fn assert_error(text: &str, position: usize, expected: &str, found: &str) {
        let e = error(text);
        assert_eq!((e.position, e.expected, e.found.as_str()), (position, expected, found), "{text:?}");
    }

    // --- the notations from domain.md -----------------------------------------------------

    #[test]
    fn dotted_paragraph_subsection_number() {
        assert_eq!(one("§ 52.3.3"), sel(52, Some(3), Some(Numbers::One(3))));
    }

    #[test]
    fn dotted_paragraph_subsection() {
        assert_eq!(one("§ 11.7"), sel(11, Some(7), None));
    }

    #[test]
    fn law_name_without_section_sign() {
        assert_eq!(one("SEL 11"), sel(11, None, None));
    }

    #[test]
    fn section_sign_glued_to_number_and_comma_before_stk() {
        assert_eq!(one("SEL §71, stk. 2"), sel(71, Some(2), None));
    }

    #[test]
    fn stk_without_comma() {
        assert_eq!(one("§ 109 stk. 5"), sel(109, Some(5), None));
    }

    #[test]
    fn og_list_shares_law() {
        assert_eq!(many("SEL § 52.3.2 og 52.3.3"), vec![sel(52, Some(3), Some(Numbers::One(2))), sel(52, Some(3), Some(Numbers::One(3)))]);
    }

    #[test]
    fn double_section_sign() {
        assert_eq!(one("§§ 52 stk. 3, nr. 7"), sel(52, Some(3), Some(Numbers::One(7))));
    }

    #[test]
    fn dots_before_stk_and_nr() {
        assert_eq!(one("BL § 32.stk.1 nr.3"), bl(32, Some(1), Some(Numbers::One(3))));
    }

    #[test]
    fn range_then_juxtaposed_other_law() {
        assert_eq!(many("§ 11 stk. 3, nr. 1-4 BL § 30"), vec![sel(11, Some(3), Some(Numbers::Range(1, 4))), bl(30, None, None)]);
    }

    #[test]
    fn sel_and_bl_juxtaposed() {
        assert_eq!(many("§ 52 stk. 3 nr. 6 BL § 32 stk. 1 nr. 3"), vec![sel(52, Some(3), Some(Numbers::One(6))), bl(32, Some(1), Some(Numbers::One(3)))]);
    }

    #[test]
    fn plus_separator() {
        assert_eq!(many("§52.3.2 + 52.3.3"), vec![sel(52, Some(3), Some(Numbers::One(2))), sel(52, Some(3), Some(Numbers::One(3)))]);
    }

    #[test]
    fn canonical_commas() {
        assert_eq!(one("§ 52, stk. 3, nr. 3"), sel(52, Some(3), Some(Numbers::One(3))));
        assert_eq!(one("SEL § 52, stk. 3, nr. 3"), sel(52, Some(3), Some(Numbers::One(3))));
    }

    #[test]
    fn en_dash_range() {
        assert_eq!(one("§ 11 stk. 3, nr. 1–4"), sel(11, Some(3), Some(Numbers::Range(1, 4))));
        assert_eq!(one("§ 11 stk. 3 nr. 1 — 4"), sel(11, Some(3), Some(Numbers::Range(1, 4))));
    }

    #[test]
    fn spelled_out_law_names_any_case() {
        assert_eq!(one("Serviceloven § 11"), sel(11, None, None));
        assert_eq!(one("servicelovens § 52, stk. 3"), sel(52, Some(3), None));
        assert_eq!(one("SERVICELOVEN §11.7"), sel(11, Some(7), None));
        assert_eq!(one("Barnets Lov § 30"), bl(30, None, None));
        assert_eq!(one("barnets lov § 32, stk. 1, nr. 3"), bl(32, Some(1), Some(Numbers::One(3))));
        assert_eq!(one("Barnets Lovs § 75"), bl(75, None, None));
        assert_eq!(one("sel § 11"), sel(11, None, None));
        assert_eq!(one("bl 28"), bl(28, None, None));
    }

    #[test]
    fn stk_without_dot_optional_commas_and_odd_whitespace() {
        assert_eq!(one("§  52\u{a0}stk 3\tnr 3"), sel(52, Some(3), Some(Numbers::One(3))));
        assert_eq!(one(" \u{a0}SEL\u{202f}§\u{a0}71\nstk.\u{a0}3 "), sel(71, Some(3), None));
        assert_eq!(one("§ 52 Stk. 3 Nr. 6"), sel(52, Some(3), Some(Numbers::One(6))));
    }

    #[test]
    fn number_without_subsection() {
        assert_eq!(one("§ 5, nr. 2"), sel(5, None, Some(Numbers::One(2))));
    }

    #[test]
    fn dotted_subsection_then_nr() {
        assert_eq!(one("§ 52.3 nr. 7"), sel(52, Some(3), Some(Numbers::One(7))));
        assert_eq!(one("§ 52.3.1-4"), sel(52, Some(3), Some(Numbers::Range(1, 4))));
    }

    #[test]
    fn every_separator() {
        assert_eq!(many("§ 11 og § 45, § 54 samt § 76 / § 84 + § 114"), [11, 45, 54, 76, 84, 114].map(|p| sel(p, None, None)).to_vec());
        assert_eq!(many("§ 11, og § 45"), vec![sel(11, None, None), sel(45, None, None)]);
    }

    #[test]
    fn law_carries_over_to_the_next_reference() {
        assert_eq!(many("BL § 30 og § 28"), vec![bl(30, None, None), bl(28, None, None)]);
        assert_eq!(many("§ 11 og BL § 30 + § 29 samt SEL § 54"), vec![sel(11, None, None), bl(30, None, None), bl(29, None, None), sel(54, None, None)]);
    }

    #[test]
    fn bare_number_continues_the_deepest_level() {
        assert_eq!(many("§ 52.3.2 + 3"), vec![sel(52, Some(3), Some(Numbers::One(2))), sel(52, Some(3), Some(Numbers::One(3)))]);
        assert_eq!(many("§ 71, stk. 2 og 3"), vec![sel(71, Some(2), None), sel(71, Some(3), None)]);
        assert_eq!(many("§§ 11 og 45"), vec![sel(11, None, None), sel(45, None, None)]);
        assert_eq!(many("BL § 32, stk. 1, nr. 1-2 og 4"), vec![bl(32, Some(1), Some(Numbers::Range(1, 2))), bl(32, Some(1), Some(Numbers::One(4)))]);
        assert_eq!(many("§ 71 stk. 2 og 3 nr. 1"), vec![sel(71, Some(2), None), sel(71, Some(3), Some(Numbers::One(1)))]);
        assert_eq!(many("§ 11 og 52 stk. 3"), vec![sel(11, None, None), sel(52, Some(3), None)]);
    }

    #[test]
    fn leading_jf_and_trailing_full_stop() {
        assert_eq!(one("jf. SEL § 11.7"), sel(11, Some(7), None));
        assert_eq!(one("Jf SEL § 11."), sel(11, None, None));
        assert_eq!(many("§ 52.3.2 og 52.3."), vec![sel(52, Some(3), Some(Numbers::One(2))), sel(52, Some(3), None)]);
    }

    #[test]
    fn from_str_delegates_to_parse() {
        assert_eq!("SEL § 52.3.3".parse::<LegalRef>(), Ok(sel(52, Some(3), Some(Numbers::One(3)))));
        assert!("§ 11 og § 12".parse::<LegalRef>().is_err());
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(one("§ 52.3.3").to_string(), "SEL § 52, stk. 3, nr. 3");
        assert_eq!(one("BL § 30").to_string(), "BL § 30");
        assert_eq!(one("§ 11 stk 3 nr 1–4").to_string(), "SEL § 11, stk. 3, nr. 1-4");
    }

    #[test]
    fn format_refs_joins_with_og() {
        assert_eq!(format_refs(&[]), "");
        let refs = many("§ 52 stk. 3 nr. 6 BL § 32 stk. 1 nr. 3");
        assert_eq!(format_refs(&refs), "SEL § 52, stk. 3, nr. 6 og BL § 32, stk. 1, nr. 3");
    }

    #[test]
    fn order_is_law_paragraph_subsection_numbers() {
        let mut refs = many("BL § 28 og SEL § 52.3.3 og § 11.7 og § 11 og § 52.3.2 og § 52.3.1-4 og § 52.3");
        refs.sort();
        assert_eq!(
            format_refs(&refs),
            // Derived order: a single nr. sorts before any range (variant order of `Numbers`).
            "SEL § 11 og SEL § 11, stk. 7 og SEL § 52, stk. 3 og SEL § 52, stk. 3, nr. 2 og \
             SEL § 52, stk. 3, nr. 3 og SEL § 52, stk. 3, nr. 1-4 og BL § 28"
        );
    }

    // --- errors ---------------------------------------------------------------------------

    #[test]
    fn empty_input_is_an_error() {
        assert_error("", 0, EXPECTED_ANY_REFERENCE, END_OF_INPUT);
        assert_error(" \u{a0} ", 4, EXPECTED_ANY_REFERENCE, END_OF_INPUT);
        assert_eq!(LegalRef::parse("").map_err(|e| e.position), Err(0));
    }

    #[test]
    fn must_start_with_section_sign_or_law() {
        assert_error("52.3.3", 0, EXPECTED_REF_START, "52");
        assert_error("Familiebehandling", 0, EXPECTED_REF_START, "Familiebehandling");
        assert_error("Barnets § 30", 0, EXPECTED_REF_START, "Barnets");
    }

    #[test]
    fn missing_numbers() {
        // "§" is two bytes.
        assert_error("SEL §", 6, EXPECTED_PARAGRAPH, END_OF_INPUT);
        assert_error("SEL BL § 30", 4, EXPECTED_PARAGRAPH, "BL");
        assert_error("§§§ 11", 4, EXPECTED_PARAGRAPH, "§");
        assert_error("§ 52 stk.", 10, EXPECTED_SUBSECTION, END_OF_INPUT);
        assert_error("§ 52 stk. 3 nr. x", 17, EXPECTED_NUMBER, "x");
    }

    #[test]
    fn out_of_range_numbers() {
        assert_error("§ 0", 3, EXPECTED_PARAGRAPH_RANGE, "0");
        assert_error("§ 1000", 3, EXPECTED_PARAGRAPH_RANGE, "1000");
        assert_error("§ 99999999999999999999", 3, EXPECTED_PARAGRAPH_RANGE, "99999999999999999999");
        assert_error("§ 52 stk. 100", 11, EXPECTED_SUBSECTION_RANGE, "100");
        assert_error("§ 52.0", 6, EXPECTED_SUBSECTION_RANGE, "0");
        assert_error("§ 52.3.100", 8, EXPECTED_NUMBER_RANGE, "100");
        assert_error("§ 71 stk. 2 og 100", 16, EXPECTED_SUBSECTION_RANGE, "100");
    }

    #[test]
    fn ranges_must_increase() {
        assert_error("§ 11 stk. 3 nr. 4-1", 17, EXPECTED_INCREASING_RANGE, "4-1");
        assert_error("§ 11 stk. 3 nr. 3 – 3", 17, EXPECTED_INCREASING_RANGE, "3 – 3");
    }

    #[test]
    fn ranges_only_for_numbers() {
        assert_error("§ 11 stk. 1-3", 12, EXPECTED_NO_RANGE, "-");
        assert_error("§§ 52-54", 7, EXPECTED_NO_RANGE, "-");
    }

    #[test]
    fn letter_paragraphs_are_rejected() {
        assert_error("§ 52 a", 6, EXPECTED_NO_LETTER, "a");
        assert_error("§ 52a, stk. 1", 5, EXPECTED_NO_LETTER, "a");
    }

    #[test]
    fn dangling_separator_and_junk() {
        assert_error("§ 11 og", 8, EXPECTED_REF_AFTER_SEPARATOR, END_OF_INPUT);
        assert_error("§ 11 og stk. 3", 9, EXPECTED_REF_AFTER_SEPARATOR, "stk");
        assert_error("§ 11 xyz", 6, EXPECTED_SEPARATOR, "xyz");
        assert_error("§ 11 12", 6, EXPECTED_SEPARATOR, "12");
        assert_error("§ 11 ☃", 6, EXPECTED_SEPARATOR, "☃");
        assert_error("§ 52.3.3.1", 9, EXPECTED_SEPARATOR, ".");
    }

    #[test]
    fn parse_wants_exactly_one() {
        let e = LegalRef::parse("SEL § 52.3.2 og 52.3.3").expect_err("two references");
        assert_eq!((e.position, e.expected, e.found.as_str()), (14, EXPECTED_EXACTLY_ONE, "og 52.3.3"));
        let e = LegalRef::parse("§ 30 BL § 30").expect_err("two references");
        assert_eq!((e.position, e.found.as_str()), (6, "BL § 30"));
        // Errors of the list itself come through unchanged.
        assert_eq!(LegalRef::parse("§ 11 og").map_err(|e| e.expected), Err(EXPECTED_REF_AFTER_SEPARATOR));
    }

    // --- titles ---------------------------------------------------------------------------

    fn title(text: &str) -> (String, String) {
        let (name, refs) = split_title(text);
        (name, format_refs(&refs))
    }

    #[test]
    fn split_titles_from_the_familiehuset_catalogue() {
        let cases = [
            (" Rådgivning og vejledning, jf. SEL § 11.7 ", "Rådgivning og vejledning", "SEL § 11, stk. 7"),
            (" Familiebehandling jf. SEL § 52.3.3 ", "Familiebehandling", "SEL § 52, stk. 3, nr. 3"),
            (
                " Individuelle samtaler (behandling) til børn og unge, jf. SEL § 52.3.3 ",
                "Individuelle samtaler (behandling) til børn og unge",
                "SEL § 52, stk. 3, nr. 3",
            ),
            (" Psykologbehandling til børn på krisecenter, jf. SEL § 109 stk. 5 ", "Psykologbehandling til børn på krisecenter", "SEL § 109, stk. 5"),
            (" Praktisk, pædagogisk støtte i hjemmet, jf. SEL § 52.3.2 ", "Praktisk, pædagogisk støtte i hjemmet", "SEL § 52, stk. 3, nr. 2"),
            (
                " Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til \n\n\
                 gravide og spæd/småbørnsforældre jf. SEL § 52.3.2 og 52.3.3 ",
                "Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til gravide og \
                 spæd/småbørnsforældre",
                "SEL § 52, stk. 3, nr. 2 og SEL § 52, stk. 3, nr. 3",
            ),
            (" Supervision af plejefamilier, jf. SEL § 52.3.7 ", "Supervision af plejefamilier", "SEL § 52, stk. 3, nr. 7"),
            (" Støttet samvær, jf. SEL §71, stk. 2 ", "Støttet samvær", "SEL § 71, stk. 2"),
            (" Overvåget samvær, jf. SEL §71, stk. 3 ", "Overvåget samvær", "SEL § 71, stk. 3"),
            (" Krisehjælp, jf. SEL §11 ", "Krisehjælp", "SEL § 11"),
            (
                " Børnegruppen – for børn med søskende med et diagnosticeret handicap, jf. \nSEL §11.3 ",
                "Børnegruppen – for børn med søskende med et diagnosticeret handicap",
                "SEL § 11, stk. 3",
            ),
            (" Cool Kids - angstgruppebehandling, jf. SEL §11 ", "Cool Kids - angstgruppebehandling", "SEL § 11"),
            (" Efterfødselssamtaler – et tilbud, jf. SEL 11 ", "Efterfødselssamtaler – et tilbud", "SEL § 11"),
            (" SES - samarbejde efter skilsmisse, jf. SEL 11  ", "SES - samarbejde efter skilsmisse", "SEL § 11"),
        ];
        for (text, name, refs) in cases {
            assert_eq!(title(text), (name.to_owned(), refs.to_owned()), "{text:?}");
        }
    }

    #[test]
    fn split_title_keeps_status_words_in_the_name() {
        assert_eq!(title("Familiebehandling (Udgået) jf. SEL § 52.3.3"), ("Familiebehandling (Udgået)".into(), "SEL § 52, stk. 3, nr. 3".into()));
        assert_eq!(title("Familiebehandling jf. SEL § 52.3.3 (Udgået)"), ("Familiebehandling (Udgået)".into(), "SEL § 52, stk. 3, nr. 3".into()));
        assert_eq!(title("Udgået - Krisehjælp, jf. SEL §11."), ("Udgået - Krisehjælp".into(), "SEL § 11".into()));
    }

    #[test]
    fn split_title_other_shapes() {
        // No "jf.", law spelled out, both laws, brackets around the reference.
        assert_eq!(title("Aflastning Barnets Lov § 32, stk. 1, nr. 3"), ("Aflastning".into(), "BL § 32, stk. 1, nr. 3".into()));
        assert_eq!(
            title("Praktisk støtte jf. § 52 stk. 3 nr. 6 BL § 32 stk. 1 nr. 3"),
            ("Praktisk støtte".into(), "SEL § 52, stk. 3, nr. 6 og BL § 32, stk. 1, nr. 3".into())
        );
        assert_eq!(title("Rådgivning (jf. servicelovens § 11) for forældre"), ("Rådgivning for forældre".into(), "SEL § 11".into()));
        // A bare number in running text is not taken as another reference.
        assert_eq!(title("Krisehjælp jf. SEL § 11, 5 samtaler"), ("Krisehjælp 5 samtaler".into(), "SEL § 11".into()));
        // An intensive dagbehandling title using "+".
        assert_eq!(
            title("Intensiv dagbehandling jf. § 52.3.2 + 3"),
            ("Intensiv dagbehandling".into(), "SEL § 52, stk. 3, nr. 2 og SEL § 52, stk. 3, nr. 3".into())
        );
    }

    #[test]
    fn split_title_strips_reference_residue_from_the_name() {
        // A law name with an abbreviation dot before its §, in any case.
        assert_eq!(title("Familiebehandling jf. Sel. § 52.3.3"), ("Familiebehandling".into(), "SEL § 52, stk. 3, nr. 3".into()));
        assert_eq!(title("Familiebehandling jf. SEL. § 52.3.3"), ("Familiebehandling".into(), "SEL § 52, stk. 3, nr. 3".into()));
        // Residue after the reference: a second law named without its §, a lone `jf.`.
        assert_eq!(title("Aflastning jf. SEL § 52.3.6 jf. BL"), ("Aflastning".into(), "SEL § 52, stk. 3, nr. 6".into()));
        assert_eq!(title("Aflastning, SEL § 52.3.6, jf."), ("Aflastning".into(), "SEL § 52, stk. 3, nr. 6".into()));
        assert_eq!(strip_reference_residue("Rådgivning jf. Sel."), "Rådgivning");
        assert_eq!(strip_reference_residue("Rådgivning, jf. Barnets Lov"), "Rådgivning");
        assert_eq!(strip_reference_residue("Cool Kids"), "Cool Kids");
        assert_eq!(strip_reference_residue("Mobil"), "Mobil");
    }

    #[test]
    fn a_law_written_before_a_later_paragraph_is_that_paragraphs_law() {
        assert_eq!(title("Netværk BL § 12 jf. Sel. § 34 stk. 1"), ("Netværk".into(), "BL § 12 og SEL § 34, stk. 1".into()));
        assert_eq!(title("Netværk SEL § 11 jf. BL. § 30"), ("Netværk".into(), "SEL § 11 og BL § 30".into()));
    }

    #[test]
    fn split_title_without_reference() {
        assert_eq!(split_title("  Åben rådgivning  "), ("Åben rådgivning".to_owned(), vec![]));
        assert_eq!(split_title("Opfølgning efter 3 måneder jf. handleplanens mål"), ("Opfølgning efter 3 måneder jf. handleplanens mål".to_owned(), vec![]));
        // Invalid references are not half-read: § 52 a is not § 52.
        assert_eq!(split_title("Tilbud jf. § 52 a"), ("Tilbud jf. § 52 a".to_owned(), vec![]));
        assert_eq!(split_title(""), (String::new(), vec![]));
        assert_eq!(split_title("Selvhjælp"), ("Selvhjælp".to_owned(), vec![]));
    }

    // --- properties -----------------------------------------------------------------------

    fn law_strategy() -> impl Strategy<Value = Law> {
        prop_oneof![Just(Law::Sel), Just(Law::Bl)]
    }

    fn numbers_strategy() -> impl Strategy<Value = Numbers> {
        prop_oneof![(1u16..=99).prop_map(Numbers::One), (1u16..=98).prop_flat_map(|a| (Just(a), (a + 1)..=99)).prop_map(|(a, b)| Numbers::Range(a, b)),]
    }

    fn legal_ref_strategy() -> impl Strategy<Value = LegalRef> {
        (law_strategy(), 1u16..=999, proptest::option::of(1u16..=99), proptest::option::of(numbers_strategy()))
            .prop_map(|(law, paragraph, subsection, numbers)| LegalRef::new(law, paragraph, subsection, numbers))
    }

    /// Errors must point into the input at a char boundary (or at its end).
    fn check_error_position(text: &str, result: &Result<Vec<LegalRef>, LegalRefError>) {
        if let Err(e) = result {
            assert!(e.position <= text.len() && text.is_char_boundary(e.position), "{text:?}: {e:?}");
        }
    }

    const PIECES: &[&str] = &[
        "§", "§§", "stk.", "stk", "nr.", "nr", ".", ",", "og", "samt", "+", "/", "-", "–", "BL", "SEL", "Barnets", "Lov", "jf.", "a", " ", " ", "\u{a0}", "0",
        "1", "3", "52", "999", "1000", "x", "(",
    ];

    proptest! {
        #[test]
        fn display_then_parse_round_trips(legal_ref in legal_ref_strategy()) {
            prop_assert_eq!(LegalRef::parse(&legal_ref.to_string()), Ok(legal_ref));
        }

        #[test]
        fn format_refs_then_parse_refs_round_trips(refs in proptest::collection::vec(legal_ref_strategy(), 1..6)) {
            prop_assert_eq!(parse_refs(&format_refs(&refs)), Ok(refs));
        }

        #[test]
        fn split_title_finds_formatted_refs(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Familiebehandling", "Rådgivning", "og", "til", "børn", "(Udgået)", "Cool", "Kids",
                ]),
                1..5,
            ),
            refs in proptest::collection::vec(legal_ref_strategy(), 1..4),
        ) {
            let name = words.join(" ");
            let (found_name, found_refs) = split_title(&format!("{name}, jf. {}", format_refs(&refs)));
            prop_assert_eq!(found_name, name);
            prop_assert_eq!(found_refs, refs);
        }

        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>()) {
            let result = parse_refs(&text);
            check_error_position(&text, &result);
            let _ = LegalRef::parse(&text);
            let _ = split_title(&text);
        }

        #[test]
        fn never_panics_on_reference_like_text(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
            spaced in any::<bool>(),
        ) {
            let text = pieces.join(if spaced { " " } else { "" });
            let result = parse_refs(&text);
            check_error_position(&text, &result);
            if let Ok(refs) = &result {
                // Whatever parses must be valid and survive a round trip.
                prop_assert!(!refs.is_empty());
                let reparsed = parse_refs(&format_refs(refs));
                prop_assert_eq!(reparsed.as_ref(), Ok(refs));
            }
            let _ = split_title(&text);
        }
    }
}
