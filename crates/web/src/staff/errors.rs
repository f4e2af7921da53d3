//! The staff pages' error pages: 404, 403, 405, the expired form (CSRF), and 500 (generic; the cause
//! goes to the log only, because it can hold personal data or internals).

use super::layout::Layout;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use familiehus_store::StoreError;

pub const FORBIDDEN_DA: &str = "Du har ikke adgang til denne side.";
pub const FORM_EXPIRED_DA: &str = "Formularen er udløbet. Genindlæs siden og prøv igen.";

#[derive(Template)]
#[template(path = "staff/message.html")]
struct MessagePage<'a> {
    layout: Layout,
    heading: &'static str,
    text: &'a str,
}

/// The heading of a page for a request that could not be read, by status.
pub fn rejected_heading_da(status: StatusCode) -> &'static str {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => "Indholdet er for stort",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Formularen kunne ikke læses",
        StatusCode::NOT_FOUND => "Siden findes ikke",
        _ => "Forespørgslen kunne ikke læses",
    }
}

/// What the user can do about it.
pub fn rejected_text_da(status: StatusCode) -> &'static str {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => "Det sendte er større end tilladt (højst 2 MB). Gør teksten eller filen mindre, og prøv igen.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Formularen blev sendt i et format, siden ikke kan læse. Brug formularen på siden.",
        StatusCode::NOT_FOUND => "Adressen findes ikke, eller det du leder efter er slettet.",
        _ => "Adressen eller formularen indeholder noget, der ikke kunne læses. Gå tilbage, og prøv igen.",
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The address exists, but not for this method (the policy answers before any handler).
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("form expired (CSRF token mismatch)")]
    FormExpired,
    /// The request could not be read: a malformed address (`/sager/abc`) or form, a body over
    /// the limit (413), an unexpected content type (415). The status is axum's.
    #[error("request rejected with {0}")]
    Rejected(StatusCode),
    /// An upload larger than its route takes (`Route::upload`): 413 with the file limit.
    #[error("upload too large")]
    FileTooLarge,
    /// A person search refused: too many (429, with `Retry-After`) or by CPR from a role that
    /// may not (403); `message` is the Danish text from `AppError::message_da`.
    #[error("search refused")]
    SearchRefused { status: StatusCode, message: String, retry_after_secs: Option<u64> },
    /// Input a use case refused that the handler did not place at a form's field: the Danish
    /// messages on a page of their own (422), never a 500.
    #[error("unprocessable input")]
    Unprocessable(String),
    /// Someone else changed the record first (409).
    #[error("concurrent change")]
    Concurrent,
    #[error("internal: {0}")]
    Internal(String),
}

fn messages_da(list: &familiehus_domain::ValidationErrors) -> String {
    list.0.iter().map(|f| f.message_da.as_str()).collect::<Vec<_>>().join(" ")
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => PageError::NotFound,
            StoreError::Invalid(list) => PageError::Unprocessable(messages_da(&list)),
            StoreError::Concurrent => PageError::Concurrent,
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl From<familiehus_app::AppError> for PageError {
    fn from(e: familiehus_app::AppError) -> Self {
        match e {
            familiehus_app::AppError::Forbidden => PageError::Forbidden,
            familiehus_app::AppError::Store(s) => s.into(),
            familiehus_app::AppError::Invalid(list) => PageError::Unprocessable(messages_da(&list)),
            familiehus_app::AppError::Unconfirmed(found) => PageError::Unprocessable(found.into_iter().map(|f| f.message_da).collect()),
            e @ familiehus_app::AppError::TooManySearches { retry_after_secs } => PageError::SearchRefused {
                status: StatusCode::TOO_MANY_REQUESTS,
                message: e.message_da().unwrap_or_default(),
                retry_after_secs: Some(retry_after_secs),
            },
            e @ familiehus_app::AppError::CprSearchNotAllowed => {
                PageError::SearchRefused { status: StatusCode::FORBIDDEN, message: e.message_da().unwrap_or_default(), retry_after_secs: None }
            }
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl From<crate::ApiError> for PageError {
    fn from(e: crate::ApiError) -> Self {
        match e {
            crate::ApiError::Store(s) => s.into(),
            crate::ApiError::Forbidden => PageError::Forbidden,
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let PageError::SearchRefused { status, message, retry_after_secs } = self {
            let heading = if status == StatusCode::TOO_MANY_REQUESTS { "For mange søgninger" } else { "Søgningen er ikke tilladt" };
            let page = MessagePage { layout: Layout::anonymous(heading), heading, text: &message };
            let mut response = match page.render() {
                Ok(html) => (status, Html(html)).into_response(),
                Err(_) => (status, message.clone()).into_response(),
            };
            if let Some(value) = retry_after_secs.and_then(|s| axum::http::HeaderValue::from_str(&s.to_string()).ok()) {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
            }
            return response;
        }
        let (status, heading, text) = match &self {
            PageError::NotFound => (StatusCode::NOT_FOUND, "Siden findes ikke", "Adressen findes ikke, eller det du leder efter er slettet."),
            PageError::Forbidden => (StatusCode::FORBIDDEN, "Ingen adgang", FORBIDDEN_DA),
            PageError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "Handlingen er ikke mulig", "Adressen findes, men ikke til denne handling."),
            PageError::FormExpired => (StatusCode::FORBIDDEN, "Formularen er udløbet", FORM_EXPIRED_DA),
            PageError::Rejected(status) => (*status, rejected_heading_da(*status), rejected_text_da(*status)),
            PageError::FileTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Filen er for stor",
                "Filen er større end de tilladte 10 MB, så den er ikke gemt. Gå tilbage, vælg en mindre fil (fx en scanning i lavere opløsning), og prøv igen.",
            ),
            PageError::SearchRefused { .. } => (StatusCode::FORBIDDEN, "Søgningen er ikke tilladt", FORBIDDEN_DA),
            PageError::Unprocessable(messages) => (StatusCode::UNPROCESSABLE_ENTITY, "Oplysningerne kunne ikke gemmes", messages.as_str()),
            PageError::Concurrent => {
                (StatusCode::CONFLICT, "Ændret af en anden", "En anden har ændret oplysningerne imens. Gå tilbage, hent siden igen, og prøv på ny.")
            }
            PageError::Internal(cause) => {
                tracing::error!(error = %cause, "page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Der opstod en fejl", "Der opstod en fejl på serveren. Prøv igen senere.")
            }
        };
        let page = MessagePage { layout: Layout::anonymous(heading), heading, text };
        // Rendered directly (not via layout::render) so a broken template cannot loop.
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, text.to_owned()).into_response(),
        }
    }
}

#[cfg(test)]
mod mapping_tests {
    use super::*;
    use familiehus_domain::{FieldError, ValidationErrors};

    /// A use case's refusal that a handler did not place at a field is a Danish 422, never a 500.
    #[test]
    fn refused_input_is_a_422_with_its_danish_message() {
        let refused = familiehus_app::AppError::Invalid(ValidationErrors(vec![FieldError::new("x", "Datoen ligger i fremtiden.", "future")]));
        let response = PageError::from(refused).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(PageError::from(StoreError::Concurrent).into_response().status(), StatusCode::CONFLICT);
        assert!(matches!(PageError::from(StoreError::Invalid(ValidationErrors(vec![]))), PageError::Unprocessable(_)));
    }
}
