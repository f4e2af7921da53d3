//! `GET /offentlig/tilbud/{id}` — one active service in plain Danish. Retired services and ids
//! that are not numbers or not in the catalogue all answer the same Danish 404 page, so the
//! public cannot tell a retired service from one that never existed. Every page has "Kontakt
//! os" with the delivering unit's phone, e-mail and address; a service open for self-referral
//! (`Access::Open`) also has the enquiry form (`enquiry.rs` receives it).

use super::enquiry_form::EnquiryFormView;
use super::error::PublicError;
use super::page::render;
use super::view::ServiceDetail;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use familiehus_domain::{Access, Ladder, ServiceStatus};
use familiehus_store::StoredService;

/// "Kontakt os": the delivering unit and how to reach it (each part empty when not set).
#[derive(Debug, Clone)]
pub struct ContactView {
    pub unit_name: String,
    pub phone: String,
    pub email: String,
    /// The address as the unit wrote it, one line each.
    pub address_lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "public/service.html")]
pub struct ServicePage {
    pub current: &'static str,
    pub s: ServiceDetail,
    pub contact: ContactView,
    /// The self-referral form, for open services only.
    pub form: Option<EnquiryFormView>,
}

impl ServicePage {
    /// The page; `form` carries what was typed into a refused enquiry (else an empty form).
    pub fn new(stored: &StoredService, ladder: &Ladder, contact: ContactView, form: Option<EnquiryFormView>) -> Self {
        let form = (stored.service.access == Access::Open).then(|| form.unwrap_or_else(|| EnquiryFormView::new(stored.id)));
        Self { current: "", s: ServiceDetail::new(stored, ladder), contact, form }
    }

    /// "Fejl: " before the title when the form came back with problems.
    pub fn title_prefix(&self) -> &'static str {
        if self.form.as_ref().is_some_and(|f| !f.errors.is_empty()) { "Fejl: " } else { "" }
    }
}

/// An active service and its unit's contact details, or 404.
pub async fn load(state: &AppState, id: i64) -> Result<(StoredService, ContactView), PublicError> {
    let stored = state.store.service(id).await?;
    if stored.service.status != ServiceStatus::Active {
        return Err(PublicError::NotFound);
    }
    let c = familiehus_app::enquiries::unit_contact(&state.app, stored.unit_id).await?;
    let address_lines = c.address.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let contact = ContactView { unit_name: stored.unit_name.clone(), phone: c.phone, email: c.email, address_lines };
    Ok((stored, contact))
}

pub async fn handler(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PublicError> {
    let id: i64 = id.parse().map_err(|_| PublicError::NotFound)?;
    let (stored, contact) = load(&state, id).await?;
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    render(&ServicePage::new(&stored, &ladder, contact, None))
}
