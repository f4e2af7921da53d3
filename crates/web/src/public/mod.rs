//! The public part of Familiehus: the published service catalogue for citizens and
//! professionals, without login. Every route lives under `/offentlig` and is declared `Public`;
//! nothing here reads a session or shows personal data (an enquiry is written, never shown).
//!
//! - `GET /offentlig` — "Find hjælp": search and filter the active services (`find.rs`);
//! - `GET /offentlig/tilbud/{id}` — one service in plain Danish, with "Kontakt os" and, for an
//!   open service, the self-referral form (`service_page.rs`);
//! - `POST /offentlig/tilbud/{id}/henvendelse` — that form's target: an enquiry to the unit's
//!   inbox and a receipt number (`enquiry.rs`), the only public write besides signing in;
//! - `GET /offentlig/katalog` — the whole catalogue as a printable page (`catalogue.rs`);
//! - `GET /offentlig/katalog.pdf` — the same as a PDF (`pdf.rs`);
//! - `GET /offentlig/static/public.css` — the stylesheet (`assets.rs`);
//! - anything else under `/offentlig/` — a Danish 404 page (`error.rs`).

pub mod assets;
pub mod catalogue;
pub mod catalogue_doc;
pub mod enquiry;
pub mod enquiry_form;
pub mod error;
pub mod find;
pub mod page;
pub mod pdf;
pub mod service_page;
pub mod text;
pub mod view;

use crate::routes::Access::Public;
use crate::routes::Route;

/// The public pages, all `Public` (declared once: see `crate::routes`). Other addresses under
/// `/offentlig` get this module's 404 page from the application's fallback (`crate::fallback`).
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/offentlig", Public, find::handler),
        Route::get("/offentlig/", Public, find::handler),
        Route::get("/offentlig/tilbud/{id}", Public, service_page::handler),
        Route::post("/offentlig/tilbud/{id}/henvendelse", Public, enquiry::handler),
        Route::get("/offentlig/katalog", Public, catalogue::html),
        Route::get("/offentlig/katalog.pdf", Public, catalogue::pdf),
        Route::get("/offentlig/static/public.css", Public, assets::stylesheet),
    ]
}
