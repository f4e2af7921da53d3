//! The staff web application: server-rendered Danish HTML (askama templates in
//! `templates/staff/`, one base layout), no JavaScript. One file per page or page group; access
//! is decided by `crate::policy` before any handler here runs, and case-level need-to-know by
//! `crate::need_to_know`.

pub mod anonymous;
pub mod case_actions;
pub mod case_page;
pub mod cases;
pub mod catalogue;
pub mod errors;
pub mod fields;
pub mod front;
pub mod layout;
pub mod persons;
pub mod referral;
pub mod report;
pub mod users;
pub mod views;
pub mod waiting_list;

use crate::AppState;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(front::page))
        .route("/login", get(crate::auth::login::page).post(crate::auth::login::submit))
        .route("/logout", post(crate::auth::login::logout))
        .route("/static/staff.css", get(stylesheet))
        .route("/sager", get(cases::list))
        .route("/sager/{id}", get(case_page::page))
        .route("/sager/{id}/start", post(case_actions::start))
        .route("/sager/{id}/afslut", post(case_actions::close))
        .route("/sager/{id}/genaabn", post(case_actions::reopen))
        .route("/sager/{id}/tildel", post(case_actions::assign))
        .route("/indsatser/{id}/venteliste", get(waiting_list::page_handler))
        .route("/henvisning", get(referral::page).post(referral::submit))
        .route("/personer", get(persons::search))
        .route("/personer/{id}", get(persons::page_handler))
        .route("/rapport", get(report::page))
        .route("/anonym", get(anonymous::page).post(anonymous::submit))
        .route("/brugere", get(users::page).post(users::create))
        .route("/brugere/{id}", get(users::edit_page).post(users::update))
        .route("/brugere/{id}/aktiv", post(users::set_active))
        .route("/katalog", get(catalogue::list::page))
        .route("/katalog/ny", get(catalogue::form::new_page).post(catalogue::form::create))
        .route("/katalog/import", get(catalogue::import::page).post(catalogue::import::upload))
        .route("/katalog/import/godkend", post(catalogue::import::accept))
        .route("/katalog/{id}", get(catalogue::service::page))
        .route("/katalog/{id}/rediger", get(catalogue::form::edit_page).post(catalogue::form::update))
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], include_str!("../../static/staff.css"))
}
