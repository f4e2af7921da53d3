//! Slowing down password guessing without letting a stranger lock anyone out.
//!
//! A hard lock after N failures (what Familiehus had) lets anybody who knows a username keep its
//! owner out forever, and its message tells which usernames exist. Instead failures are counted
//! per *(username, client address)* and per *client address*: after a number of free attempts,
//! each further attempt from that address must wait, the wait doubling up to a ceiling. The
//! owner, signing in from their own address, is never slowed by a stranger's failures; the
//! username is the text typed, existing or not, so the answer is the same for both. Failures are
//! forgotten after a quiet window. The state lives in memory in the process that answers logins
//! (see `ThrottleTable`); the database keeps a failure count per account for monitoring.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::hash::Hash;

/// How many failures are free, how the wait grows, and when failures are forgotten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub free_failures: u32,
    pub first_wait: Duration,
    pub max_wait: Duration,
    /// Failures older than this (counted from the latest) are forgotten.
    pub forget_after: Duration,
}

impl ThrottlePolicy {
    /// One username from one address: five free attempts (typos), then 1 s, 2 s, 4 s … up to
    /// 15 minutes; about 100 guesses a day at most.
    pub const ACCOUNT_FROM_ADDRESS: ThrottlePolicy =
        ThrottlePolicy { free_failures: 5, first_wait: Duration::seconds(1), max_wait: Duration::minutes(15), forget_after: Duration::hours(24) };
    /// One address across all usernames (a shared office address has many honest typos).
    pub const ADDRESS: ThrottlePolicy =
        ThrottlePolicy { free_failures: 30, first_wait: Duration::seconds(1), max_wait: Duration::minutes(15), forget_after: Duration::hours(24) };

    /// The wait after `failures` consecutive failures, `None` while they are free.
    pub fn wait_after(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.free_failures).filter(|over| *over > 0)?;
        // 2^(over-1) seconds, without overflow: beyond 2^20 the ceiling applies anyway.
        let doublings = (over - 1).min(20);
        let wait = self.first_wait * (1_i32 << doublings);
        Some(wait.min(self.max_wait))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
}

/// Failures per key (e.g. `(username, address)`), bounded in size: when full, forgotten entries
/// are dropped first, then the oldest, so memory cannot be exhausted by made-up usernames.
#[derive(Debug)]
pub struct ThrottleTable<K> {
    policy: ThrottlePolicy,
    capacity: usize,
    entries: HashMap<K, Failures>,
}

impl<K: Hash + Eq + Clone> ThrottleTable<K> {
    pub fn new(policy: ThrottlePolicy, capacity: usize) -> Self {
        Self { policy, capacity: capacity.max(1), entries: HashMap::new() }
    }

    /// How long `key` must still wait before its next attempt is checked, if at all.
    pub fn retry_after(&self, key: &K, now: DateTime<Utc>) -> Option<Duration> {
        let failures = self.live(key, now)?;
        let until = failures.last + self.policy.wait_after(failures.count)?;
        (until > now).then(|| until - now)
    }

    /// Counts a failure of `key` at `now`.
    pub fn fail(&mut self, key: K, now: DateTime<Utc>) {
        let count = self.live(&key, now).map_or(0, |f| f.count).saturating_add(1);
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            self.make_room(now);
        }
        self.entries.insert(key, Failures { count, last: now });
    }

    /// A successful sign-in clears the key's failures.
    pub fn succeed(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Takes back one counted failure: attempts are counted *before* their (slow) password check,
    /// so parallel guesses cannot all pass the check at once; one that then succeeds is taken back.
    pub fn forgive_one(&mut self, key: &K) {
        if let Some(failures) = self.entries.get_mut(key) {
            failures.count = failures.count.saturating_sub(1);
            if failures.count == 0 {
                self.entries.remove(key);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn live(&self, key: &K, now: DateTime<Utc>) -> Option<Failures> {
        self.entries.get(key).copied().filter(|f| now - f.last < self.policy.forget_after)
    }

    fn make_room(&mut self, now: DateTime<Utc>) {
        let forget_after = self.policy.forget_after;
        self.entries.retain(|_, f| now - f.last < forget_after);
        if self.entries.len() >= self.capacity {
            let oldest = self.entries.iter().min_by_key(|(_, f)| f.last).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_650_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_up_to_the_ceiling() {
        let policy = ThrottlePolicy::ACCOUNT_FROM_ADDRESS;
        assert_eq!(policy.wait_after(5), None);
        assert_eq!(policy.wait_after(6), Some(Duration::seconds(1)));
        assert_eq!(policy.wait_after(7), Some(Duration::seconds(2)));
        assert_eq!(policy.wait_after(10), Some(Duration::seconds(16)));
        assert_eq!(policy.wait_after(40), Some(Duration::minutes(15)));
        assert_eq!(policy.wait_after(u32::MAX), Some(Duration::minutes(15)));
    }

    #[test]
    fn a_key_waits_after_its_free_failures_and_others_do_not() {
        let mut table = ThrottleTable::new(ThrottlePolicy::ACCOUNT_FROM_ADDRESS, 100);
        for _ in 0..6 {
            table.fail(("admin", "10.0.0.9"), at(0));
        }
        assert_eq!(table.retry_after(&("admin", "10.0.0.9"), at(0)), Some(Duration::seconds(1)));
        assert_eq!(table.retry_after(&("admin", "10.0.0.9"), at(1)), None, "the wait has passed");
        assert_eq!(table.retry_after(&("admin", "192.168.1.2"), at(0)), None, "the owner's own address is not slowed");
        table.forgive_one(&("admin", "10.0.0.9"));
        assert_eq!(table.retry_after(&("admin", "10.0.0.9"), at(0)), None, "five failures are free again");
        table.fail(("admin", "10.0.0.9"), at(0));
        table.succeed(&("admin", "10.0.0.9"));
        assert_eq!(table.retry_after(&("admin", "10.0.0.9"), at(0)), None);
    }

    #[test]
    fn failures_are_forgotten_after_the_quiet_window() {
        let mut table = ThrottleTable::new(ThrottlePolicy::ACCOUNT_FROM_ADDRESS, 100);
        for _ in 0..20 {
            table.fail("k", at(0));
        }
        let day = ThrottlePolicy::ACCOUNT_FROM_ADDRESS.forget_after.num_seconds();
        assert!(table.retry_after(&"k", at(1)).is_some());
        table.fail("k", at(day + 1));
        assert_eq!(table.retry_after(&"k", at(day + 1)), None, "counting starts again");
    }

    proptest! {
        /// However many made-up keys arrive, the table never holds more than its capacity, and
        /// the wait is never longer than the ceiling.
        #[test]
        fn bounded_in_size_and_wait(keys in proptest::collection::vec((0u16..500, 0i64..100_000), 0..400)) {
            let policy = ThrottlePolicy::ADDRESS;
            let mut table = ThrottleTable::new(policy, 50);
            let mut now = at(0);
            for (key, step) in keys {
                now += Duration::seconds(step % 50);
                table.fail(key, now);
                prop_assert!(table.len() <= 50);
                if let Some(wait) = table.retry_after(&key, now) {
                    prop_assert!(wait <= policy.max_wait && wait > Duration::zero());
                }
            }
        }
    }
}
