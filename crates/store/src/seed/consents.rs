//! Demo only: the consents and decisions the services' rules ask for (`domain::service_rules`)
//! on the started cases of those services, so their case pages show them with who recorded
//! them; their waiting cases have none yet, so those pages say what is missing before the
//! start. The case counts the 2022 report reads are not touched.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use familiehus_domain::consent::{Consent, Decision};

const SUPERVISORS: [&str; 3] = ["Lise Holm, samværskonsulent", "Jonas Berg, samværskonsulent", "Maja Friis, familiekonsulent"];

impl Store {
    /// Records them by `recorded_by`; returns how many consents and decisions were written.
    pub async fn seed_demo_consents(&self, recorded_by: i64) -> Result<usize, StoreError> {
        let sql = "SELECT id, service_id, enrolled_on, started_on FROM cases WHERE started_on IS NOT NULL ORDER BY id";
        let cases: Vec<(i64, i64, NaiveDate, NaiveDate)> = crate::with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        let mut rules = std::collections::HashMap::new();
        for (_, service_id, _, _) in &cases {
            if !rules.contains_key(service_id) {
                rules.insert(*service_id, self.service(*service_id).await?.service.rules);
            }
        }
        let mut tx = self.begin().await?;
        let mut written = 0;
        for (case_id, service_id, enrolled_on, started_on) in cases {
            let Some(r) = rules.get(&service_id) else { continue };
            // Given a few days before the start, never before the enrolment.
            let given_on = (started_on - chrono::Duration::days(3)).max(enrolled_on);
            // § 71.2's contact report needs both parents; § 109's start the mother.
            let consent = if r.consent_before_report {
                Some("Begge forældre")
            } else if r.requires_consent {
                Some("Mor")
            } else {
                None
            };
            if let Some(given_by) = consent {
                tx.record_consent(case_id, &Consent { given_on, given_by: given_by.into() }, Some(recorded_by)).await?;
                written += 1;
            }
            if r.requires_decision {
                let decision = Decision {
                    decided_on: enrolled_on,
                    frequency: if case_id % 2 == 0 { "Hver 14. dag".into() } else { "En gang om ugen".into() },
                    duration: "2 timer pr. gang, i 6 måneder".into(),
                    supervisor: SUPERVISORS[usize::try_from(case_id).unwrap_or(0) % SUPERVISORS.len()].into(),
                };
                tx.record_decision(case_id, &decision, Some(recorded_by)).await?;
                written += 1;
            }
        }
        tx.commit().await?;
        Ok(written)
    }
}
