//! Password hashing with argon2id (PHC strings with their own salt and parameters), shared by
//! the login and by the CLI's `user add`, so there is one way a password becomes a hash.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password accepted for a local account.
pub const MIN_PASSWORD_LEN: usize = 8;

/// The Danish refusal for a too short password.
pub const TOO_SHORT_DA: &str = "Adgangskoden skal være mindst 8 tegn.";

/// An argon2id PHC string (`$argon2id$v=19$…`) with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt_bytes = [0u8; 16];
    rand::fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// True when `password` matches the stored hash; an unreadable hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
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
}
