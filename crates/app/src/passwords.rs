//! Password hashing with argon2id (PHC strings with their own salt and parameters), shared by
//! the login (`web`), the users use cases and the CLI, so there is one way a password becomes a
//! hash. The policy (at least 8 characters) is `domain::accounts`.
//!
//! Argon2 is deliberately slow (tens of milliseconds of CPU and 19 MiB of memory per call), so
//! async code calls `hash` and `verify`: they run the work on tokio's blocking pool, where it
//! cannot stall the runtime's worker threads (and with them every other request), and at most
//! one call per CPU at a time, since more at once would only add memory, not throughput. The
//! synchronous `hash_password` and `verify_password` are for tests and code outside a runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hash: {0}")]
    Hash(#[from] argon2::password_hash::Error),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// An argon2id PHC string (`$argon2id$v=19$…`) with a fresh random salt. Blocks for the time
/// argon2 takes; from async code use [`hash`].
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt_bytes = [0u8; 16];
    rand::fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// True when `password` matches the stored hash; an unreadable hash never matches. Blocks for
/// the time argon2 takes; from async code use [`verify`].
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// [`hash_password`] on the blocking pool.
pub async fn hash(password: &str) -> Result<String, HashError> {
    let password = password.to_owned();
    Ok(off_runtime(move || hash_password(&password)).await??)
}

/// [`verify_password`] on the blocking pool. A failed task (a panic in argon2) counts as no
/// match: signing in fails closed.
pub async fn verify(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    off_runtime(move || verify_password(&password, &hash)).await.unwrap_or(false)
}

/// Runs `work` on the blocking pool once one of the per-CPU permits is free.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, tokio::task::JoinError> {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
    // The semaphore lives for the whole program and is never closed, so acquiring cannot fail;
    // if it ever did, running unthrottled is still correct.
    let _permit = permits.acquire().await.ok();
    tokio::task::spawn_blocking(work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("hemmelig-kode").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("hemmelig-kode", &hash));
        assert!(!verify_password("forkert", &hash));
        assert!(!verify_password("hemmelig-kode", "not a hash"));
        assert_ne!(hash, hash_password("hemmelig-kode").expect("hash"), "salted");
    }

    #[tokio::test]
    async fn the_async_versions_agree_with_the_blocking_ones() {
        let hash = super::hash("hemmelig-kode").await.expect("hash");
        assert!(verify_password("hemmelig-kode", &hash));
        assert!(super::verify("hemmelig-kode", &hash).await);
        assert!(!super::verify("forkert", &hash).await);
        assert!(!super::verify("hemmelig-kode", "not a hash").await);
    }
}
