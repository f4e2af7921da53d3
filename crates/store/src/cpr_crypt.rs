//! CPR numbers at rest: the key file and the two things done with it. A CPR number is stored
//! sealed (XChaCha20-Poly1305, a random nonce per value) in `persons.cpr`, and found by exact
//! match through its keyed hash (HMAC-SHA256 of the 10 digits) in `persons.cpr_hash`; so a
//! copied database file alone reveals no CPR number, and guessing one needs the key.
//!
//! The key is 32 random bytes in a file of its own (mode 0600), kept beside the database but
//! never in it: `CprKey::load_or_create`. The sealing and hashing keys are derived from it
//! (HMAC with a label each), and a fingerprint derived the same way is stored in the database
//! (`cpr_key`), so a server started with another key file is refused rather than reading
//! nothing. Only this module touches the key; `persons.rs`, `cases.rs` and the bulk seed call
//! `seal`, `open` and `lookup`.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use familiehus_domain::Cpr;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
/// The stored form's version: `c1:` + hex(nonce ‖ ciphertext ‖ tag).
const SEALED_PREFIX: &str = "c1:";

/// Why a key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CprKeyError {
    #[error("CPR key file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("CPR key file {path} holds {found} bytes, expected {KEY_LEN}")]
    Length { path: PathBuf, found: usize },
    /// Readable by others than its owner: refused, as ssh refuses such a private key.
    #[error("CPR key file {path} has mode {mode:o}; it must be readable by its owner only (chmod 600)")]
    Permissions { path: PathBuf, mode: u32 },
}

/// The secret from the key file. `Debug` never shows it.
#[derive(Clone)]
pub struct CprKey {
    secret: [u8; KEY_LEN],
}

impl fmt::Debug for CprKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CprKey(…)")
    }
}

impl CprKey {
    /// A fresh random key (tests, and a new key file).
    pub fn generate() -> Self {
        let mut secret = [0u8; KEY_LEN];
        rand::fill(&mut secret);
        Self { secret }
    }

    /// Reads the key file, or creates it (mode 0600, 32 random bytes) when it does not exist.
    /// A file of another length, or one that others may read, is refused.
    pub fn load_or_create(path: &Path) -> Result<Self, CprKeyError> {
        let io = |source| CprKeyError::Io { path: path.to_owned(), source };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(mut file) => {
                let key = Self::generate();
                file.write_all(&key.secret).map_err(io)?;
                file.sync_all().map_err(io)?;
                return Ok(key);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
        let mut file = std::fs::File::open(path).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = file.metadata().map_err(io)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(CprKeyError::Permissions { path: path.to_owned(), mode });
            }
        }
        let mut bytes = Vec::with_capacity(KEY_LEN);
        // One byte more than a key, so a longer file is seen as such without reading it all.
        Read::by_ref(&mut file).take(KEY_LEN as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
        let secret: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| CprKeyError::Length { path: path.to_owned(), found: bytes.len() })?;
        Ok(Self { secret })
    }

    fn derive(&self, label: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        mac.update(label);
        mac.finalize().into_bytes().into()
    }
}

/// What the store does with a key: seal, open and look up CPR numbers.
#[derive(Clone)]
pub(crate) struct CprCipher {
    aead: XChaCha20Poly1305,
    lookup_key: [u8; 32],
    /// Stored in `cpr_key` to recognise the key; derived, so it tells nothing about the others.
    pub(crate) fingerprint: String,
}

impl fmt::Debug for CprCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CprCipher(…)")
    }
}

/// A stored value that does not open with the key (damaged, or sealed under another key).
#[derive(Debug, thiserror::Error)]
#[error("a stored CPR number could not be opened with the CPR key")]
pub(crate) struct Unreadable;

impl CprCipher {
    pub(crate) fn new(key: &CprKey) -> Self {
        let aead = XChaCha20Poly1305::new_from_slice(&key.derive(b"familiehus cpr seal v1")).expect("a 32-byte key");
        Self { aead, lookup_key: key.derive(b"familiehus cpr lookup v1"), fingerprint: hex::encode(key.derive(b"familiehus cpr fingerprint v1")) }
    }

    /// `c1:` + hex of a fresh nonce, the ciphertext and its tag.
    pub(crate) fn seal(&self, cpr: &Cpr) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::fill(&mut nonce);
        let sealed = self.aead.encrypt(&XNonce::from(nonce), digits(cpr).as_bytes()).expect("sealing a 10-byte message cannot fail");
        let mut out = String::with_capacity(SEALED_PREFIX.len() + 2 * (NONCE_LEN + sealed.len()));
        out.push_str(SEALED_PREFIX);
        out.push_str(&hex::encode(nonce));
        out.push_str(&hex::encode(sealed));
        out
    }

    pub(crate) fn open(&self, stored: &str) -> Result<Cpr, Unreadable> {
        let bytes = stored.strip_prefix(SEALED_PREFIX).and_then(|h| hex::decode(h).ok()).ok_or(Unreadable)?;
        if bytes.len() <= NONCE_LEN {
            return Err(Unreadable);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Unreadable)?;
        let clear = self.aead.decrypt(&XNonce::from(nonce), sealed).map_err(|_| Unreadable)?;
        std::str::from_utf8(&clear).ok().and_then(|t| Cpr::parse(t).ok()).ok_or(Unreadable)
    }

    /// The keyed hash of the 10 digits, hex: equal numbers give equal hashes under one key.
    pub(crate) fn lookup(&self, cpr: &Cpr) -> String {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.lookup_key).expect("HMAC takes a key of any length");
        mac.update(digits(cpr).as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Whether a stored value is still a clear CPR number (written before migration 0007).
pub(crate) fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

/// The normalised form that is sealed and hashed: the 10 digits, no dash.
fn digits(cpr: &Cpr) -> String {
    cpr.full().replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpr(text: &str) -> Cpr {
        Cpr::parse(text).expect("test cpr")
    }

    #[test]
    fn sealed_values_open_hide_the_number_and_differ_each_time() {
        let c = CprCipher::new(&CprKey::generate());
        let a = c.seal(&cpr("010215-4321"));
        let b = c.seal(&cpr("010215-4321"));
        assert_ne!(a, b, "a fresh nonce every time");
        assert!(!a.contains("4321") && !a.contains("010215"));
        assert_eq!(c.open(&a).expect("open"), cpr("010215-4321"));
        assert_eq!(c.lookup(&cpr("010215-4321")), c.lookup(&cpr("0102154321")));
        assert_ne!(c.lookup(&cpr("010215-4321")), c.lookup(&cpr("010215-4322")));
        let other = CprCipher::new(&CprKey::generate());
        assert!(other.open(&a).is_err(), "another key opens nothing");
        assert_ne!(other.lookup(&cpr("010215-4321")), c.lookup(&cpr("010215-4321")));
        assert_ne!(other.fingerprint, c.fingerprint);
        let mut tampered = a.clone();
        tampered.pop();
        tampered.push(if a.ends_with('0') { '1' } else { '0' });
        assert!(c.open(&tampered).is_err() && c.open("010215-4321").is_err() && c.open("c1:").is_err());
    }

    #[test]
    fn a_key_file_is_created_private_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cpr.key");
        let first = CprKey::load_or_create(&path).expect("create");
        assert_eq!(std::fs::read(&path).expect("read").len(), KEY_LEN);
        let again = CprKey::load_or_create(&path).expect("read back");
        assert_eq!(first.secret, again.secret);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            assert!(matches!(CprKey::load_or_create(&path), Err(CprKeyError::Permissions { .. })));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        std::fs::write(&path, b"short").expect("write");
        assert!(matches!(CprKey::load_or_create(&path), Err(CprKeyError::Length { found: 5, .. })));
        assert_eq!(format!("{first:?}"), "CprKey(…)");
    }
}
