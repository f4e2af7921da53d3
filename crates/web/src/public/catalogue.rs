//! `GET /offentlig/katalog` (the whole catalogue as one printable page) and
//! `GET /offentlig/katalog.pdf` (the same as a PDF download).

use super::catalogue_doc::{self, CatalogueDoc};
use super::error::PublicError;
use super::page::render;
use super::pdf;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "public/catalogue.html")]
pub struct CataloguePage {
    pub current: &'static str,
    pub doc: CatalogueDoc,
}

async fn load(state: &AppState) -> Result<CatalogueDoc, PublicError> {
    let services = state.store.list_services().await?;
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    Ok(catalogue_doc::build(&services, &ladder, state.today()))
}

pub async fn html(State(state): State<AppState>) -> Result<Html<String>, PublicError> {
    render(&CataloguePage { current: "catalogue", doc: load(&state).await? })
}

pub async fn pdf(State(state): State<AppState>) -> Result<Response, PublicError> {
    let doc = load(&state).await?;
    // Layout is CPU work proportional to the catalogue; keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || pdf::render(&doc))
        .await
        .map_err(|e| PublicError::Internal(format!("pdf task: {e}")))?
        .map_err(|e| PublicError::Internal(format!("pdf: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/pdf"), (header::CONTENT_DISPOSITION, "attachment; filename=\"indsatskatalog.pdf\"")], bytes).into_response())
}
