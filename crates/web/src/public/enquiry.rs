//! `POST /offentlig/tilbud/{id}/henvendelse` — a citizen's self-referral to an open service: a
//! plain form POST (no script; no CSRF token, since a visitor has no session a forged request
//! could ride: the honeypot and the per-address rate limit in `familiehus_app::enquiries` stand
//! against robots instead). Success renders the receipt page with the receipt number (not a
//! redirect to an address holding it, so the number is never in a URL or a log). A refused form
//! is the service page again, as typed, with an error summary at the top, each message at its
//! field, and "Fejl:" in the page title; a robot's form (honeypot filled) is 422, too many 429,
//! a body over `BODY_LIMIT` 413 — each a polite Danish page with the unit's phone.

use super::enquiry_form::{EnquiryFormView, FormMessage};
use super::error::PublicError;
use super::page::render;
use super::service_page::{ContactView, ServicePage, load};
use crate::AppState;
use crate::auth::Remote;
use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use familiehus_app::AppError;
use familiehus_app::enquiries::{Receipt, submit};
use familiehus_domain::enquiry::{EnquiryForm, MAX_DIFFICULTIES_CHARS};
use serde::Deserialize;
use std::time::Instant;

/// The whole form's body: the text at its limit in the worst percent-encoding (æøå are six
/// bytes each) and the other fields, with room to spare; anything larger is not read.
pub const BODY_LIMIT: usize = 32 * 1024;

/// The honeypot's field name: a plausible one, so robots fill it in.
pub const HONEYPOT: &str = "website";

/// The form as sent; every field optional, so a partial form is explained, not rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Sent {
    parent_name: String,
    phone: String,
    email: String,
    child_first_name: String,
    child_age: String,
    child_birth_date: String,
    difficulties: String,
    consent: String,
    website: String,
}

impl Sent {
    fn form(&self) -> EnquiryForm {
        EnquiryForm {
            parent_name: self.parent_name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            child_first_name: self.child_first_name.clone(),
            child_age: self.child_age.clone(),
            child_birth_date: self.child_birth_date.clone(),
            // Browsers send CRLF; the text is kept with LF like every form text.
            difficulties: crate::staff::fields::line_feeds(&self.difficulties),
            consent: !self.consent.is_empty(),
        }
    }
}

#[derive(Template)]
#[template(path = "public/receipt.html")]
pub struct ReceiptPage {
    pub current: &'static str,
    pub r: Receipt,
    pub contact: ContactView,
}

fn refused(status: StatusCode, title: &'static str, message: String, retry_after_secs: Option<u64>) -> PublicError {
    PublicError::Refused { status, title, message, retry_after_secs }
}

/// "Ring til os på 12 34 56 78." when the unit has a phone number.
fn call_us(contact: &ContactView) -> String {
    if contact.phone.is_empty() { String::new() } else { format!(" Du kan også ringe til os på {}.", contact.phone) }
}

#[tracing::instrument(skip_all)]
pub async fn handler(State(state): State<AppState>, Path(id): Path<String>, remote: Remote, body: Body) -> Result<Response, PublicError> {
    let id: i64 = id.parse().map_err(|_| PublicError::NotFound)?;
    let (stored, contact) = load(&state, id).await?;
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message = format!(
                "Henvendelsen er for lang til at blive modtaget. Skriv højst {} tegn om barnet, og prøv igen.{}",
                MAX_DIFFICULTIES_CHARS,
                call_us(&contact)
            );
            return Err(refused(StatusCode::PAYLOAD_TOO_LARGE, "Henvendelsen er for lang", message, None));
        }
    };
    let sent: Sent = serde_urlencoded::from_bytes(&bytes).map_err(|_| PublicError::Rejected(StatusCode::BAD_REQUEST))?;
    let form = sent.form();
    match submit(&state.app, &remote.0, id, &form, &sent.website, Instant::now()).await {
        Ok(receipt) => Ok(render(&ReceiptPage { current: "", r: receipt, contact })?.into_response()),
        Err(AppError::Invalid(list)) => {
            let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
            let mut view = EnquiryFormView::new(id);
            view.values = form;
            for e in list.0 {
                if view.error(e.field).is_none() {
                    view.errors.push(FormMessage { field: e.field, message: e.message_da });
                }
            }
            let page = ServicePage::new(&stored, &ladder, contact, Some(view));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e @ AppError::TooManyEnquiries { retry_after_secs }) => {
            let message = format!("{}{}", e.message_da().unwrap_or_default(), call_us(&contact));
            Err(refused(StatusCode::TOO_MANY_REQUESTS, "Vent lidt, før du sender igen", message, Some(retry_after_secs)))
        }
        Err(e @ AppError::Automated) => {
            let message = format!("{}{}", e.message_da().unwrap_or_default(), call_us(&contact));
            Err(refused(StatusCode::UNPROCESSABLE_ENTITY, "Henvendelsen kunne ikke modtages", message, None))
        }
        Err(e) => Err(e.into()),
    }
}
