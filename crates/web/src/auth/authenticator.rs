//! Who is signing in: the `Authenticator` seam and its local-password implementation.
//!
//! Today accounts are local (username + argon2 password, with lockout). Municipal single sign-on
//! (OpenID Connect against the municipality's identity provider) plugs in here: an
//! implementation that resolves the provider's verified identity to a `User` (by username or a
//! stored subject), leaving sessions, CSRF, policy and the access log unchanged — they only ever
//! see the `User` returned.

use chrono::{DateTime, Duration, Utc};
use familiehus_app::passwords as password;
use familiehus_store::{Store, StoreError, User};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::OnceCell;

/// Consecutive failures that lock an account, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

pub const WRONG_CREDENTIALS_DA: &str = "Forkert brugernavn eller adgangskode.";
pub const LOCKED_DA: &str = "Kontoen er midlertidigt låst efter for mange forkerte forsøg. Prøv igen om 15 minutter.";

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown user, wrong password or inactive account: one answer, so usernames cannot be probed.
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("account locked after too many failed attempts")]
    Locked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LoginError {
    pub fn message_da(&self) -> &'static str {
        match self {
            LoginError::WrongCredentials => WRONG_CREDENTIALS_DA,
            LoginError::Locked => LOCKED_DA,
            LoginError::Store(_) => "Der opstod en fejl på serveren. Prøv igen senere.",
        }
    }
}

pub type LoginFuture<'a> = Pin<Box<dyn Future<Output = Result<User, LoginError>> + Send + 'a>>;

/// Turns credentials into a signed-in `User`. Object safe, so `AppState` can hold any.
pub trait Authenticator: Send + Sync + std::fmt::Debug {
    fn authenticate<'a>(&'a self, store: &'a Store, username: &'a str, password: &'a str, now: DateTime<Utc>) -> LoginFuture<'a>;
}

/// Local accounts: argon2 hashes in the `users` table, locked for 15 minutes after 5 failures.
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalPasswords;

impl Authenticator for LocalPasswords {
    fn authenticate<'a>(&'a self, store: &'a Store, username: &'a str, password: &'a str, now: DateTime<Utc>) -> LoginFuture<'a> {
        Box::pin(async move {
            let Some(user) = store.user_by_username(username).await? else {
                // Spend the time a real check takes, so unknown usernames are not faster.
                password::verify(password, dummy_hash().await).await;
                return Err(LoginError::WrongCredentials);
            };
            if is_locked(&user, now) {
                return Err(LoginError::Locked);
            }
            if !password::verify(password, &user.password_hash).await {
                // Every fifth consecutive failure locks again, also after a lock has run out. The
                // store counts and locks in one statement; the answer is "locked" also when a
                // parallel failure was the one that locked.
                let after = store.record_failed_login(user.id, MAX_FAILED_LOGINS, now + Duration::minutes(LOCKOUT_MINUTES)).await?;
                return Err(if is_locked(&after, now) { LoginError::Locked } else { LoginError::WrongCredentials });
            }
            if !user.active {
                return Err(LoginError::WrongCredentials);
            }
            // The account was read before the (slow) password check; a parallel failure may
            // have locked it since. The store refuses to clear a lock in force.
            if !store.record_successful_login(user.id, now).await? {
                return Err(LoginError::Locked);
            }
            Ok(user)
        })
    }
}

fn is_locked(user: &User, now: DateTime<Utc>) -> bool {
    user.locked_until.is_some_and(|until| until > now)
}

async fn dummy_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async { password::hash("familiehus-dummy").await.unwrap_or_default() }).await
}
