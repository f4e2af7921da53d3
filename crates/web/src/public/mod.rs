//! The public part of Familiehus: the published service catalogue for citizens and
//! professionals, without login. Every route lives under `/offentlig`, which the access policy
//! treats as public; nothing here reads a session or shows personal data.
//!
//! - `GET /offentlig` — "Find hjælp": search and filter the active services (`find.rs`);
//! - `GET /offentlig/tilbud/{id}` — one service in plain Danish (`service_page.rs`);
//! - `GET /offentlig/katalog` — the whole catalogue as a printable page (`catalogue.rs`);
//! - `GET /offentlig/katalog.pdf` — the same as a PDF (`pdf.rs`);
//! - `GET /offentlig/static/public.css` — the stylesheet (`assets.rs`);
//! - anything else under `/offentlig/` — a Danish 404 page (`error.rs`).

pub mod assets;
pub mod catalogue;
pub mod catalogue_doc;
pub mod error;
pub mod find;
pub mod page;
pub mod pdf;
pub mod service_page;
pub mod text;
pub mod view;
pub(crate) mod winansi;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/offentlig", get(find::handler))
        .route("/offentlig/", get(find::handler))
        .route("/offentlig/tilbud/{id}", get(service_page::handler))
        .route("/offentlig/katalog", get(catalogue::html))
        .route("/offentlig/katalog.pdf", get(catalogue::pdf))
        .route("/offentlig/static/public.css", get(assets::stylesheet))
        // A wildcard rather than a fallback: a merged router may hold only one fallback, and
        // the rest of the application owns it.
        .route("/offentlig/{*rest}", get(error::not_found))
}
