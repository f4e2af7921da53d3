//! The confirmation before a case is closed: what will happen (the case, the day, the reason,
//! where the family moved on to), the form's fields carried as hidden inputs, and "Ja, afslut
//! sagen" or back to the case. Showing it reads the case through the logged use case, since the
//! page names the person.

use super::errors::PageError;
use super::layout::{Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use familiehus_domain::{ClosureReason, danish};

#[derive(Template)]
#[template(path = "staff/close_confirm.html")]
struct ConfirmPage {
    layout: Layout,
    id: i64,
    person_name: String,
    service_name: String,
    closed_on: String,
    reason: &'static str,
    next_service: String,
    has_end_report: bool,
    hidden: Vec<(&'static str, String)>,
    /// Where "Fortryd" goes: the waiting list the form came from, or the case.
    back_href: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    hidden: &[(&'static str, String)],
    closed_on: NaiveDate,
    reason: ClosureReason,
    next_service_id: Option<i64>,
) -> Result<Response, PageError> {
    let record = familiehus_app::cases::read(&state.app, &user.acting(remote), id, "close confirmation").await?;
    let next_service = match next_service_id.filter(|_| reason == ClosureReason::MovedToOtherService) {
        Some(next) => state.store.service(next).await.map(|s| s.service.name).unwrap_or_default(),
        None => String::new(),
    };
    let from_waiting_list = hidden.iter().any(|(k, v)| *k == "back" && v == "venteliste");
    let back_href = if from_waiting_list { format!("/indsatser/{}/venteliste", record.service_id) } else { format!("/sager/{id}") };
    let view = ConfirmPage {
        layout: Layout::new(format!("Afslut sag {id}?"), user, "/sager"),
        id,
        person_name: record.person_name,
        service_name: record.service_name,
        closed_on: danish::date(closed_on),
        reason: reason.label_da(),
        next_service,
        has_end_report: hidden.iter().any(|(k, v)| *k == "end_report" && !v.trim().is_empty()),
        hidden: hidden.to_vec(),
        back_href,
    };
    Ok(render(StatusCode::OK, &view))
}
