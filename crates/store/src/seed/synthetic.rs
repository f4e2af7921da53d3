//! Synthetic cases at national scale (`familiehus generate --cases N`): random but plausible
//! histories over the reported services, written in large batches for benchmarks.

use super::bulk::{BulkCase, BulkPerson};
use super::catalogue::load_demo_catalogue;
use super::names::random_name;
use crate::{Store, StoreError};
use chrono::{Days, NaiveDate};
use familiehus_domain::{ClosureReason, ReferralSource};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions {
    pub cases: u64,
    /// Cases are enrolled uniformly between this date and `until`.
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub seed: u64,
}

/// Cases per transaction: large enough to amortise commits, small enough to report progress.
const BATCH: usize = 20_000;

/// Adds `options.cases` cases (one new person each) to the reported services, loading the demo
/// catalogue first if the store has no services. `progress` gets the count written so far.
pub async fn generate_cases(store: &Store, options: GenerateOptions, mut progress: impl FnMut(u64)) -> Result<u64, StoreError> {
    if store.list_services().await?.is_empty() {
        load_demo_catalogue(store).await?;
    }
    let services: Vec<i64> = store.report_services().await?.into_iter().map(|s| s.service_id).collect();
    if services.is_empty() {
        return Err(StoreError::invalid("services", "Der er ingen indsatser med i opgørelsen.", "no reported services to generate cases for"));
    }
    let mut rng = StdRng::seed_from_u64(options.seed);
    let span = (options.until - options.since).num_days().max(1) as u64;
    let mut next_person = store.next_person_id().await?;
    let mut written = 0u64;
    while written < options.cases {
        let n = BATCH.min((options.cases - written) as usize);
        let mut persons = Vec::with_capacity(n);
        let mut cases = Vec::with_capacity(n);
        for _ in 0..n {
            let enrolled = options.since + Days::new(rng.random_range(0..span));
            // Exponential-ish waits (mean ≈ 45 days) and durations (mean ≈ 270 days).
            let wait = (-45.0 * (1.0 - rng.random::<f64>()).ln()) as u64;
            let duration = (-270.0 * (1.0 - rng.random::<f64>()).ln()) as u64;
            let started = Some(enrolled + Days::new(wait)).filter(|d| *d <= options.until);
            let closed = started.map(|s| s + Days::new(duration)).filter(|d| *d <= options.until);
            persons.push(BulkPerson { id: next_person, name: random_name(&mut rng), birth_date: None, cpr: None });
            cases.push(BulkCase {
                service_id: services[rng.random_range(0..services.len())],
                person_id: next_person,
                referral_source: ReferralSource::AuthorityDecision,
                enrolled_on: enrolled,
                started_on: started,
                closed_on: closed,
                closure_reason: closed.map(|_| ClosureReason::PurposeMet),
            });
            next_person += 1;
        }
        store.insert_bulk(&persons, &cases).await?;
        written += n as u64;
        progress(written);
    }
    store.analyze().await?;
    Ok(written)
}
