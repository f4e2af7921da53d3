//! The public pages' one stylesheet, compiled into the binary and served under
//! `/offentlig/static/`, so the pages need no inline styles (and no JavaScript at all).

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../templates/public/public.css");

pub async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], CSS)
}
