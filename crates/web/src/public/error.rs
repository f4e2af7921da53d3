//! What a public page can fail with, answered as a Danish HTML page (not the API's JSON):
//! 404 for unknown or retired services and unknown addresses, 405 for a method the address
//! does not take, polite refusals of the enquiry form (413, 422, 429), 500 for anything else,
//! whose cause goes to the log only.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use familiehus_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PublicError {
    #[error("not found")]
    NotFound,
    /// The address exists, but not for this method (the policy answers before any handler).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request could not be read (malformed address or form, too large): axum's status.
    #[error("request rejected with {0}")]
    Rejected(StatusCode),
    /// Refused politely (a robot's form 422, too many enquiries 429 with `Retry-After`, too
    /// large 413), with the Danish reason and what to do instead.
    #[error("refused with {status}")]
    Refused { status: StatusCode, title: &'static str, message: String, retry_after_secs: Option<u64> },
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for PublicError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => PublicError::NotFound,
            other => PublicError::Internal(other.to_string()),
        }
    }
}

impl From<familiehus_app::AppError> for PublicError {
    fn from(e: familiehus_app::AppError) -> Self {
        match e {
            familiehus_app::AppError::Store(e) => e.into(),
            other => PublicError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for PublicError {
    fn from(e: askama::Error) -> Self {
        PublicError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for PublicError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            PublicError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorPage {
                    current: "",
                    title: "Siden findes ikke",
                    message: "Vi kan ikke finde det, du leder efter. Tilbuddet kan være udgået, eller adressen kan være skrevet forkert.".into(),
                },
            ),
            PublicError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorPage { current: "", title: "Handlingen er ikke mulig", message: "Siden findes, men kan kun vises, ikke sendes til.".into() },
            ),
            PublicError::Rejected(status) => (
                *status,
                ErrorPage {
                    current: "",
                    title: crate::staff::errors::rejected_heading_da(*status),
                    message: crate::staff::errors::rejected_text_da(*status).into(),
                },
            ),
            PublicError::Refused { status, title, message, .. } => (*status, ErrorPage { current: "", title, message: message.clone() }),
            PublicError::Internal(cause) => {
                tracing::error!(%cause, "public page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorPage { current: "", title: "Der skete en fejl", message: "Siden kunne ikke vises lige nu. Prøv igen om lidt.".into() },
                )
            }
        };
        let retry_after = match &self {
            PublicError::Refused { retry_after_secs: Some(secs), .. } => Some(secs.to_string()),
            _ => None,
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // The error page is static text; if even it fails, a plain line still says what happened.
            Err(_) => (status, page.message).into_response(),
        };
        if let Some(value) = retry_after.and_then(|v| axum::http::HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

/// The Danish error page (404 and 500).
#[derive(Template)]
#[template(path = "public/error.html")]
struct ErrorPage {
    current: &'static str,
    title: &'static str,
    message: String,
}
