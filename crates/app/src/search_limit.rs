//! The person-search rate limit: a token bucket per user, so no one can try CPR numbers or
//! walk the register faster than a person reads results. `SEARCHES_PER_MINUTE` fills each
//! bucket (also its size: a burst of that many, then one every `60 / n` seconds). Kept in
//! memory: a restart gives everyone a full bucket, which costs an attacker a restart per
//! minute's worth of searches.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Searches a user may make in a minute (and at once).
pub const SEARCHES_PER_MINUTE: u32 = 30;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets per user id. One lock for all: a search is rare next to the lock's cost.
#[derive(Debug)]
pub struct SearchLimit {
    per_minute: u32,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl Default for SearchLimit {
    fn default() -> Self {
        Self::new(SEARCHES_PER_MINUTE)
    }
}

impl SearchLimit {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute: per_minute.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one search for the user at `now`, or says how long until the next one is allowed.
    pub fn take(&self, user_id: i64, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        // A poisoned lock only means another search panicked; the counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(user_id).or_insert(Bucket { tokens: capacity, at: now });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
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
