//! The web crate's browser tests: user stories in a real (headless) Chromium driven through
//! chromedriver, against the real server over a seeded demo database, with an axe-core
//! accessibility audit of every page a story visits. One file per feature; `harness.rs` owns
//! the browser and the server, `axe.rs` the audit.
//!
//! Run with `cargo xtask test -- -p familiehus-web --test browser` (which finds Chromium and
//! installs axe-core); without a browser every story is skipped (see `harness::Tools`).

mod axe;
mod case_course;
mod family_treatment;
mod groups_and_goals;
mod harness;
mod my_work;
mod outcome_report;
mod public_catalogue;
mod report_page;
mod self_referral;
mod staff_catalogue;
mod staff_flow;
