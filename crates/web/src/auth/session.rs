//! Session tokens and the session cookie. The browser holds 32 random bytes (hex); the database
//! holds only their SHA-256, so a copy of the database cannot be used to sign in. The CSRF token
//! is a second random value stored with the session and echoed by every form.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use cookie::time::Duration;
use cookie::{Cookie, SameSite};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const COOKIE_NAME: &str = "familiehus_session";

/// A session lives 8 hours: a working day, after which the user signs in again.
pub const SESSION_HOURS: i64 = 8;

/// A session unused this long ends (a screen left open in a shared office); long enough that
/// writing a journal note does not outlast it.
pub const IDLE_MINUTES: i64 = 60;

pub fn idle_limit() -> chrono::Duration {
    chrono::Duration::minutes(IDLE_MINUTES)
}

/// 32 random bytes as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    hex::encode(bytes)
}

/// What the store keeps for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session token from the request's `Cookie` headers, if any. A browser sends one header;
/// HTTP/2 clients may split it into several, so every one is read.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        // A malformed pair elsewhere in the header must not hide ours.
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE_NAME)
        .map(|cookie| cookie.value().trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The session cookie with its fixed attributes: HttpOnly (no script reads it), SameSite=Lax (no
/// cross-site form posts carry it), Path=/. `Secure` is set when the server sits behind TLS
/// (`Config::secure_cookies`); it cannot be always on, or the cookie would never come back over
/// plain HTTP on a developer's machine.
fn session_cookie(value: &str, max_age: Duration, secure: bool) -> String {
    Cookie::build((COOKIE_NAME, value)).http_only(true).same_site(SameSite::Lax).path("/").max_age(max_age).secure(secure).build().to_string()
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str, secure: bool) -> String {
    session_cookie(token, Duration::hours(SESSION_HOURS), secure)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    session_cookie("", Duration::ZERO, secure)
}

/// Compares secrets (CSRF tokens) in time independent of where they differ. Only the length
/// may leak, and it is public: every token is 64 hex digits.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_kept() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; familiehus_session=abc; b=2"));
        assert_eq!(token_from_headers(&headers).as_deref(), Some("abc"));
        assert!(set_cookie("abc", true).contains("; Secure"));
        assert!(set_cookie("abc", false).contains("HttpOnly; SameSite=Lax; Path=/; Max-Age=28800"));
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab"));
    }

    #[test]
    fn the_cookie_keeps_its_attributes_and_survives_odd_headers() {
        assert_eq!(set_cookie("abc", false), "familiehus_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=28800");
        assert_eq!(clear_cookie(true), "familiehus_session=; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=0");
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("broken; other=1"));
        headers.append(COOKIE, HeaderValue::from_static("familiehus_session= abc "));
        assert_eq!(token_from_headers(&headers).as_deref(), Some("abc"), "found in a second Cookie header, trimmed");
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("familiehus_session=; a=1"));
        assert_eq!(token_from_headers(&headers), None, "an empty value is no token");
    }
}
