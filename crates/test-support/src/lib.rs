//! What the test suites of every Familiehus crate share, so that each does not keep its own copy:
//! the rule for parts that cannot run here (`require`), the catalogue fixture written for the
//! project (`fixtures`), the locator for the real seed documents beside the repository (`seeds`),
//! with the `database` feature, throwaway databases on both backends (`database`), and with
//! `pdf` the accessibility check of a produced PDF (`pdf`).
//!
//! Only ever a dev-dependency: nothing here is part of the product.

pub mod fixtures;
pub mod require;
pub mod seeds;

#[cfg(feature = "database")]
pub mod database;

#[cfg(feature = "pdf")]
pub mod pdf;

#[cfg(feature = "database")]
pub use database::TestDb;
