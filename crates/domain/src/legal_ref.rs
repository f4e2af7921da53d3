//! Legal references (`LegalRef`): parsing every notation seen in Danish catalogues for
//! Serviceloven (SEL) and Barnets Lov (BL), and printing them canonically.
//! STUB: the real parser is being written; the public API below is the contract.

use serde::{Deserialize, Serialize};
use std::fmt;

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

impl LegalRef {
    pub fn new(law: Law, paragraph: u16, subsection: Option<u16>, numbers: Option<Numbers>) -> Self {
        Self { law, paragraph, subsection, numbers }
    }
    pub fn law(&self) -> Law { self.law }
    pub fn paragraph(&self) -> u16 { self.paragraph }
    pub fn subsection(&self) -> Option<u16> { self.subsection }
    pub fn numbers(&self) -> Option<Numbers> { self.numbers }

    /// Parses text holding exactly one reference.
    pub fn parse(text: &str) -> Result<LegalRef, LegalRefError> {
        let mut all = parse_refs(text)?;
        if all.len() == 1 {
            Ok(all.remove(0))
        } else {
            Err(LegalRefError { position: 0, expected: "exactly one reference", found: text.to_owned() })
        }
    }
}

/// Parses text holding one or more references (`SEL § 52.3.2 og 52.3.3`, `§ 11 stk. 3, nr. 1-4 BL § 30`).
/// A reference without a law name takes the law of the previous one, SEL if none.
pub fn parse_refs(text: &str) -> Result<Vec<LegalRef>, LegalRefError> {
    Err(LegalRefError { position: 0, expected: "a legal reference", found: text.to_owned() })
}

/// Splits a catalogue title into the service name and its references:
/// `Familiebehandling jf. SEL § 52.3.3` → (`Familiebehandling`, [SEL § 52, stk. 3, nr. 3]).
pub fn split_title(title: &str) -> (String, Vec<LegalRef>) {
    (title.trim().to_owned(), Vec::new())
}

impl fmt::Display for LegalRef {
    /// Canonical form: `SEL § 52, stk. 3, nr. 3`, `BL § 30`, `SEL § 11, stk. 3, nr. 1-4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let law = match self.law { Law::Sel => "SEL", Law::Bl => "BL" };
        write!(f, "{law} § {}", self.paragraph)?;
        if let Some(s) = self.subsection { write!(f, ", stk. {s}")?; }
        match self.numbers {
            Some(Numbers::One(n)) => write!(f, ", nr. {n}"),
            Some(Numbers::Range(a, b)) => write!(f, ", nr. {a}-{b}"),
            None => Ok(()),
        }
    }
}
