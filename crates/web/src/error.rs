//! The API's one error type, `ApiError`, its single `IntoResponse`, and the extractors
//! (`ApiJson`, `ApiQuery`, `ApiPath`) that turn axum's rejections into it, so that every
//! failure a client can see has the same JSON shape:
//!
//! ```json
//! {"error": {"message_da": "…", "message_en": "…",
//!            "fields": [{"field": "enrolled_on", "message_da": "…", "message_en": "…"}]}}
//! ```
//!
//! Status codes: unreadable input 400 (415 without a JSON content type), no session 401, role or
//! need-to-know refusal 403, unknown id or route 404,
//! concurrent change 409, invalid input or an illegal case transition 422, anything else 500.
//! A 500 carries a generic Danish text; its cause goes to the log only, because database
//! errors can quote personal data and internals.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use familiehus_app::AppError;
use familiehus_domain::{CaseError, ReportError, ValidationErrors};
use familiehus_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::error::Error as _;
use utoipa::ToSchema;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request could not be read: malformed JSON, a wrong type, a bad date, a missing
    /// query parameter.
    #[error("bad request: {}", describe(.0))]
    BadRequest(Vec<FieldProblem>),
    /// A JSON body without `Content-Type: application/json`.
    #[error("expected a JSON body with content type application/json")]
    UnsupportedMediaType,
    /// The body could not be received (e.g. larger than the limit); axum decided the status.
    #[error("request body rejected: {message}")]
    Body { status: StatusCode, message: String },
    /// Readable but invalid input, every problem found.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// No route under `/api` matches.
    #[error("no such API route")]
    NoRoute,
    #[error("method not allowed on this route")]
    MethodNotAllowed,
    /// No live session: sign in first (`POST /api/session`).
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but the role or the case's need-to-know does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A write whose `X-CSRF-Token` header is not the session's token.
    #[error("CSRF token does not match the session")]
    CsrfMismatch,
    /// Sign-in refused: wrong credentials (401) or throttled (429 with `Retry-After`).
    /// Sign-in refused: 401, or 429 with `Retry-After` when throttled (from `auth::LoginError`,
    /// whose `From` is in `auth`; a store failure there arrives as `ApiError::Store`).
    #[error("sign-in refused: {message_en}")]
    LoginRefused { message_da: String, message_en: String, retry_after_secs: Option<i64> },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A person search refused: too many (429 with `Retry-After`) or by CPR from a role that
    /// may not (403), with the use case's Danish message.
    #[error("{message_en}")]
    SearchRefused { status: StatusCode, message_da: String, message_en: String, retry_after_secs: Option<u64> },
    /// The service's rules warn; nothing saved. Sent again with `confirm_warnings: true` it goes
    /// ahead (422 with `warnings`).
    #[error("the service's rules warn; send again with confirm_warnings: true")]
    Unconfirmed(Vec<familiehus_domain::service_rules::Finding>),
    /// A failure of our own (e.g. a template that does not render): logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Forbidden => ApiError::Forbidden,
            AppError::Invalid(errors) => ApiError::Invalid(errors),
            AppError::Unconfirmed(warnings) => ApiError::Unconfirmed(warnings),
            AppError::Store(e) => ApiError::Store(e),
            AppError::Password(e) => ApiError::Internal(e.to_string()),
            e @ (AppError::TooManySearches { .. } | AppError::CprSearchNotAllowed | AppError::TooManyEnquiries { .. } | AppError::Automated) => {
                let (status, retry_after_secs) = match e {
                    AppError::TooManySearches { retry_after_secs } | AppError::TooManyEnquiries { retry_after_secs } => {
                        (StatusCode::TOO_MANY_REQUESTS, Some(retry_after_secs))
                    }
                    AppError::Automated => (StatusCode::UNPROCESSABLE_ENTITY, None),
                    _ => (StatusCode::FORBIDDEN, None),
                };
                ApiError::SearchRefused { status, message_da: e.message_da().unwrap_or_default(), message_en: e.to_string(), retry_after_secs }
            }
        }
    }
}

/// One problem with one field of the input. `field` is the path as the client spelled it
/// (`person.birth_date`), or empty when the problem is with the whole body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message_da: String,
    pub message_en: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, message_da: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self { field: field.into(), message_da: message_da.into(), message_en: message_en.into() }
    }

    /// A date that could not be read, in the query or the body.
    pub fn bad_date(field: impl Into<String>) -> Self {
        Self::new(field, DATE_DA, "invalid date: expected YYYY-MM-DD or DD.MM.YYYY")
    }

    /// A required query parameter that is missing.
    pub fn missing(field: impl Into<String>) -> Self {
        Self::new(field, "Feltet skal udfyldes.", "missing value")
    }
}

fn describe(problems: &[FieldProblem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message_en)).collect::<Vec<_>>().join("; ")
}

const DATE_DA: &str = "Datoen kunne ikke læses. Skriv den som 26.04.2022 eller 2022-04-26.";

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub message_da: String,
    pub message_en: String,
    pub fields: Vec<FieldProblem>,
    /// The service's rules' warnings, when that is why (`confirm_warnings: true` goes ahead).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RuleWarning>,
}

/// A warning from the service's rules (`domain::service_rules`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleWarning {
    /// The rule's code: `max_talks`, `status_meeting_after`, `hours`, `weekdays_only`, `age_range`, `capacity`.
    pub rule: String,
    pub field: String,
    pub message_da: String,
    pub message_en: String,
}

impl ApiError {
    /// Status and body; logs what must not reach the client.
    fn parts(&self) -> (StatusCode, ErrorDetail) {
        let detail = |da: &str, en: String, fields: Vec<FieldProblem>| ErrorDetail { message_da: da.to_owned(), message_en: en, fields, warnings: vec![] };
        match self {
            ApiError::BadRequest(fields) => {
                let da = single_message(fields).unwrap_or("Forespørgslen kunne ikke læses.");
                (StatusCode::BAD_REQUEST, detail(da, self.to_string(), fields.clone()))
            }
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, detail("Forespørgslen skal sendes som JSON (Content-Type: application/json).", self.to_string(), vec![]))
            }
            ApiError::Body { status, .. } => (*status, detail("Forespørgslen kunne ikke modtages.", self.to_string(), vec![])),
            ApiError::Invalid(errors) => invalid(errors),
            ApiError::Unconfirmed(found) => {
                let warnings = found
                    .iter()
                    .map(|f| RuleWarning { rule: f.rule.into(), field: f.field.into(), message_da: f.message_da.clone(), message_en: f.message_en.clone() })
                    .collect();
                let da = "Indsatsens regler giver en advarsel. Send igen med confirm_warnings: true for at gemme alligevel.";
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail { message_da: da.into(), message_en: self.to_string(), fields: vec![], warnings })
            }
            ApiError::NoRoute => (StatusCode::NOT_FOUND, detail("Adressen findes ikke.", self.to_string(), vec![])),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, detail("Handlingen er ikke mulig på denne adresse.", self.to_string(), vec![])),
            ApiError::NotSignedIn => (StatusCode::UNAUTHORIZED, detail("Du skal logge ind.", self.to_string(), vec![])),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, detail("Du har ikke adgang til dette.", self.to_string(), vec![])),
            ApiError::CsrfMismatch => {
                (StatusCode::FORBIDDEN, detail("Forespørgslen mangler et gyldigt CSRF-token. Hent siden igen, og prøv igen.", self.to_string(), vec![]))
            }
            ApiError::LoginRefused { message_da, retry_after_secs, .. } => {
                let status = if retry_after_secs.is_some() { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::UNAUTHORIZED };
                (status, detail(message_da, self.to_string(), vec![]))
            }
            ApiError::SearchRefused { status, message_da, message_en, .. } => (*status, detail(message_da, message_en.clone(), vec![])),
            ApiError::Store(StoreError::NotFound { entity, .. }) => (StatusCode::NOT_FOUND, detail(&not_found_da(*entity), self.to_string(), vec![])),
            ApiError::Store(StoreError::Invalid(errors)) => invalid(errors),
            ApiError::Store(StoreError::Case(e)) => case_error(e),
            ApiError::Store(StoreError::Concurrent) => {
                (StatusCode::CONFLICT, detail("Sagen er blevet ændret af en anden i mellemtiden. Hent den igen, og prøv igen.", self.to_string(), vec![]))
            }
            ApiError::Report(e) => {
                let field = FieldProblem::new(e.field(), e.message_da(), e.to_string());
                (StatusCode::UNPROCESSABLE_ENTITY, detail(&e.message_da(), e.to_string(), vec![field]))
            }
            ApiError::Store(
                StoreError::Database(_)
                | StoreError::Migrate(_)
                | StoreError::Corrupt(_)
                | StoreError::SnapshotFormat { .. }
                | StoreError::UnsupportedUrl
                | StoreError::AccessLog(_)
                | StoreError::AuditFile(_)
                | StoreError::NoCprKey
                | StoreError::CprKeyMismatch,
            )
            | ApiError::Internal(_) => {
                // The cause can hold SQL, stored values or paths: log it, answer generically.
                tracing::error!(error = %self, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, detail("Der opstod en fejl på serveren. Prøv igen senere.", "internal server error".into(), vec![]))
            }
        }
    }
}

fn single_message(fields: &[FieldProblem]) -> Option<&str> {
    match fields {
        [only] => Some(only.message_da.as_str()),
        _ => None,
    }
}

fn invalid(errors: &ValidationErrors) -> (StatusCode, ErrorDetail) {
    let fields: Vec<FieldProblem> = errors.0.iter().map(|e| FieldProblem::new(e.field, e.message_da.clone(), e.message_en.clone())).collect();
    let message_da = match single_message(&fields) {
        Some(only) => only.to_owned(),
        None => format!("Der er {} fejl i oplysningerne.", fields.len()),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail { message_da, message_en: errors.to_string(), fields, warnings: vec![] })
}

fn case_error(e: &CaseError) -> (StatusCode, ErrorDetail) {
    let field = FieldProblem::new(e.field(), e.message_da(), e.to_string());
    (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail { message_da: e.message_da(), message_en: e.to_string(), fields: vec![field], warnings: vec![] })
}

fn not_found_da(entity: familiehus_store::Entity) -> String {
    entity.not_found_da().to_owned()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::LoginRefused { retry_after_secs, .. } => *retry_after_secs,
            ApiError::SearchRefused { retry_after_secs, .. } => retry_after_secs.and_then(|s| i64::try_from(s).ok()),
            _ => None,
        };
        let (status, error) = self.parts();
        let mut response = (status, axum::Json(ErrorBody { error })).into_response();
        if let Some(value) = retry_after.and_then(|s| axum::http::HeaderValue::from_str(&s.to_string()).ok()) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

/// The serde error inside an axum rejection, with the path of the offending field.
fn find_source<'a, T: std::error::Error + 'static>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// Names the field of a serde failure: the path serde_path_to_error recorded, or for a missing
/// field at the top level the name serde puts in its message (`missing field `x``).
fn problem_from_serde(path: &serde_path_to_error::Path, inner: &str) -> FieldProblem {
    let path = path.to_string();
    let mut field = if path == "." { String::new() } else { path };
    if let Some(rest) = inner.strip_prefix("missing field `")
        && let Some(name) = rest.split('`').next()
    {
        field = if field.is_empty() { name.to_owned() } else { format!("{field}.{name}") };
        return FieldProblem::new(field, "Feltet skal udfyldes.", inner);
    }
    if inner.starts_with(crate::dto::BAD_DATE_EN) {
        return FieldProblem::new(field, DATE_DA, inner);
    }
    if inner.starts_with("unknown variant") {
        return FieldProblem::new(field, "Værdien er ikke en af de tilladte koder.", inner);
    }
    FieldProblem::new(field, "Feltet har en ugyldig værdi.", inner)
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => match find_source::<serde_path_to_error::Error<serde_json::Error>>(&e) {
                Some(err) => ApiError::BadRequest(vec![problem_from_serde(err.path(), &err.inner().to_string())]),
                None => ApiError::BadRequest(vec![FieldProblem::new("", "Feltet har en ugyldig værdi.", e.body_text())]),
            },
            JsonRejection::JsonSyntaxError(e) => {
                let en = e.source().map_or_else(|| e.body_text(), |s| s.to_string());
                ApiError::BadRequest(vec![FieldProblem::new("", "Forespørgslen er ikke gyldig JSON.", en)])
            }
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            other => ApiError::Body { status: other.status(), message: other.body_text() },
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        // axum's query extractor wraps serde_urlencoded's error, which is serde's value error.
        match find_source::<serde_path_to_error::Error<serde::de::value::Error>>(&rejection) {
            Some(err) => ApiError::BadRequest(vec![problem_from_serde(err.path(), &err.inner().to_string())]),
            None => ApiError::BadRequest(vec![FieldProblem::new("", "Adressens parametre kunne ikke læses.", rejection.body_text())]),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(vec![FieldProblem::new("id", "Id'et i adressen skal være et heltal.", rejection.body_text())])
    }
}

/// `axum::Json` with rejections as `ApiError`; also the response type of JSON handlers.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` with rejections as `ApiError`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// `axum::extract::Path` with rejections as `ApiError`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::FieldError;

    #[test]
    fn validation_errors_become_422_with_every_field() {
        let errors = ValidationErrors(vec![
            FieldError::new("name", "Indsatsen skal have et navn.", "name is empty"),
            FieldError::new("capacity", "Kapaciteten skal være mindst 1.", "capacity is zero"),
        ]);
        let (status, detail) = ApiError::Invalid(errors).parts();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(detail.message_da, "Der er 2 fejl i oplysningerne.");
        assert_eq!(detail.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["name", "capacity"]);
    }

    #[test]
    fn internal_errors_are_not_echoed() {
        let (status, detail) = ApiError::Store(StoreError::Corrupt("case 7: Jens Hansen".into())).parts();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!detail.message_en.contains("Jens") && !detail.message_da.contains("Jens"));
    }
}
