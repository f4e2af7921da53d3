//! The catalogue for staff: the list by unit and ladder step (also as of a past date), one
//! service with every field and its version history, the create/edit form with the legal-
//! reference reading, and the import of a catalogue's text with review before anything is saved.

pub mod access_routes;
pub mod form;
pub mod import;
pub mod list;
pub mod service;
