//! The person-search rate limit: a token bucket per user, so no one can try CPR numbers or
//! walk the register faster than a person reads results. `SEARCHES_PER_MINUTE` fills each
//! bucket (also its size: a burst of that many, then one every `60 / n` seconds). Kept in
//! memory: a restart gives everyone a full bucket, which costs an attacker a restart per
//! minute's worth of searches.

use crate::token_bucket::TokenBuckets;
use std::time::{Duration, Instant};

/// Searches a user may make in a minute (and at once).
pub const SEARCHES_PER_MINUTE: u32 = 30;

/// Users remembered before full buckets are forgotten.
const MAX_USERS: usize = 10_000;

/// Buckets per user id (`token_bucket`).
#[derive(Debug)]
pub struct SearchLimit(TokenBuckets<i64>);

impl Default for SearchLimit {
    fn default() -> Self {
        Self::new(SEARCHES_PER_MINUTE)
    }
}

impl SearchLimit {
    pub fn new(per_minute: u32) -> Self {
        Self(TokenBuckets::new(per_minute, Duration::from_secs(60), MAX_USERS))
    }

    /// Takes one search for the user at `now`, or says how long until the next one is allowed.
    pub fn take(&self, user_id: i64, now: Instant) -> Result<(), Duration> {
        self.0.take(user_id, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_one_search_per_refill() {
        let limit = SearchLimit::new(30);
        let t0 = Instant::now();
        for i in 0..30 {
            assert!(limit.take(1, t0).is_ok(), "search {i}");
        }
        let wait = limit.take(1, t0).expect_err("the 31st at once");
        assert!(wait <= Duration::from_secs(2) && wait > Duration::from_millis(1900), "{wait:?}");
        assert!(limit.take(2, t0).is_ok(), "another user has a bucket of their own");
        assert!(limit.take(1, t0 + Duration::from_secs(1)).is_err(), "half a token is not a search");
        assert!(limit.take(1, t0 + Duration::from_secs(2)).is_ok());
        assert!(limit.take(1, t0 + Duration::from_secs(2)).is_err());
        // A long pause fills the bucket, but no further than its size.
        let later = t0 + Duration::from_secs(3600);
        assert_eq!((0..40).filter(|_| limit.take(1, later).is_ok()).count(), 30);
    }
}
