//! What the referring caseworker's inbox reads about their referrals (`domain::inbox`): every
//! started or closed case they referred, with its dates, closure reason and the number of
//! follow-ups held, in one statement (the sent status reports are `status_reports.rs`'s).

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::ClosureReason;
use familiehus_domain::inbox::{InboxCase, ReferralFacts};

const SQL: &str = "SELECT c.id, p.id, p.name, s.id, s.name, c.started_on, c.closed_on, c.closure_reason, \
    CAST((SELECT count(*) FROM follow_ups f WHERE f.case_id = c.id) AS BIGINT) \
    FROM cases c JOIN persons p ON p.id = c.person_id JOIN services s ON s.id = c.service_id \
    WHERE c.referred_by_user_id = $1 AND (c.started_on IS NOT NULL OR c.closed_on IS NOT NULL)";

type Row = (i64, i64, String, i64, String, Option<NaiveDate>, Option<NaiveDate>, Option<String>, i64);

impl Store {
    /// The caseworker's started or closed referrals, each with its service's id.
    pub async fn referral_facts(&self, caseworker: i64) -> Result<Vec<(i64, ReferralFacts)>, StoreError> {
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(SQL).bind(caseworker).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(case_id, person_id, person_name, service_id, service_name, started_on, closed_on, reason, held)| {
                let closure_reason = match reason {
                    Some(code) => Some(ClosureReason::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("case {case_id}: closure_reason")))?),
                    None => None,
                };
                let case = InboxCase { case_id, person_id, person_name, service_name };
                Ok((service_id, ReferralFacts { case, started_on, closed_on, closure_reason, follow_ups_held: u32::try_from(held).unwrap_or(0) }))
            })
            .collect()
    }
}
