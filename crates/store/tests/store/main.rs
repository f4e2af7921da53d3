//! The store's test suite: every story runs on SQLite and on PostgreSQL.

mod access;
mod access_routes;
mod anonymous;
mod audit;
mod backup;
mod case_list;
mod cases;
mod catalogue;
mod consents;
mod cpr_at_rest;
mod family_attachments;
mod family_treatment;
mod front_queries;
mod groups;
mod import;
mod journal;
mod measurements;
mod need_to_know;
mod outcome;
mod report;
mod report_editions;
mod schema;
mod settings;
mod snapshots;
mod stored_deadlines;
mod stored_off_track;
