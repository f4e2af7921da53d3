//! `GET /offentlig/tilbud/{id}` — one active service in plain Danish. Retired services and ids
//! that are not numbers or not in the catalogue all answer the same Danish 404 page, so the
//! public cannot tell a retired service from one that never existed.

use super::error::PublicError;
use super::page::render;
use super::view::ServiceDetail;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use familiehus_domain::ServiceStatus;

#[derive(Template)]
#[template(path = "public/service.html")]
pub struct ServicePage {
    pub current: &'static str,
    pub s: ServiceDetail,
}

pub async fn handler(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PublicError> {
    let id: i64 = id.parse().map_err(|_| PublicError::NotFound)?;
    let stored = state.store.service(id).await?;
    if stored.service.status != ServiceStatus::Active {
        return Err(PublicError::NotFound);
    }
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    render(&ServicePage { current: "", s: ServiceDetail::new(&stored, &ladder) })
}
