//! The store's test suite: every story runs on SQLite and on PostgreSQL.

mod helpers;
mod catalogue;
mod import;
mod access;
mod anonymous;
mod cases;
mod need_to_know;
mod report;
mod schema;
