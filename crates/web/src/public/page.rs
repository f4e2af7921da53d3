//! Rendering shared by the public pages: a template to an HTML response, and the error page.

use super::error::PublicError;
use askama::Template;
use axum::response::Html;

pub fn render(page: &impl Template) -> Result<Html<String>, PublicError> {
    Ok(Html(page.render()?))
}

/// The Danish error page (404 and 500).
#[derive(Template)]
#[template(path = "public/error.html")]
pub struct ErrorPage {
    pub current: &'static str,
    pub title: &'static str,
    pub message: &'static str,
}
