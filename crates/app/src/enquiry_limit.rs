//! The public enquiry form's rate limit: a token bucket per client address, so one machine
//! cannot fill a unit's inbox. `ENQUIRIES_PER_HOUR` fills each bucket (also its size: a family
//! may send a few at once, to several services, then one every `60 / n` minutes). Kept in memory
//! like `search_limit`: a restart empties it, which costs a spammer a restart per hour's worth.
//! Behind a reverse proxy every client has the proxy's address, so there the limit is the
//! site's, not a client's: configure the proxy to limit per client too.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Enquiries one address may send in an hour (and at once).
pub const ENQUIRIES_PER_HOUR: u32 = 5;

/// Addresses remembered before full buckets are forgotten, so the map cannot grow without end.
const MAX_ADDRESSES: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug)]
pub struct EnquiryLimit {
    per_hour: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Default for EnquiryLimit {
    fn default() -> Self {
        Self::new(ENQUIRIES_PER_HOUR)
    }
}

impl EnquiryLimit {
    pub fn new(per_hour: u32) -> Self {
        Self { per_hour: per_hour.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one enquiry for `address` at `now`, or says how long until the next is allowed.
    pub fn take(&self, address: &str, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_hour);
        let per_second = capacity / 3600.0;
        let refill = |b: &Bucket| (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(capacity);
        // A poisoned lock only means another request panicked; the counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_ADDRESSES {
            buckets.retain(|_, b| refill(b) < capacity);
        }
        let bucket = buckets.entry(address.to_owned()).or_insert(Bucket { tokens: capacity, at: now });
        bucket.tokens = refill(bucket);
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
    fn a_few_at_once_then_one_per_refill_per_address() {
        let limit = EnquiryLimit::new(5);
        let t0 = Instant::now();
        assert_eq!((0..8).filter(|_| limit.take("10.0.0.1", t0).is_ok()).count(), 5);
        let wait = limit.take("10.0.0.1", t0).expect_err("the sixth at once");
        assert!(wait <= Duration::from_secs(720) && wait > Duration::from_secs(700), "{wait:?}");
        assert!(limit.take("10.0.0.2", t0).is_ok(), "another address has its own bucket");
        assert!(limit.take("10.0.0.1", t0 + Duration::from_secs(720)).is_ok());
    }
}
