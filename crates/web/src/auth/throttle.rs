//! The login throttle this process keeps: failures per (username, client address) and per
//! client address, with the rule in `familiehus_domain::login_throttle`. In memory, because it
//! must answer before the (slow) password check and must not cost a database write per guess;
//! several server processes each throttle on their own, which only makes the limits per process.

use chrono::{DateTime, Utc};
use familiehus_domain::login_throttle::{ThrottlePolicy, ThrottleTable};
use std::sync::Mutex;

/// Entries kept per table before the oldest are dropped: bounded memory however many made-up
/// usernames arrive.
const CAPACITY: usize = 100_000;

#[derive(Debug)]
pub struct LoginThrottle {
    tables: Mutex<Tables>,
}

#[derive(Debug)]
struct Tables {
    account_from_address: ThrottleTable<(String, String)>,
    address: ThrottleTable<String>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            tables: Mutex::new(Tables {
                account_from_address: ThrottleTable::new(ThrottlePolicy::ACCOUNT_FROM_ADDRESS, CAPACITY),
                address: ThrottleTable::new(ThrottlePolicy::ADDRESS, CAPACITY),
            }),
        }
    }
}

/// The username as typed, the way the store compares usernames (trimmed, lower case), so
/// "Admin" and "admin " are one key; whether it exists plays no part.
fn account_key(username: &str, address: &str) -> (String, String) {
    (username.trim().to_lowercase(), address.to_owned())
}

impl LoginThrottle {
    /// Checks and counts an attempt in one step, before its password is checked: `Err(wait)`
    /// when it must wait, else it is counted as a failure until `succeeded` takes it back. Counting
    /// first means a burst of parallel guesses cannot all pass the check while the first ones are
    /// still being verified.
    pub fn attempt(&self, username: &str, address: &str, now: DateTime<Utc>) -> Result<(), i64> {
        let mut tables = self.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = account_key(username, address);
        let waits = [tables.account_from_address.retry_after(&key, now), tables.address.retry_after(&address.to_owned(), now)];
        // Round up: "wait 0 seconds" would invite an immediate retry that is refused again.
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Err((wait.num_milliseconds() + 999) / 1000);
        }
        tables.account_from_address.fail(key, now);
        tables.address.fail(address.to_owned(), now);
        Ok(())
    }

    /// A correct password from `address` clears that username's failures there, and takes back
    /// its attempt from the address's count (which may also hold guesses at other accounts).
    pub fn succeeded(&self, username: &str, address: &str) {
        let mut tables = self.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tables.account_from_address.succeed(&account_key(username, address));
        tables.address.forgive_one(&address.to_owned());
    }
}
