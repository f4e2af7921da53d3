//! Token buckets per key, in memory: the one mechanism behind the person-search limit (per
//! user) and the enquiry limit (per address). Each bucket holds `capacity` tokens and refills
//! `capacity` per `period`, so a burst of `capacity` is allowed, then one every
//! `period / capacity`. Full buckets are forgotten once `max_keys` are remembered, so the map
//! cannot grow without end. A restart empties every bucket.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// One lock for all keys: a take is rare next to the lock's cost.
#[derive(Debug)]
pub(crate) struct TokenBuckets<K> {
    capacity: f64,
    per_second: f64,
    max_keys: usize,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq> TokenBuckets<K> {
    pub(crate) fn new(capacity: u32, period: Duration, max_keys: usize) -> Self {
        let capacity = f64::from(capacity.max(1));
        Self { capacity, per_second: capacity / period.as_secs_f64().max(1.0), max_keys, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `key` at `now`, or says how long until the next one is there.
    pub(crate) fn take(&self, key: K, now: Instant) -> Result<(), Duration> {
        let (capacity, per_second) = (self.capacity, self.per_second);
        let refill = |b: &Bucket| (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(capacity);
        // A poisoned lock only means another request panicked; the counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= self.max_keys {
            buckets.retain(|_, b| refill(b) < capacity);
        }
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: capacity, at: now });
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
