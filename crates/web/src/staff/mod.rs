//! The staff web application: server-rendered Danish HTML (askama templates in
//! `templates/staff/`, one base layout), no JavaScript. One file per page or page group; each
//! page's access is declared in `routes` below and enforced by `crate::policy` before any handler
//! here runs; case-level need-to-know by the use cases in `familiehus_app`.

pub mod admission;
pub mod anonymous;
pub mod anonymous_form;
pub mod anonymous_statistics;
pub mod case_actions;
pub mod case_attachments;
pub mod case_consent_view;
pub mod case_consents;
pub mod case_details;
pub mod case_family;
pub mod case_follow_up_view;
pub mod case_follow_ups;
pub mod case_journal;
pub mod case_list_view;
pub mod case_measurement_view;
pub mod case_measurements;
pub mod case_page;
pub mod case_status_report_view;
pub mod case_status_reports;
pub mod caseload;
pub mod cases;
pub mod catalogue;
pub mod close_confirm;
pub mod deadlines;
pub mod enquiries;
pub mod errors;
pub mod family_treatment;
pub mod family_treatment_view;
pub mod fields;
pub mod forecast_view;
pub mod front;
pub mod group_page;
pub mod groups;
pub mod holidays;
pub mod inbox;
pub mod insight;
pub mod layout;
pub mod off_track_view;
pub mod outcome_report;
pub mod persons;
pub mod reach;
pub mod referral;
pub mod report;
pub mod report_editions;
pub mod report_setup;
pub mod settings;
pub mod status_report_pdf;
pub mod synonyms;
pub mod users;
pub mod views;
pub mod waiting_list;

use crate::routes::Access::{Needs, Public, SignedIn};
use crate::routes::Route;
use axum::http::header;
use axum::response::IntoResponse;
use familiehus_domain::Permission::*;

/// The staff pages, each with what it requires (declared once: see `crate::routes`); signing
/// in and out is `crate::auth`'s.
pub fn routes() -> Vec<Route> {
    let mut list = vec![
        Route::get("/", SignedIn, front::page),
        Route::get("/static/staff.css", Public, stylesheet),
        Route::get("/sager", Needs(ReadCases), cases::list),
        Route::get("/mine-sager", Needs(ReadCases), cases::mine),
        Route::post("/sager/tildel", Needs(ChangeCases), cases::reassign),
        Route::get("/frister", Needs(ReadCases), deadlines::page),
        Route::get("/belastning", Needs(SeeCaseload), caseload::page),
        Route::get("/sager/{id}", Needs(ReadCases), case_page::page),
        Route::post("/sager/{id}/start", Needs(ChangeCases), case_actions::start),
        Route::post("/sager/{id}/afslut", Needs(ChangeCases), case_actions::close),
        Route::post("/sager/{id}/genaabn", Needs(ChangeCases), case_actions::reopen),
        Route::post("/sager/{id}/tildel", Needs(ChangeCases), case_actions::assign),
        Route::get("/sager/{id}/oplysninger", Needs(ChangeCases), case_details::page),
        Route::post("/sager/{id}/oplysninger", Needs(ChangeCases), case_details::save),
        Route::post("/sager/{id}/opfoelgning", Needs(ChangeCases), case_follow_ups::record),
        Route::post("/sager/{id}/samtykke", Needs(ChangeCases), case_consents::consent),
        Route::post("/sager/{id}/afgoerelse", Needs(ChangeCases), case_consents::decision),
        Route::post("/sager/{id}/maal", Needs(ChangeCases), case_measurements::add_goal),
        Route::post("/sager/{id}/maal/vurdering", Needs(ChangeCases), case_measurements::rate_goals),
        Route::post("/sager/{id}/maal/{goal}/afslut", Needs(ChangeCases), case_measurements::end_goal),
        Route::post("/sager/{id}/maalinger", Needs(ChangeCases), case_measurements::add_score),
        Route::post("/sager/{id}/journal", Needs(ChangeCases), case_journal::add),
        Route::get("/sager/{id}/familie", Needs(ReadCases), case_family::page),
        Route::post("/sager/{id}/familie", Needs(ChangeCases), case_family::add),
        Route::get("/sager/{id}/familie/{member}/ret", Needs(ChangeCases), case_family::edit_page),
        Route::post("/sager/{id}/familie/{member}/ret", Needs(ChangeCases), case_family::change),
        Route::post("/sager/{id}/familie/{member}/fjern", Needs(ChangeCases), case_family::remove),
        Route::upload("/sager/{id}/bilag", Needs(ChangeCases), case_attachments::UPLOAD_LIMIT, case_attachments::upload),
        Route::get("/sager/{id}/bilag/{attachment}", Needs(ReadCases), case_attachments::download),
        Route::get("/sager/{id}/journal/{entry}/ret", Needs(ChangeCases), case_journal::correct_page),
        Route::post("/sager/{id}/journal/{entry}/ret", Needs(ChangeCases), case_journal::correct),
        Route::get("/grupper", Needs(ReadCases), groups::list),
        Route::get("/grupper/ny", Needs(ChangeCases), groups::new_page),
        Route::post("/grupper/ny", Needs(ChangeCases), groups::create),
        Route::get("/grupper/{id}", Needs(ReadCases), group_page::page),
        Route::post("/grupper/{id}/optag", Needs(ChangeCases), group_page::enrol),
        Route::post("/grupper/{id}/forsamtale", Needs(ChangeCases), group_page::pre_talk),
        Route::post("/grupper/{id}/gange", Needs(ChangeCases), group_page::add_sessions),
        Route::post("/grupper/{id}/deltagere/{case}/stop", Needs(ChangeCases), group_page::end_participation),
        Route::get("/grupper/{id}/gange/{session}", Needs(ReadCases), group_page::session_page),
        Route::post("/grupper/{id}/gange/{session}/fremmoede", Needs(ChangeCases), group_page::attendance),
        Route::post("/grupper/{id}/gange/{session}/flyt", Needs(ChangeCases), group_page::move_session),
        Route::post("/grupper/{id}/gange/{session}/aflys", Needs(ChangeCases), group_page::cancel_session),
        Route::get("/indsatser/{id}/venteliste", Needs(ReadCases), waiting_list::page_handler),
        Route::post("/indsatser/{id}/venteliste/start", Needs(ChangeCases), waiting_list::start_many),
        Route::get("/optag", Needs(ChangeCases), admission::page),
        Route::post("/optag", Needs(ChangeCases), admission::submit),
        Route::get("/henvisning", Needs(Refer), referral::page),
        Route::post("/henvisning", Needs(Refer), referral::submit),
        Route::get("/henvendelser", Needs(HandleEnquiries), enquiries::inbox),
        Route::get("/henvendelser/{id}", Needs(HandleEnquiries), enquiries::page),
        Route::post("/henvendelser/{id}/accepter", Needs(HandleEnquiries), enquiries::accept),
        Route::post("/henvendelser/{id}/besvar", Needs(HandleEnquiries), enquiries::answer),
        Route::post("/sager/{id}/statusrapporter", Needs(ChangeCases), case_status_reports::draft),
        Route::get("/sager/{id}/statusrapporter/{report}", Needs(ReadCases), case_status_reports::page),
        Route::post("/sager/{id}/statusrapporter/{report}", Needs(ChangeCases), case_status_reports::save),
        Route::get("/sager/{id}/statusrapporter/{report}/pdf", Needs(ReadCases), status_report_pdf::pdf),
        Route::post("/sager/{id}/statusrapporter/{report}/godkend", Needs(ChangeCases), case_status_reports::approve),
        Route::post("/sager/{id}/statusrapporter/{report}/send", Needs(ChangeCases), case_status_reports::send),
        Route::get("/indbakke", Needs(Refer), inbox::page),
        Route::get("/personer", Needs(ReadCases), persons::search),
        Route::get("/personer/{id}", Needs(ReadCases), persons::page_handler),
        Route::get("/personer/{id}/indsigt", Needs(ProduceInsight), insight::page),
        Route::get("/rapport", Needs(ReadReport), report::page),
        Route::get("/rapport/resultater", Needs(ReadReport), outcome_report::page),
        Route::get("/rapport/raekkevidde", Needs(ReadReport), reach::page),
        Route::get("/rapport/opsaetning", Needs(EditReport), report_setup::page),
        Route::post("/rapport/opsaetning", Needs(EditReport), report_setup::save),
        Route::get("/rapport/udgaver", Needs(ReadReport), report_editions::list),
        Route::post("/rapport/udgaver", Needs(EditReport), report_editions::save),
        Route::get("/rapport/udgaver/{id}", Needs(ReadReport), report_editions::page),
        Route::get("/anonym", Needs(LogAnonymous), anonymous::page),
        Route::post("/anonym", Needs(LogAnonymous), anonymous::submit),
        Route::get("/anonym/statistik", Needs(ReadAnonymousStatistics), anonymous_statistics::page),
        Route::get("/anonym/{id}/ret", Needs(LogAnonymous), anonymous::correct_page),
        Route::post("/anonym/{id}/ret", Needs(LogAnonymous), anonymous::correct),
        Route::get("/brugere", Needs(ManageUsers), users::page),
        Route::post("/brugere", Needs(ManageUsers), users::create),
        Route::get("/brugere/{id}", Needs(ManageUsers), users::edit_page),
        Route::post("/brugere/{id}", Needs(ManageUsers), users::update),
        Route::post("/brugere/{id}/aktiv", Needs(ManageUsers), users::set_active),
        Route::get("/indstillinger", Needs(ManageSettings), settings::page),
        Route::post("/indstillinger", Needs(ManageSettings), settings::save),
        Route::get("/indstillinger/synonymer", Needs(ManageSettings), synonyms::page),
        Route::get("/indstillinger/ferier", Needs(ManageSettings), holidays::page),
        Route::post("/indstillinger/ferier", Needs(ManageSettings), holidays::save),
        Route::post("/indstillinger/synonymer", Needs(ManageSettings), synonyms::save),
        Route::get("/katalog", Needs(ReadCatalogue), catalogue::list::page),
        Route::get("/katalog/ny", Needs(EditCatalogue), catalogue::form::new_page),
        Route::post("/katalog/ny", Needs(EditCatalogue), catalogue::form::create),
        Route::get("/katalog/import", Needs(EditCatalogue), catalogue::import::page),
        Route::post("/katalog/import", Needs(EditCatalogue), catalogue::import::upload),
        Route::post("/katalog/import/godkend", Needs(EditCatalogue), catalogue::import::accept),
        Route::get("/katalog/{id}", Needs(ReadCatalogue), catalogue::service::page),
        Route::get("/katalog/{id}/rediger", Needs(EditCatalogue), catalogue::form::edit_page),
        Route::post("/katalog/{id}/rediger", Needs(EditCatalogue), catalogue::form::update),
        Route::post("/katalog/{id}/adgangsveje", Needs(EditCatalogue), catalogue::access_routes::save),
    ];
    list.extend(family_treatment::routes());
    list
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], include_str!("../../static/staff.css"))
}
