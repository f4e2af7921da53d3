//! The public enquiry form's rate limit: a token bucket per client address, so one machine
//! cannot fill a unit's inbox. `ENQUIRIES_PER_HOUR` fills each bucket (also its size: a family
//! may send a few at once, to several services, then one every `60 / n` minutes). Kept in memory
//! like `search_limit`: a restart empties it, which costs a spammer a restart per hour's worth.
//! Behind a reverse proxy every client has the proxy's address, so there the limit is the
//! site's, not a client's: configure the proxy to limit per client too.

use crate::token_bucket::TokenBuckets;
use std::time::{Duration, Instant};

/// Enquiries one address may send in an hour (and at once).
pub const ENQUIRIES_PER_HOUR: u32 = 5;

/// Addresses remembered before full buckets are forgotten, so the map cannot grow without end.
const MAX_ADDRESSES: usize = 10_000;

/// Buckets per client address (`token_bucket`).
#[derive(Debug)]
pub struct EnquiryLimit(TokenBuckets<String>);

impl Default for EnquiryLimit {
    fn default() -> Self {
        Self::new(ENQUIRIES_PER_HOUR)
    }
}

impl EnquiryLimit {
    pub fn new(per_hour: u32) -> Self {
        Self(TokenBuckets::new(per_hour, Duration::from_secs(3600), MAX_ADDRESSES))
    }

    /// Takes one enquiry for `address` at `now`, or says how long until the next is allowed.
    pub fn take(&self, address: &str, now: Instant) -> Result<(), Duration> {
        self.0.take(address.to_owned(), now)
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
