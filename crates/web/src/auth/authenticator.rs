//! Who is signing in: the `Authenticator` seam and its local-password implementation.
//!
//! Today accounts are local (username + argon2 password; guessing is slowed by the login
//! throttle in `super::throttle`, applied by `super::sign_in` around any authenticator). Municipal single sign-on
//! (OpenID Connect against the municipality's identity provider) plugs in here: an
//! implementation that resolves the provider's verified identity to a `User` (by username or a
//! stored subject), leaving sessions, CSRF, policy and the access log unchanged — they only ever
//! see the `User` returned.

use chrono::{DateTime, Utc};
use familiehus_app::passwords as password;
use familiehus_store::{Store, StoreError, User};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::OnceCell;

pub const WRONG_CREDENTIALS_DA: &str = "Forkert brugernavn eller adgangskode.";

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown user, wrong password or inactive account: one answer, so usernames cannot be probed.
    #[error("wrong username or password")]
    WrongCredentials,
    /// Too many failures from this address (for this username or in all): the password was not
    /// checked. Said alike for existing and made-up usernames.
    #[error("too many failed sign-ins from this address; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LoginError {
    pub fn message_da(&self) -> String {
        match self {
            LoginError::WrongCredentials => WRONG_CREDENTIALS_DA.to_owned(),
            LoginError::Throttled { retry_after_secs } => throttled_da(*retry_after_secs),
            LoginError::Store(_) => "Der opstod en fejl på serveren. Prøv igen senere.".to_owned(),
        }
    }
}

/// "Vent 1 sekund" / "Vent 3 minutter": whole units, rounded up.
pub fn throttled_da(seconds: i64) -> String {
    let wait = if seconds < 60 {
        format!("{seconds} {}", if seconds == 1 { "sekund" } else { "sekunder" })
    } else {
        let minutes = (seconds + 59) / 60;
        format!("{minutes} {}", if minutes == 1 { "minut" } else { "minutter" })
    };
    format!("For mange forkerte forsøg herfra. Vent {wait}, og prøv igen.")
}

pub type LoginFuture<'a> = Pin<Box<dyn Future<Output = Result<User, LoginError>> + Send + 'a>>;

/// Turns credentials into a signed-in `User`. Object safe, so `AppState` can hold any.
pub trait Authenticator: Send + Sync + std::fmt::Debug {
    fn authenticate<'a>(&'a self, store: &'a Store, username: &'a str, password: &'a str, now: DateTime<Utc>) -> LoginFuture<'a>;
}

/// Local accounts: argon2 hashes in the `users` table. Failures are counted on the account
/// for monitoring; nothing locks (see `domain::login_throttle` for why).
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalPasswords;

impl Authenticator for LocalPasswords {
    fn authenticate<'a>(&'a self, store: &'a Store, username: &'a str, password: &'a str, _now: DateTime<Utc>) -> LoginFuture<'a> {
        Box::pin(async move {
            let Some(user) = store.user_by_username(username).await? else {
                // Spend the time a real check takes, so unknown usernames are not faster.
                password::verify(password, dummy_hash().await).await;
                return Err(LoginError::WrongCredentials);
            };
            if !password::verify(password, &user.password_hash).await {
                store.count_failed_login(user.id).await?;
                return Err(LoginError::WrongCredentials);
            }
            if !user.active {
                return Err(LoginError::WrongCredentials);
            }
            store.record_successful_login(user.id).await?;
            Ok(user)
        })
    }
}

async fn dummy_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async { password::hash("familiehus-dummy").await.unwrap_or_default() }).await
}
