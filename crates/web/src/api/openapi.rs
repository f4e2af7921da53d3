//! `/api/openapi.json`: the OpenAPI 3.1 document. `ApiDoc` holds what belongs to no one route
//! (info, tags, shared schemas); the paths and their schemas come from the declared JSON routes
//! (`crate::routes::declared`), each from its handler's `#[utoipa::path]`, so a served JSON
//! route cannot be missing from the document, nor a documented one be unserved.

use crate::dto;
use crate::error::{ApiJson, ErrorBody, ErrorDetail, FieldProblem};
use crate::routes::Access;
use crate::routes::Route;
use std::sync::LazyLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Familiehus API",
        description = "Catalogue, cases and waiting lists, and the half-yearly report on case counts and \
            waiting times of a municipality's children and family services. Sign in with `POST /api/session` \
            first; writes need `Content-Type: application/json` (or an `X-CSRF-Token` header). Dates are ISO \
            (`2022-04-26`); input also accepts Danish notation (`26.04.2022`). Every error has the \
            shape `{\"error\": {\"message_da\", \"message_en\", \"fields\": [{\"field\", \"message_da\", \"message_en\"}]}}`."
    ),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        FieldProblem,
        dto::ServiceStatusCode,
        dto::AccessCode,
        dto::DeliveryCode,
        dto::ReferralSourceCode,
        dto::AccessRouteCode,
        dto::ClosureReasonCode,
        dto::CaseStateCode,
    )),
    tags(
        (name = "session", description = "Sign in and out: the session cookie `familiehus_session`. Every other route except this document needs it"),
        (name = "units", description = "Organisational units (enheder)"),
        (name = "services", description = "Catalogue services (indsatser) and their waiting lists"),
        (name = "cases", description = "Cases (sager): enrolment, start, closure"),
        (name = "groups", description = "Group courses (gruppeforløb): courses and attendance"),
        (name = "enquiries", description = "Henvendelser: citizens' enquiries in the unit's inbox"),
        (name = "reports", description = "Sagstal og ventetider"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/openapi.json", operation_id = "getOpenApiDocument", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json")))]
pub async fn document() -> ApiJson<utoipa::openapi::OpenApi> {
    ApiJson(full().clone())
}

/// The whole document, built once from the declared routes.
pub fn full() -> &'static utoipa::openapi::OpenApi {
    static DOC: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| crate::routes::openapi(ApiDoc::openapi(), &crate::routes::declared()));
    &DOC
}

pub(crate) fn routes() -> Vec<Route> {
    vec![Route::json(Access::Public, utoipa_axum::routes!(document))]
}
