//! Invented Danish names for demo and synthetic persons: common first names and surnames,
//! combined at random, so no real person is described.

use rand::Rng;
use rand::seq::IndexedRandom;

const FIRST: &[&str] = &[
    "Emma", "Ida", "Freja", "Clara", "Alma", "Ella", "Sofia", "Agnes", "Karla", "Olivia", "Laura", "Asta", "Lea", "Mathilde", "William", "Noah", "Oscar",
    "Lucas", "Carl", "Victor", "Alfred", "Malthe", "Emil", "Oliver", "Valdemar", "Aksel", "Magnus", "Elias",
];
const LAST: &[&str] = &[
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
];

pub(crate) fn random_name(rng: &mut impl Rng) -> String {
    let first = FIRST.choose(rng).copied().unwrap_or("Emma");
    let last = LAST.choose(rng).copied().unwrap_or("Jensen");
    format!("{first} {last}")
}
