//! The web crate's one integration test binary: the server on port 0 over a real store, driven
//! through HTTP. Every test runs on SQLite; the case lifecycle and the report also run on
//! PostgreSQL when `FAMILIEHUS_TEST_POSTGRES_URL` is set (see `helpers.rs`).

mod access_routes;
mod anonymous;
mod audit;
mod auth;
mod bad_input;
mod cases;
mod catalogue;
mod closure;
mod enquiries;
mod enquiry_api;
mod errors;
mod family;
mod family_treatment;
mod follow_ups;
mod forecast;
mod garbage;
mod groups;
mod helpers;
mod inbox;
mod insight;
mod journal;
mod measurements;
mod my_work;
mod one_answer;
mod openapi;
mod outcome;
mod pages;
mod persons;
mod public;
mod report_pages;
mod reports;
mod retention;
mod roles;
mod rule_sources;
mod security;
mod service_rules;
mod sessions;
mod settings;
mod staff_admin;
mod staff_catalogue;
mod status_reports;
mod use_cases;
mod waiting_list;
mod world;
