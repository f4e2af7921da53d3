//! A file answered as a download: its content type and `Content-Disposition: attachment` with
//! its name. One place for the exports (reports, a status report's PDF), so every one names and
//! types its file the same way.

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";

/// `body` as a download named `filename` (ASCII, chosen by the server, never by the user).
pub fn file(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}
