//! Data to start from: the demo municipality (catalogue, and cases whose 2022 report comes out
//! close to the real 2022 figures) and synthetic cases at scale for benchmarks.

mod access;
pub mod bulk;
pub mod catalogue;
mod consents;
pub mod demo;
mod family_treatment;
mod groups;
mod journal;
mod measurements;
mod names;
mod outcomes;
mod staff;
pub mod synthetic;

pub use catalogue::{Figures2022, load_demo_catalogue};
pub use demo::{DemoSummary, seed_demo};
pub use synthetic::{GenerateOptions, generate_cases};
