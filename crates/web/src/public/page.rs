//! Rendering shared by the public pages: a template to an HTML response (a failure is a
//! `PublicError`, which renders its own page; this module depends on `error`, never back).

use super::error::PublicError;
use askama::Template;
use axum::response::Html;

pub fn render(page: &impl Template) -> Result<Html<String>, PublicError> {
    Ok(Html(page.render()?))
}
